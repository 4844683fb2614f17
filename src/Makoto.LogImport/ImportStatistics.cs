using System.Collections.Concurrent;
using System.Diagnostics;

namespace Makoto.LogImport;

/// <summary>Why a log line was not recorded; each skipped line counts under exactly one reason.</summary>
public enum SkipReason
{
    /// <summary>The line does not have the log format's shape, or its date cannot be read.</summary>
    Invalid,

    /// <summary>HTTP 4xx/5xx without <c>--enable-http-errors</c>.</summary>
    HttpError,

    /// <summary>HTTP 3xx (not 304) without <c>--enable-http-redirects</c>.</summary>
    HttpRedirect,

    /// <summary>A static file (css, js, images, fonts…) without <c>--enable-static</c>.</summary>
    Static,

    /// <summary>A known download extension left out by <c>--download-extensions</c>.</summary>
    Download,

    /// <summary>A bot User-Agent without <c>--enable-bots</c>.</summary>
    Bot,

    /// <summary>A host not matching <c>--hostname</c>.</summary>
    Hostname,

    /// <summary><c>--exclude-path</c>, <c>--include-path</c>, <c>--include-host</c>, <c>--exclude-host</c>, <c>--exclude-older-than</c>, <c>--exclude-newer-than</c>.</summary>
    Filtered,

    /// <summary>The host matches no site and neither <c>--idsite-fallback</c> nor <c>--add-sites-new-hosts</c> applies.</summary>
    NoSite,

    /// <summary>Rejected by the tracker (invalid request, e.g. an unusable parameter).</summary>
    Rejected,
}

/// <summary>The running counts of an import, read by the progress display and the summary. Thread-safe.</summary>
public sealed class ImportStatistics
{
    /// <summary>At most this many line numbers of rejected lines are kept for the summary.</summary>
    public const int MaxListedLines = 200;

    private readonly long[] _skipped = new long[Enum.GetValues<SkipReason>().Length];
    private readonly ConcurrentDictionary<int, bool> _sites = new();
    private readonly ConcurrentDictionary<string, int> _sitesCreated = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, bool> _hostsIgnored = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> _rejectedLines = new();
    private readonly ConcurrentDictionary<string, long> _rejectReasons = new(StringComparer.Ordinal);
    private readonly Stopwatch _clock = new();
    private long _lines;
    private long _recorded;
    private long _downloads;
    private long _bytesRead;
    private long _directives;

    /// <summary>Total size of the input files (compressed size for compressed files); 0 when unknown (stdin).</summary>
    public long TotalBytes { get; set; }

    public long BytesRead => Interlocked.Read(ref _bytesRead);

    /// <summary>Lines read (W3C directive lines excluded).</summary>
    public long LinesParsed => Interlocked.Read(ref _lines);

    /// <summary>Lines recorded by the tracker.</summary>
    public long Recorded => Interlocked.Read(ref _recorded);

    /// <summary>Recorded lines that were downloads.</summary>
    public long Downloads => Interlocked.Read(ref _downloads);

    public long Directives => Interlocked.Read(ref _directives);

    public TimeSpan Elapsed => _clock.Elapsed;

    public IReadOnlyCollection<int> Sites => [.. _sites.Keys.Order()];

    /// <summary>Sites created by <c>--add-sites-new-hosts</c>, by host.</summary>
    public IReadOnlyDictionary<string, int> SitesCreated => _sitesCreated;

    /// <summary>Hosts that matched no site.</summary>
    public IReadOnlyCollection<string> HostsIgnored => [.. _hostsIgnored.Keys.Order(StringComparer.Ordinal)];

    /// <summary>"file:line" of lines the tracker rejected (the first <see cref="MaxListedLines"/>).</summary>
    public IReadOnlyCollection<string> RejectedLines => _rejectedLines;

    /// <summary>The tracker's messages for rejected lines, with their counts.</summary>
    public IReadOnlyDictionary<string, long> RejectReasons => _rejectReasons;

    /// <summary>Whether some lines were filtered on purpose (files skipped as already imported are reported apart).</summary>
    public long Skipped(SkipReason reason) => Interlocked.Read(ref _skipped[(int)reason]);

    public long TotalSkipped
    {
        get
        {
            long total = 0;
            foreach (var reason in Enum.GetValues<SkipReason>())
            {
                total += Skipped(reason);
            }

            return total;
        }
    }

    /// <summary>Files not imported because the store records that they were imported already.</summary>
    public List<string> FilesAlreadyImported { get; } = [];

    /// <summary>The earliest and latest time of the lines sent for recording (UTC); null before the first.</summary>
    public DateTime? FirstHit { get; private set; }

    public DateTime? LastHit { get; private set; }

    public double RecordsPerSecond => Elapsed.TotalSeconds > 0 ? Recorded / Elapsed.TotalSeconds : 0;

    public double LinesPerSecond => Elapsed.TotalSeconds > 0 ? LinesParsed / Elapsed.TotalSeconds : 0;

    internal void Start() => _clock.Start();

    internal void Stop() => _clock.Stop();

    internal void AddLine() => Interlocked.Increment(ref _lines);

    internal void AddDirective() => Interlocked.Increment(ref _directives);

    internal void AddBytes(long bytes) => Interlocked.Add(ref _bytesRead, bytes);

    internal void Skip(SkipReason reason) => Interlocked.Increment(ref _skipped[(int)reason]);

    internal void AddRecorded(int count, int downloads)
    {
        Interlocked.Add(ref _recorded, count);
        Interlocked.Add(ref _downloads, downloads);
    }

    internal void AddHitTime(DateTime utc)
    {
        if (FirstHit is null || utc < FirstHit)
        {
            FirstHit = utc;
        }

        if (LastHit is null || utc > LastHit)
        {
            LastHit = utc;
        }
    }

    internal void AddSite(int idSite) => _sites.TryAdd(idSite, true);

    internal void AddSiteCreated(string host, int idSite)
    {
        _sitesCreated[host] = idSite;
        AddSite(idSite);
    }

    internal void AddHostIgnored(string host) => _hostsIgnored.TryAdd(host, true);

    internal void AddRejected(string location, string message)
    {
        Skip(SkipReason.Rejected);
        _rejectReasons.AddOrUpdate(message, 1, static (_, count) => count + 1);
        if (_rejectedLines.Count < MaxListedLines)
        {
            _rejectedLines.Enqueue(location);
        }
    }
}
