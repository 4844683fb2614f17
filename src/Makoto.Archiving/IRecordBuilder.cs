using Makoto.Core.Periods;
using Makoto.Core.Segments;
using Makoto.Core.Sites;
using Makoto.Storage.Logs;

namespace Makoto.Archiving;

/// <summary>
/// A plugin's contribution to archiving: it declares its records and what it reads of the logs,
/// consumes one day's logs (streamed once, visit by visit, for all builders) and produces the day's
/// records. Longer periods are merged from their sub-periods by the archiver following the record
/// declarations; <see cref="CompletePeriod"/> adds what a merge cannot produce. Builders are
/// singletons; per-day state lives in the <see cref="IDayAggregator"/>.
/// </summary>
public interface IRecordBuilder
{
    /// <summary>The plugin that owns the records (e.g. <c>VisitsSummary</c>).</summary>
    string Plugin { get; }

    /// <summary>The log columns the builder reads.</summary>
    LogNeeds Needs { get; }

    /// <summary>The records the builder produces, with how each merges into longer periods.</summary>
    IReadOnlyList<ArchiveRecord> Records { get; }

    /// <summary>
    /// The records of one site's archives: <see cref="Records"/>, unless their names depend on the
    /// site's settings (one record per goal, say). Periods merge and truncate exactly these.
    /// </summary>
    IReadOnlyList<ArchiveRecord> RecordsFor(Site site) => Records;

    /// <summary>Starts aggregating one day.</summary>
    IDayAggregator StartDay(ArchiveContext context);

    /// <summary>
    /// Adds what cannot be merged from sub-periods to the records of a longer period, after the merge: the
    /// numbers it sets are declared <see cref="NumericAggregation.None"/> (the others are merged alone into a
    /// period's partial archive of numbers, which does not call this).
    /// </summary>
    void CompletePeriod(ArchiveContext context, ArchiveRecords records)
    {
    }
}

/// <summary>The per-day state of one record builder.</summary>
public interface IDayAggregator
{
    /// <summary>
    /// One visit's logs of the day (see <see cref="VisitLog"/>), in visit id order. The log and its rows are
    /// refilled for the next visit after this call: keep values, never the objects.
    /// </summary>
    void OnVisit(VisitLog visit);

    /// <summary>Writes the day's records; the archiver then truncates tables and numbers subtables.</summary>
    void Finish(ArchiveRecords records);
}

/// <summary>
/// The log columns a builder reads. Visits are always streamed; actions, conversions and ecommerce
/// items only when some builder asks for columns of them (an empty list still streams the rows with
/// their ids: <c>idvisit</c>, and <c>idlink_va</c> for actions).
/// </summary>
public sealed class LogNeeds
{
    public IReadOnlyCollection<string> VisitColumns { get; init; } = [];

    public IReadOnlyCollection<string>? ActionColumns { get; init; }

    public IReadOnlyCollection<string>? ConversionColumns { get; init; }

    public IReadOnlyCollection<string>? ItemColumns { get; init; }
}

/// <summary>What is being archived: site, period (with its UTC bounds), segment, the log access and the settings.</summary>
public sealed class ArchiveContext
{
    public ArchiveContext(Site site, Period period, LogReader logs, ArchivingOptions options)
    {
        Site = site;
        Period = period;
        Logs = logs;
        Options = options;
        UtcBounds = SiteTimeZones.UtcBounds(period.Start, period.End, site.TimeZone);
        Actions = new ActionNames(logs);
    }

    public Site Site { get; }

    public Period Period { get; }

    /// <summary>The segment whose archive is built (<see cref="Segment.None"/> for all visits).</summary>
    public Segment Segment { get; init; } = Segment.None;

    public LogReader Logs { get; }

    public ArchivingOptions Options { get; }

    /// <summary>[start, end) in UTC of the period's local days.</summary>
    public (DateTime StartUtc, DateTime EndUtc) UtcBounds { get; }

    /// <summary>Names of <c>log_action</c> ids, loaded in batches and cached for this archiving run.</summary>
    public ActionNames Actions { get; }
}

/// <summary>
/// Resolves <c>log_action</c> ids to their names for one archiving run. Builders aggregate by id while
/// they stream and resolve the ids they kept with one <see cref="Load"/> before writing their records.
/// Builders finish side by side, so the names are shared between threads: reads take no lock, loads
/// take one (a name is loaded once even when two builders ask for it together).
/// </summary>
public sealed class ActionNames(LogReader logs)
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<long, LogActionName> _names = [];
    private readonly Lock _loading = new();

    /// <summary>Loads the names of the ids not loaded yet.</summary>
    public void Load(IEnumerable<long> ids)
    {
        lock (_loading)
        {
            var missing = new HashSet<long>();
            foreach (var id in ids)
            {
                if (id > 0 && !_names.ContainsKey(id))
                {
                    missing.Add(id);
                }
            }

            foreach (var (id, name) in logs.ActionNames(missing))
            {
                _names[id] = name;
            }
        }
    }

    /// <summary>The action with this id (loaded on demand when <see cref="Load"/> did not include it), or null.</summary>
    public LogActionName? Get(long? id)
    {
        if (id is not > 0)
        {
            return null;
        }

        if (!_names.TryGetValue(id.Value, out var name))
        {
            Load([id.Value]);
            _names.TryGetValue(id.Value, out name);
        }

        return name;
    }
}
