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
    /// </summary>
    private void BuildMissingDays(Site site, Period period, Segment segment, string plugin, string? record)
    {
        var missing = new List<Period>();
        CollectMissingDays(site, period, segment, plugin, record, missing);
        if (missing.Count < 2)
        {
            return;
        }

        var doneFlag = DoneFlagOf(segment);
        SideBySide(missing, day => GetOrBuild(site, day, segment, doneFlag, BuildDay));
    }

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

    private void CollectMissingDays(Site site, Period period, Segment segment, string plugin, string? record, List<Period> missing)
    {
        foreach (var sub in period.SubPeriods())
        {
            if (!Archivable(site, sub))
            {
                continue;
            }

            if (sub.Type == PeriodType.Day)
            {
                if (!HasFresh(site, sub, DoneFlagOf(segment)))
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
