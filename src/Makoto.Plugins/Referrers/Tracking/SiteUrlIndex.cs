using Makoto.Core.Sites;

namespace Makoto.Plugins.Referrers.Tracking;

/// <summary>
/// Every site's URLs (main and aliases) by host, as Matomo groups them to recognize a referrer from
/// one of the tracked sites (plugins/SitesManager/SiteUrls.php): hosts lower-case without a leading
/// <c>www.</c>, paths lower-case ending in <c>/</c>, the deepest path first.
/// </summary>
internal sealed class SiteUrlIndex
{
    private readonly Dictionary<string, PathEntry[]> _byHost;
    private readonly Dictionary<int, Site> _sites;

    private SiteUrlIndex(Dictionary<string, PathEntry[]> byHost, IReadOnlyList<Site> sites)
    {
        _byHost = byHost;
        _sites = new Dictionary<int, Site>(sites.Count);
        foreach (var site in sites)
        {
            _sites[site.IdSite] = site;
        }
    }

    public static SiteUrlIndex Empty { get; } = new(new Dictionary<string, PathEntry[]>(StringComparer.Ordinal), []);

    /// <summary>True when <paramref name="site"/> (this very version of it) is one the index was built from.</summary>
    public bool IsBuiltFrom(Site site) => _sites.TryGetValue(site.IdSite, out var known) && ReferenceEquals(known, site);

    public static SiteUrlIndex Build(IReadOnlyList<Site> sites)
    {
        var paths = new Dictionary<string, Dictionary<string, List<int>>>(StringComparer.Ordinal);
        foreach (var site in sites)
        {
            foreach (var url in site.AllUrls)
            {
                if (Canonical(url) is not var (host, path))
                {
                    continue;
                }

                if (!paths.TryGetValue(host, out var byPath))
                {
                    paths[host] = byPath = new Dictionary<string, List<int>>(StringComparer.Ordinal);
                }

                if (!byPath.TryGetValue(path, out var ids))
                {
                    byPath[path] = ids = [];
                }

                if (!ids.Contains(site.IdSite))
                {
                    ids.Add(site.IdSite);
                }
            }
        }

        var byHost = new Dictionary<string, PathEntry[]>(paths.Count, StringComparer.Ordinal);
        foreach (var (host, byPath) in paths)
        {
            var entries = byPath.Select(p => new PathEntry(p.Key, [.. p.Value])).ToArray();
            Array.Sort(entries, (a, b) => DeepestFirst(a.Path, b.Path));
            byHost[host] = entries;
        }

        return new SiteUrlIndex(byHost, sites);
    }

    /// <summary>The paths known for a canonical host (deepest first), or null when no site uses the host.</summary>
    public PathEntry[]? Paths(string canonicalHost) => _byHost.GetValueOrDefault(canonicalHost);

    /// <summary>
    /// A URL's host and path as the index compares them: host lower-case without <c>www.</c>, path
    /// lower-case with a trailing <c>/</c> (<c>/</c> when there is none); null without a host.
    /// </summary>
    public static (string Host, string Path)? Canonical(string url)
    {
        var parts = UrlParts.Parse(url);
        return string.IsNullOrEmpty(parts.Host) ? null : (CanonicalHost(parts.Host), CanonicalPath(parts.Path));
    }

    public static string CanonicalHost(string host)
    {
        var lower = host.ToLowerInvariant();
        return lower.StartsWith("www.", StringComparison.Ordinal) ? lower[4..] : lower;
    }

    public static string CanonicalPath(string? path)
    {
        if (path is null)
        {
            return "/";
        }

        var lower = path.ToLowerInvariant();
        return lower.EndsWith('/') ? lower : lower + "/";
    }

    /// <summary>More <c>/</c> first; equal depth in descending ordinal order; <c>/</c> therefore last.</summary>
    private static int DeepestFirst(string a, string b)
    {
        var slashesA = a.AsSpan().Count('/');
        var slashesB = b.AsSpan().Count('/');
        return slashesA == slashesB ? -string.CompareOrdinal(a, b) : slashesB.CompareTo(slashesA);
    }

    /// <summary>A path prefix of a host and the sites that have a URL with it.</summary>
    internal sealed record PathEntry(string Path, int[] IdSites);
}
