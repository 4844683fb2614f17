using Makoto.Core.DataTables;
using Makoto.Storage.Logs;

namespace Makoto.Archiving.Reports;

/// <summary>
/// A report table of visits grouped by one label expression — Matomo's
/// <c>queryVisitsByDimension(['label' => sql])</c> — and, for reports with goal metrics, conversions
/// grouped by the same expression on <c>log_conversion</c>. Groups follow MySQL: labels compare without
/// case (the first spelling seen names the group), SQL NULL is a group of its own that reads as the
/// empty label, and the groups come in the order of the GROUP BY (NULL first, then by label, numerically
/// for numeric columns). Groups that share a label (NULL and <c>''</c>) are summed into one row.
/// </summary>
public sealed class LabelTable
{
    /// <summary>Stands for SQL NULL among the labels; sorts before every real label.</summary>
    private const string NullKey = "\0";

    private readonly VisitsByDimension<string> _visits = new(StringComparer.OrdinalIgnoreCase);
    private readonly GoalsByDimension<string>? _goals;
    private readonly IComparer<string> _order;

    /// <param name="withGoals">Adds the <c>goals</c> column and the conversion totals to the rows.</param>
    /// <param name="numeric">The label is a number column (ordered numerically).</param>
    public LabelTable(bool withGoals = false, bool numeric = false)
    {
        _goals = withGoals ? new GoalsByDimension<string>(StringComparer.OrdinalIgnoreCase) : null;
        _order = numeric ? NumericOrder.Instance : TextOrder.Instance;
    }

    /// <summary>Counts a visit under <paramref name="label"/> (null for SQL NULL).</summary>
    public void Add(string? label, VisitRow visit) => _visits.Add(label ?? NullKey, visit);

    /// <summary>Counts a conversion under <paramref name="label"/> (null for SQL NULL); ignored without goals.</summary>
    public void Add(string? label, ConversionRow conversion) => _goals?.Add(label ?? NullKey, conversion);

    /// <summary>The day's table: one row per label, goals and their totals when asked for.</summary>
    public DataTable ToTable(Func<string, bool>? keep = null)
    {
        var accumulator = new TableAccumulator();
        _visits.AddTo(accumulator, key => Keep(Label(key)), _order);
        _goals?.AddTo(accumulator, key => Keep(Label(key)));
        var table = accumulator.ToTable();
        if (_goals is not null)
        {
            GoalsByDimension<string>.WriteTotals(table);
        }

        return table;

        string? Keep(string label) => keep is null || keep(label) ? label : null;
    }

    /// <summary>SQL <c>CONCAT(a, ';', b)</c>: null when a part is null.</summary>
    public static string? Concat(string? first, string? second) => first is null || second is null ? null : first + ";" + second;

    /// <summary>SQL <c>CONCAT(a, ';', b, ';', c)</c>: null when a part is null.</summary>
    public static string? Concat(string? first, string? second, string? third) =>
        first is null || second is null || third is null ? null : first + ";" + second + ";" + third;

    private static string Label(string key) => key == NullKey ? "" : key;

    private sealed class TextOrder : IComparer<string>
    {
        public static readonly TextOrder Instance = new();

        public int Compare(string? x, string? y) => StringComparer.OrdinalIgnoreCase.Compare(x, y);
    }

    private sealed class NumericOrder : IComparer<string>
    {
        public static readonly NumericOrder Instance = new();

        public int Compare(string? x, string? y)
        {
            var a = x == NullKey ? double.NegativeInfinity : MetricValues.ToDouble(x);
            var b = y == NullKey ? double.NegativeInfinity : MetricValues.ToDouble(y);
            return a.CompareTo(b);
        }
    }
}
