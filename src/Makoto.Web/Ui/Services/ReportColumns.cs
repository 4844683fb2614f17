using Makoto.Core.DataTables;
using Makoto.Reporting.Api;
using Makoto.Reporting.Metrics;

namespace Makoto.Web.Ui.Services;

/// <summary>The column sets of a report table, as Matomo offers them.</summary>
public enum ColumnSet
{
    /// <summary>The report's main metrics.</summary>
    Plain,

    /// <summary>Every metric the report returns.</summary>
    All,

    /// <summary>Visits, then conversions, conversion rate and revenue, for all goals and per goal.</summary>
    Goals,
}

/// <summary>
/// One column of a report table: its title, how a row's value is read and written, and the API column
/// the server sorts by (null for columns computed here, which are sorted among the rows shown).
/// </summary>
public sealed record ReportColumn(string Key, string Title, MetricType Type, Func<DataRow, object?> Value, string? SortKey)
{
    public double Number(DataRow row) => MetricValues.ToDouble(Value(row));
}

/// <summary>Builds the columns of a report table for a column set from the rows the API returned.</summary>
public static class ReportColumns
{
    /// <summary>Columns that are never metrics.</summary>
    private static readonly HashSet<string> s_notMetrics = new(StringComparer.Ordinal) { "label", "goals", "idsubdatatable", "segment", "url", "logo" };

    /// <param name="table">The rows shown (the first level; subtable rows have the same columns).</param>
    /// <param name="kind">What the report's rows carry.</param>
    /// <param name="set">The column set.</param>
    /// <param name="method">The API method, for the metric types it declares.</param>
    /// <param name="goals">The site's goals (id as in the goals column: <c>1</c>, <c>ecommerceOrder</c>) and names.</param>
    /// <param name="idGoal">With <see cref="ColumnSet.Goals"/>, one goal only; null for all goals.</param>
    public static List<ReportColumn> For(DataTable table, MetricKind kind, ColumnSet set, ApiMethod? method, IReadOnlyList<(string Id, string Name)> goals, string? idGoal)
    {
        var present = Present(table);
        return set switch
        {
            ColumnSet.Goals => GoalColumns(present, goals, idGoal),
            ColumnSet.All => [.. Ordered(present, kind).Select(name => Stored(name, method))],
            _ => Plain(present, kind, method),
        };
    }

    /// <summary>True when some row carries conversions per goal, so the goals view has something to show.</summary>
    public static bool HasGoalColumns(DataTable table) => table.AllRows.Any(r => r.Columns.GetValueOrDefault("goals") is OrderedDictionary<string, object?>);

    private static List<ReportColumn> Plain(List<string> present, MetricKind kind, ApiMethod? method)
    {
        var columns = Metrics.PlainColumns(kind).Where(present.Contains).Select(name => Stored(name, method)).ToList();
        if (columns.Count == 0)
        {
            // A report whose metrics are not the usual ones: its first three.
            columns = [.. present.Take(3).Select(name => Stored(name, method))];
        }

        return columns;
    }

    /// <summary>The plain columns first, then the others in the order the API returned them.</summary>
    private static IEnumerable<string> Ordered(List<string> present, MetricKind kind)
    {
        var plain = Metrics.PlainColumns(kind);
        return present.Where(plain.Contains).OrderBy(name => plain.ToList().IndexOf(name)).Concat(present.Where(name => !plain.Contains(name)));
    }

    private static ReportColumn Stored(string name, ApiMethod? method) =>
        new(name, Metrics.Name(name), Metrics.TypeOf(name, method), row => row.Columns.GetValueOrDefault(name), name);

    /// <summary>The metric columns of the rows, in the order they first appear.</summary>
    private static List<string> Present(DataTable table)
    {
        var names = new List<string>();
        foreach (var row in table.AllRows)
        {
            foreach (var (name, value) in row.Columns)
            {
                if (!s_notMetrics.Contains(name) && !name.StartsWith("sum_daily_", StringComparison.Ordinal) && !names.Contains(name) && value is not OrderedDictionary<string, object?>
                    && (value is not string text || double.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out _)))
                {
                    names.Add(name);
                }
            }
        }

        return names;
    }

    private static List<ReportColumn> GoalColumns(List<string> present, IReadOnlyList<(string Id, string Name)> goals, string? idGoal)
    {
        var columns = new List<ReportColumn>();
        if (present.Contains("nb_visits"))
        {
            columns.Add(new ReportColumn("nb_visits", Metrics.Name("nb_visits"), MetricType.Number, row => row.Columns.GetValueOrDefault("nb_visits"), "nb_visits"));
        }

        var selected = idGoal is null ? goals : goals.Where(g => g.Id == idGoal).ToList();
        string[] keys = [.. selected.Select(g => "idgoal=" + g.Id)];
        columns.Add(new ReportColumn("goals_nb_conversions", "Conversions", MetricType.Number, row => Sum(row, keys, "nb_conversions"), null));
        columns.Add(new ReportColumn("goals_conversion_rate", "Conversion rate", MetricType.Percent,
            row => Rate(idGoal is null ? row.GetNumber("nb_visits_converted") : Sum(row, keys, "nb_conversions"), row.GetNumber("nb_visits")), null));
        columns.Add(new ReportColumn("goals_revenue", "Revenue", MetricType.Money, row => Sum(row, keys, "revenue"), null));
        columns.Add(new ReportColumn("goals_revenue_per_visit", "Revenue per visit", MetricType.Money, row => Rate(Sum(row, keys, "revenue"), row.GetNumber("nb_visits")), null));
        if (idGoal is null)
        {
            foreach (var (id, name) in goals)
            {
                var key = "idgoal=" + id;
                columns.Add(new ReportColumn(key + "_nb_conversions", name + ": conversions", MetricType.Number, row => Sum(row, [key], "nb_conversions"), null));
                columns.Add(new ReportColumn(key + "_revenue", name + ": revenue", MetricType.Money, row => Sum(row, [key], "revenue"), null));
            }
        }

        return columns;
    }

    private static double Rate(double numerator, double denominator) => denominator == 0 ? 0 : numerator / denominator;

    /// <summary>The sum of one metric of the goals column over the goals of <paramref name="keys"/>.</summary>
    public static double Sum(DataRow row, IReadOnlyList<string> keys, string metric)
    {
        if (row.Columns.GetValueOrDefault("goals") is not OrderedDictionary<string, object?> goals)
        {
            return 0;
        }

        var sum = 0.0;
        foreach (var key in keys)
        {
            if (goals.GetValueOrDefault(key) is OrderedDictionary<string, object?> goal)
            {
                sum += MetricValues.ToDouble(goal.GetValueOrDefault(metric));
            }
        }

        return sum;
    }
}
