using Makoto.Storage.Logs;

namespace Makoto.Plugins.PrivacyManager;

/// <summary>
/// Deleting raw logs older than some days (Matomo's delete_logs_older_than) while keeping the reports: the
/// site's raw data horizon moves first, so that archives of the purged time are never rebuilt from the
/// now missing logs, then the visits before it are deleted.
/// </summary>
public sealed class LogRetention(LogEraser eraser, RawDataHorizon horizon, TimeProvider clock)
{
    /// <summary>The start (UTC) of the day <paramref name="days"/> days before today: visits that ended before it go.</summary>
    public DateTime Cutoff(int days)
    {
        if (days < 1)
        {
            throw new ArgumentException($"Logs are kept at least 1 day; {days} is not a number of days to keep.");
        }

        return clock.GetUtcNow().UtcDateTime.Date.AddDays(-days);
    }

    /// <summary>Deletes the site's visits that ended before <paramref name="cutoffUtc"/>; returns how many.</summary>
    public long DeleteBefore(int idSite, DateTime cutoffUtc, IProgress<long>? progress = null, CancellationToken cancellation = default)
    {
        horizon.MoveTo(idSite, cutoffUtc);
        return eraser.DeleteVisitsBefore(idSite, cutoffUtc, progress, cancellation);
    }
}
