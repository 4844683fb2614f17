using System.Globalization;
using System.Text;
using Makoto.Core.DataTables;

namespace Makoto.Core.Tests.DataTables;

/// <summary>
/// Period merges of whole tables, each test run twice: from the tables (<see cref="TableMerger.AddTable"/>)
/// and straight from their archived blobs (<see cref="TableMerger.AddBlob"/>).
/// </summary>
public class TableMergerTests
{
    private static KeyValuePair<string, object?>[] Columns(params (string Name, object? Value)[] columns) =>
        [.. columns.Select(c => new KeyValuePair<string, object?>(c.Name, c.Value))];

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Merging_tables_turns_every_value_into_a_number_and_keeps_first_seen_order(bool fromBlobs)
    {
        var day1 = new TableAccumulator();
        day1.SumRow("b", Columns(("nb_visits", 2L), ("nb_actions", "5"), ("revenue", 1.5)));
        var day2 = new TableAccumulator();
        day2.SumRow("a", Columns(("nb_visits", 1L), ("nb_actions", "1")));
        day2.SumRow("b", Columns(("nb_visits", 3L), ("nb_actions", "4"), ("revenue", 2.25)));

        var table = Merge(fromBlobs, AggregationRules.Default, day1.ToTable(), day2.ToTable());

        Assert.Equal(["b", "a"], table.Rows.Select(r => r.Label));
        Assert.Equal(5L, table.Rows[0]["nb_visits"]);
        Assert.Equal(9L, table.Rows[0]["nb_actions"]);
        Assert.Equal(3.75, table.Rows[0]["revenue"]);
        Assert.Equal(1L, table.Rows[1]["nb_actions"]); // "1" from a single day still becomes a number
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Max_and_min_merge_as_php_does_when_values_are_missing_or_zero(bool fromBlobs)
    {
        // Matomo's Row::sumRow: max is PHP's max($current, $value) with a missing column being false, so
        // a period whose days had no value keeps false; min lets a falsy side (0, null, false) give way.
        var day1 = new TableAccumulator();
        day1.SumRow("none", Columns(("min_event_value", 0.0), ("max_event_value", 0.0)));
        day1.SumRow("some", Columns(("min_event_value", 0.0), ("max_event_value", 0.0)));
        var day2 = new TableAccumulator();
        day2.SumRow("none", Columns(("min_event_value", 0.0), ("max_event_value", 0.0)));
        day2.SumRow("some", Columns(("min_event_value", 37.0), ("max_event_value", 37.0)));
        day2.SumRow("some", Columns(("min_event_value", 2.0), ("max_event_value", null)));

        var table = Merge(fromBlobs, AggregationRules.Default, day1.ToTable(), day2.ToTable());

        var none = table.Rows[0];
        Assert.Equal(false, none["max_event_value"]);
        Assert.Equal(0.0, none["min_event_value"]);
        var some = table.Rows[1];
        Assert.Equal(37.0, some["max_event_value"]);
        Assert.Equal(2.0, some["min_event_value"]); // the day's zero does not count as a minimum
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Numeric_texts_merge_by_sum_max_and_min_whatever_their_form(bool fromBlobs)
    {
        // MySQL's integer and decimal texts ("5", "0.5230"; stored as numbers in blobs when canonical) and texts
        // that are not canonical ("05", "+5", "-0", "1e3", stored as texts) merge as PHP's + and max/min of them.
        var day1 = new DataTable();
        day1.Rows.Add(TextRow(("nb_visits", "5"), ("nb_hits", "05"), ("sum_time", "0.5230"), ("ratio", 1.5), ("max_time", "5"),
            ("min_time", "0.5230"), ("revenue", "1e3"), ("nb_actions", "-12"), ("goals", Goals("2", "10.50"))));
        day1.Rows[0].Metadata["url"] = "5";
        var day2 = new DataTable();
        day2.Rows.Add(TextRow(("nb_visits", "7"), ("nb_hits", "5"), ("sum_time", "0.25"), ("ratio", "5"), ("max_time", "12"),
            ("min_time", "7"), ("revenue", 1L), ("nb_actions", "20"), ("goals", Goals("3", "4.25"))));
        day2.Rows[0].Metadata["url"] = "6";
        var day3 = new DataTable();
        day3.Rows.Add(TextRow(("nb_visits", "+5"), ("max_time", "-0"), ("min_time", "0"), ("goals", Goals("05", "1"))));

        var row = Assert.Single(Merge(fromBlobs, AggregationRules.Default, day1, day2, day3).Rows);

        Assert.Equal(17L, row["nb_visits"]); // 5 + 7 + 5
        Assert.Equal(10L, row["nb_hits"]); // "05" + "5"
        Assert.Equal(0.523 + 0.25, row["sum_time"]);
        Assert.Equal(6.5, row["ratio"]); // 1.5 + "5"
        Assert.Equal("12", row["max_time"]); // the larger text as it was; "-0" is smaller
        Assert.Equal("0.5230", row["min_time"]); // "0" is falsy: it does not count as a minimum
        Assert.Equal(1001.0, row["revenue"]); // "1e3" + 1
        Assert.Equal(8L, row["nb_actions"]); // -12 + 20
        var goal = (OrderedDictionary<string, object?>)((OrderedDictionary<string, object?>)row["goals"]!)["idgoal=1"]!;
        Assert.Equal(10L, goal["nb_conversions"]); // 2 + 3 + "05"
        Assert.Equal(10.5 + 4.25 + 1, goal["revenue"]);
        Assert.Equal("5", Assert.IsType<string>(row.Metadata["url"])); // the first row's metadata, as it was
    }

    [Theory]
    [InlineData("5", "7", "7")]
    [InlineData("0.5230", "0.25", "0.5230")]
    [InlineData("12", "12.50", "12.50")]
    [InlineData("9223372036854775807", "-1", "9223372036854775807")]
    [InlineData("-3", "-0.5", "-0.5")]
    public void The_larger_of_two_numeric_texts_stays_that_text_in_a_period_blob(string first, string second, string max)
    {
        var merger = new TableMerger();
        foreach (var text in new[] { first, second })
        {
            var table = new DataTable();
            table.Rows.Add(TextRow(("max_time", text), ("first_text", text)));
            merger.AddBlob(DataTableSerializer.Serialize(table));
        }

        var row = Assert.Single(DataTableSerializer.Deserialize(merger.Serialize()).Rows);
        Assert.Equal(max, Assert.IsType<string>(row["max_time"]));
    }

    private static DataRow TextRow(params (string Name, object? Value)[] columns)
    {
        var row = new DataRow();
        row.Columns["label"] = "a";
        foreach (var (name, value) in columns)
        {
            row.Columns[name] = value;
        }

        return row;
    }

    private static OrderedDictionary<string, object?> Goals(string conversions, string revenue) => new(StringComparer.Ordinal)
    {
        ["idgoal=1"] = new OrderedDictionary<string, object?>(StringComparer.Ordinal) { ["nb_conversions"] = conversions, ["revenue"] = revenue },
    };

    [Theory]
    [InlineData("0.0100", "0.0200", "0.0100", "0.0200")]
    [InlineData("123456789012.345", "123456789012.346", "123456789012.345", "123456789012.346")]
    [InlineData("1234567890123456.5", "1234567890123456.25", "1234567890123456.25", "1234567890123456.5")]
    [InlineData("-0.5", "-0.0", "-0.5", "-0.0")]
    [InlineData("0.000", "7", "0.000", "7")]
    [InlineData("10", "9.99", "9.99", "10")]
    [InlineData("0.5", ".25", ".25", "0.5")]
    public void Decimal_texts_kept_by_min_and_max_are_written_back_as_they_were(string first, string second, string min, string max)
    {
        // MySQL's decimals ("0.0100") stay texts in a period while max/min keep them (PHP keeps the value as
        // it is); a period's blob must hold the same text whatever digits, sign, zeros or length it has.
        var day1 = new DataTable();
        var row1 = Row("a", 1);
        row1.Columns["min_time"] = first;
        row1.Columns["max_time"] = first;
        day1.Rows.Add(row1);
        var day2 = new DataTable();
        var row2 = Row("a", 1);
        row2.Columns["min_time"] = second;
        row2.Columns["max_time"] = second;
        day2.Rows.Add(row2);

        var merger = new TableMerger();
        merger.AddBlob(DataTableSerializer.Serialize(day1));
        merger.AddBlob(DataTableSerializer.Serialize(day2));
        var merged = DataTableSerializer.Deserialize(merger.Serialize()).Rows[0];

        Assert.Equal(min, merged["min_time"]);
        Assert.Equal(max, merged["max_time"]);
        Assert.Equal(min, merger.ToTable().Rows[0]["min_time"]);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Subtables_merge_by_label_and_summary_rows_merge_into_one(bool fromBlobs)
    {
        var first = new DataTable();
        var folder = Row("blog", 3);
        folder.Subtable = new DataTable();
        folder.Subtable.Rows.Add(Row("/post", 2));
        first.Rows.Add(folder);
        first.SummaryRow = Row(DataTable.SummaryRowLabel, 4);

        var second = new DataTable();
        var folder2 = Row("blog", 1);
        folder2.Subtable = new DataTable();
        folder2.Subtable.Rows.Add(Row("/post", 1));
        folder2.Subtable.Rows.Add(Row("/other", 1));
        second.Rows.Add(folder2);
        second.SummaryRow = Row(DataTable.SummaryRowLabel, 6);

        var merged = Merge(fromBlobs, AggregationRules.Default, first, second);

        var blog = Assert.Single(merged.Rows);
        Assert.Equal(4L, blog["nb_visits"]);
        Assert.Equal(["/post", "/other"], blog.Subtable!.Rows.Select(r => r.Label));
        Assert.Equal(3L, blog.Subtable.Rows[0]["nb_visits"]);
        Assert.Equal(10L, merged.SummaryRow!["nb_visits"]);
        Assert.Equal(DataTable.SummaryRowLabel, merged.SummaryRow.Label);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_row_keeps_its_columns_in_the_order_first_seen_and_the_metadata_of_its_first_source(bool fromBlobs)
    {
        var day1 = new DataTable();
        var a1 = Row("a", 1);
        a1.Columns["max_time"] = 4L;
        a1.Metadata["url"] = "https://example.org/a";
        day1.Rows.Add(a1);
        var day2 = new DataTable();
        var b2 = Row("b", 2);
        day2.Rows.Add(b2);
        var a2 = new DataRow();
        a2.Columns["sum_time"] = "12";
        a2.Columns["label"] = "a";
        a2.Columns["nb_visits"] = 5L;
        a2.Columns["max_time"] = 9L;
        a2.Metadata["url"] = "https://example.org/other";
        a2.Metadata["segment"] = "pageUrl==a";
        day2.Rows.Add(a2);

        var merged = Merge(fromBlobs, AggregationRules.Default, day1, day2);

        var a = merged.Rows[0];
        Assert.Equal(["label", "nb_visits", "max_time", "sum_time"], a.Columns.Keys);
        Assert.Equal(6L, a["nb_visits"]);
        Assert.Equal(9L, a["max_time"]);
        Assert.Equal(12L, a["sum_time"]);
        Assert.Equal("https://example.org/a", a.Metadata["url"]);
        Assert.Equal("pageUrl==a", a.Metadata["segment"]);
        Assert.Equal(["label", "nb_visits"], merged.Rows[1].Columns.Keys);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_label_that_is_not_a_text_becomes_its_text(bool fromBlobs)
    {
        // VisitTime's hours are integer labels in a day: summed by their text, as PHP's array keys.
        var day1 = new DataTable();
        var hour = new DataRow();
        hour.Columns["label"] = 7L;
        hour.Columns["nb_visits"] = 2L;
        day1.Rows.Add(hour);
        var day2 = new DataTable();
        day2.Rows.Add(Row("7", 3));
        var unlabelled = new DataRow();
        unlabelled.Columns["nb_visits"] = 1L;
        day2.Rows.Add(unlabelled);

        var merged = Merge(fromBlobs, AggregationRules.Default, day1, day2);

        Assert.Equal(["7", ""], merged.Rows.Select(r => r["label"]));
        Assert.Equal(5L, merged.Rows[0]["nb_visits"]);
        Assert.Equal(1L, merged.Rows[1]["nb_visits"]);
    }

    [Fact]
    public void Merging_blobs_or_tables_gives_what_summing_row_by_row_gives()
    {
        // Tables with every kind of value, in any column order, merged by the rules of
        // TableAccumulator.Sum row by row (the reference below) and by TableMerger both ways.
        var rules = new AggregationRules(new Dictionary<string, ColumnAggregation>(StringComparer.Ordinal) { ["first_seen"] = ColumnAggregation.First });
        for (var seed = 1; seed <= 100; seed++)
        {
            var random = new Random(seed);
            var tables = Enumerable.Range(0, 12).Select(_ => DataTableSerializer.Deserialize(DataTableSerializer.Serialize(RandomTable(random, depth: 0)))).ToList();

            var expected = Dump(Reference(tables, rules));
            Assert.Equal(expected, Dump(Merge(fromBlobs: false, rules, [.. tables])));
            Assert.Equal(expected, Dump(Merge(fromBlobs: true, rules, [.. tables])));
        }
    }

    [Fact]
    public void A_merge_renamed_truncated_and_serialized_on_the_merger_is_the_blob_of_the_same_steps_on_its_table()
    {
        // A period's table is stored straight from its merger: renamed, truncated to its row limits (summary
        // row "Others", subtables), numbered and serialized there. The blob must be byte for byte the one the
        // DataTable steps give (ToTable, RenameColumns, Truncate, AssignSubtableIds, Serialize).
        var rules = new AggregationRules(new Dictionary<string, ColumnAggregation>(StringComparer.Ordinal) { ["first_seen"] = ColumnAggregation.First });
        var renames = new Dictionary<string, string>(StringComparer.Ordinal) { ["nb_hits"] = "sum_hits", ["max_time"] = "revenue" };
        var truncated = 0;
        for (var seed = 1; seed <= 200; seed++)
        {
            var random = new Random(seed);
            var tables = Enumerable.Range(0, 6).Select(_ => DataTableSerializer.Deserialize(DataTableSerializer.Serialize(RandomTable(random, depth: 0)))).ToList();
            var maxRows = random.Next(0, 5);
            var maxSubtableRows = random.Next(0, 4);
            var sortColumn = random.Next(3) == 0 ? "revenue" : "nb_visits";

            var table = Merge(fromBlobs: true, rules, [.. tables]);
            table.RenameColumns(renames);
            var before = table.RowCount;
            table.Truncate(maxRows, maxSubtableRows, sortColumn, rules);
            truncated += table.RowCount < before ? 1 : 0;
            table.AssignSubtableIds();
            var expected = DataTableSerializer.Serialize(table, DataTableSerializer.PeriodLevel);

            var merger = new TableMerger(rules);
            foreach (var source in tables)
            {
                merger.AddBlob(DataTableSerializer.Serialize(source));
            }

            merger.RenameColumns(renames);
            merger.Truncate(maxRows, maxSubtableRows, sortColumn);
            var actual = merger.Serialize();
            Assert.True(expected.AsSpan().SequenceEqual(actual), $"seed {seed}: {Dump(table)}\n{Dump(DataTableSerializer.Deserialize(actual))}");

            // As the archiver does once a period's blob is made: the next seeds' merges take these rows.
            merger.Release();
        }

        Assert.True(truncated > 50, "the random tables exercise truncation");
    }

    [Fact]
    public void Rows_of_a_released_merger_carry_nothing_into_the_next_merge()
    {
        // A released merger's rows (and the rows of its goal maps) are cleared and taken by the merges after it: the
        // second merge here (fewer columns, other rules, other goals, no metadata, other subtables) must hold only
        // what its own table gives. The rows other tests released are taken first (by a merge held to the end), so
        // that the pool has room for the first merge's rows and the second merge takes those.
        var drain = new DataTable();
        for (var i = 0; i < 32_768; i++)
        {
            var row = Row("drain" + i.ToString(CultureInfo.InvariantCulture), 1);
            row.Columns["goals"] = Goals("1", "1");
            drain.Rows.Add(row);
        }

        var holder = new TableMerger();
        holder.AddTable(drain);

        var first = new DataTable();
        for (var i = 0; i < 200; i++)
        {
            var row = new DataRow();
            row.Columns["label"] = "/page" + i.ToString(CultureInfo.InvariantCulture);
            row.Columns["nb_visits"] = 5L;
            row.Columns["max_time"] = "12.5";
            row.Columns["goals"] = Goals("2", "10.50");
            row.Columns["title"] = "a text";
            row.Metadata["url"] = "https://example.org/page";
            row.Subtable = new DataTable();
            row.Subtable.Rows.Add(Row("inner", 3));
            first.Rows.Add(row);
        }

        first.SummaryRow = Row(DataTable.SummaryRowLabel, 9);
        var released = new TableMerger();
        released.AddBlob(DataTableSerializer.Serialize(first));
        released.Truncate(100, 1, "nb_visits");
        released.Serialize();
        released.Release();
        Assert.Empty(released.ToTable().Rows);

        var rules = new AggregationRules(new Dictionary<string, ColumnAggregation>(StringComparer.Ordinal) { ["nb_visits"] = ColumnAggregation.Max });
        var second = new DataTable();
        for (var i = 0; i < 300; i++)
        {
            var row = Row("b" + i.ToString(CultureInfo.InvariantCulture), i + 1);
            row.Columns["goals"] = new OrderedDictionary<string, object?>(StringComparer.Ordinal)
            {
                ["idgoal=2"] = new OrderedDictionary<string, object?>(StringComparer.Ordinal) { ["nb_conversions"] = 1L },
            };
            if (i % 50 == 0)
            {
                row.Subtable = new DataTable();
                row.Subtable.Rows.Add(Row("leaf", 4));
            }

            second.Rows.Add(row);
        }

        var merger = new TableMerger(rules);
        merger.AddBlob(DataTableSerializer.Serialize(second));
        merger.AddTable(second);
        var merged = DataTableSerializer.Deserialize(merger.Serialize());

        Assert.Equal(300, merged.Rows.Count);
        Assert.Null(merged.SummaryRow);
        for (var i = 0; i < 300; i++)
        {
            var row = merged.Rows[i];
            Assert.Equal(["label", "nb_visits", "goals"], row.Columns.Keys);
            Assert.Equal("b" + i.ToString(CultureInfo.InvariantCulture), row.Label);
            Assert.Equal(i + 1L, row["nb_visits"]); // the maximum of the value and itself, not a sum nor anything of the first merge
            var goal = Assert.Single(Assert.IsType<OrderedDictionary<string, object?>>(row["goals"]));
            Assert.Equal("idgoal=2", goal.Key);
            Assert.Equal([new KeyValuePair<string, object?>("nb_conversions", 2L)], Assert.IsType<OrderedDictionary<string, object?>>(goal.Value));
            Assert.False(row.HasMetadata);
            if (i % 50 == 0)
            {
                var leaf = Assert.Single(row.Subtable!.Rows);
                Assert.Equal("leaf", leaf.Label);
                Assert.Equal(4L, leaf["nb_visits"]);
                Assert.Null(leaf.Subtable);
            }
            else
            {
                Assert.Null(row.Subtable);
            }
        }

        // The released merger is empty and merges again from nothing.
        released.AddTable(second);
        Assert.Equal(300, released.ToTable().Rows.Count);
        Assert.Equal(["label", "nb_visits", "goals"], released.ToTable().Rows[7].Columns.Keys);
        GC.KeepAlive(holder);
    }

    private static DataTable Merge(bool fromBlobs, AggregationRules rules, params DataTable[] tables)
    {
        var merger = new TableMerger(rules);
        foreach (var table in tables)
        {
            if (fromBlobs)
            {
                merger.AddBlob(DataTableSerializer.Serialize(table));
            }
            else
            {
                merger.AddTable(table);
            }
        }

        return merger.ToTable();
    }

    private static DataRow Row(string label, long visits)
    {
        var row = new DataRow();
        row.Columns["label"] = label;
        row.Columns["nb_visits"] = visits;
        return row;
    }

    private static readonly string[] s_integerTexts = ["-7", "+5", "007", "-0", "9223372036854775807", "-9223372036854775808", "99999999999999999999", " 5", "123456789012345678", "0.5230", "-0.25", "12.50", "1e3", "-0.0"];

    private static readonly string[] s_labels = ["/", "/index", "blog", "ünïcödé ☕", "-1", "a b", "x"];
    private static readonly string[] s_columns = ["nb_visits", "nb_hits", "sum_time_spent", "max_time", "min_time", "goals", "first_seen", "revenue"];

    private static DataTable RandomTable(Random random, int depth)
    {
        var table = new DataTable();
        var rows = random.Next(0, 6);
        for (var i = 0; i < rows; i++)
        {
            var row = new DataRow();
            var columns = s_columns.OrderBy(_ => random.Next()).Take(random.Next(1, s_columns.Length)).ToList();
            var labelAt = random.Next(0, columns.Count + 1);
            for (var c = 0; c <= columns.Count; c++)
            {
                if (c == labelAt)
                {
                    switch (random.Next(10))
                    {
                        case 0:
                            break; // no label
                        case 1:
                            row.Columns["label"] = (long)random.Next(0, 3);
                            break;
                        default:
                            row.Columns["label"] = s_labels[random.Next(s_labels.Length)];
                            break;
                    }
                }

                if (c < columns.Count)
                {
                    // Goal maps mostly under "goals"; now and then under another column (max, min, first) or a scalar under "goals".
                    row.Columns[columns[c]] = RandomValue(random, columns[c] == "goals" ? random.Next(2) == 0 : random.Next(25) == 0);
                }
            }

            if (random.Next(3) == 0)
            {
                row.Metadata[random.Next(2) == 0 ? "url" : "segment"] = RandomValue(random, map: false);
            }

            if (depth < 2 && random.Next(3) == 0)
            {
                row.Subtable = RandomTable(random, depth + 1);
            }

            table.Rows.Add(row);
        }

        if (random.Next(3) == 0)
        {
            var summary = new DataRow();
            summary.Columns["label"] = DataTable.SummaryRowLabel;
            summary.Columns["nb_visits"] = RandomValue(random, map: false);
            summary.Columns["max_time"] = RandomValue(random, map: false);
            table.SummaryRow = summary;
        }

        return table;
    }

    private static readonly string[] s_goals = ["idgoal=1", "idgoal=2", "idgoal=ecommerceOrder", "label"];
    private static readonly string[] s_goalMetrics = ["nb_conversions", "revenue", "nb_conv_pages_before", "nb_conversions_attrib", "revenue_attrib", "max_revenue", "min_revenue", "label"];
    private static readonly string[] s_revenueTexts = ["12.50", "0.0100", "-3.25", "1e3", "100", "0.0000", "7.", ".5"];

    /// <summary>
    /// A goal map of random goals (some missing, sometimes a "label" key), each with random metrics of every
    /// kind: integers, doubles, integer and revenue texts, nulls, booleans, and now and then a map instead.
    /// </summary>
    private static OrderedDictionary<string, object?> RandomGoals(Random random, int depth)
    {
        var goals = new OrderedDictionary<string, object?>(StringComparer.Ordinal);
        foreach (var goal in s_goals.OrderBy(_ => random.Next()).Take(random.Next(0, s_goals.Length + 1)))
        {
            if (depth > 0 || random.Next(8) == 0)
            {
                goals[goal] = random.Next(3) == 0 ? s_revenueTexts[random.Next(s_revenueTexts.Length)] : RandomValue(random, map: false);
                continue;
            }

            var metrics = new OrderedDictionary<string, object?>(StringComparer.Ordinal);
            foreach (var metric in s_goalMetrics.OrderBy(_ => random.Next()).Take(random.Next(0, s_goalMetrics.Length + 1)))
            {
                metrics[metric] = random.Next(12) switch
                {
                    0 => RandomGoals(random, depth + 1),
                    1 or 2 => s_revenueTexts[random.Next(s_revenueTexts.Length)],
                    3 => Math.Round(random.NextDouble() * 1000, 2),
                    _ => RandomValue(random, map: false),
                };
            }

            goals[goal] = metrics;
        }

        return goals;
    }

    private static object? RandomValue(Random random, bool map)
    {
        if (map)
        {
            return RandomGoals(random, depth: 0);
        }

        return random.Next(18) switch
        {
            0 => null,
            1 => true,
            2 => false,
            3 => 0L,
            4 => (long)random.Next(-5, 5),
            5 => (long)random.Next(16_000, 17_000),
            6 => long.MaxValue - random.Next(3),
            7 => 0.0,
            8 => Math.Round(random.NextDouble() * 10, 2),
            9 when random.Next(2) == 0 => double.NaN,
            9 => -1.5,
            10 => random.Next(0, 20).ToString(CultureInfo.InvariantCulture),
            11 => random.Next(20_000, 30_000).ToString(CultureInfo.InvariantCulture),
            12 => s_integerTexts[random.Next(s_integerTexts.Length)],
            13 => random.Next(3) switch { 0 => "2.5", 1 => "0", _ => "0.0" },
            14 => "",

            // Decimal texts of one scale (MySQL's page timings), kept by max and min by their digits.
            15 or 16 => (random.Next(-2_000, 5_000) / 1000.0).ToString("0.000", CultureInfo.InvariantCulture),
            _ => "text",
        };
    }

    /// <summary>Matomo's merge as the old row-by-row code did it: each source row summed column by column into a row that starts with its label.</summary>
    private static DataTable Reference(IEnumerable<DataTable> tables, AggregationRules rules)
    {
        var merged = new ReferenceTable();
        foreach (var table in tables)
        {
            merged.Add(table, rules);
        }

        return merged.ToTable();
    }

    private sealed class ReferenceTable
    {
        private readonly Dictionary<string, (DataRow Row, ReferenceTable Subtable)> _rows = new(StringComparer.Ordinal);
        private readonly List<(DataRow Row, ReferenceTable Subtable)> _order = [];
        private (DataRow Row, ReferenceTable Subtable)? _summary;
        private bool _hasSubtable;

        public void Add(DataTable table, AggregationRules rules)
        {
            foreach (var row in table.Rows)
            {
                var label = row.Label ?? "";
                if (!_rows.TryGetValue(label, out var entry))
                {
                    entry = (Labelled(label), new ReferenceTable());
                    _rows.Add(label, entry);
                    _order.Add(entry);
                }

                SumInto(entry, row, rules);
            }

            if (table.SummaryRow is { } summary)
            {
                _summary ??= (Labelled(DataTable.SummaryRowLabel), new ReferenceTable());
                SumInto(_summary.Value, summary, rules);
            }
        }

        public DataTable ToTable()
        {
            var table = new DataTable();
            foreach (var (row, subtable) in _order)
            {
                row.Subtable = subtable._hasSubtable ? subtable.ToTable() : null;
                table.Rows.Add(row);
            }

            if (_summary is { } summary)
            {
                summary.Row.Subtable = summary.Subtable._hasSubtable ? summary.Subtable.ToTable() : null;
                table.SummaryRow = summary.Row;
            }

            return table;
        }

        private static DataRow Labelled(string label)
        {
            var row = new DataRow();
            row.Columns["label"] = label;
            return row;
        }

        private static void SumInto((DataRow Row, ReferenceTable Subtable) entry, DataRow source, AggregationRules rules)
        {
            foreach (var (name, value) in source.Columns)
            {
                TableAccumulator.Sum(entry.Row.Columns, name, value, rules);
            }

            if (source.HasMetadata)
            {
                foreach (var (name, value) in source.Metadata)
                {
                    entry.Row.Metadata.TryAdd(name, value);
                }
            }

            if (source.Subtable is { } subtable)
            {
                entry.Subtable._hasSubtable = true;
                entry.Subtable.Add(subtable, rules);
            }
        }
    }

    /// <summary>Every row, column, value with its type, metadata and subtable, as text.</summary>
    private static string Dump(DataTable table)
    {
        var text = new StringBuilder();
        Write(table, 0);
        return text.ToString();

        void Write(DataTable t, int depth)
        {
            foreach (var row in t.AllRows)
            {
                text.Append(' ', depth * 2).Append(row == t.SummaryRow ? "summary " : "row ");
                Pairs(row.Columns);
                if (row.HasMetadata)
                {
                    text.Append(" | meta ");
                    Pairs(row.Metadata);
                }

                text.Append('\n');
                if (row.Subtable is { } subtable)
                {
                    Write(subtable, depth + 1);
                }
            }
        }

        void Pairs(OrderedDictionary<string, object?> pairs)
        {
            foreach (var (name, value) in pairs)
            {
                text.Append(name).Append('=');
                Value(value);
                text.Append(' ');
            }
        }

        void Value(object? value)
        {
            switch (value)
            {
                case null:
                    text.Append("null");
                    break;
                case OrderedDictionary<string, object?> map:
                    text.Append('{');
                    Pairs(map);
                    text.Append('}');
                    break;
                case double d:
                    text.Append("double:").Append(d.ToString("R", CultureInfo.InvariantCulture));
                    break;
                default:
                    text.Append(value.GetType().Name).Append(':').Append(Convert.ToString(value, CultureInfo.InvariantCulture));
                    break;
            }
        }
    }
}
