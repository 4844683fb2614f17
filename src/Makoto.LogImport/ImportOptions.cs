using Makoto.LogImport.Formats;

namespace Makoto.LogImport;

/// <summary>
/// What <c>makoto import-logs</c> does, named after the options of Matomo's <c>import_logs.py</c>
/// (docs/operations.md lists them with their defaults).
/// </summary>
public sealed class ImportOptions
{
    /// <summary>Log files; <c>-</c> is standard input. Gzip and bzip2 files are recognised by their first bytes.</summary>
    public IReadOnlyList<string> Files { get; init; } = [];

    /// <summary><c>--log-format-name</c>: one of <see cref="LogFormats.Names"/>; null detects the format per file.</summary>
    public string? FormatName { get; init; }

    /// <summary><c>--log-format-regex</c>: a regular expression with named groups; overrides the format name.</summary>
    public string? FormatRegex { get; init; }

    /// <summary><c>--log-date-format</c>: a strptime format for the regex's <c>date</c> group.</summary>
    public string? DateFormat { get; init; }

    public W3cSettings? W3c { get; init; }

    /// <summary><c>--query-string-delimiter</c>.</summary>
    public char QueryDelimiter { get; init; } = '?';

    /// <summary><c>--encoding</c>: the files' text encoding (default UTF-8; bytes that do not decode become U+FFFD).</summary>
    public string Encoding { get; init; } = "utf-8";

    /// <summary><c>--idsite</c>: every line goes to this site; hosts are not looked at.</summary>
    public int? IdSite { get; init; }

    /// <summary><c>--idsite-fallback</c>: the site of lines whose host matches no site.</summary>
    public int? IdSiteFallback { get; init; }

    /// <summary><c>--add-sites-new-hosts</c>: create a site for each host that matches none.</summary>
    public bool AddSitesNewHosts { get; init; }

    /// <summary><c>--log-hostname</c>: the host of every line, for formats without one.</summary>
    public string? LogHostname { get; init; }

    /// <summary><c>--hostname</c>: accepted hosts (wildcards <c>*</c> and <c>?</c>); lines of other hosts are skipped.</summary>
    public IReadOnlyList<string> Hostnames { get; init; } = [];

    /// <summary><c>--include-host</c>: only lines of these hosts are imported.</summary>
    public IReadOnlyList<string> IncludeHosts { get; init; } = [];

    /// <summary><c>--exclude-host</c>: lines of these hosts are not imported.</summary>
    public IReadOnlyList<string> ExcludeHosts { get; init; } = [];

    /// <summary><c>--exclude-path</c> (and the lines of <c>--exclude-path-from</c>): wildcard patterns of paths not to import.</summary>
    public IReadOnlyList<string> ExcludePaths { get; init; } = [];

    /// <summary><c>--include-path</c>: when given, only paths matching one of these patterns are imported.</summary>
    public IReadOnlyList<string> IncludePaths { get; init; } = [];

    /// <summary><c>--useragent-exclude</c>: more User-Agent substrings treated as bots.</summary>
    public IReadOnlyList<string> UserAgentExclude { get; init; } = [];

    /// <summary><c>--enable-static</c>: import requests of static files (tracked as downloads).</summary>
    public bool EnableStatic { get; init; }

    /// <summary><c>--enable-bots</c>: import bots (with <c>bots=1</c> and a Bot custom variable).</summary>
    public bool EnableBots { get; init; }

    /// <summary><c>--enable-http-errors</c>: import 4xx and 5xx answers (titled with their status).</summary>
    public bool EnableHttpErrors { get; init; }

    /// <summary><c>--enable-http-redirects</c>: import 3xx answers other than 304.</summary>
    public bool EnableHttpRedirects { get; init; }

    /// <summary><c>--download-extensions</c>: replaces the list of extensions tracked as downloads.</summary>
    public IReadOnlyCollection<string>? DownloadExtensions { get; init; }

    /// <summary><c>--add-download-extensions</c>: adds to the list of extensions tracked as downloads.</summary>
    public IReadOnlyCollection<string> AddDownloadExtensions { get; init; } = [];

    /// <summary><c>--strip-query-string</c>.</summary>
    public bool StripQueryString { get; init; }

    /// <summary><c>--force-lowercase-path</c>.</summary>
    public bool ForceLowercasePath { get; init; }

    /// <summary><c>--title-category-delimiter</c>: between the status and the URL in titles of errors and redirects.</summary>
    public string TitleCategoryDelimiter { get; init; } = "/";

    /// <summary><c>--track-http-method</c>: the method as a page custom variable.</summary>
    public bool TrackHttpMethod { get; init; }

    /// <summary><c>--replay-tracking</c>: lines are tracker requests (<c>/matomo.php?…</c>) replayed as they were sent.</summary>
    public bool ReplayTracking { get; init; }

    /// <summary><c>--replay-tracking-expected-tracker-file</c>: the path ending of tracker requests (default matomo.php and piwik.php).</summary>
    public string? ReplayTrackingExpectedTrackerFile { get; init; }

    /// <summary><c>--skip</c>: lines skipped at the start (counted over all files, as Matomo does).</summary>
    public long Skip { get; init; }

    /// <summary><c>--exclude-older-than</c> (UTC): older lines are filtered out.</summary>
    public DateTime? ExcludeOlderThan { get; init; }

    /// <summary><c>--exclude-newer-than</c> (UTC): newer lines are filtered out.</summary>
    public DateTime? ExcludeNewerThan { get; init; }

    /// <summary><c>--add-to-date</c>: seconds added to every line's time.</summary>
    public int AddToDate { get; init; }

    /// <summary><c>--dry-run</c>: read, filter and map lines, record nothing.</summary>
    public bool DryRun { get; init; }

    /// <summary><c>--recorder-max-payload-size</c>: hits per tracking call (one bulk request, or one call of the local pipeline).</summary>
    public int BatchSize { get; init; } = 500;

    /// <summary>
    /// <c>--recorders</c>: tracking calls in flight at once. Lines are spread over them by client address,
    /// so that the hits of one visitor keep their order.
    /// </summary>
    public int Recorders { get; init; } = 4;

    /// <summary><c>--force</c>: import a file again although the store records that it was imported already.</summary>
    public bool Force { get; init; }
}
