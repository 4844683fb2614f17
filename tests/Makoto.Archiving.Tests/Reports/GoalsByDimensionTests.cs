using Makoto.Archiving.Reports;
using Makoto.Core.DataTables;
using Makoto.Storage.Logs;

namespace Makoto.Archiving.Tests.Reports;

/// <summary>Conversion groups in the order of Matomo's SQL and the totals written after them.</summary>
public class GoalsByDimensionTests
{
    private static ConversionRow Conversion(long idVisit, int idGoal, double revenue) =>
        new() { IdVisit = idVisit, IdGoal = idGoal, Revenue = revenue };

    [Fact]
    public void Groups_come_by_goal_then_by_key()
    {
        var goals = new GoalsByDimension<string>();
        goals.Add("b", Conversion(1, 2, 3));
        goals.Add("a", Conversion(2, 2, 3));
        goals.Add("b", Conversion(1, GoalsByDimension<string>.AbandonedCart, 10));
        goals.Add("c", Conversion(3, 1, 5));

        var groups = goals.GroupsByGoal(StringComparer.Ordinal).ToList();

        Assert.Equal([("b", -1), ("c", 1), ("a", 2), ("b", 2)], groups);
    }

    [Fact]
    public void Each_goals_column_is_a_new_value()
    {
        var goals = new GoalsByDimension<string>();
        goals.Add("a", Conversion(1, 1, 2.5));
        goals.Add("a", Conversion(2, 1, 2.5));

        var first = goals.GoalsColumn("a", 1);
        var second = goals.GoalsColumn("a", 1);

        Assert.NotSame(first[0].Value, second[0].Value);
        var metrics = (OrderedDictionary<string, object?>)((OrderedDictionary<string, object?>)first[0].Value!)["idgoal=1"]!;
        Assert.Equal(2L, metrics["nb_conversions"]);
        Assert.Equal(2L, metrics["nb_visits_converted"]);
        Assert.Equal(5L, metrics["revenue"]);
    }

    [Fact]
    public void A_row_made_by_conversions_only_gets_no_visits()
    {
        var goals = new GoalsByDimension<string>();
        goals.Add("kettle", Conversion(1, 1, 5));
        goals.Add("kettle", Conversion(1, GoalsByDimension<string>.AbandonedCart, 40));
        var accumulator = new TableAccumulator();
        foreach (var (key, idGoal) in goals.GroupsByGoal(StringComparer.Ordinal))
        {
            accumulator.SumRow(key, goals.GoalsColumn(key, idGoal));
        }

        var table = accumulator.ToTable();
        GoalsByDimension<string>.WriteTotals(table);

        // The abandoned cart is not a conversion of the row's totals.
        var row = Assert.Single(table.Rows);
        Assert.Equal(["label", "goals", "nb_conversions", "revenue", "nb_visits"], row.Columns.Keys);
        Assert.Equal(1L, row["nb_conversions"]);
        Assert.Equal(5L, row["revenue"]);
        Assert.Equal(0L, row["nb_visits"]);
    }
}
