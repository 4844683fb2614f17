using System.Collections.Concurrent;
using Makoto.Core.Periods;
using Makoto.Core.Sites;
using Makoto.Storage.Archives;
using Makoto.Storage.Logs;
using Microsoft.Extensions.Logging;

namespace Makoto.Archiving;

/// <summary>
/// Produces the archive of a (site, period): read from the archive tables when a valid one exists,
/// otherwise built — a day from ONE pass over its log rows through every record builder, a longer
/// period by merging the archives of its sub-periods — and stored with its done flag.
/// </summary>
public sealed partial class Archiver
{
    /// <summary>The done flag of the archive holding every plugin's records, without segment.</summary>
    public const string DoneFlag = "done";

    private readonly ArchiveStore _store;
    private readonly LogReader _logs;
    private readonly LogWatermarks _watermarks;
    private readonly IRecordBuilder[] _builders;
    private readonly ArchivingOptions _options;
    private readonly TimeProvider _clock;
    private readonly ILogger<Archiver> _logger;
    private readonly HashSet<string> _visitColumns;
    private readonly ConcurrentDictionary<(int, PeriodType, DateOnly, DateOnly), SemaphoreSlim> _locks = new();

    public Archiver(
        ArchiveStore store,
        LogReader logs,
        LogWatermarks watermarks,
        IEnumerable<IRecordBuilder> builders,
        ArchivingOptions options,
        TimeProvider clock,
        ILogger<Archiver> logger)
    {
        _store = store;
        _logs = logs;
        _watermarks = watermarks;
        _builders = [.. builders];
        _options = options;
        _clock = clock;
        _logger = logger;
        _visitColumns = new HashSet<string>(StringComparer.Ordinal);
        foreach (var builder in _builders)
        {
            _visitColumns.UnionWith(builder.VisitColumns);
        }
    }

    public IReadOnlyList<IRecordBuilder> Builders => _builders;

    /// <summary>The records of the site's archive for <paramref name="period"/>, built if missing or outdated.</summary>
    public ArchiveRecords GetRecords(Site site, Period period)
    {
        var today = site.Today(_clock);
        var created = SiteTimeZones.LocalDate(site.TsCreated, site.TimeZone);
        if (period.Start > today || period.End < created)
        {
            return new ArchiveRecords();
        }

        var existing = ReadValid(site, period);
        if (existing is not null)
        {
            return existing;
        }

        var gate = _locks.GetOrAdd((site.IdSite, period.Type, period.Start, period.End), static _ => new SemaphoreSlim(1, 1));
        gate.Wait();
        try
        {
            // Another request may have built it while this one waited.
            existing = ReadValid(site, period);
            if (existing is not null)
            {
                return existing;
            }

            var context = new ArchiveContext(site, period, _logs);
            var started = _clock.GetTimestamp();
            var records = period.Type == PeriodType.Day ? BuildDay(context) : BuildFromSubPeriods(context);
            _store.Write(site.IdSite, period, DoneFlag, records.Numerics, records.Blobs, _clock.GetUtcNow().UtcDateTime);
            LogArchived(site.IdSite, period.ToString(), _clock.GetElapsedTime(started).TotalMilliseconds);
            return records;
        }
        finally
        {
            gate.Release();
        }
    }

    private ArchiveRecords? ReadValid(Site site, Period period)
    {
        var found = _store.FindLatest(site.IdSite, period, DoneFlag, ArchiveStatus.Ok, ArchiveStatus.OkTemporary);
        if (found is null)
        {
            return null;
        }

        if (!IsFresh(site, period, found.TsArchived))
        {
            return null;
        }

        var records = new ArchiveRecords();
        foreach (var (name, value) in _store.ReadNumerics(period, found.IdArchive))
        {
            if (!name.StartsWith(DoneFlag, StringComparison.Ordinal))
            {
                records.Numerics[name] = value;
            }
        }

        return records;
    }

    /// <summary>
    /// An archive built after its period ended is final (until invalidated). One built while the period
    /// was running stays valid while no new hits were committed for the site since it was built, and
    /// otherwise for <see cref="ArchivingOptions.TodayArchiveTtlSeconds"/>.
    /// </summary>
    private bool IsFresh(Site site, Period period, DateTime tsArchived)
    {
        var (_, periodEndUtc) = SiteTimeZones.UtcBounds(period.Start, period.End, site.TimeZone);
        if (tsArchived >= periodEndUtc)
        {
            return true;
        }

        if (_watermarks.LastWrite(site.IdSite) is { } lastWrite && lastWrite < tsArchived)
        {
            return true;
        }

        return (_clock.GetUtcNow().UtcDateTime - tsArchived).TotalSeconds < _options.TodayArchiveTtlSeconds;
    }

    private ArchiveRecords BuildDay(ArchiveContext context)
    {
        var records = new ArchiveRecords();
        var (start, end) = context.UtcBounds;
        var aggregators = new IDayAggregator[_builders.Length];
        for (var i = 0; i < _builders.Length; i++)
        {
            aggregators[i] = _builders[i].StartDay(context);
        }

        var visits = 0;
        foreach (var visit in _logs.Visits(context.Site.IdSite, start, end, _visitColumns))
        {
            visits++;
            foreach (var aggregator in aggregators)
            {
                aggregator.OnVisit(visit);
            }
        }

        if (visits == 0)
        {
            return records;
        }

        foreach (var aggregator in aggregators)
        {
            aggregator.Finish(records);
        }

        return records;
    }

    private ArchiveRecords BuildFromSubPeriods(ArchiveContext context)
    {
        var merged = new ArchiveRecords();
        foreach (var sub in context.Period.SubPeriods())
        {
            var records = GetRecords(context.Site, sub);
            foreach (var builder in _builders)
            {
                foreach (var (name, aggregation) in builder.Numerics)
                {
                    if (aggregation == NumericAggregation.None || records.GetNumeric(name) is not { } value)
                    {
                        continue;
                    }

                    merged.Numerics[name] = merged.GetNumeric(name) is not { } current
                        ? value
                        : aggregation switch
                        {
                            NumericAggregation.Max => Math.Max(current, value),
                            NumericAggregation.Min => Math.Min(current, value),
                            _ => current + value,
                        };
                }
            }
        }

        if (!merged.IsEmpty)
        {
            foreach (var builder in _builders)
            {
                builder.CompletePeriod(context, merged);
            }
        }

        return merged;
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Archived site {IdSite} {Period} in {Milliseconds:F1} ms")]
    private partial void LogArchived(int idSite, string period, double milliseconds);
}
