using Makoto.Reporting.Api;

namespace Makoto.Web.Ui.Services;

/// <summary>The website form of the administration: a site's settings as edited, and the SitesManager parameters they become.</summary>
public sealed class WebsiteForm
{
    public string Name { get; set; } = "";

    /// <summary>One URL per line; the first is the main URL.</summary>
    public string Urls { get; set; } = "";

    public string Timezone { get; set; } = "UTC";

    public string Currency { get; set; } = "USD";

    public bool Ecommerce { get; set; }

    public bool SiteSearch { get; set; } = true;

    public string SearchKeywordParameters { get; set; } = "";

    public string SearchCategoryParameters { get; set; } = "";

    public string ExcludedIps { get; set; } = "";

    public string ExcludedParameters { get; set; } = "";

    public string ExcludedUserAgents { get; set; } = "";

    public string ExcludedReferrers { get; set; } = "";

    public bool ExcludeUnknownUrls { get; set; }

    /// <summary>Fills the form from a site of SitesManager's answers and its URLs.</summary>
    public void Load(PlainObject site, IReadOnlyList<string> urls)
    {
        Name = site.Text("name");
        Urls = string.Join('\n', urls);
        Timezone = site.Text("timezone");
        Currency = site.Text("currency");
        Ecommerce = site.Bool("ecommerce");
        SiteSearch = site.Bool("sitesearch");
        SearchKeywordParameters = site.Text("sitesearch_keyword_parameters");
        SearchCategoryParameters = site.Text("sitesearch_category_parameters");
        ExcludedIps = Lines(site.Text("excluded_ips"));
        ExcludedParameters = Lines(site.Text("excluded_parameters"));
        ExcludedUserAgents = Lines(site.Text("excluded_user_agents"));
        ExcludedReferrers = Lines(site.Text("excluded_referrers"));
        ExcludeUnknownUrls = site.Bool("exclude_unknown_urls");
    }

    /// <summary>The parameters of SitesManager.addSite and updateSite (lists are sent comma-separated, as Matomo's form does).</summary>
    public (string Name, string? Value)[] Parameters() =>
    [
        ("siteName", Name.Trim()),
        ("urls", Urls),
        ("timezone", Timezone.Trim()),
        ("currency", Currency.Trim().ToUpperInvariant()),
        ("ecommerce", Flag(Ecommerce)),
        ("siteSearch", Flag(SiteSearch)),
        ("searchKeywordParameters", Commas(SearchKeywordParameters)),
        ("searchCategoryParameters", Commas(SearchCategoryParameters)),
        ("excludedIps", Commas(ExcludedIps)),
        ("excludedQueryParameters", Commas(ExcludedParameters)),
        ("excludedUserAgents", Commas(ExcludedUserAgents)),
        ("excludedReferrers", Commas(ExcludedReferrers)),
        ("excludeUnknownUrls", Flag(ExcludeUnknownUrls)),
    ];

    private static string Flag(bool value) => value ? "1" : "0";

    private static string Lines(string commaList) => commaList.Replace(",", "\n", StringComparison.Ordinal);

    private static string Commas(string text) =>
        string.Join(',', text.Split([',', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}
