using System.Collections.Concurrent;
using Makoto.Core.Caching;
using Makoto.Core.DataTables;
using Makoto.Core.Periods;
using Makoto.Core.Segments;
using Makoto.Core.Sites;
using Makoto.Storage.Archives;
using Makoto.Storage.Logs;
using Makoto.Storage.Segments;
using Microsoft.Extensions.Logging;

namespace Makoto.Archiving;

/// <summary>
/// Produces the archive of a (site, period, segment): read from the archive tables when a valid one
/// exists, otherwise built — a day from ONE pass over its log rows through every record builder (with a
/// segment, over the rows it selects), a longer period by merging the archives of its sub-periods — and
/// stored with its done flag (<c>done</c> + the segment's hash, metrics-and-archiving.md §6.2). A segment's
/// archives are built on their first request, like any other.
/// </summary>
public sealed partial class Archiver
{
    /// <summary>The done flag of the archive holding every plugin's records, without segment.</summary>
    public const string DoneFlag = "done";

    /// <summary>
    /// Archives kept decoded in memory (<see cref="ArchiveCache"/>), so that repeated reads of a report skip the store: the
    /// day archives of a year's range and the months, weeks and ranges read beside them.
    /// </summary>
    private const int CachedArchives = 512;

    /// <summary>How often the store's removal mark is read, at most: archives removed by another process stop being served within this time.</summary>
    private static readonly TimeSpan s_removalCheckInterval = TimeSpan.FromSeconds(5);

    private readonly ArchiveStore _store;
    private readonly LogReader _logs;
    private readonly DayLogReader _dayLogs;
    private readonly LogWatermarks _watermarks;
    private readonly RawDataHorizon _horizon;
    private readonly IRecordBuilder[] _builders;
    private readonly ArchivingOptions _options;
    private readonly ArchivingSettings _settings;
    private readonly TimeProvider _clock;
    private readonly ILogger<Archiver> _logger;
    private readonly SegmentCompiler _segments;
    private readonly DayLogRequest _dayRequest;
    private Dictionary<string, string>? _staticOwners;
    private readonly ConcurrentDictionary<(int, PeriodType, DateOnly, DateOnly, string), SemaphoreSlim> _locks = new();
    private readonly ArchiveCache _cache = new(CachedArchives);
    private readonly Refreshed<RemovalMark> _removalMark;
    private RemovalMark? _removalMarkSeen;

    public Archiver(
        ArchiveStore store,
        LogReader logs,
        DayLogReader dayLogs,
        LogWatermarks watermarks,
        RawDataHorizon horizon,
        IEnumerable<IRecordBuilder> builders,
        SegmentCompiler segments,
        ArchivingOptions options,
        ArchivingSettings settings,
        TimeProvider clock,
        ILogger<Archiver> logger)
    {
        _horizon = horizon;
        _store = store;
        _logs = logs;
        _dayLogs = dayLogs;
        _watermarks = watermarks;
        _builders = [.. builders];
        _segments = segments;
        _options = options;
        _settings = settings;
        _clock = clock;
        _removalMark = new Refreshed<RemovalMark>(() => new RemovalMark(store.RemovalMark()), s_removalCheckInterval, clock);
        _logger = logger;
        _dayRequest = DayRequest(_builders);
    }

    public IReadOnlyList<IRecordBuilder> Builders => _builders;

    /// <summary>
    /// The records of the site's archive for <paramref name="period"/>, built if missing or outdated: a day
    /// at once for every plugin; a longer period plugin by plugin, on the first read of a plugin's record
    /// (as Matomo archives a period per plugin), so a report does not pay for merging the others.
    /// </summary>
    public ArchiveRecords GetRecords(Site site, Period period) => GetRecords(site, period, Segment.None);

    /// <summary>
    /// The records of the site's archive for <paramref name="period"/> and <paramref name="segment"/>
    /// (<see cref="Segment.None"/> for all visits), built if missing or outdated: a day at once for every
    /// plugin; a longer period plugin by plugin, on the first read of a plugin's record (as Matomo
    /// archives a period per plugin), so a report does not pay for merging the others.
    /// </summary>
    /// <exception cref="SegmentException">The segment cannot be used for the site.</exception>
    public ArchiveRecords GetRecords(Site site, Period period, Segment segment)
    {
        if (!Archivable(site, period))
        {
            return new ArchiveRecords();
        }

        return period.Type == PeriodType.Day
            ? GetOrBuild(site, period, segment, DoneFlagOf(segment), BuildDay)
            : new ArchiveRecords(new PeriodRecords(this, site, period, segment));
    }

    /// <summary>The done flag of a segment's archives: <c>done</c> followed by the segment's hash.</summary>
    public static string DoneFlagOf(Segment segment) => DoneFlag + segment.Hash;

    /// <summary>Builds (or finds valid) every plugin's archive of the period, for background and command-line archiving.</summary>
    public void Archive(Site site, Period period, Segment? segment = null)
    {
        segment ??= Segment.None;
        if (!Archivable(site, period))
        {
            return;
        }

        if (period.Type == PeriodType.Day)
        {
            GetOrBuild(site, period, segment, DoneFlagOf(segment), BuildDay);
            return;
        }

        foreach (var plugin in PluginNames())
        {
            PluginRecords(site, period, segment, plugin);
        }
    }

    /// <summary>False for periods that start after the site's today or end before it was created: they have no data.</summary>
    private bool Archivable(Site site, Period period)
    {
        var today = site.Today(_clock);
        var created = SiteTimeZones.LocalDate(site.TsCreated, site.TimeZone);
        if (period.Start <= today && period.End >= created)
        {
            return true;
        }

        if (period.Type == PeriodType.Day)
        {
            _store.DirtyDays.Rebuilt(site.IdSite, period.Start, long.MaxValue);
        }

        return false;
    }

    private ArchiveRecords GetOrBuild(Site site, Period period, Segment segment, string doneFlag, Func<ArchiveContext, ArchiveRecords> build)
    {
        var existing = ReadValid(site, period, doneFlag);
        if (existing is not null)
        {
            return existing;
        }

        var gate = _locks.GetOrAdd((site.IdSite, period.Type, period.Start, period.End, doneFlag), static _ => new SemaphoreSlim(1, 1));
        gate.Wait();
        try
        {
            // Another request may have built it while this one waited.
            existing = ReadValid(site, period, doneFlag);
            if (existing is not null)
            {
                return existing;
            }

            // The archive is stamped with the time its data was read, so hits committed while it is
            // built make it stale (see IsFresh), and a late hit for its day is noticed (DirtyDays).
            var context = new ArchiveContext(site, period, _logs, _options) { Segment = segment };
            var started = _clock.GetTimestamp();
            var readAt = _clock.GetUtcNow().UtcDateTime;
            var dirtyVersion = _store.DirtyDays.Version;
            var records = build(context);
            var idArchive = _store.Write(site.IdSite, period, doneFlag, records.Numerics, records.SerializeBlobs(), readAt);

            // A late hit for the day committed while it was read may be missing: the archive is invalidated
            // again. Only the archive of all visits marks the day rebuilt (the background archiver rebuilds it).
            var lateHit = period.Type == PeriodType.Day && (segment.IsEmpty
                ? _store.DirtyDays.Rebuilt(site.IdSite, period.Start, dirtyVersion)
                : _store.DirtyDays.ChangedSince(site.IdSite, period.Start, dirtyVersion));
            if (lateHit)
            {
                _store.InvalidateContainingNow(site.IdSite, period.Start);
            }
            else
            {
                Remember(period, idArchive, records);
            }

            if (period.Type == PeriodType.Day && !segment.IsEmpty)
            {
                _store.DirtyDays.SegmentBuilt(site.IdSite, period.Start);
            }

            LogArchived(site.IdSite, period.ToString(), doneFlag, _clock.GetElapsedTime(started).TotalMilliseconds);
            return records;
        }
        finally
        {
            gate.Release();
        }
    }

    private ArchiveRecords? ReadValid(Site site, Period period, string doneFlag)
    {
        var found = _store.FindLatest(site.IdSite, period, doneFlag, ArchiveStatus.Ok, ArchiveStatus.OkTemporary);
        if (found is null || !IsFresh(site, period, found.TsArchived))
        {
            // The archive would be rebuilt from the logs. When the day's raw logs were deleted (data
            // retention), its last archive is final whatever happened to it since: rebuilding it would read
            // no logs and lose the report. The horizon is read fresh here, as rebuilding is rare and the
            // console may have moved it a moment ago.
            if (period.Type != PeriodType.Day
                || !_horizon.Covers(site.IdSite, SiteTimeZones.UtcBounds(period.Start, period.End, site.TimeZone).EndUtc, fresh: true))
            {
                return null;
            }

            found = _store.FindLatest(site.IdSite, period, DoneFlag, ArchiveStatus.Ok, ArchiveStatus.OkTemporary, ArchiveStatus.Invalidated);
            if (found is null)
            {
                return null;
            }

            _store.DirtyDays.Rebuilt(site.IdSite, period.Start, long.MaxValue);
        }

        return Load(period, found);
    }

    /// <summary>The records of an archive found valid: from the archives kept in memory, or read from the store (its blobs when first read).</summary>
    private ArchiveRecords Load(Period period, ArchiveInfo found)
    {
        ForgetArchivesRemovedElsewhere();
        if (_cache.TryGet((period.Start, found.IdArchive), out var cached))
        {
            return cached;
        }

        var numerics = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var (name, value) in _store.ReadNumerics(period, found.IdArchive))
        {
            if (!name.StartsWith(DoneFlag, StringComparison.Ordinal))
            {
                numerics[name] = value;
            }
        }

        var idArchive = found.IdArchive;
        var records = new ArchiveRecords(numerics, (name, state, read) => _store.ReadBlob(period, idArchive, name, state, read));
        Remember(period, idArchive, records);
        return records;
    }

    /// <summary>
    /// Forgets the archives read into memory, after archives were deleted behind the archiver's back (a report
    /// purge), so the next read sees what is left in the store.
    /// </summary>
    public void ForgetCachedArchives() => _cache.Clear();

    /// <summary>
    /// Forgets the archives held in memory when the store's removal mark changed since it was last seen (a report purge
    /// by the console or another server); the mark is read at most every <see cref="s_removalCheckInterval"/>.
    /// </summary>
    private void ForgetArchivesRemovedElsewhere()
    {
        var mark = _removalMark.Value;
        var seen = Volatile.Read(ref _removalMarkSeen);
        if (ReferenceEquals(mark, seen))
        {
            return;
        }

        if (seen is not null && seen.Value != mark.Value)
        {
            ForgetCachedArchives();
        }

        Volatile.Write(ref _removalMarkSeen, mark);
    }

    /// <summary>The store's removal mark as read at one time (null until archives were first removed).</summary>
    private sealed record RemovalMark(string? Value);

    private void Remember(Period period, long idArchive, ArchiveRecords records) => _cache.Add((period.Start, idArchive), records);

    /// <summary>
    /// An archive built after its period ended is final (until invalidated). One built while the period
    /// was running stays valid while no new hits were committed for the site since it was built, and
    /// otherwise for <see cref="ArchivingSettings.TodayArchiveTtlSeconds"/> (read on each check, so a changed setting applies at once).
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

        return (_clock.GetUtcNow().UtcDateTime - tsArchived).TotalSeconds < _settings.TodayArchiveTtlSeconds;
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

        var segment = _segments.Compile(context.Segment, context.Site.IdSite);
        var visits = 0;
        foreach (var log in _dayLogs.Read(context.Site.IdSite, start, end, _dayRequest, segment))
        {
            if (log.Visit is not null)
            {
                visits++;
            }

            foreach (var aggregator in aggregators)
            {
                aggregator.OnVisit(log);
            }
        }

        if (visits == 0)
        {
            return records;
        }

        FinishSideBySide(aggregators, records, context.Site);
        return records;
    }

    /// <summary>
    /// Finishes the day's aggregators side by side, each into records of its own, which it also truncates and
    /// serializes on its thread; the parts are then taken in builder order. Streaming the day keeps two cores
    /// busy, and finishing one builder after the other (the Actions builder alone is half of it) left one idle.
    /// </summary>
    private void FinishSideBySide(IDayAggregator[] aggregators, ArchiveRecords records, Site site)
    {
        var parts = new ArchiveRecords[aggregators.Length];
        var tables = TableRecords(site, _builders);
        SideBySide(Enumerable.Range(0, aggregators.Length), i =>
        {
            var part = new ArchiveRecords();
            aggregators[i].Finish(part);
            FinishTables(part, tables);
            part.SerializeTables();
            parts[i] = part;
        });

        foreach (var part in parts)
        {
            records.Add(part);
        }
    }

    private static void MergeNumeric(NumericRecord record, List<ArchiveRecords> parts, ArchiveRecords merged)
    {
        if (record.Aggregation == NumericAggregation.None)
        {
            return;
        }

        foreach (var part in parts)
        {
            if (part.GetNumeric(record.Name) is not { } value)
            {
                continue;
            }

            merged.Numerics[record.Name] = merged.GetNumeric(record.Name) is not { } current
                ? value
                : record.Aggregation switch
                {
                    NumericAggregation.Max => Math.Max(current, value),
                    NumericAggregation.Min => Math.Min(current, value),
                    _ => current + value,
                };
        }
    }

    private static void MergeTable(TableRecord record, List<ArchiveRecords> parts, ArchiveRecords merged)
    {
        var merger = new TableMerger(record.Rules);
        var any = false;
        foreach (var part in parts)
        {
            any |= part.MergeInto(record.Name, merger);
        }

        if (any)
        {
            SetMerged(record, merger, merged);
        }
    }

    /// <summary>The merged table, its per-row unique counts renamed (they are sums of the sub-periods' counts), held as its merger.</summary>
    private static void SetMerged(TableRecord record, TableMerger merger, ArchiveRecords merged)
    {
        merger.RenameColumns(record.Rules.RenamesAfterPeriodMerge);
        merged.SetMerged(record.Name, merger);
    }

    private static void MergeUniques(UniqueRecord record, List<ArchiveRecords> parts, ArchiveRecords merged)
    {
        UniqueCounter? union = null;
        foreach (var part in parts)
        {
            if (part.GetUniques(record.Name) is { } counter)
            {
                (union ??= new UniqueCounter()).Merge(counter);
            }
        }

        if (union is not null)
        {
            merged.SetUniques(record.Name, union);
        }
    }

    /// <summary>Truncates every table of these builders to its row limits and numbers its subtables, as the archive stores them.</summary>
    private void FinishTables(ArchiveRecords records, Site site, IEnumerable<IRecordBuilder> builders) =>
        FinishTables(records, TableRecords(site, builders));

    private void FinishTables(ArchiveRecords records, List<TableRecord> tables)
    {
        foreach (var table in tables)
        {
            var (top, subtable) = _options.RowLimits.For(table.Limits);
            records.FinishTable(table, top, subtable);
        }
    }

    /// <summary>The table records the builders declare for the site (a site's goals and custom dimensions add some).</summary>
    private static List<TableRecord> TableRecords(Site site, IEnumerable<IRecordBuilder> builders)
    {
        var tables = new List<TableRecord>();
        foreach (var builder in builders)
        {
            foreach (var record in builder.RecordsFor(site))
            {
                if (record is TableRecord table)
                {
                    tables.Add(table);
                }
            }
        }

        return tables;
    }

    private static DayLogRequest DayRequest(IRecordBuilder[] builders)
    {
        var visits = new HashSet<string>(StringComparer.Ordinal);
        HashSet<string>? actions = null;
        HashSet<string>? conversions = null;
        HashSet<string>? items = null;
        foreach (var builder in builders)
        {
            var needs = builder.Needs;
            visits.UnionWith(needs.VisitColumns);
            Union(ref actions, needs.ActionColumns);
            Union(ref conversions, needs.ConversionColumns);
            Union(ref items, needs.ItemColumns);
        }

        return new DayLogRequest { VisitColumns = visits, ActionColumns = actions, ConversionColumns = conversions, ItemColumns = items };

        static void Union(ref HashSet<string>? into, IReadOnlyCollection<string>? columns)
        {
            if (columns is not null)
            {
                (into ??= new HashSet<string>(StringComparer.Ordinal)).UnionWith(columns);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Archived site {IdSite} {Period} ({DoneFlag}) in {Milliseconds:F1} ms")]
    private partial void LogArchived(int idSite, string period, string doneFlag, double milliseconds);
}
