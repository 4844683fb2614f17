using Makoto.Plugins.SitesManager;
using Makoto.Storage.Sites;

namespace Makoto.LogImport;

/// <summary>Where the importer looks up and creates sites: the local store, or a remote server's SitesManager API.</summary>
public interface ISiteDirectory
{
    /// <summary>The site's main URL, or null when there is no such site.</summary>
    Task<string?> MainUrlAsync(int idSite, CancellationToken cancellation);

    /// <summary>The site whose URLs have this host (lowest id first), with its main URL; null when none has.</summary>
    Task<(int IdSite, string MainUrl)?> FindByHostAsync(string host, CancellationToken cancellation);

    /// <summary>Creates a site named after the host with the URL <c>http://host</c>; returns its id.</summary>
    Task<int> AddSiteAsync(string host, CancellationToken cancellation);
}

/// <summary>The sites of the local store.</summary>
public sealed class LocalSiteDirectory(SiteStore sites, SiteAdministration administration) : ISiteDirectory
{
    public Task<string?> MainUrlAsync(int idSite, CancellationToken cancellation) => Task.FromResult(sites.Get(idSite)?.MainUrl);

    public Task<(int IdSite, string MainUrl)?> FindByHostAsync(string host, CancellationToken cancellation)
    {
        foreach (var id in administration.FindByHost(host))
        {
            if (sites.Get(id) is { } site)
            {
                return Task.FromResult<(int, string)?>((id, site.MainUrl));
            }
        }

        return Task.FromResult<(int, string)?>(null);
    }

    public Task<int> AddSiteAsync(string host, CancellationToken cancellation) =>
        Task.FromResult(administration.Add(new SiteSettings { Name = host, Urls = ["http://" + host] }, "makoto import-logs"));
}

/// <summary>
/// Maps a line to its site, as Matomo's importer resolvers do: every line to <c>--idsite</c>; otherwise by
/// host (a site with a URL on the host, with or without <c>www.</c>), then <c>--idsite-fallback</c>, then a
/// new site with <c>--add-sites-new-hosts</c>. Answers are cached per host. Used by one thread.
/// </summary>
public sealed class SiteResolver
{
    private readonly ISiteDirectory _directory;
    private readonly ImportOptions _options;
    private readonly ImportStatistics _statistics;
    private readonly Dictionary<string, ResolvedSite?> _byHost = new(StringComparer.Ordinal);
    private readonly Dictionary<int, ResolvedSite?> _byId = [];
    private ResolvedSite? _static;

    public SiteResolver(ISiteDirectory directory, ImportOptions options, ImportStatistics statistics)
    {
        _directory = directory;
        _options = options;
        _statistics = statistics;
    }

    /// <summary>Checks <c>--idsite</c> and <c>--idsite-fallback</c> once, before any line is read.</summary>
    public async Task PrepareAsync(CancellationToken cancellation)
    {
        if (_options.IdSite is { } idSite)
        {
            var mainUrl = await _directory.MainUrlAsync(idSite, cancellation)
                ?? throw new ImportException($"--idsite {idSite}: there is no site with this id. Create it first (makoto site add) or pick another.", isUsageError: true);
            _static = new ResolvedSite(idSite, mainUrl);
            _statistics.AddSite(idSite);
        }

        if (_options.IdSiteFallback is { } fallback && await _directory.MainUrlAsync(fallback, cancellation) is null)
        {
            throw new ImportException($"--idsite-fallback {fallback}: there is no site with this id.", isUsageError: true);
        }
    }

    /// <summary>The site a replayed tracker request names (<c>--replay-tracking</c>), or null when it does not exist.</summary>
    public async ValueTask<ResolvedSite?> ResolveByIdAsync(int idSite, CancellationToken cancellation)
    {
        if (!_byId.TryGetValue(idSite, out var site))
        {
            site = await _directory.MainUrlAsync(idSite, cancellation).ConfigureAwait(false) is { } mainUrl ? new ResolvedSite(idSite, mainUrl) : null;
            _byId[idSite] = site;
            if (site is null)
            {
                _statistics.AddHostIgnored("unknown site id " + idSite.ToString(System.Globalization.CultureInfo.InvariantCulture));
            }
            else
            {
                _statistics.AddSite(idSite);
            }
        }

        return site;
    }

    /// <summary>The site of a line with this host (null host: the format has none), or null when it has none.</summary>
    public async ValueTask<ResolvedSite?> ResolveAsync(string? host, CancellationToken cancellation)
    {
        if (_static is { } fixedSite)
        {
            return fixedSite;
        }

        host ??= _options.LogHostname;
        if (host is null)
        {
            return null;
        }

        if (_byHost.TryGetValue(host, out var cached))
        {
            return cached;
        }

        ResolvedSite? resolved;
        if (await _directory.FindByHostAsync(host, cancellation) is { } found)
        {
            resolved = new ResolvedSite(found.IdSite, found.MainUrl);
        }
        else if (_options.IdSiteFallback is { } fallback)
        {
            resolved = new ResolvedSite(fallback, await _directory.MainUrlAsync(fallback, cancellation) ?? "http://" + host);
        }
        else if (_options.AddSitesNewHosts)
        {
            var id = _options.DryRun ? 0 : await _directory.AddSiteAsync(host, cancellation);
            _statistics.AddSiteCreated(host, id);
            resolved = new ResolvedSite(id, "http://" + host);
        }
        else
        {
            resolved = null;
            _statistics.AddHostIgnored(host);
        }

        if (resolved is { } site)
        {
            _statistics.AddSite(site.IdSite);
        }

        _byHost[host] = resolved;
        return resolved;
    }
}

/// <summary>A line's site and the main URL whose scheme (or whole URL, for lines without host) prefixes its path.</summary>
public readonly record struct ResolvedSite(int IdSite, string MainUrl);

/// <summary>A problem that stops the import, reported to the user without a stack trace.</summary>
public sealed class ImportException(string message, bool isUsageError = false) : Exception(message)
{
    /// <summary>True when the command line must change (a bad option or file); false when the import failed while running.</summary>
    public bool IsUsageError { get; } = isUsageError;
}
