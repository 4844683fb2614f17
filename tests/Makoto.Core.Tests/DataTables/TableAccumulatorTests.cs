using Makoto.Core.DataTables;

namespace Makoto.Core.Tests.DataTables;

public class TableAccumulatorTests
{
    private static KeyValuePair<string, object?>[] Columns(params (string Name, object? Value)[] columns) =>
        [.. columns.Select(c => new KeyValuePair<string, object?>(c.Name, c.Value))];

    [Fact]
    public void A_label_seen_once_keeps_its_values_as_given_and_a_second_one_sums_into_numbers()
    {
        // Matomo's day rows keep MySQL's types (SUM() as decimal strings) until summed with another row.
        var accumulator = new TableAccumulator();
        accumulator.SumRow("French", Columns(("nb_visits", 9L), ("nb_actions", "67"), ("max_actions", 16L)));
        accumulator.SumRow("German", Columns(("nb_visits", 70L), ("nb_actions", "290"), ("max_actions", 16L)));
        accumulator.SumRow("German", Columns(("nb_visits", 10L), ("nb_actions", "17"), ("max_actions", 19L)));

        var table = accumulator.ToTable();
        var french = table.Rows[0];
        Assert.Equal("French", french.Label);
        Assert.Equal("67", french["nb_actions"]);
        Assert.Equal(9L, french["nb_visits"]);

        var german = table.Rows[1];
        Assert.Equal(80L, german["nb_visits"]);
        Assert.Equal(307L, german["nb_actions"]); // "290" + "17" as PHP adds them: an integer
        Assert.Equal(19L, german["max_actions"]);
    }

    [Fact]
    public void Nested_goal_metrics_sum_recursively_and_max_min_columns_keep_extremes()
    {
        static OrderedDictionary<string, object?> Goals(long conversions, double revenue) => new(StringComparer.Ordinal)
        {
            ["idgoal=1"] = new OrderedDictionary<string, object?>(StringComparer.Ordinal) { ["nb_conversions"] = conversions, ["revenue"] = revenue },
        };

        var accumulator = new TableAccumulator();
        accumulator.SumRow("x", Columns(("goals", Goals(1, 12)), ("min_event_value", 3.0), ("max_event_value", 3.0)));
        accumulator.SumRow("x", Columns(("goals", Goals(2, 24)), ("min_event_value", 1.0), ("max_event_value", 7.0)));

        var row = accumulator.ToTable().Rows[0];
        var goal = (OrderedDictionary<string, object?>)((OrderedDictionary<string, object?>)row["goals"]!)["idgoal=1"]!;
        Assert.Equal(3L, goal["nb_conversions"]);
        Assert.Equal(36.0, goal["revenue"]);
        Assert.Equal(1.0, row["min_event_value"]);
        Assert.Equal(7.0, row["max_event_value"]);
    }

    [Fact]
    public void Truncate_keeps_the_top_rows_and_sums_the_rest_into_others()
    {
        var table = new DataTable();
        foreach (var (label, visits) in new[] { ("a", 1L), ("b", 5L), ("c", 3L), ("d", 3L), ("e", 2L) })
        {
            table.Rows.Add(Row(label, visits));
        }

        table.Truncate(maxRows: 3, maxSubtableRows: 0, "nb_visits", AggregationRules.Default);

        // Sorted by visits (ties keep their order: c before d); two rows kept plus "Others" = 3 + 2 + 1.
        Assert.Equal(["b", "c"], table.Rows.Select(r => r.Label));
        Assert.Equal(DataTable.SummaryRowLabel, table.SummaryRow!.Label);
        Assert.Equal(6L, table.SummaryRow["nb_visits"]);
    }

    [Fact]
    public void A_table_within_its_limit_keeps_its_order()
    {
        var table = new DataTable();
        table.Rows.Add(Row("small", 1));
        table.Rows.Add(Row("large", 9));
        table.Truncate(maxRows: 2, maxSubtableRows: 0, "nb_visits", AggregationRules.Default);
        Assert.Equal(["small", "large"], table.Rows.Select(r => r.Label));
        Assert.Null(table.SummaryRow);
    }

    [Fact]
    public void Subtable_ids_are_numbered_depth_first_from_one()
    {
        // shop(1) → tea(2), coffee(3); magazine(4) → 2026(5): the numbering Matomo's archives use.
        var shop = Row("shop", 1);
        shop.Subtable = new DataTable();
        var tea = Row("tea", 1);
        tea.Subtable = new DataTable();
        tea.Subtable.Rows.Add(Row("/green", 1));
        shop.Subtable.Rows.Add(tea);
        shop.Subtable.Rows.Add(Row("/index", 1));
        var coffee = Row("coffee", 1);
        coffee.Subtable = new DataTable();
        shop.Subtable.Rows.Add(coffee);
        var magazine = Row("magazine", 1);
        magazine.Subtable = new DataTable();
        var year = Row("2026", 1);
        year.Subtable = new DataTable();
        magazine.Subtable.Rows.Add(year);
        var root = new DataTable();
        root.Rows.Add(shop);
        root.Rows.Add(Row("/index", 1));
        root.Rows.Add(magazine);

        Assert.Equal(5, root.AssignSubtableIds());
        Assert.Equal(1, shop.IdSubtable);
        Assert.Equal(2, tea.IdSubtable);
        Assert.Equal(3, coffee.IdSubtable);
        Assert.Equal(4, magazine.IdSubtable);
        Assert.Equal(5, year.IdSubtable);
        Assert.Null(root.Rows[1].IdSubtable);
        Assert.Same(year.Subtable, root.FindSubtable(5));
        Assert.Null(root.FindSubtable(6));
    }

    [Fact]
    public void Renamed_columns_move_to_the_end_of_the_row_in_the_whole_tree()
    {
        var row = new DataRow();
        row.Columns["label"] = "x";
        row.Columns["nb_uniq_visitors"] = 3L;
        row.Columns["nb_visits"] = 4L;
        row.Columns["nb_users"] = 1L;
        row.Subtable = new DataTable();
        var child = Row("y", 1);
        child.Columns["nb_uniq_visitors"] = 1L;
        row.Subtable.Rows.Add(child);
        var table = new DataTable();
        table.Rows.Add(row);

        table.RenameColumns(AggregationRules.VisitUniqueRenames);

        Assert.Equal(["label", "nb_visits", "sum_daily_nb_uniq_visitors", "sum_daily_nb_users"], row.Columns.Keys);
        Assert.Equal(3L, row["sum_daily_nb_uniq_visitors"]);
        Assert.Equal(1L, child["sum_daily_nb_uniq_visitors"]);
    }

    private static DataRow Row(string label, long visits)
    {
        var row = new DataRow();
        row.Columns["label"] = label;
        row.Columns["nb_visits"] = visits;
        return row;
    }
}
