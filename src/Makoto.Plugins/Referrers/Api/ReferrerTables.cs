using System.Globalization;
using System.Text.RegularExpressions;
using Makoto.Core.DataTables;
using Makoto.Core.Segments;
using Makoto.Plugins.Referrers.Tracking;
using Makoto.Reporting.Reports;

namespace Makoto.Plugins.Referrers.Api;

/// <summary>
/// How the Referrers API presents its archived tables (Matomo's Referrers API and its DataTable
/// filters): labels (referrer type names, "Keyword not defined", URL paths), and the metadata
/// <c>segment</c>, <c>url</c>, <c>logo</c> and <c>referrer_type</c>. Subtables are presented as the
/// method that serves them presents them (the search engines of a keyword as
/// <c>getSearchEnginesFromKeywordId</c>, …). Each method changes the table it is given.
/// </summary>
internal static partial class ReferrerTables
{
    /// <summary>The label of searches without keyword (Matomo's <c>General_NotDefined</c> of <c>General_ColumnKeyword</c>).</summary>
    public const string KeywordNotDefined = "Keyword not defined";

    /// <summary>Where Matomo's "Keyword not defined" rows link to (its FAQ on why keywords are missing).</summary>
    public const string KeywordNotDefinedHelp = "https://matomo.org/faq/general/faq_144";

    private const string UnknownSearchEngineLogo = "plugins/Morpheus/icons/dist/searchEngines/xx.png";

    /// <summary>getKeywords: keywords, each with the search engines that sent it.</summary>
    public static void Keywords(DataTable table)
    {
        foreach (var row in table.Rows)
        {
            var keyword = row.Label ?? "";
            row.Metadata["segment"] = "referrerType==search;" + SegmentMetadata.Condition("referrerKeyword", keyword);
            row.Label = KeywordLabel(keyword);
            if (row.Subtable is { } engines)
            {
                SearchEnginesOfKeyword(engines, keyword);
            }
        }
    }

    /// <summary>getSearchEnginesFromKeywordId: the engines of one keyword, each linking to its results for the keyword.</summary>
    public static void SearchEnginesOfKeyword(DataTable table, string keyword)
    {
        foreach (var row in table.Rows)
        {
            var name = row.Label ?? "";
            row.Metadata["segment"] = $"referrerKeyword=={keyword};referrerType==search;" + SegmentMetadata.Condition("referrerName", name);
            var url = ReferrerNames.SearchEngineUrl(name);
            row.Metadata["url"] = url;
            row.Metadata["logo"] = SearchEngineLogo(url);
            row.Metadata["url"] = Backlink(url, keyword);
        }
    }

    /// <summary>getSearchEngines: engines with their URL and logo, each with its keywords.</summary>
    public static void SearchEngines(DataTable table)
    {
        foreach (var row in table.Rows)
        {
            var name = row.Label ?? "";
            var url = ReferrerNames.SearchEngineUrl(name);
            row.Metadata["segment"] = "referrerType==search;" + SegmentMetadata.Condition("referrerName", name);
            row.Metadata["url"] = url;
            row.Metadata["logo"] = SearchEngineLogo(url);
            if (row.Subtable is { } keywords)
            {
                KeywordsOfSearchEngine(keywords, name, url);
            }
        }
    }

    /// <summary>getKeywordsFromSearchEngineId: the keywords of one engine, each linking to the engine's results.</summary>
    public static void KeywordsOfSearchEngine(DataTable table, string searchEngine, string searchEngineUrl)
    {
        foreach (var row in table.Rows)
        {
            var keyword = row.Label ?? "";
            row.Metadata["segment"] = $"referrerName=={searchEngine};referrerType==search;" + SegmentMetadata.Condition("referrerKeyword", keyword);
            row.Metadata["url"] = Backlink(searchEngineUrl, keyword);
            row.Label = KeywordLabel(keyword);
        }
    }

    /// <summary>getCampaigns: campaign names, each with its keywords.</summary>
    public static void Campaigns(DataTable table)
    {
        foreach (var row in table.Rows)
        {
            var name = row.Label ?? "";
            row.Metadata["segment"] = "referrerType==campaign;" + SegmentMetadata.Condition("referrerName", name);
            if (row.Subtable is { } keywords)
            {
                KeywordsOfCampaign(keywords, name);
            }
        }
    }

    /// <summary>getKeywordsFromCampaignId: the keywords of one campaign.</summary>
    public static void KeywordsOfCampaign(DataTable table, string campaign)
    {
        foreach (var row in table.Rows)
        {
            row.Metadata["segment"] = $"referrerName=={campaign};referrerType==campaign;" + SegmentMetadata.Condition("referrerKeyword", row.Label ?? "");
        }
    }

    /// <summary>getWebsites: referring hosts, each with its referring URLs.</summary>
    public static void Websites(DataTable table)
    {
        foreach (var row in table.Rows)
        {
            row.Metadata["segment"] = SegmentMetadata.Condition("referrerName", row.Label ?? "");
            if (row.Subtable is { } urls)
            {
                UrlsOfWebsite(urls);
            }
        }
    }

    /// <summary>getUrlsFromWebsiteId: the referring URLs of one host, labelled by their path and query.</summary>
    public static void UrlsOfWebsite(DataTable table)
    {
        foreach (var row in table.Rows)
        {
            var url = HtmlSpecialCharsDecode(row.Label ?? "");
            row.Metadata["segment"] = SegmentMetadata.Condition("referrerUrl", url);
            row.Metadata["url"] = url;
            row.Label = PathAndQuery(url);
        }
    }

    /// <summary>
    /// getSocials: social networks with their main URL and logo, each with its referring URLs. Matomo's
    /// list names Instagram <c>instagram</c>; the report writes it <c>Instagram</c>, merging both writings.
    /// </summary>
    public static void Socials(DataTable table)
    {
        DataRow? instagram = null;
        foreach (var row in table.Rows.ToArray())
        {
            var name = row.Label ?? "";
            var url = ReferrerDefinitions.Default.SocialNetworks.MainUrl(name);
            row.Metadata["url"] = url;
            row.Metadata["logo"] = ReferrerNames.SocialNetworkIcon(url ?? "");
            if (name is "Instagram" or "instagram")
            {
                row.Label = "Instagram";
                if (instagram is null)
                {
                    instagram = row;
                }
                else
                {
                    foreach (var (column, value) in row.Columns)
                    {
                        TableAccumulator.Sum(instagram.Columns, column, value, AggregationRules.Default);
                    }

                    table.Rows.Remove(row);
                    continue;
                }
            }

            row.Metadata["segment"] = "referrerType==social;" + SegmentMetadata.Condition("referrerName", row.Label ?? "");
            if (row.Subtable is { } urls)
            {
                UrlsOfSocial(urls);
            }
        }
    }

    /// <summary>getUrlsForSocial: referring URLs of social networks, labelled without their scheme.</summary>
    public static void UrlsOfSocial(DataTable table)
    {
        foreach (var row in table.Rows)
        {
            var url = row.Label ?? "";
            row.Metadata["segment"] = SegmentMetadata.Condition("referrerUrl", url);
            row.Metadata["url"] = url;
            row.Label = WithoutScheme(url);
        }
    }

    /// <summary>
    /// getReferrerType: the types by name, with their segment and number; the row of every type but
    /// direct entry has the type's report as subtable, with the type number as id (Matomo's
    /// <c>idSubtable</c> of this report is the type).
    /// </summary>
    public static void ReferrerTypes(DataTable table, Func<int, DataTable?> reportOfType)
    {
        foreach (var row in table.Rows)
        {
            if (!int.TryParse(row.Label, NumberStyles.Integer, CultureInfo.InvariantCulture, out var type))
            {
                continue;
            }

            row.Label = TypeName(type);
            if (ReferrerNames.ShortName(type) is { Length: > 0 } shortName)
            {
                row.Metadata["segment"] = "referrerType==" + shortName;
            }

            row.Metadata["referrer_type"] = (long)type;
            if (type != ReferrerType.Direct && reportOfType(type) is { } report)
            {
                foreach (var child in report.AllRows)
                {
                    child.Subtable = null;
                    child.IdSubtable = null;
                }

                row.Subtable = report;
                row.IdSubtable = type;
            }
        }
    }

    /// <summary>
    /// getAll: the rows of every type's report (from a presented <see cref="ReferrerTypes"/> table) in
    /// one table, each with its type in <c>referer_type</c>; the "Others" rows are summed into one.
    /// </summary>
    public static DataTable All(DataTable referrerTypes)
    {
        var all = new DataTable();
        foreach (var typeRow in referrerTypes.Rows)
        {
            if (typeRow.Subtable is not { } report || typeRow.Metadata.GetValueOrDefault("referrer_type") is not long type)
            {
                continue;
            }

            foreach (var row in report.Rows)
            {
                row.Metadata["referer_type"] = type;
                all.Rows.Add(row);
            }

            if (report.SummaryRow is { } others)
            {
                if (all.SummaryRow is null)
                {
                    all.SummaryRow = others;
                }
                else
                {
                    foreach (var (column, value) in others.Columns)
                    {
                        TableAccumulator.Sum(all.SummaryRow.Columns, column, value, AggregationRules.Default);
                    }
                }
            }
        }

        return all;
    }

    /// <summary>The name of a referrer type (Matomo names types it does not know "Others").</summary>
    public static string TypeName(int type) => ReferrerNames.TypeLabel(type) is { Length: > 0 } name ? name : "Others";

    private static string KeywordLabel(string keyword) => keyword.Length == 0 ? KeywordNotDefined : keyword;

    /// <summary>The engine's logo; Matomo's unknown logo when the engine is not in the list.</summary>
    private static string SearchEngineLogo(string url) =>
        url.Contains("//", StringComparison.Ordinal) ? ReferrerNames.SearchEngineIcon(url) : UnknownSearchEngineLogo;

    /// <summary>
    /// The engine's result page for a keyword (<c>http://google.com/search?q=green+tea</c>) from the
    /// engine's backlink pattern; Matomo's help page for the empty keyword; false when the engine has no
    /// pattern.
    /// </summary>
    private static object Backlink(string searchEngineUrl, string keyword)
    {
        if (keyword.Length == 0)
        {
            return KeywordNotDefinedHelp;
        }

        var scheme = searchEngineUrl.IndexOf("//", StringComparison.Ordinal);
        var host = scheme >= 0 ? searchEngineUrl[(scheme + 2)..] : searchEngineUrl;
        if (ReferrerDefinitions.Default.SearchEngines.Backlink(host) is not { } path)
        {
            return false;
        }

        var encoded = PhpUrl.Encode(keyword).Replace("%2B", "+", StringComparison.Ordinal);
        return searchEngineUrl + (searchEngineUrl.EndsWith('/') ? "" : "/") + path.Replace("{k}", encoded, StringComparison.Ordinal);
    }

    /// <summary>The path (without its leading slash) and query of a URL, <c>index</c> when both are empty.</summary>
    internal static string PathAndQuery(string url)
    {
        var rest = url;
        var scheme = rest.IndexOf("://", StringComparison.Ordinal);
        if (scheme >= 0)
        {
            rest = rest[(scheme + 3)..];
            var end = rest.IndexOfAny(['/', '?', '#']);
            rest = end >= 0 ? rest[end..] : "";
        }

        var fragment = rest.IndexOf('#', StringComparison.Ordinal);
        if (fragment >= 0)
        {
            rest = rest[..fragment];
        }

        if (rest.StartsWith('/'))
        {
            rest = rest[1..];
        }

        return rest.Length == 0 ? "index" : rest;
    }

    /// <summary>A URL without its scheme (<c>https://t.co/x</c> → <c>t.co/x</c>).</summary>
    internal static string WithoutScheme(string url)
    {
        var match = SchemeRegex().Match(url);
        return match.Success ? url[match.Length..] : url;
    }

    /// <summary>PHP's <c>htmlspecialchars_decode</c>: the five entities it writes, in one pass.</summary>
    private static string HtmlSpecialCharsDecode(string text) =>
        text.Contains('&', StringComparison.Ordinal)
            ? EntityRegex().Replace(text, match => match.Value switch
            {
                "&amp;" => "&",
                "&quot;" => "\"",
                "&#039;" or "&#39;" => "'",
                "&lt;" => "<",
                _ => ">",
            })
            : text;

    [GeneratedRegex("^[a-zA-Z_-]+://", RegexOptions.CultureInvariant)]
    private static partial Regex SchemeRegex();

    [GeneratedRegex("&(?:amp|quot|#0?39|lt|gt);", RegexOptions.CultureInvariant)]
    private static partial Regex EntityRegex();
}
