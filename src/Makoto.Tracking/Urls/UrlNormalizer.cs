using Makoto.Core.Sites;
using Makoto.Storage.Sites;
using Makoto.Tracking.Requests;

namespace Makoto.Tracking.Urls;

/// <summary>
/// Page URLs as Matomo stores them (tracking-api.md §9.1 steps 1–6): cleaned, host lower-cased,
/// fragment kept or removed per site (or the global default), and without the excluded query
/// parameters — the configured list, the global and the site's own, campaign parameters and
/// <c>ignore_referrer</c>.
/// </summary>
public sealed class UrlNormalizer(TrackerOptions options, GlobalSiteSettings global)
{
    private readonly HashSet<string> _alwaysExcluded = BuildAlwaysExcluded(options);

    /// <summary>The normalized URL, or "" when the value is not a URL.</summary>
    public string Normalize(string rawUrl, Site site)
    {
        var cleaned = PageUrl.Clean(rawUrl, options.PageMaximumLength);
        var siteExcluded = site.ExcludedParameters;
        var globalExcluded = global.ExcludedQueryParameters;
        var keepFragment = site.KeepUrlFragment == 1 || (site.KeepUrlFragment == 0 && global.KeepUrlFragments);
        return PageUrl.Normalize(
            cleaned,
            keepFragment,
            name => _alwaysExcluded.Contains(name) || IsInList(siteExcluded, name) || IsInList(globalExcluded, name));
    }

    /// <summary>True when <paramref name="name"/> is one of the comma- or newline-separated names of <paramref name="list"/>.</summary>
    public static bool IsInList(string list, string name)
    {
        if (list.Length == 0)
        {
            return false;
        }

        foreach (var range in list.AsSpan().SplitAny(",\n"))
        {
            if (list.AsSpan()[range].Trim().Equals(name, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    private static HashSet<string> BuildAlwaysExcluded(TrackerOptions options)
    {
        var excluded = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "ignore_referrer", "ignore_referer" };
        excluded.UnionWith(options.UrlQueryParametersToExclude);
        excluded.UnionWith(options.CampaignNameParameters);
        excluded.UnionWith(options.CampaignKeywordParameters);
        return excluded;
    }
}
