using Makoto.Core.Periods;
using Makoto.Core.Segments;
using Makoto.Core.Sites;
using Makoto.Storage.Archives;
using Makoto.Storage.Logs;
using Makoto.Storage.Segments;
using Makoto.Storage.Sites;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Makoto.Archiving;

/// <summary>
/// Archiving without a cron: every <see cref="ArchivingOptions.BackgroundIntervalSeconds"/> (or later, so
/// that it takes at most <see cref="ArchivingOptions.BackgroundMaxShare"/> of the time) it rebuilds
/// the archives of past days that late hits invalidated (and of their week, month and year), once per
/// day however many hits came in, and the archives of today's day, week, month and year of every site
/// that received hits since the last round. Reports read afterwards come straight from the archives.
/// Stored segments marked auto-archived (SegmentEditor's <c>auto_archive</c>) get the same archives
/// as all visits; other segments are archived when first requested.
/// </summary>
public sealed partial class ArchiveRefresher(
    Archiver archiver,
    ArchiveStore store,
    SiteStore sites,
    StoredSegmentStore storedSegments,
    SegmentCompiler segments,
    LogWatermarks watermarks,
    ArchivingOptions options,
    TimeProvider clock,
    ILogger<ArchiveRefresher> logger) : BackgroundService
{
    private static readonly PeriodType[] s_periods = [PeriodType.Day, PeriodType.Week, PeriodType.Month, PeriodType.Year];

    private readonly Dictionary<int, DateTime> _refreshed = [];

    /// <summary>When the first round ran, and the hits committed and the time at the start of the previous round.</summary>
    private DateTime? _firstRound;
    private long _hitsAtRound;
    private long _roundTimestamp;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (options.BackgroundIntervalSeconds <= 0)
        {
            return;
        }

        await Task.Yield();
        try
        {
            // Invalidations that a previous run of the server did not get to rebuild.
            foreach (var (idSite, day) in store.InvalidatedDays())
            {
                store.DirtyDays.MarkDirty(idSite, day);
            }
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            LogRoundFailed(error);
        }

        var interval = TimeSpan.FromSeconds(options.BackgroundIntervalSeconds);
        while (!stoppingToken.IsCancellationRequested)
        {
            var started = clock.GetTimestamp();
            try
            {
                RunOnce(stoppingToken);
            }
            catch (Exception error) when (error is not OperationCanceledException)
            {
                LogRoundFailed(error);
            }

            var took = clock.GetElapsedTime(started);
            var pause = Pause(interval, took, options.BackgroundMaxShare);
            if (pause > interval - took)
            {
                LogResting(took.TotalSeconds, pause.TotalSeconds);
            }

            await Task.Delay(pause, clock, stoppingToken);
        }
    }

    /// <summary>
    /// The wait after a round that took <paramref name="took"/>: until the next interval starts, and at least
    /// long enough that rounds take no more than <paramref name="maxShare"/> of the time.
    /// </summary>
    public static TimeSpan Pause(TimeSpan interval, TimeSpan took, double maxShare)
    {
        var untilNext = interval - took;
        var share = Math.Clamp(maxShare, 0.01, 1);
        var rest = took * ((1 - share) / share);
        var pause = untilNext > rest ? untilNext : rest;
        return pause > TimeSpan.Zero ? pause : TimeSpan.Zero;
    }

    /// <summary>
    /// Whether a round leaves a site's today alone: while tracking committed at least
    /// <paramref name="yieldHitsPerSecond"/> hits per second since the previous round (<paramref name="hits"/> in
    /// <paramref name="elapsed"/>, at least a second: a rate over a shorter time says little), unless the site's today
    /// was last refreshed <paramref name="maxYield"/> ago or longer.
    /// </summary>
    public static bool YieldsToTracking(long hits, TimeSpan elapsed, int yieldHitsPerSecond, TimeSpan sinceRefresh, TimeSpan maxYield) =>
        yieldHitsPerSecond > 0 && elapsed >= TimeSpan.FromSeconds(1) && hits >= yieldHitsPerSecond * elapsed.TotalSeconds && sinceRefresh < maxYield;

    /// <summary>One round: rebuild invalidated days, then refresh today where hits arrived. Returns the archives visited.</summary>
    public int RunOnce(CancellationToken cancellation = default)
    {
        var visited = 0;
        var roundTimestamp = clock.GetTimestamp();
        var hitsWritten = watermarks.HitsWritten;
        var hitsSince = hitsWritten - _hitsAtRound;
        var elapsed = _firstRound is null ? TimeSpan.Zero : clock.GetElapsedTime(_roundTimestamp, roundTimestamp);
        var firstRound = _firstRound ??= clock.GetUtcNow().UtcDateTime;
        (_hitsAtRound, _roundTimestamp) = (hitsWritten, roundTimestamp);
        foreach (var (idSite, day) in store.DirtyDays.Pending())
        {
            cancellation.ThrowIfCancellationRequested();
            if (sites.Get(idSite) is { } site)
            {
                visited += Build(site, day);
            }
        }

        foreach (var site in sites.GetAll())
        {
            cancellation.ThrowIfCancellationRequested();
            if (watermarks.LastWrite(site.IdSite) is not { } lastWrite
                || (_refreshed.TryGetValue(site.IdSite, out var refreshed) && refreshed > lastWrite))
            {
                continue;
            }

            var startedAt = clock.GetUtcNow().UtcDateTime;
            var sinceRefresh = startedAt - (_refreshed.TryGetValue(site.IdSite, out var last) ? last : firstRound);
            if (YieldsToTracking(hitsSince, elapsed, options.BackgroundYieldHitsPerSecond, sinceRefresh, TimeSpan.FromSeconds(options.BackgroundMaxYieldSeconds)))
            {
                LogYielded(site.IdSite, hitsSince / elapsed.TotalSeconds);
                continue;
            }

            visited += Build(site, site.Today(clock));
            _refreshed[site.IdSite] = startedAt;
        }

        if (visited > 0)
        {
            LogRound(visited);
        }

        return visited;
    }

    private int Build(Site site, DateOnly day)
    {
        var today = site.Today(clock);
        var count = 0;
        foreach (var segment in SegmentsOf(site))
        {
            foreach (var type in s_periods)
            {
                var period = Period.Containing(type, day);
                if (period.Start <= today)
                {
                    archiver.Archive(site, period, segment);
                    count++;
                }
            }
        }

        return count;
    }

    /// <summary>All visits, then the site's auto-archived stored segments (one that no longer parses is skipped and logged).</summary>
    private List<Segment> SegmentsOf(Site site)
    {
        var result = new List<Segment> { Segment.None };
        foreach (var stored in storedSegments.AutoArchived(site.IdSite))
        {
            try
            {
                var segment = segments.Parse(stored.Definition, [site.IdSite]);
                if (!segment.IsEmpty)
                {
                    result.Add(segment);
                }
            }
            catch (SegmentException error)
            {
                LogSegmentSkipped(stored.IdSegment, site.IdSite, error.Message);
            }
        }

        return result;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The stored segment {IdSegment} cannot be archived for site {IdSite}: {Reason}")]
    private partial void LogSegmentSkipped(int idSegment, int idSite, string reason);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Background archiving leaves today of site {IdSite} for later: tracking commits {HitsPerSecond:F0} hits/s (Makoto:Archiving:BackgroundYieldHitsPerSecond)")]
    private partial void LogYielded(int idSite, double hitsPerSecond);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Background archiving checked {Archives} archives")]
    private partial void LogRound(int archives);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Background archiving took {Seconds:F1} s; the next round starts in {Pause:F1} s (Makoto:Archiving:BackgroundMaxShare)")]
    private partial void LogResting(double seconds, double pause);

    [LoggerMessage(Level = LogLevel.Error, Message = "A background archiving round failed; reports are still built on request and the next round retries.")]
    private partial void LogRoundFailed(Exception error);
}
