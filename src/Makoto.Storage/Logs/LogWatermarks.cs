using System.Collections.Concurrent;

namespace Makoto.Storage.Logs;

/// <summary>
/// When each site's log tables last received committed hits (in this process). The archiver uses
/// it to keep an archive of an unfinished period (today, this week) for as long as nothing new was
/// tracked, and to refresh it soon after new hits arrive.
/// </summary>
public sealed class LogWatermarks
{
    private readonly ConcurrentDictionary<int, DateTime> _lastWrite = new();
    private long _hits;

    /// <summary>Hits committed for all sites since the process started: the background archiver's measure of the tracking load.</summary>
    public long HitsWritten => Interlocked.Read(ref _hits);

    /// <summary>Records that <paramref name="hits"/> hits for <paramref name="idSite"/> were committed at <paramref name="utc"/>.</summary>
    public void MarkWritten(int idSite, DateTime utc, int hits = 1)
    {
        _lastWrite.AddOrUpdate(idSite, static (_, utc) => utc, static (_, previous, utc) => utc > previous ? utc : previous, utc);
        Interlocked.Add(ref _hits, hits);
    }

    /// <summary>The last commit time for the site, or null when none happened since the process started.</summary>
    public DateTime? LastWrite(int idSite) => _lastWrite.TryGetValue(idSite, out var utc) ? utc : null;
}
