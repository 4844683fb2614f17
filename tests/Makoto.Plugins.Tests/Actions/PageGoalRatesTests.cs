using Makoto.Archiving;
using Makoto.Core.DataTables;
using Makoto.Plugins.Actions.Api;

namespace Makoto.Plugins.Tests.Actions;

/// <summary>The page rate of goal conversions (Matomo's CalculateConversionPageRate), against totals worked out by hand.</summary>
public sealed class PageGoalRatesTests
{
    [Fact]
    public void Rates_are_the_page_share_of_the_period_conversions_at_most_one_on_the_shown_rows_only()
    {
        var child = Row("/post", ("idgoal=1", 3));
        var folder = Row("blog", ("idgoal=1", 9), ("idgoal=ecommerceAbandonedCart", 2));
        folder.Subtable = new DataTable();
        folder.Subtable.Rows.Add(child);
        var table = new DataTable();
        table.Rows.Add(folder);
        table.Rows.Add(Row("/index", ("idgoal=1", 2), ("idgoal=2", 1)));

        var records = new ArchiveRecords();
        records.SetNumeric("Goal_1_nb_conversions", 6);
        records.SetNumeric("Goal_-1_nb_conversions", 3);

        PageGoalRates.Compute(table, records);

        Assert.Equal(1.0, Rate(folder, "idgoal=1")); // 9 / 6, capped
        Assert.Equal(0.667, Rate(folder, "idgoal=ecommerceAbandonedCart")); // 2 / 3, added after the other metrics
        Assert.Equal("nb_conversions_page_rate", Goal(folder, "idgoal=ecommerceAbandonedCart").Keys.Last());
        Assert.Equal(0.333, Rate(table.Rows[1], "idgoal=1")); // 2 / 6
        Assert.Equal(0.0, Rate(table.Rows[1], "idgoal=2")); // no total for goal 2
        Assert.Equal(0L, Goal(child, "idgoal=1")["nb_conversions_page_rate"]); // subtable rows keep the archived 0
    }

    [Fact]
    public void Without_any_total_the_archived_rates_stay()
    {
        var table = new DataTable();
        table.Rows.Add(Row("/index", ("idgoal=1", 2)));
        PageGoalRates.Compute(table, new ArchiveRecords());
        Assert.Equal(0L, Goal(table.Rows[0], "idgoal=1")["nb_conversions_page_rate"]);
    }

    private static DataRow Row(string label, params (string Key, long Viewed)[] goals)
    {
        var row = new DataRow { Label = label };
        var column = new OrderedDictionary<string, object?>(StringComparer.Ordinal);
        foreach (var (key, viewed) in goals)
        {
            var metrics = new OrderedDictionary<string, object?>(StringComparer.Ordinal) { ["nb_conversions"] = viewed };
            if (key != "idgoal=ecommerceAbandonedCart")
            {
                metrics["nb_conversions_page_rate"] = 0L;
            }

            metrics["nb_conversions_page_uniq"] = viewed;
            column[key] = metrics;
        }

        row.Columns["goals"] = column;
        return row;
    }

    private static OrderedDictionary<string, object?> Goal(DataRow row, string key) =>
        (OrderedDictionary<string, object?>)((OrderedDictionary<string, object?>)row.Columns["goals"]!)[key]!;

    private static double Rate(DataRow row, string key) => (double)Goal(row, key)["nb_conversions_page_rate"]!;
}
