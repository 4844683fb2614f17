using Makoto.Core.Sites;
using Makoto.Storage.Sites;

namespace Makoto.Plugins.Referrers.Tracking;

/// <summary>What referrer detection needs beyond the request: every site's URLs and the global site settings.</summary>
internal interface IReferrerEnvironment
{
    /// <summary>The URLs of all sites; <paramref name="current"/> is the request's site, always part of it.</summary>
    SiteUrlIndex SiteUrls(Site current);

    /// <summary>Referrers excluded for every site (comma- or newline-separated hosts or URLs).</summary>
    string GlobalExcludedReferrers { get; }

    /// <summary>Query parameters excluded for every site.</summary>
    string GlobalExcludedQueryParameters { get; }

    /// <summary>Whether sites that use the global default keep URL fragments.</summary>
    bool GlobalKeepUrlFragments { get; }
}

/// <summary>
/// The environment read from the stores. The site index is rebuilt when the store's version of the
/// request's site is not the one it was built from (the site was added or changed), and every few
/// seconds otherwise, so a change to another site's URLs is seen shortly after.
/// </summary>
internal sealed class StoreReferrerEnvironment(SiteStore sites, GlobalSiteSettings global) : IReferrerEnvironment
{
    private const long RefreshMilliseconds = 10_000;

    private volatile IndexSnapshot _snapshot = new(SiteUrlIndex.Empty, long.MinValue);

    public string GlobalExcludedReferrers => global.ExcludedReferrers;

    public string GlobalExcludedQueryParameters => global.ExcludedQueryParameters;

    public bool GlobalKeepUrlFragments => global.KeepUrlFragments;

    public SiteUrlIndex SiteUrls(Site current)
    {
        var snapshot = _snapshot;
        var now = Environment.TickCount64;
        if (now - snapshot.BuiltAt < RefreshMilliseconds && snapshot.Index.IsBuiltFrom(sites.Get(current.IdSite) ?? current))
        {
            return snapshot.Index;
        }

        var index = SiteUrlIndex.Build(sites.GetAll());
        _snapshot = new IndexSnapshot(index, now);
        return index;
    }

    private sealed record IndexSnapshot(SiteUrlIndex Index, long BuiltAt);
}

/// <summary>A fixed environment: the given sites and global settings (tests, tools).</summary>
internal sealed class FixedReferrerEnvironment(
    IReadOnlyList<Site> sites,
    string globalExcludedReferrers = "",
    string globalExcludedQueryParameters = "",
    bool globalKeepUrlFragments = false) : IReferrerEnvironment
{
    private readonly SiteUrlIndex _index = SiteUrlIndex.Build(sites);

    public string GlobalExcludedReferrers { get; } = globalExcludedReferrers;

    public string GlobalExcludedQueryParameters { get; } = globalExcludedQueryParameters;

    public bool GlobalKeepUrlFragments { get; } = globalKeepUrlFragments;

    public SiteUrlIndex SiteUrls(Site current) => _index.IsBuiltFrom(current) ? _index : SiteUrlIndex.Build([.. sites, current]);
}
