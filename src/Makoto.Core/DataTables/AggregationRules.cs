namespace Makoto.Core.DataTables;

/// <summary>How the values of one column combine when two rows with the same label are summed.</summary>
public enum ColumnAggregation
{
    /// <summary>Added (PHP's <c>+</c>).</summary>
    Sum,

    /// <summary>The larger value.</summary>
    Max,

    /// <summary>The smaller value.</summary>
    Min,

    /// <summary>The value first seen is kept (texts, ids).</summary>
    First,
}

/// <summary>
/// The column rules of a report for summing rows: by default columns named <c>max_*</c> take the
/// maximum, <c>min_*</c> the minimum and the rest are added (nested arrays such as <c>goals</c>
/// recursively); reports override single columns. Also the renames applied after a longer period is
/// merged from its sub-periods: per-row unique counts are not additive, so Matomo reports their sum
/// under another name (<c>nb_uniq_visitors</c> → <c>sum_daily_nb_uniq_visitors</c>).
/// </summary>
public sealed class AggregationRules
{
    /// <summary>The renames of Matomo's visit reports.</summary>
    public static readonly IReadOnlyDictionary<string, string> VisitUniqueRenames = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["nb_uniq_visitors"] = "sum_daily_nb_uniq_visitors",
        ["nb_users"] = "sum_daily_nb_users",
    };

    private readonly Dictionary<string, ColumnAggregation> _overrides;

    public AggregationRules(
        IReadOnlyDictionary<string, ColumnAggregation>? overrides = null,
        IReadOnlyDictionary<string, string>? renamesAfterPeriodMerge = null)
    {
        _overrides = overrides is null
            ? new Dictionary<string, ColumnAggregation>(StringComparer.Ordinal)
            : new Dictionary<string, ColumnAggregation>(overrides, StringComparer.Ordinal);
        RenamesAfterPeriodMerge = renamesAfterPeriodMerge ?? VisitUniqueRenames;
    }

    /// <summary>Sum, max_*, min_*, and the visit reports' unique-count renames.</summary>
    public static AggregationRules Default { get; } = new();

    /// <summary>Columns renamed (moved to the end of the row) after a period merge; the sums of renamed columns are kept.</summary>
    public IReadOnlyDictionary<string, string> RenamesAfterPeriodMerge { get; }

    public ColumnAggregation For(string column)
    {
        if (_overrides.TryGetValue(column, out var rule))
        {
            return rule;
        }

        if (column.StartsWith("max_", StringComparison.Ordinal))
        {
            return ColumnAggregation.Max;
        }

        return column.StartsWith("min_", StringComparison.Ordinal) ? ColumnAggregation.Min : ColumnAggregation.Sum;
    }
}
