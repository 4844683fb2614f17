using Makoto.Core.DataTables;
using Makoto.Reporting.Filters;

namespace Makoto.Reporting.Metrics;

/// <summary>
/// A metric computed at output time from a row's stored columns (Matomo's ProcessedMetric): never
/// archived, always recomputed after aggregation, truncation and flattening. A report lists the ones
/// it shows in <see cref="ReportPresentation.ProcessedMetrics"/>; plugins define their own with the
/// constructor or <see cref="Quotient"/>.
/// </summary>
public sealed class ProcessedMetric
{
    private readonly Func<DataRow, object?> _compute;

    /// <param name="name">The column the metric adds (<c>bounce_rate</c>).</param>
    /// <param name="compute">The value for a row, or null to leave the row without the column.</param>
    /// <param name="type">How <c>format_metrics</c> writes the value.</param>
    public ProcessedMetric(string name, Func<DataRow, object?> compute, MetricType type = MetricType.Number)
    {
        Name = name;
        _compute = compute;
        Type = type;
    }

    public string Name { get; }

    public MetricType Type { get; }

    /// <summary>
    /// False when the metric is computed for the rows of the requested table only and not for the rows
    /// of its subtables shown by <c>expanded=1</c> (Matomo leaves <c>avg_page_load_time</c> out there).
    /// </summary>
    public bool InSubtables { get; init; } = true;

    /// <summary>The metric's value for <paramref name="row"/>, or null when it has none.</summary>
    public object? Compute(DataRow row) => _compute(row);

    /// <summary>
    /// <paramref name="numerator"/> / <paramref name="denominator"/> of the row's columns, rounded to
    /// <paramref name="precision"/> decimals as PHP rounds; 0 when the denominator is 0 or missing.
    /// </summary>
    public static ProcessedMetric Quotient(string name, string numerator, string denominator, int precision, MetricType type = MetricType.Number) =>
        new(name, row => ProcessedMetrics.Quotient(row.NumberOf(numerator), row.NumberOf(denominator), precision), type);

    public override string ToString() => Name;
}
