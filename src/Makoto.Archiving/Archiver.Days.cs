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
    /// The most days built at once for one merge: each reads its logs on up to four reader connections of its
    /// own (visits, actions, conversions, items) and holds its day's aggregates in memory.
    /// </summary>
    private const int MaxParallelDays = 8;

    /// <summary>
    /// Builds, in parallel (as many at a time as there are processors, at most <see cref="MaxParallelDays"/>),
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
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = Math.Min(Environment.ProcessorCount, MaxParallelDays) };
        try
        {
            Parallel.ForEach(missing, parallel, day => GetOrBuild(site, day, segment, doneFlag, BuildDay));
        }
        catch (AggregateException error) when (error.InnerExceptions.Count > 0)
        {
            // The error of a day (an unusable segment, a failed read) as the merge would have thrown it.
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
