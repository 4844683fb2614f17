using System.Collections.Concurrent;
using Makoto.Core.Periods;
using Makoto.Core.Segments;
using Makoto.Core.Sites;
using Makoto.Storage.Archives;

namespace Makoto.Archiving;

/// <summary>
/// The day archives a period merge is about to read, built side by side when several are missing: a range of
/// a segment never requested before (or of days invalidated together) reads each of its days from the logs, and
/// one after the other they take as many times one day as the range has days.
/// </summary>
public sealed partial class Archiver
{
    /// <summary>
    /// The most pieces of work run side by side (<see cref="SideBySide"/>): days built for one merge (each reads its
    /// logs on up to four reader connections of its own and holds its day's aggregates in memory), a range's longer
    /// sub-periods, a day's builders finishing.
    /// </summary>
    private const int MaxSideBySide = 8;

    /// <summary>
    /// Builds, in parallel (as many at a time as there are processors, at most <see cref="MaxSideBySide"/>),
    /// the missing day archives that merging <paramref name="plugin"/>'s records (or its table
    /// <paramref name="record"/> alone) for the period will read: its days, and the days of its sub-periods
    /// whose archive of the plugin (or of that table) is missing too. Each day goes through
    /// <see cref="GetOrBuild"/> and its per-archive gate, so a day another request is building at the same
    /// time is waited for, not built twice; the merge then finds every day archive valid and reads them.
    /// Returns the period's own days found valid before (<see cref="FreshDays"/>), which the merge reads without
    /// looking them up again.
    /// </summary>
    private Dictionary<DateOnly, ArchiveInfo> BuildMissingDays(Site site, Period period, Segment segment, string plugin, string? record)
    {
        var missing = new List<Period>();
        var fresh = CollectMissingDays(site, period, segment, plugin, record, missing);
        if (missing.Count >= 2)
        {
            var doneFlag = DoneFlagOf(segment);
            SideBySide(missing, day => GetOrBuild(site, day, segment, doneFlag, BuildDay));
        }

        return fresh;
    }

    /// <summary>
    /// The records of one of a merge's days: the archive found valid before the merge (<paramref name="fresh"/>,
    /// from <see cref="BuildMissingDays"/>) as it is, otherwise through <see cref="GetOrBuild"/> (built since, or
    /// to build).
    /// </summary>
    private ArchiveRecords DayRecords(Site site, Period day, Segment segment, Dictionary<DateOnly, ArchiveInfo> fresh) =>
        fresh.TryGetValue(day.Start, out var found)
            ? Load(day, found)
            : GetOrBuild(site, day, segment, DoneFlagOf(segment), BuildDay);

    /// <summary>
    /// Runs <paramref name="work"/> on every item side by side, as many at a time as there are processors (at most
    /// <see cref="MaxSideBySide"/>), each thread taking the next item when it is done with one, in the items' order
    /// (no chunks: every item is a sizeable piece of work, and a thread holding two of the last items while the other
    /// waits idle was measured on a range's months). The first error is thrown as the work threw it (an unusable
    /// segment, a failed read), as running the items one after the other would have thrown it. Record builders use it
    /// to finish a day's tables side by side too.
    /// </summary>
    public static void SideBySide<T>(IEnumerable<T> items, Action<T> work)
    {
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = Math.Min(Environment.ProcessorCount, MaxSideBySide) };
        try
        {
            Parallel.ForEach(Partitioner.Create(items, EnumerablePartitionerOptions.NoBuffering), parallel, work);
        }
        catch (AggregateException error) when (error.InnerExceptions.Count > 0)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(error.InnerExceptions[0]);
        }
    }

    /// <summary>
    /// Adds to <paramref name="missing"/> the days of the period, and of its longer sub-periods without an archive of the
    /// plugin (or of the table), that have no valid archive; returns the period's own days that have one.
    /// </summary>
    private Dictionary<DateOnly, ArchiveInfo> CollectMissingDays(Site site, Period period, Segment segment, string plugin, string? record, List<Period> missing)
    {
        var fresh = FreshDays(site, period, segment);
        foreach (var sub in period.SubPeriods())
        {
            if (!Archivable(site, sub))
            {
                continue;
            }

            if (sub.Type == PeriodType.Day)
            {
                if (!fresh.ContainsKey(sub.Start))
                {
                    missing.Add(sub);
                }
            }
            else if (!HasFresh(site, sub, PluginDoneFlag(segment, plugin))
                && (record is null || !HasFresh(site, sub, RecordDoneFlag(segment, plugin, record))))
            {
                CollectMissingDays(site, sub, segment, plugin, record, missing);
            }
        }

        return fresh;
    }

    /// <summary>
    /// The period's own days (its sub-periods that are days) whose archive of the segment <see cref="ReadValid"/> would
    /// serve as it is, each with that archive: looked up a run of consecutive days at a time
    /// (<see cref="ArchiveStore.FindLatestDays"/>: a month's 30 days in one query, not 30).
    /// </summary>
    private Dictionary<DateOnly, ArchiveInfo> FreshDays(Site site, Period period, Segment segment)
    {
        var fresh = new Dictionary<DateOnly, ArchiveInfo>();
        DateOnly? first = null;
        var last = default(DateOnly);
        foreach (var sub in period.SubPeriods())
        {
            if (sub.Type != PeriodType.Day || !Archivable(site, sub))
            {
                continue;
            }

            if (first is not null && sub.Start != last.AddDays(1))
            {
                AddFresh(first.Value, last);
                first = null;
            }

            first ??= sub.Start;
            last = sub.Start;
        }

        if (first is not null)
        {
            AddFresh(first.Value, last);
        }

        return fresh;

        void AddFresh(DateOnly from, DateOnly to)
        {
            foreach (var (day, found) in _store.FindLatestDays(site.IdSite, from, to, DoneFlagOf(segment), ArchiveStatus.Ok, ArchiveStatus.OkTemporary))
            {
                if (IsFresh(site, Period.Day(day), found.TsArchived))
                {
                    fresh.Add(day, found);
                }
            }
        }
    }

    /// <summary>
    /// Whether the period has an archive with this done flag that <see cref="ReadValid"/> would serve as it is: one
    /// look-up, without reading the archive (a day kept for good after its logs were deleted counts as missing here,
    /// and <see cref="GetOrBuild"/> then finds it without building).
    /// </summary>
    private bool HasFresh(Site site, Period period, string doneFlag) =>
        _store.FindLatest(site.IdSite, period, doneFlag, ArchiveStatus.Ok, ArchiveStatus.OkTemporary) is { } found
        && IsFresh(site, period, found.TsArchived);
}
