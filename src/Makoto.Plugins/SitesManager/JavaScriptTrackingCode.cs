using System.Text;
using System.Text.Json;

namespace Makoto.Plugins.SitesManager;

/// <summary>What the standard tracking code of a site carries (the options of Matomo's tracking-code generator).</summary>
public sealed record JavaScriptTrackingCodeOptions
{
    public required int IdSite { get; init; }

    /// <summary>The server's URL as the tracked pages reach it (scheme optional, e.g. "https://stats.example.org/").</summary>
    public required string ServerUrl { get; init; }

    /// <summary>The site's URLs (main first), for the sub-domain and alias options.</summary>
    public IReadOnlyList<string> SiteUrls { get; init; } = [];

    /// <summary>One visitor across all sub-domains of the main URL's host (setCookieDomain "*.host").</summary>
    public bool MergeSubdomains { get; init; }

    /// <summary>Page titles prefixed with the domain.</summary>
    public bool GroupPageTitlesByDomain { get; init; }

    /// <summary>Links to the site's alias URLs are not outlinks (setDomains).</summary>
    public bool MergeAliasUrls { get; init; }

    public IReadOnlyList<(string Name, string Value)> VisitorCustomVariables { get; init; } = [];

    public IReadOnlyList<(string Name, string Value)> PageCustomVariables { get; init; } = [];

    public string? CampaignNameParameter { get; init; }

    public string? CampaignKeywordParameter { get; init; }

    public bool DoNotTrack { get; init; }

    public bool DisableCookies { get; init; }

    /// <summary>Adds the &lt;noscript&gt; image for visitors without JavaScript.</summary>
    public bool TrackNoScript { get; init; }

    /// <summary>Visitor ids follow links between the site's alias domains (implies <see cref="MergeAliasUrls"/>).</summary>
    public bool CrossDomain { get; init; }

    public IReadOnlyList<string> ExcludedQueryParameters { get; init; } = [];

    public IReadOnlyList<string> ExcludedReferrers { get; init; } = [];

    public bool DisableCampaignParameters { get; init; }
}

/// <summary>
/// The standard embed snippet of a site (js-tracker.md §1), the one place that writes it: used by
/// <c>SitesManager.getJavascriptTag</c> and by the first-run setup page.
/// </summary>
public static class JavaScriptTrackingCode
{
    /// <summary>
    /// The snippet as Matomo's API returns it: the template HTML-encoded (&amp;, &lt;, &gt;, "), the
    /// option lines as they are.
    /// </summary>
    public static string BuildHtmlEncoded(JavaScriptTrackingCodeOptions options) => Build(options, htmlEncoded: true);

    /// <summary>The snippet as it is pasted into a page.</summary>
    public static string Build(JavaScriptTrackingCodeOptions options) => Build(options, htmlEncoded: false);

    private static string Build(JavaScriptTrackingCodeOptions options, bool htmlEncoded)
    {
        var server = ServerPath(options.ServerUrl);
        string Template(string text) => htmlEncoded ? Encode(text) : text;

        var code = new StringBuilder();
        code.Append(Template("<!-- Matomo -->\n<script>\n"));
        code.Append("  var _paq = window._paq = window._paq || [];\n");
        code.Append(Template("  /* tracker methods like \"setCustomDimension\" should be called before \"trackPageView\" */\n"));
        code.Append(Options(options));
        code.Append("  _paq.push(['trackPageView']);\n");
        code.Append("  _paq.push(['enableLinkTracking']);\n");
        code.Append("  (function() {\n");
        code.Append("    ").Append(Template($"var u=\"//{server}/\";")).Append('\n');
        code.Append("    _paq.push(['setTrackerUrl', u+'matomo.php']);\n");
        code.Append("    _paq.push(['setSiteId', '").Append(options.IdSite).Append("']);\n");
        code.Append(Template("    var d=document, g=d.createElement('script'), s=d.getElementsByTagName('script')[0];\n"));
        code.Append(Template("    g.async=true; g.src=u+'matomo.js'; s.parentNode.insertBefore(g,s);\n"));
        code.Append("  })();\n");
        code.Append(Template("</script>\n"));
        if (options.TrackNoScript)
        {
            code.Append(Template(
                $"<noscript><p><img referrerpolicy=\"no-referrer-when-downgrade\" src=\"//{server}/matomo.php?idsite={options.IdSite}&amp;rec=1\" style=\"border:0;\" alt=\"\" /></p></noscript>\n"));
        }

        code.Append(Template("<!-- End Matomo Code -->\n"));
        return code.ToString();
    }

    /// <summary>The option lines, in the order Matomo writes them.</summary>
    private static string Options(JavaScriptTrackingCodeOptions options)
    {
        var lines = new StringBuilder();
        void Line(string text) => lines.Append("  ").Append(text).Append('\n');

        if (options.GroupPageTitlesByDomain)
        {
            Line("_paq.push([\"setDocumentTitle\", document.domain + \"/\" + document.title]);");
        }

        var hosts = SiteHosts(options.SiteUrls);
        if (options.MergeSubdomains && hosts.FirstHost is { } firstHost)
        {
            Line($"_paq.push([\"setCookieDomain\", {Json("*." + firstHost)}]);");
        }

        if ((options.MergeAliasUrls || options.CrossDomain) && hosts.HostsAndPaths.Count > 0)
        {
            Line($"_paq.push([\"setDomains\", {Json(hosts.HostsAndPaths.Select(h => "*." + h).ToArray())}]);");
        }

        if (options.CrossDomain)
        {
            Line("_paq.push([\"enableCrossDomainLinking\"]);");
        }

        CustomVariables(options.VisitorCustomVariables, "visit", "// you can set up to 5 custom variables for each visitor");
        CustomVariables(options.PageCustomVariables, "page", "// you can set up to 5 custom variables for each action (page view, download, click, site search)");
        if (!string.IsNullOrEmpty(options.CampaignNameParameter))
        {
            Line($"_paq.push([\"setCampaignNameKey\", {Json(options.CampaignNameParameter)}]);");
        }

        if (!string.IsNullOrEmpty(options.CampaignKeywordParameter))
        {
            Line($"_paq.push([\"setCampaignKeywordKey\", {Json(options.CampaignKeywordParameter)}]);");
        }

        if (options.DoNotTrack)
        {
            Line("_paq.push([\"setDoNotTrack\", true]);");
        }

        if (options.ExcludedQueryParameters.Count > 0)
        {
            Line($"_paq.push([\"setExcludedQueryParams\", {Json(options.ExcludedQueryParameters)}]);");
        }

        if (options.ExcludedReferrers.Count > 0)
        {
            Line($"_paq.push([\"setExcludedReferrers\", {Json(options.ExcludedReferrers)}]);");
        }

        if (options.DisableCookies)
        {
            Line("_paq.push([\"disableCookies\"]);");
        }

        if (options.DisableCampaignParameters)
        {
            Line("_paq.push([\"disableCampaignParameters\"]);");
        }

        return lines.ToString();

        void CustomVariables(IReadOnlyList<(string Name, string Value)> variables, string scope, string comment)
        {
            if (variables.Count == 0)
            {
                return;
            }

            Line(comment);
            var index = 1;
            foreach (var (name, value) in variables)
            {
                Line($"_paq.push([\"setCustomVariable\", {index++}, {Json(name)}, {Json(value)}, \"{scope}\"]);");
            }
        }
    }

    /// <summary>The server URL without scheme and trailing slash ("stats.example.org/matomo").</summary>
    private static string ServerPath(string serverUrl)
    {
        var url = serverUrl.Trim();
        var scheme = url.IndexOf("://", StringComparison.Ordinal);
        if (scheme >= 0)
        {
            url = url[(scheme + 3)..];
        }
        else if (url.StartsWith("//", StringComparison.Ordinal))
        {
            url = url[2..];
        }

        return url.TrimEnd('/');
    }

    private static (string? FirstHost, List<string> HostsAndPaths) SiteHosts(IReadOnlyList<string> urls)
    {
        string? firstHost = null;
        var hosts = new List<string>();
        foreach (var url in urls)
        {
            if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Host.Length == 0)
            {
                continue;
            }

            firstHost ??= uri.Host;
            hosts.Add(uri.Host + (uri.AbsolutePath == "/" ? "" : uri.AbsolutePath));
        }

        return (firstHost, hosts);
    }

    private static string Json<T>(T value) => JsonSerializer.Serialize(value, s_json);

    private static readonly JsonSerializerOptions s_json = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>PHP's htmlentities with ENT_COMPAT for the ASCII template: &amp;, &lt;, &gt; and double quotes.</summary>
    private static string Encode(string text) =>
        text.Replace("&", "&amp;", StringComparison.Ordinal)
            .Replace("<", "&lt;", StringComparison.Ordinal)
            .Replace(">", "&gt;", StringComparison.Ordinal)
            .Replace("\"", "&quot;", StringComparison.Ordinal);
}
