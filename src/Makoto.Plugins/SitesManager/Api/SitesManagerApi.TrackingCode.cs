using Makoto.Reporting.Api;

namespace Makoto.Plugins.SitesManager.Api;

/// <summary>SitesManager.getJavascriptTag: the standard tracking code of a site (js-tracker.md §1).</summary>
internal sealed partial class SitesManagerApi
{
    private static readonly string[] s_javascriptTagParameters =
    [
        "idSite", "piwikUrl", "mergeSubdomains", "groupPageTitlesByDomain", "mergeAliasUrls", "visitorCustomVariables",
        "pageCustomVariables", "customCampaignNameQueryParam", "customCampaignKeywordParam", "doNotTrack", "disableCookies",
        "trackNoScript", "crossDomain", "forceMatomoEndpoint", "excludedQueryParams", "excludedReferrers", "disableCampaignParameters",
    ];

    /// <summary>
    /// The snippet, HTML-encoded as Matomo returns it. Without <c>piwikUrl</c> it points to this server as the
    /// caller reached it. <c>excludedQueryParams</c> and <c>excludedReferrers</c> take a list, or 1 for the
    /// site's own lists. Custom variables are given as <c>visitorCustomVariables[0][0]=name&amp;visitorCustomVariables[0][1]=value</c>.
    /// </summary>
    private object GetJavascriptTag(ApiCall call)
    {
        var site = call.RequireSite();
        var p = call.Parameters;
        var serverUrl = string.IsNullOrWhiteSpace(p["piwikUrl"]) ? p.ServerUrl : p["piwikUrl"]!;
        if (string.IsNullOrWhiteSpace(serverUrl))
        {
            throw new ApiException("Please specify a value for 'piwikUrl': the URL of this server as the tracked pages reach it.");
        }

        return new ApiValue(JavaScriptTrackingCode.BuildHtmlEncoded(new JavaScriptTrackingCodeOptions
        {
            IdSite = site.IdSite,
            ServerUrl = serverUrl,
            SiteUrls = site.AllUrls.ToList(),
            MergeSubdomains = p.GetBool("mergeSubdomains"),
            GroupPageTitlesByDomain = p.GetBool("groupPageTitlesByDomain"),
            MergeAliasUrls = p.GetBool("mergeAliasUrls"),
            VisitorCustomVariables = CustomVariables(p, "visitorCustomVariables"),
            PageCustomVariables = CustomVariables(p, "pageCustomVariables"),
            CampaignNameParameter = Option(p["customCampaignNameQueryParam"]),
            CampaignKeywordParameter = Option(p["customCampaignKeywordParam"]),
            DoNotTrack = p.GetBool("doNotTrack"),
            DisableCookies = p.GetBool("disableCookies"),
            TrackNoScript = p.GetBool("trackNoScript"),
            CrossDomain = p.GetBool("crossDomain"),
            ExcludedQueryParameters = ListOption(p, "excludedQueryParams", site.ExcludedParameters),
            ExcludedReferrers = ListOption(p, "excludedReferrers", site.ExcludedReferrers),
            DisableCampaignParameters = p.GetBool("disableCampaignParameters"),
        }));
    }

    /// <summary>A text option; Matomo's "false" default means none.</summary>
    private static string? Option(string? value) =>
        string.IsNullOrWhiteSpace(value) || value is "0" or "false" ? null : value.Trim();

    /// <summary>A list option: a comma list, or 1/true for the site's own list.</summary>
    private static List<string> ListOption(ApiParameters parameters, string name, string siteList)
    {
        var values = parameters.GetArray(name);
        if (values.Count == 1 && values[0] is "1" or "true")
        {
            values = [siteList];
        }

        var result = new List<string>();
        foreach (var value in values)
        {
            if (value is "0" or "false")
            {
                continue;
            }

            result.AddRange(value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        }

        return result;
    }

    private static List<(string Name, string Value)> CustomVariables(ApiParameters parameters, string name)
    {
        var result = new List<(string, string)>();
        for (var i = 0; parameters[$"{name}[{i}][0]"] is { } variableName; i++)
        {
            if (variableName.Length > 0)
            {
                result.Add((variableName, parameters[$"{name}[{i}][1]"] ?? ""));
            }
        }

        return result;
    }
}
