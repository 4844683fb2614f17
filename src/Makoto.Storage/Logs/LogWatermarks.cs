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

    /// <summary>Records that hits for <paramref name="idSite"/> were committed at <paramref name="utc"/>.</summary>
    public void MarkWritten(int idSite, DateTime utc) =>
        _lastWrite.AddOrUpdate(idSite, utc, (_, previous) => utc > previous ? utc : previous);

    /// <summary>The last commit time for the site, or null when none happened since the process started.</summary>
    public DateTime? LastWrite(int idSite) => _lastWrite.TryGetValue(idSite, out var utc) ? utc : null;
}
