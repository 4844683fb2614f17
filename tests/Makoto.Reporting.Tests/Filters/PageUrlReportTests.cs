using Makoto.Core.DataTables;
using Makoto.Reporting.Api;
using static Makoto.Reporting.Tests.Filters.Reports;

namespace Makoto.Reporting.Tests.Filters;

/// <summary>
/// The pipeline over a page URL tree (<see cref="Reports.PageUrls"/>). Expected values are computed by
/// hand: avg_time_on_page = sum_time_spent / nb_hits (whole seconds), bounce_rate =
/// entry_bounce_count / entry_nb_visits and exit_rate = exit_nb_visits / nb_visits (2 decimals).
/// </summary>
public class PageUrlReportTests
{
    [Fact]
    public void Default_order_is_visits_descending_ties_by_label_and_processed_metrics_follow_the_stored_ones()
    {
        var table = Run(PageUrls(), "", PageUrlsReport);

        // shop 10, /index 8, then /about and blog with 4 each: "/" sorts before "b".
        Assert.Equal(["shop", "/index", "/about", "blog"], Labels(table));
        var index = table.Rows[1];
        Assert.Equal(
            ["label", "nb_visits", "nb_hits", "sum_time_spent", "entry_nb_visits", "entry_bounce_count", "exit_nb_visits", "avg_time_on_page", "bounce_rate", "exit_rate"],
            index.Columns.Keys);
        Assert.Equal(40.0, index["avg_time_on_page"]); // 440 / 11
        Assert.Equal("40%", index["bounce_rate"]); // 2 / 5
        Assert.Equal("50%", index["exit_rate"]); // 4 / 8
        Assert.Equal("http://example.org/", index.Metadata["url"]);

        var blog = table.Rows[3];
        Assert.Equal(33.0, blog["avg_time_on_page"]); // 200 / 6 = 33.3
        Assert.Equal("0%", blog["bounce_rate"]); // no entries: 0
        Assert.Equal(1, table.Rows[0].IdSubtable);
    }

    [Fact]
    public void Expanded_sorts_and_computes_the_subtables_too_and_the_limit_applies_to_the_top_level_only()
    {
        var table = Run(PageUrls(), "expanded=1&filter_limit=2", PageUrlsReport);

        Assert.Equal(["shop", "/index"], Labels(table));
        var shop = table.Rows[0].Subtable!;
        Assert.Equal(["tea", "/index"], Labels(shop));
        Assert.Equal("33%", shop.Rows[0]["exit_rate"]); // 2 / 6 = 0.333
        var tea = shop.Rows[0].Subtable!;
        Assert.Equal(["/green-tea", "/index"], Labels(tea));
        Assert.Equal(60.0, tea.Rows[0]["avg_time_on_page"]); // 300 / 5
    }

    [Fact]
    public void Natural_order_breaks_ties_in_subtables()
    {
        var table = Run(PageUrls(), "expanded=1", PageUrlsReport);

        // Archive order is /post-10, /Post-2; natural order without case puts 2 before 10.
        Assert.Equal(["/Post-2", "/post-10"], Labels(table.Rows[3].Subtable!));
    }

    [Fact]
    public void Flat_joins_url_paths_cuts_the_default_page_name_and_sorts_the_leaves()
    {
        var table = Run(PageUrls(), "flat=1", PageUrlsReport);

        Assert.Equal(["/", "/about", "/shop/", "/shop/tea/green-tea", "/blog/Post-2", "/blog/post-10", "/shop/tea/"], Labels(table));
        Assert.All(table.Rows, row =>
        {
            Assert.Null(row.Subtable);
            Assert.Null(row.IdSubtable);
            Assert.Equal(row.Label, row.Metadata["Actions_PageUrl"]);
        });

        var greenTea = table.Rows[3];
        Assert.Equal(["url", "segment", "Actions_PageUrl"], greenTea.Metadata.Keys);
        Assert.Equal("http://example.org/shop/tea/green-tea", greenTea.Metadata["url"]);

        // The leaf has no segment of its own: it takes its folder's.
        Assert.Equal("pageUrl=^http%253A%252F%252Fexample.org%252Fshop%252Ftea", greenTea.Metadata["segment"]);
        Assert.Equal(60.0, greenTea["avg_time_on_page"]);
    }

    [Fact]
    public void Flat_with_aggregate_rows_keeps_the_folders_marked()
    {
        var table = Run(PageUrls(), "flat=1&include_aggregate_rows=1&filter_sort_column=label&filter_sort_order=asc", PageUrlsReport);

        Assert.Equal(
            ["/", "/about", "/blog", "/blog/Post-2", "/blog/post-10", "/shop", "/shop/", "/shop/tea", "/shop/tea/", "/shop/tea/green-tea"],
            Labels(table));
        Assert.Equal(1, table.Rows[7].Metadata["is_aggregate"]);
        Assert.Equal(0, table.Rows[9].Metadata["is_aggregate"]);
    }

    [Fact]
    public void Truncate_sums_the_rest_into_others_and_computes_its_processed_metrics()
    {
        var table = Run(PageUrls(), "filter_truncate=1", PageUrlsReport);

        Assert.Equal(["shop", "Others"], Labels(table));
        var others = table.SummaryRow!;
        Assert.Same(others, table.AllRows.Last());

        // /index + /about + blog.
        Assert.Equal(16.0, others["nb_visits"]);
        Assert.Equal(21.0, others["nb_hits"]);
        Assert.Equal(760.0, others["sum_time_spent"]);
        Assert.Equal(36.0, others["avg_time_on_page"]); // 760 / 21 = 36.2
        Assert.Equal("50%", others["bounce_rate"]); // 3 / 6
        Assert.Equal("44%", others["exit_rate"]); // 7 / 16 = 0.4375
        Assert.Empty(others.Metadata);
        Assert.Null(others.IdSubtable);
    }

    [Fact]
    public void Without_queued_filters_the_summary_row_keeps_its_archive_label()
    {
        var table = Run(PageUrls(), "filter_truncate=1&disable_queued_filters=1", PageUrlsReport);
        Assert.Equal(["shop", "-1"], Labels(table));
    }

    [Fact]
    public void Ascending_sort_breaks_ties_by_label_descending_and_others_stays_last()
    {
        var table = Run(PageUrls(), "filter_sort_column=nb_visits&filter_sort_order=asc&filter_truncate=2", PageUrlsReport);

        Assert.Equal(["blog", "/about", "Others"], Labels(table));
        Assert.Equal(18.0, table.SummaryRow!["nb_visits"]); // /index 8 + shop 10
    }

    [Fact]
    public void Sorting_by_a_processed_metric_breaks_ties_by_visits()
    {
        var byExitRate = Run(PageUrls(), "filter_sort_column=exit_rate", PageUrlsReport);

        // 0.5 (/index, 8 visits), 0.5 (/about, 4 visits), 0.3, 0.25.
        Assert.Equal(["/index", "/about", "shop", "blog"], Labels(byExitRate));
        Assert.Equal("50%", byExitRate.Rows[0]["exit_rate"]);

        var byTime = Run(PageUrls(), "filter_sort_column=avg_time_on_page&filter_sort_order=asc", PageUrlsReport);
        Assert.Equal(["/about", "blog", "/index", "shop"], Labels(byTime)); // 30, 33, 40, 50
    }

    [Fact]
    public void An_unknown_sort_column_falls_back_to_visits()
    {
        var table = Run(PageUrls(), "filter_sort_column=no_such_column&filter_sort_order=asc", PageUrlsReport);
        Assert.Equal(["blog", "/about", "/index", "shop"], Labels(table));
    }

    [Fact]
    public void Sorting_by_label_uses_natural_order_without_case()
    {
        var table = Run(PageUrls(), "filter_sort_column=label&filter_sort_order=asc", PageUrlsReport);
        Assert.Equal(["/about", "/index", "blog", "shop"], Labels(table));
    }

    [Theory]
    [InlineData("filter_pattern=%5E%2F", new[] { "/index", "/about" })]
    [InlineData("filter_pattern=SHOP", new[] { "shop" })]
    [InlineData("filter_column=url&filter_pattern=about", new[] { "/about" })]
    [InlineData("filter_column=label,url&filter_pattern=org%2F%24", new[] { "/index" })]
    [InlineData("filter_column[]=label&filter_column[]=url&filter_pattern=bout%7Cblo", new[] { "/about", "blog" })]
    public void Pattern_keeps_the_rows_matching_in_one_of_the_columns(string query, string[] expected)
    {
        Assert.Equal(expected, Labels(Run(PageUrls(), query, PageUrlsReport)));
    }

    [Fact]
    public void Recursive_pattern_keeps_the_branches_that_lead_to_a_match()
    {
        var table = Run(PageUrls(), "filter_pattern_recursive=green&expanded=1", PageUrlsReport);

        Assert.Equal(["shop"], Labels(table));
        Assert.Equal(["tea"], Labels(table.Rows[0].Subtable!));
        Assert.Equal(["/green-tea"], Labels(table.Rows[0].Subtable!.Rows[0].Subtable!));

        Assert.Equal(["shop", "/index"], Labels(Run(PageUrls(), "filter_pattern_recursive=index", PageUrlsReport)));
    }

    [Fact]
    public void Low_population_removes_rows_below_the_given_value()
    {
        var table = Run(PageUrls(), "filter_excludelowpop=nb_visits&filter_excludelowpop_value=5", PageUrlsReport);
        Assert.Equal(["shop", "/index"], Labels(table));
    }

    [Fact]
    public void Label_paths_reach_into_subtables()
    {
        var table = Run(PageUrls(), "label=shop%3Etea%3E%2Fgreen-tea", PageUrlsReport);

        var row = Assert.Single(table.Rows);
        Assert.Equal("/green-tea", row.Label);
        Assert.Equal(60.0, row["avg_time_on_page"]);
        Assert.Equal("25%", row["exit_rate"]); // 1 / 4
    }

    [Theory]
    [InlineData("label[]=%2Fabout&label[]=shop&filter_limit=1", new[] { "/about", "shop" })]
    [InlineData("label=blog&filter_truncate=0", new[] { "blog" })]
    [InlineData("label=%252Fabout", new[] { "/about" })]
    [InlineData("label=nothing", new string[0])]
    [InlineData("label=shop%3Enothing", new string[0])]
    [InlineData("label=%2Fabout%3Eany", new string[0])]
    public void Labels_return_their_rows_in_the_order_asked_whatever_the_limit(string query, string[] expected)
    {
        Assert.Equal(expected, Labels(Run(PageUrls(), query, PageUrlsReport)));
    }

    [Fact]
    public void IdSubtable_answers_with_that_subtable_from_anywhere_in_the_tree()
    {
        var tea = Run(PageUrls(), "idSubtable=2", PageUrlsReport);
        Assert.Equal(["/green-tea", "/index"], Labels(tea));
        Assert.Equal("25%", tea.Rows[0]["exit_rate"]);

        Assert.Equal(["/Post-2", "/post-10"], Labels(Run(PageUrls(), "idSubtable=3", PageUrlsReport)));
    }

    [Fact]
    public void IdSubtable_that_does_not_exist_or_is_not_a_number_is_an_error()
    {
        var missing = Assert.Throws<ApiException>(() => Run(PageUrls(), "idSubtable=99", PageUrlsReport));
        Assert.Contains("idSubtable=99", missing.Message, StringComparison.Ordinal);

        var text = Assert.Throws<ApiException>(() => Run(PageUrls(), "idSubtable=x", PageUrlsReport));
        Assert.Equal("idSubtable needs to be a number, 'x' given.", text.Message);
    }

    [Fact]
    public void HideColumns_removes_stored_and_processed_columns_but_not_metadata()
    {
        var table = Run(PageUrls(), "hideColumns=nb_hits,bounce_rate", PageUrlsReport);

        var index = table.Rows[1];
        Assert.False(index.Columns.ContainsKey("nb_hits"));
        Assert.False(index.Columns.ContainsKey("bounce_rate"));
        Assert.Equal(40.0, index["avg_time_on_page"]);
        Assert.Equal("http://example.org/", index.Metadata["url"]);
    }

    [Fact]
    public void ShowColumns_keeps_the_label_the_named_columns_the_metadata_and_the_subtable_id()
    {
        var table = Run(PageUrls(), "showColumns=exit_rate,nb_visits", PageUrlsReport);

        var shop = table.Rows[0];
        Assert.Equal(["label", "nb_visits", "exit_rate"], shop.Columns.Keys);
        Assert.Equal("pageUrl=^http%253A%252F%252Fexample.org%252Fshop", shop.Metadata["segment"]);
        Assert.Equal(1, shop.IdSubtable);
    }

    [Fact]
    public void Format_metrics_chooses_between_fractions_percents_and_formatted_values()
    {
        var raw = Run(PageUrls(), "format_metrics=0", PageUrlsReport).Rows[0];
        Assert.Equal(0.25, raw["bounce_rate"]);
        Assert.Equal(50.0, raw["avg_time_on_page"]);

        var all = Run(PageUrls(), "format_metrics=1", PageUrlsReport).Rows[0];
        Assert.Equal("25%", all["bounce_rate"]);
        Assert.Equal("00:00:50", all["avg_time_on_page"]);
        Assert.Equal(10.0, all["nb_visits"]);
    }

    [Fact]
    public void Without_generic_filters_rows_keep_their_order_and_number_but_get_processed_metrics()
    {
        var table = Run(PageUrls(), "disable_generic_filters=1&filter_limit=1&filter_sort_column=label", PageUrlsReport);

        Assert.Equal(["shop", "/index", "blog", "/about"], Labels(table));
        Assert.Equal("30%", table.Rows[0]["exit_rate"]);
    }

    [Fact]
    public void Rows_are_limited_from_the_offset_with_the_summary_row_counted_last()
    {
        Assert.Equal(["b", "c"], Labels(Run(Lettered(), "filter_offset=1&filter_limit=2", PageUrlsReport)));
        Assert.Equal(["c", "Others"], Labels(Run(Lettered(), "filter_offset=2&filter_limit=5", PageUrlsReport)));
        Assert.Equal(["a", "Others"], Labels(Run(Lettered(), "filter_limit=1&keep_summary_row=1", PageUrlsReport)));
        Assert.Equal(["a", "b", "c", "Others"], Labels(Run(Lettered(), "filter_limit=-1", PageUrlsReport)));
        Assert.Empty(Labels(Run(Lettered(), "filter_limit=0", PageUrlsReport)));
    }

    [Fact]
    public void The_summary_row_stays_last_when_sorting_and_joins_the_new_others_row_when_truncating()
    {
        var sorted = Run(Lettered(), "filter_sort_column=nb_visits&filter_sort_order=asc", PageUrlsReport);
        Assert.Equal(["c", "b", "a", "Others"], Labels(sorted));

        var truncated = Run(Lettered(), "filter_truncate=1", PageUrlsReport);
        Assert.Equal(["a", "Others"], Labels(truncated));
        Assert.Equal(109.0, truncated.SummaryRow!["nb_visits"]); // b 4 + c 3 + archived Others 102
    }

    /// <summary>a (5 visits), c (3), b (4) and an archived summary row of 102 visits.</summary>
    private static DataTable Lettered()
    {
        var table = Table(Visits("a", 5, 5, 0, 0, 0), Visits("c", 3, 3, 0, 0, 0), Visits("b", 4, 4, 0, 0, 0));
        table.SummaryRow = Visits(DataTable.SummaryRowLabel, 102, 102, 0, 0, 0);
        return table;
    }
}
