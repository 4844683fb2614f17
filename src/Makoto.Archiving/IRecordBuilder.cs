using Makoto.Core.Periods;
using Makoto.Core.Sites;
using Makoto.Storage.Logs;

namespace Makoto.Archiving;

/// <summary>
/// A plugin's contribution to archiving: it consumes one day's log rows (streamed once for all
/// builders) and produces records, and it says how its records of sub-periods merge into longer
/// periods. Builders are singletons; per-day state lives in the <see cref="IDayAggregator"/>.
/// </summary>
public interface IRecordBuilder
{
    /// <summary>The plugin that owns the records (e.g. <c>VisitsSummary</c>).</summary>
    string Plugin { get; }

    /// <summary>The <c>log_visit</c> columns the builder reads.</summary>
    IReadOnlyCollection<string> VisitColumns { get; }

    /// <summary>The numeric records the builder produces and how each is merged across periods.</summary>
    IReadOnlyDictionary<string, NumericAggregation> Numerics { get; }

    /// <summary>Starts aggregating one day.</summary>
    IDayAggregator StartDay(ArchiveContext context);

    /// <summary>
    /// Adds what cannot be merged from sub-periods (e.g. unique visitors of a week) to the records of
    /// a longer period, after the merge.
    /// </summary>
    void CompletePeriod(ArchiveContext context, ArchiveRecords records);
}

/// <summary>The per-day state of one record builder.</summary>
public interface IDayAggregator
{
    void OnVisit(VisitRow visit);

    void Finish(ArchiveRecords records);
}

/// <summary>What is being archived: site, period (with its UTC bounds) and the log reader.</summary>
public sealed class ArchiveContext(Site site, Period period, LogReader logs)
{
    public Site Site { get; } = site;

    public Period Period { get; } = period;

    public LogReader Logs { get; } = logs;

    /// <summary>[start, end) in UTC of the period's local days.</summary>
    public (DateTime StartUtc, DateTime EndUtc) UtcBounds { get; } = SiteTimeZones.UtcBounds(period.Start, period.End, site.TimeZone);
}
