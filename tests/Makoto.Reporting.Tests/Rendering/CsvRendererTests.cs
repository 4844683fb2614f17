using System.Text;
using Makoto.Core.DataTables;
using Makoto.Reporting.Api;
using Makoto.Reporting.Rendering;

namespace Makoto.Reporting.Tests.Rendering;

/// <summary>
/// <c>format=csv</c> and <c>format=tsv</c> against spec §4.4 and §4.6 and the corpus: the bytes are
/// UTF-16LE after a byte-order mark (FF FE), lines end with <c>\n</c>, and the last line has no line
/// end. Tests that hold for both formats take the separator as a parameter; expected cells are
/// written out one by one.
/// </summary>
public class CsvRendererTests
{
    private static CsvRenderer RendererFor(string format) => format == "tsv" ? CsvRenderer.Tsv : CsvRenderer.Csv;

    private static char SeparatorOf(string format) => format == "tsv" ? '\t' : ',';

    /// <summary>Lines of cells joined by the format's separator and <c>\n</c>.</summary>
    private static string Lines(string format, params string[][] lines) =>
        string.Join('\n', lines.Select(cells => string.Join(SeparatorOf(format), cells)));

    /// <summary>Checks the byte-order mark, then the text, then every byte.</summary>
    private static void AssertUtf16(string expected, byte[] body)
    {
        Assert.True(body.Length >= 2 && body[0] == 0xFF && body[1] == 0xFE, "the body starts with the UTF-16LE byte-order mark FF FE");
        Assert.Equal(expected, Encoding.Unicode.GetString(body, 2, body.Length - 2));
        Assert.Equal([0xFF, 0xFE, .. Encoding.Unicode.GetBytes(expected)], body);
    }

    private static void AssertRenders(string format, string expected, object result, RenderOptions? options = null) =>
        AssertUtf16(expected, RendererFor(format).Render(result, options ?? new RenderOptions()).Body);

    [Theory]
    [InlineData("csv")]
    [InlineData("tsv")]
    public void Simple_table_is_a_header_line_and_a_value_line_as_in_the_corpus(string format)
    {
        AssertRenders(
            format,
            Lines(
                format,
                ["nb_uniq_visitors", "nb_users", "nb_visits", "nb_actions", "nb_visits_converted", "bounce_count", "sum_visit_length", "max_actions", "bounce_rate", "nb_actions_per_visit", "avg_time_on_site"],
                ["95", "3", "136", "550", "37", "28", "43537", "16", "21%", "4", "320"]),
            Results.VisitsSummary());
    }

    [Theory]
    [InlineData("csv", "text/csv")]
    [InlineData("tsv", "text/tab-separated-values")]
    public void Response_is_an_attachment(string format, string mimeType)
    {
        var response = RendererFor(format).Render(Results.VisitsSummary(), new RenderOptions());

        Assert.StartsWith(mimeType + ";", response.ContentType, StringComparison.Ordinal);
        Assert.StartsWith("attachment; filename=", response.Headers["Content-Disposition"], StringComparison.Ordinal);
        Assert.Equal(200, response.StatusCode);
    }

    [Theory]
    [InlineData("csv")]
    [InlineData("tsv")]
    public void Without_convert_to_unicode_the_body_is_utf8_without_byte_order_mark(string format)
    {
        var body = RendererFor(format).Render(Results.Simple(("nb_visits", 45), ("bounce_rate", "42%")), new RenderOptions { ConvertToUnicode = false }).Body;

        Assert.Equal(Encoding.UTF8.GetBytes(Lines(format, ["nb_visits", "bounce_rate"], ["45", "42%"])), body);
    }

    [Theory]
    [InlineData("csv")]
    [InlineData("tsv")]
    public void Empty_simple_table_says_no_data_available(string format)
    {
        AssertRenders(format, "No data available", Results.EmptySimple());
    }

    [Theory]
    [InlineData("csv")]
    [InlineData("tsv")]
    public void Empty_list_table_says_no_data_available(string format)
    {
        AssertRenders(format, "No data available", Results.List());
    }

    [Theory]
    [InlineData("csv")]
    [InlineData("tsv")]
    public void List_table_flattens_goals_prefixes_metadata_and_leaves_out_idsubdatatable(string format)
    {
        // Header = union of the rows' columns in the order first seen: the goal columns that only the
        // second row has come after the first row's metadata, and cells a row lacks stay empty
        // (as in Actions.getPageUrls~flat.csv of the corpus).
        AssertRenders(
            format,
            Lines(
                format,
                [
                    "label", "nb_visits", "nb_actions",
                    "goals_idgoal=ecommerceOrder_nb_conversions", "goals_idgoal=ecommerceOrder_revenue",
                    "goals_idgoal=1_nb_conversions", "goals_idgoal=1_revenue",
                    "nb_conversions", "revenue", "metadata_segment", "metadata_referrer_type",
                    "goals_idgoal=2_nb_conversions", "goals_idgoal=2_revenue",
                ],
                ["Direct Entry", "48", "179", "3", "210.26", "3", "36", "6", "246.26", "referrerType==direct", "1", "", ""],
                ["Search Engines", "45", "193", "", "", "2", "24", "9", "45", "referrerType==search", "2", "7", "21"]),
            Results.ReferrerTypes());
    }

    [Theory]
    [InlineData("csv")]
    [InlineData("tsv")]
    public void Rows_with_subtables_have_no_idsubdatatable_column(string format)
    {
        AssertRenders(
            format,
            Lines(
                format,
                ["label", "nb_visits", "nb_hits", "metadata_segment", "metadata_url"],
                ["blog", "12", "20", "pageUrl=^https%253A%252F%252Fexample.org%252Fblog%252F", ""],
                ["/index", "30", "41", "pageUrl==https%253A%252F%252Fexample.org%252F", "https://example.org/"]),
            Results.PageUrlsWithSubtables());
    }

    [Theory]
    [InlineData("csv")]
    [InlineData("tsv")]
    public void Multi_period_map_has_a_leading_date_column_the_header_once_and_no_line_for_a_day_without_data(string format)
    {
        AssertRenders(
            format,
            Lines(
                format,
                ["date", "nb_visits", "nb_actions", "bounce_rate", "nb_actions_per_visit"],
                ["2024-05-01", "33", "90", "45%", "2.7"],
                ["2024-05-03", "45", "131", "42%", "2.9"]),
            Results.ThreeDays());
    }

    [Theory]
    [InlineData("csv")]
    [InlineData("tsv")]
    public void Multi_period_map_takes_its_header_from_a_later_day_when_the_first_is_empty(string format)
    {
        var map = new DataTableMap("date")
        {
            Entries =
            {
                ["2024-05-01"] = Results.EmptySimple(),
                ["2024-05-02"] = Results.Simple(("nb_visits", 4), ("nb_actions", 6)),
            },
        };

        AssertRenders(format, Lines(format, ["date", "nb_visits", "nb_actions"], ["2024-05-02", "4", "6"]), map);
    }

    [Theory]
    [InlineData("csv")]
    [InlineData("tsv")]
    public void Multi_period_map_of_list_tables_repeats_the_date_on_each_row(string format)
    {
        AssertRenders(
            format,
            Lines(
                format,
                ["date", "label", "nb_visits"],
                ["2024-05-01", "Direct Entry", "22"],
                ["2024-05-01", "Websites", "3"]),
            Results.TwoDaysOfReferrerTypes());
    }

    [Theory]
    [InlineData("csv")]
    [InlineData("tsv")]
    public void Multi_period_map_without_any_data_says_no_data_available(string format)
    {
        var map = new DataTableMap("date") { Entries = { ["2024-05-01"] = Results.EmptySimple(), ["2024-05-02"] = Results.EmptySimple() } };

        AssertRenders(format, "No data available", map);
    }

    [Theory]
    [InlineData("csv")]
    [InlineData("tsv")]
    public void Multi_site_map_of_multi_period_maps_has_idsite_then_date_columns(string format)
    {
        AssertRenders(
            format,
            Lines(
                format,
                ["idSite", "date", "nb_visits", "nb_actions"],
                ["1", "2024-05-01", "3", "5"],
                ["3", "2024-05-01", "7", "9"],
                ["3", "2024-05-02", "1", "1"]),
            Results.TwoSitesTwoDays());
    }

    [Theory]
    [InlineData("csv")]
    [InlineData("tsv")]
    public void Single_values_inside_a_map_are_a_value_column(string format)
    {
        AssertRenders(format, Lines(format, ["idSite", "value"], ["1", "45"], ["3", "7"]), Results.VisitsPerSite());
    }

    [Theory]
    [InlineData("csv")]
    [InlineData("tsv")]
    public void Single_value_is_value_then_the_value(string format)
    {
        AssertRenders(format, "value\n4", new ApiValue(4));
    }

    [Theory]
    [InlineData("csv")]
    [InlineData("tsv")]
    public void Success_is_a_message_column_holding_ok(string format)
    {
        // The spec gives no CSV form for success; this is the single-value shape with the message.
        AssertRenders(format, "message\nok", ApiSuccess.Instance);
    }

    [Theory]
    [InlineData("csv")]
    [InlineData("tsv")]
    public void Simple_table_with_one_column_is_a_single_value(string format)
    {
        AssertRenders(format, "value\n136", Results.Simple(("nb_visits", 136)));
    }

    [Theory]
    [InlineData("csv")]
    [InlineData("tsv")]
    public void Plain_object_is_one_row_under_its_keys(string format)
    {
        AssertRenders(
            format,
            Lines(
                format,
                ["idsite", "name", "main_url", "ecommerce", "sitesearch_keyword_parameters", "currency"],
                ["4", "Conformance", "http://shop.example.org", "1", "", "EUR"]),
            Results.Site());
    }

    [Theory]
    [InlineData("csv")]
    [InlineData("tsv")]
    public void List_of_plain_objects_is_a_row_per_object(string format)
    {
        AssertRenders(
            format,
            Lines(
                format,
                ["idsite", "idgoal", "name", "revenue"],
                ["4", "1", "Order confirmation page", "12"],
                ["4", "3", "Delivery info viewed", "1.5"]),
            Results.Goals());
    }

    [Theory]
    [InlineData("csv")]
    [InlineData("tsv")]
    public void List_of_ints_is_a_value_column(string format)
    {
        AssertRenders(format, "value\n1\n3\n4", Results.SiteIds());
    }

    [Theory]
    [InlineData("csv")]
    [InlineData("tsv")]
    public void Doubles_are_written_with_fourteen_significant_digits_as_in_the_corpus(string format)
    {
        // Referrers.getReferrerType day 2026-10-12: JSON 418.34000000000003 and 129.39999999999998, CSV 418.34 and 129.4.
        AssertRenders(
            format,
            Lines(
                format,
                ["avg_price", "revenue", "nb_conversions_attrib", "revenue_tax", "sum", "difference"],
                ["239.97", "384", "0.4167", "418.34", "10000000000", "-12.5"]),
            Results.Numbers());
    }

    [Fact]
    public void Csv_quotes_values_holding_a_comma_a_quote_a_semicolon_or_a_line_break()
    {
        var table = Results.List(new DataRow
        {
            Columns =
            {
                ["label"] = "Hello, world",
                ["quote"] = "Say \"hi\"",
                ["semicolon"] = "a;b",
                ["lf"] = "line 1\nline 2",
                ["crlf"] = "line 1\r\nline 2",
                ["tab"] = "a\tb",
                ["plain"] = "plain text",
            },
        });

        AssertRenders(
            "csv",
            "label,quote,semicolon,lf,crlf,tab,plain\n" +
            "\"Hello, world\",\"Say \"\"hi\"\"\",\"a;b\",\"line 1\nline 2\",\"line 1\r\nline 2\",a\tb,plain text",
            table);
    }

    [Fact]
    public void Tsv_quotes_values_holding_a_tab_a_comma_a_quote_a_semicolon_or_a_line_break()
    {
        var table = Results.List(new DataRow
        {
            Columns =
            {
                ["label"] = "a\tb",
                ["comma"] = "Hello, world",
                ["quote"] = "Say \"hi\"",
                ["semicolon"] = "a;b",
                ["lf"] = "line 1\nline 2",
                ["plain"] = "plain text",
            },
        });

        AssertRenders(
            "tsv",
            "label\tcomma\tquote\tsemicolon\tlf\tplain\n" +
            "\"a\tb\"\t\"Hello, world\"\t\"Say \"\"hi\"\"\"\t\"a;b\"\t\"line 1\nline 2\"\tplain text",
            table);
    }

    [Theory]
    [InlineData("=SUM(A1:A9)", "'=SUM(A1:A9)")]
    [InlineData("+49 30 123456", "'+49 30 123456")]
    [InlineData("-minus", "'-minus")]
    [InlineData("@user", "'@user")]
    [InlineData("-5", "-5")]
    [InlineData("-2.5", "-2.5")]
    [InlineData("+3", "+3")]
    [InlineData("a=b", "a=b")]
    [InlineData("referrerType==direct", "referrerType==direct")]
    public void Text_that_a_spreadsheet_would_run_as_a_formula_gets_an_apostrophe(string text, string expected)
    {
        var table = Results.List(new DataRow { Columns = { ["label"] = text } });

        AssertRenders("csv", "label\n" + expected, table);
    }

    [Fact]
    public void Negative_numbers_get_no_apostrophe()
    {
        AssertRenders("csv", "a,b,c\n-5,-2.5,-7", Results.Simple(("a", -5), ("b", -2.5), ("c", -7L)));
    }

    [Fact]
    public void Apostrophe_comes_before_quoting()
    {
        var table = Results.List(new DataRow { Columns = { ["label"] = "=1,2" } });

        AssertRenders("csv", "label\n\"'=1,2\"", table);
    }

    [Theory]
    [InlineData("csv")]
    [InlineData("tsv")]
    public void Error_is_error_colon_message_as_utf8_text(string format)
    {
        var response = RendererFor(format).RenderError("The method 'nope' does not exist or is not available in the module 'API'.", 200, new RenderOptions());

        Assert.Equal(
            Encoding.UTF8.GetBytes("Error: The method 'nope' does not exist or is not available in the module 'API'."),
            response.Body);
        Assert.Equal(200, response.StatusCode);
    }

    [Theory]
    [InlineData("csv")]
    [InlineData("tsv")]
    public void Error_keeps_the_status_code(string format)
    {
        var response = RendererFor(format).RenderError("You can't access this resource as it requires 'view' access for the website id = 3.", 401, new RenderOptions());

        Assert.Equal("Error: You can't access this resource as it requires 'view' access for the website id = 3.", response.BodyText);
        Assert.Equal(401, response.StatusCode);
    }

    [Theory]
    [InlineData("csv")]
    [InlineData("tsv")]
    public void TranslateColumnNames_renames_the_header_only(string format)
    {
        var table = Results.List(new DataRow { Columns = { ["label"] = "Direct Entry", ["nb_visits"] = 45 } });
        var options = new RenderOptions { ConvertToUnicode = false, ColumnName = c => c == "label" ? "Label" : c == "nb_visits" ? "Visits" : c };

        var text = Encoding.UTF8.GetString(RendererFor(format).Render(table, options).Body);

        Assert.Equal(Lines(format, ["Label", "Visits"], ["Direct Entry", "45"]), text);
    }
}
