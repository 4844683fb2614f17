using Makoto.Core.DataTables;
using Makoto.Reporting.Api;
using Makoto.Reporting.Filters;
using Makoto.Reporting.Metrics;
using static Makoto.Reporting.Tests.Filters.Reports;

namespace Makoto.Reporting.Tests.Filters;

/// <summary>
/// The pipeline over a referrer type table with the visit processed metrics
/// (<see cref="Reports.ReferrerTypes"/>), a map of periods, a simple table and bad parameters.
/// </summary>
public class ReferrerReportTests
{
    [Fact]
    public void Visit_metrics_are_computed_with_matomo_rounding()
    {
        var table = Run(ReferrerTypes(), "", ReferrerTypeReport);

        Assert.Equal(["Direct Entry", "Search Engines", "Websites", "Campaigns"], Labels(table));
        var search = table.Rows[1];
        Assert.Equal(3.3, search["nb_actions_per_visit"]); // 200 / 60 = 3.33
        Assert.Equal(207.0, search["avg_time_on_site"]); // 12400 / 60 = 206.67
        Assert.Equal("40%", search["bounce_rate"]); // 24 / 60
        Assert.Equal("20%", search["conversion_rate"]); // 12 / 60

        var websites = table.Rows[2];
        Assert.Equal(2.0, websites["nb_actions_per_visit"]); // 61 / 30 = 2.03
        Assert.Equal("57%", websites["bounce_rate"]); // 17 / 30 = 0.5667
        Assert.Equal("3.33%", websites["conversion_rate"]); // 1 / 30 = 0.0333
        Assert.Equal(["segment", "referrer_type"], websites.Metadata.Keys);
        Assert.Equal(3, websites.IdSubtable);
    }

    [Fact]
    public void Flat_joins_labels_with_a_dash_and_names_each_level_after_its_dimension()
    {
        var table = Run(ReferrerTypes(), "flat=1", ReferrerTypeReport);

        Assert.Equal(["Direct Entry", "Search Engines - Google", "Websites - example.com", "Search Engines - Bing", "Campaigns"], Labels(table));
        var google = table.Rows[1];
        Assert.Equal(["segment", "referrer_type", "Referrers_ReferrerType", "Referrers_ReferrerName"], google.Metadata.Keys);
        Assert.Equal("referrerName==Google", google.Metadata["segment"]);
        Assert.Equal(2, google.Metadata["referrer_type"]);
        Assert.Equal("Search Engines", google.Metadata["Referrers_ReferrerType"]);
        Assert.Equal("Google", google.Metadata["Referrers_ReferrerName"]);
        Assert.Equal("Direct Entry", table.Rows[0].Metadata["Referrers_ReferrerType"]);
        Assert.Equal("40%", google["bounce_rate"]); // 18 / 45
    }

    [Fact]
    public void Flat_without_declared_dimensions_numbers_the_levels()
    {
        var table = Run(ReferrerTypes(), "flat=1", new ReportPresentation());

        var bing = table.Rows.Single(r => r.Label == "Search Engines - Bing");
        Assert.Equal("Search Engines", bing.Metadata["label1"]);
        Assert.Equal("Bing", bing.Metadata["label2"]);
    }

    [Fact]
    public void Flat_of_a_report_that_cannot_be_flattened_drops_the_subtables()
    {
        var table = Run(ReferrerTypes(), "flat=1", new ReportPresentation { SupportsFlatten = false });

        Assert.Equal(["Direct Entry", "Search Engines", "Websites", "Campaigns"], Labels(table));
        Assert.All(table.Rows, row => Assert.Null(row.IdSubtable));
    }

    [Fact]
    public void Low_population_without_a_value_removes_rows_under_two_percent_of_the_total()
    {
        // Total 191 visits: the minimum is 3.82, so Campaigns (1) goes.
        var table = Run(ReferrerTypes(), "filter_excludelowpop=nb_visits", ReferrerTypeReport);
        Assert.Equal(["Direct Entry", "Search Engines", "Websites"], Labels(table));
    }

    [Fact]
    public void Low_population_can_use_a_processed_metric()
    {
        // bounce_rate: 0.4, 0.4, 0.57, 1 — keep those of at least 0.5.
        var table = Run(ReferrerTypes(), "filter_excludelowpop=bounce_rate&filter_excludelowpop_value=0.5", ReferrerTypeReport);
        Assert.Equal(["Websites", "Campaigns"], Labels(table));
    }

    [Fact]
    public void Each_table_of_a_map_of_periods_is_filtered_on_its_own()
    {
        var map = new DataTableMap("date");
        map.Entries["2024-05-01"] = ReferrerTypes();
        map.Entries["2024-05-02"] = Table(Visits("Websites", 3, 6, 60, 1, 0), Visits("Direct Entry", 7, 7, 70, 7, 0));
        map.Entries["2024-05-03"] = new DataTable();

        var result = (DataTableMap)ReportPipeline.Process(map, Request("filter_limit=1&showColumns=nb_visits,bounce_rate"), ReferrerTypeReport);

        var first = (DataTable)result.Entries["2024-05-01"];
        var row = Assert.Single(first.Rows);
        Assert.Equal(["label", "nb_visits", "bounce_rate"], row.Columns.Keys);
        Assert.Equal("40%", row["bounce_rate"]);
        var second = Assert.Single(((DataTable)result.Entries["2024-05-02"]).Rows);
        Assert.Equal("Direct Entry", second.Label);
        Assert.Equal("100%", second["bounce_rate"]);
        Assert.Equal(0, ((DataTable)result.Entries["2024-05-03"]).RowCount);
    }

    [Fact]
    public void An_idSubtable_missing_from_some_periods_gives_them_empty_tables()
    {
        var map = new DataTableMap("date");
        map.Entries["2024-05-01"] = ReferrerTypes();
        map.Entries["2024-05-02"] = Table(Visits("Direct Entry", 7, 7, 70, 7, 0));

        var result = (DataTableMap)ReportPipeline.Process(map, Request("idSubtable=2"), ReferrerTypeReport);

        Assert.Equal(["Google", "Bing"], Labels((DataTable)result.Entries["2024-05-01"]));
        Assert.Equal(0, ((DataTable)result.Entries["2024-05-02"]).RowCount);
    }

    [Fact]
    public void Simple_tables_get_processed_metrics_and_column_parameters_but_no_row_filters()
    {
        var table = DataTable.Simple([new("nb_visits", 3.0), new("nb_actions", 6.0), new("bounce_count", 1.0), new("sum_visit_length", 452.0)]);
        var report = new ReportPresentation { ProcessedMetrics = [CoreMetrics.BounceRate, CoreMetrics.AverageTimeOnSite] };

        var result = Run(table, "filter_limit=0&filter_pattern=xyz&label=nothing&idSubtable=x&flat=1&hideColumns=nb_actions&format_metrics=1", report);

        var row = Assert.Single(result.Rows);
        Assert.True(result.IsSimple);
        Assert.Equal(["nb_visits", "bounce_count", "sum_visit_length", "bounce_rate", "avg_time_on_site"], row.Columns.Keys);
        Assert.Equal("33%", row["bounce_rate"]);
        Assert.Equal("00:02:31", row["avg_time_on_site"]); // 452 / 3 = 150.67
    }

    [Fact]
    public void The_columns_parameter_of_a_report_keeps_the_requested_metrics_after_computing_them()
    {
        var table = DataTable.Simple([new("nb_visits", 3.0), new("bounce_count", 1.0)]);
        var report = new ReportPresentation { ProcessedMetrics = [CoreMetrics.BounceRate], ColumnsParameter = true };

        var row = Assert.Single(Run(table, "columns=bounce_rate", report).Rows);

        Assert.Equal(["bounce_rate"], row.Columns.Keys);
        Assert.Equal("33%", row["bounce_rate"]);
    }

    [Fact]
    public void Goal_metrics_are_summed_into_others_and_hidden_inside_nested_values_on_request()
    {
        var a = Visits("a", 5, 5, 0, 0, 1);
        var b = Visits("b", 4, 4, 0, 0, 1);
        var c = Visits("c", 3, 3, 0, 0, 1);
        a["goals"] = Goals(("idgoal=1", 1, 12.0));
        b["goals"] = Goals(("idgoal=1", 2, 24.0), ("idgoal=2", 1, 3.0));
        c["goals"] = Goals(("idgoal=2", 1, 3.0));

        var table = Run(Table(a, b, c), "filter_truncate=1&hideColumns=revenue&hideColumnsRecursively=1", new ReportPresentation());

        var goals = (IDictionary<string, object?>)table.SummaryRow!["goals"]!;
        var goal1 = (IDictionary<string, object?>)goals["idgoal=1"]!;
        var goal2 = (IDictionary<string, object?>)goals["idgoal=2"]!;
        Assert.Equal(2.0, goal1["nb_conversions"]);
        Assert.Equal(2.0, goal2["nb_conversions"]);
        Assert.False(goal1.ContainsKey("revenue"));

        // The rows the sum was read from are unchanged apart from the hidden column.
        Assert.Equal(1, ((IDictionary<string, object?>)((IDictionary<string, object?>)table.Rows[0]["goals"]!)["idgoal=1"]!)["nb_conversions"]);
    }

    [Fact]
    public void Data_dependent_metrics_are_added_per_table_and_goal_rates_are_percents_by_default()
    {
        var a = Visits("a", 5, 5, 0, 0, 1);
        a["goals"] = Goals(("idgoal=1", 1, 12.0));
        var b = Visits("b", 4, 4, 0, 0, 0);
        var report = new ReportPresentation
        {
            ProcessedMetrics = [CoreMetrics.ConversionRate],
            ProcessedMetricsFor = table => table.Rows
                .SelectMany(row => row["goals"] is IDictionary<string, object?> goals ? goals.Keys : [])
                .Distinct()
                .Select(key => new ProcessedMetric(
                    "goal_" + key["idgoal=".Length..] + "_conversion_rate",
                    row => ProcessedMetrics.Quotient(
                        row["goals"] is IDictionary<string, object?> goals && goals.TryGetValue(key, out var goal) && goal is IDictionary<string, object?> metrics
                            ? Convert.ToDouble(metrics["nb_conversions"], System.Globalization.CultureInfo.InvariantCulture)
                            : 0,
                        row.NumberOf("nb_visits"),
                        4),
                    MetricType.Percent)),
        };

        var table = Run(Table(a, b), "", report);

        Assert.Equal(["label", "nb_visits", "nb_actions", "sum_visit_length", "bounce_count", "nb_visits_converted", "goals", "conversion_rate", "goal_1_conversion_rate"], table.Rows[0].Columns.Keys);
        Assert.Equal("20%", table.Rows[0]["goal_1_conversion_rate"]); // 1 / 5
        Assert.Equal("0%", table.Rows[1]["goal_1_conversion_rate"]);
    }

    [Theory]
    [InlineData("filter_limit=abc", "The parameter 'filter_limit' must be an integer, but 'abc' was given.")]
    [InlineData("filter_offset=-2", "The parameter 'filter_offset' must be 0 or a positive integer, but '-2' was given.")]
    [InlineData("filter_truncate=x", "The parameter 'filter_truncate' must be an integer, but 'x' was given.")]
    [InlineData("filter_excludelowpop=nb_visits&filter_excludelowpop_value=low", "The parameter 'filter_excludelowpop_value' must be a number, but 'low' was given.")]
    [InlineData("pivotBy=Referrers.Keyword", "pivotBy is not supported by this Makoto version yet; request the report without the 'pivotBy' parameter.")]
    public void Bad_filter_parameters_are_errors_naming_the_parameter(string query, string message)
    {
        var error = Assert.Throws<ApiException>(() => Run(ReferrerTypes(), query, ReferrerTypeReport));
        Assert.Equal(message, error.Message);
    }

    [Theory]
    [InlineData("filter_pattern=(unclosed")]
    [InlineData("filter_pattern_recursive=%5B")]
    public void A_pattern_that_is_not_a_regular_expression_is_an_error(string query)
    {
        var error = Assert.Throws<ApiException>(() => Run(ReferrerTypes(), query, ReferrerTypeReport));
        Assert.Contains("is not a valid regular expression", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Money_metrics_are_written_in_the_site_currency_with_format_metrics_1()
    {
        var report = new ReportPresentation { MetricTypes = new Dictionary<string, MetricType> { ["revenue"] = MetricType.Money } };
        var row = Visits("Direct Entry", 1, 1, 0, 0, 1);
        row["revenue"] = 12.5;

        var euro = (DataTable)ReportPipeline.Process(Table(row), Request("format_metrics=1"), report, idSite: 4, currencyOfSite: _ => "EUR");
        Assert.Equal("12.50 €", euro.Rows[0]["revenue"]);

        var row2 = Visits("Direct Entry", 1, 1, 0, 0, 1);
        row2["revenue"] = 12.5;
        var byDefault = (DataTable)ReportPipeline.Process(Table(row2), Request(""), report);
        Assert.Equal(12.5, byDefault.Rows[0]["revenue"]);
    }

    private static ReportRequest Request(string query) => ReportRequest.Parse(ApiParameters.Parse(query));

    private static OrderedDictionary<string, object?> Goals(params (string Key, int Conversions, double Revenue)[] goals)
    {
        var result = new OrderedDictionary<string, object?>(StringComparer.Ordinal);
        foreach (var (key, conversions, revenue) in goals)
        {
            result[key] = new OrderedDictionary<string, object?>(StringComparer.Ordinal) { ["nb_conversions"] = conversions, ["revenue"] = revenue };
        }

        return result;
    }
}
