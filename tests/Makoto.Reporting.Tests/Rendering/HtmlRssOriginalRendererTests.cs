using Makoto.Core.DataTables;
using Makoto.Reporting.Api;
using Makoto.Reporting.Rendering;

namespace Makoto.Reporting.Tests.Rendering;

/// <summary>
/// <c>format=html</c>, <c>format=rss</c> and <c>format=original</c> in the layout of Matomo's
/// renderers (the expected strings follow the behaviour Matomo's own renderer tests describe: header
/// of every column, <c>-</c> for a missing cell, <c>_idSubtable</c>, <c>_date</c> for maps, PHP's
/// var_export and serialize for plain answers).
/// </summary>
public class HtmlRssOriginalRendererTests
{
    private static readonly HtmlRenderer s_html = new();
    private static readonly OriginalRenderer s_original = new();

    private static string Html(object result, RenderOptions? options = null) =>
        s_html.Render(result, options ?? new RenderOptions { Method = "MultiSites.getAll" }).BodyText;

    private static string Table(string head, params string[] rows) =>
        "<table id=\"MultiSites_getAll\" border=\"1\">\n<thead>\n\t<tr>\n" + head + "\t</tr>\n</thead>\n<tbody>\n" + string.Concat(rows) + "</tbody>\n</table>\n";

    private static string Th(params string[] names) => string.Concat(names.Select(n => $"\t\t<th>{n}</th>\n"));

    private static string Tr(params string[] cells) => "\t<tr>\n" + string.Concat(cells.Select(c => $"\t\t<td>{c}</td>\n")) + "\t</tr>\n";

    [Fact]
    public void Html_table_has_a_header_of_every_column_and_the_method_as_id()
    {
        var table = Results.List(new DataRow { Columns = { ["nb_visits"] = 5, ["nb_random"] = 10 } });

        var response = s_html.Render(table, new RenderOptions { Method = "MultiSites.getAll" });

        Assert.Equal(Table(Th("nb_visits", "nb_random"), Tr("5", "10")), response.BodyText);
        Assert.Equal("text/html; charset=utf-8", response.ContentType);
    }

    [Fact]
    public void Html_shows_subtable_ids_metadata_and_a_dash_for_missing_cells()
    {
        var first = new DataRow { Columns = { ["label"] = "a<b", ["nb_visits"] = 5 }, IdSubtable = 7 };
        first.Metadata["url"] = "http://x.org/?a=1&b=2";
        first.Metadata["idgoal"] = 3;
        var second = new DataRow { Columns = { ["label"] = "c", ["nb_hits"] = 2 } };

        var html = Html(Results.List(first, second));

        Assert.Equal(
            Table(
                Th("label", "nb_visits", "nb_hits", "_metadata", "_idSubtable"),
                Tr("a&lt;b", "5", "-", "'url' =&gt; 'http://x.org/?a=1&amp;b=2'&lt;br /&gt;'idgoal' =&gt; 3", "7"),
                Tr("c", "-", "2", "-", "-")),
            html);
    }

    [Fact]
    public void Html_of_several_periods_is_one_table_with_a_date_column_and_no_rows_for_empty_days()
    {
        Assert.Equal(
            Table(
                Th("_date", "nb_visits", "nb_actions", "bounce_rate", "nb_actions_per_visit"),
                Tr("2024-05-01", "33", "90", "45%", "2.7"),
                Tr("2024-05-03", "45", "131", "42%", "2.9")),
            Html(Results.ThreeDays()));
    }

    [Fact]
    public void Html_of_several_sites_and_periods_is_an_error()
    {
        Assert.Throws<ApiException>(() => Html(Results.TwoSitesTwoDays()));
    }

    [Fact]
    public void Html_of_scalars_lists_and_objects_follows_Matomos_array_conversion()
    {
        Assert.Equal(Table(Th("value"), Tr("5")), Html(new ApiValue(5)));
        Assert.Equal(Table(Th("value"), Tr("1")), Html(new ApiValue(true)));
        Assert.Equal(Table(Th("value"), Tr("1"), Tr("3"), Tr("4")), Html(Results.SiteIds()));
        Assert.Equal(Table(""), Html(new List<object?>()));
        Assert.Equal(
            Table(Th("idsite", "name", "main_url", "ecommerce", "sitesearch_keyword_parameters", "currency"), Tr("4", "Conformance", "http://shop.example.org", "1", "", "EUR")),
            Html(Results.Site()));
        Assert.Equal(
            Table(Th("idsite", "idgoal", "name", "revenue"), Tr("4", "1", "Order confirmation page", "12"), Tr("4", "3", "Delivery info viewed", "1.5")),
            Html(Results.Goals()));
    }

    [Fact]
    public void Html_cannot_show_an_object_holding_objects()
    {
        var nested = new PlainObject { ["first"] = "isFirst", ["second"] = new PlainObject { ["a"] = 1 } };

        var error = Assert.Throws<ApiException>(() => Html(nested));
        Assert.StartsWith("Data structure returned is not convertible in the requested format", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Html_of_a_list_of_objects_holding_lists_prints_the_lists_with_var_export()
    {
        var visits = new List<object?> { new PlainObject { ["idVisit"] = 7, ["actionDetails"] = new List<object?> { new PlainObject { ["type"] = "action" } } } };

        Assert.Equal(
            Table(Th("idVisit", "actionDetails"), Tr("7", "<pre>array (\n  0 =&gt; \n  array (\n    'type' =&gt; 'action',\n  ),\n)</pre>")),
            Html(visits));
    }

    [Fact]
    public void Plain_answers_holding_reports_ask_for_json_or_xml_in_html_and_original()
    {
        var bulk = new List<object?> { Results.VisitsSummary(), new PlainObject { ["result"] = "success" } };

        Assert.Throws<ApiException>(() => Html(bulk));
        Assert.Throws<ApiException>(() => s_original.Render(bulk, new RenderOptions()));
        Assert.Throws<ApiException>(() => s_original.Render(bulk, new RenderOptions { Serialize = true }));
    }

    [Fact]
    public void Html_goal_columns_are_var_export_in_pre()
    {
        var row = new DataRow { Columns = { ["label"] = "x", ["goals"] = new PlainObject { ["idgoal=1"] = new PlainObject { ["nb_conversions"] = 2, ["revenue"] = 3.5 } } } };

        var html = Html(Results.List(row));

        Assert.Contains(
            "\t\t<td><pre>array (\n  'idgoal=1' =&gt; \n  array (\n    'nb_conversions' =&gt; 2,\n    'revenue' =&gt; 3.5,\n  ),\n)</pre></td>\n",
            html,
            StringComparison.Ordinal);
    }

    [Fact]
    public void Html_success_and_errors()
    {
        Assert.Equal("<!-- Success: ok -->", Html(ApiSuccess.Instance));
        var error = s_html.RenderError("The\nerror", 200, new RenderOptions());
        Assert.Equal("The<br />\nerror", error.BodyText);
        Assert.Equal("text/plain; charset=utf-8", error.ContentType);
    }

    [Fact]
    public void Html_headers_are_translated_when_asked()
    {
        var table = Results.List(new DataRow { Columns = { ["label"] = "a", ["nb_visits"] = 5 } });

        var html = Html(table, new RenderOptions { Method = "X.y", ColumnName = c => c == "nb_visits" ? "Visits" : "Label" });

        Assert.Contains("<th>Label</th>\n\t\t<th>Visits</th>", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Rss_has_one_item_per_period_most_recent_first()
    {
        var clock = new FixedClock(new DateTimeOffset(2024, 5, 4, 10, 30, 0, TimeSpan.Zero));
        var rss = new RssRenderer(clock).Render(
            Results.TwoDaysOfReferrerTypes(),
            new RenderOptions { ServerUrl = "http://stats.example/", IdSite = "1", Period = "day", SiteName = "Shop" });

        const string Link = "http://stats.example/?module=CoreHome&amp;action=index&amp;idSite=1&amp;period=day&amp;date=";
        Assert.Equal(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\">\n  <channel>\n" +
            "    <title>matomo statistics - RSS</title>\n    <link>https://matomo.org</link>\n    <description>Matomo RSS feed</description>\n" +
            "    <pubDate>Sat, 04 May 2024 10:30:00 +0000</pubDate>\n    <generator>matomo</generator>\n    <language>en</language>\n" +
            "    <lastBuildDate>Sat, 04 May 2024 10:30:00 +0000</lastBuildDate>\n" +
            "\t<item>\n\t\t<pubDate>Thu, 02 May 2024 00:00:00 +0000</pubDate>\n" +
            $"\t\t<guid>{Link}2024-05-02</guid>\n\t\t<link>{Link}2024-05-02</link>\n" +
            "\t\t<title>Shop on 2024-05-02</title>\n\t\t<author>https://matomo.org</author>\n" +
            "\t\t<description>&lt;b&gt;&lt;i&gt;Empty table&lt;/i&gt;&lt;/b&gt;&lt;br /&gt;</description>\n\t</item>\n" +
            "\t<item>\n\t\t<pubDate>Wed, 01 May 2024 00:00:00 +0000</pubDate>\n" +
            $"\t\t<guid>{Link}2024-05-01</guid>\n\t\t<link>{Link}2024-05-01</link>\n" +
            "\t\t<title>Shop on 2024-05-01</title>\n\t\t<author>https://matomo.org</author>\n" +
            "\t\t<description>&lt;table border=1 width=70%&gt;&lt;tr&gt;\t&lt;td&gt;&lt;b&gt;label&lt;/b&gt;&lt;/td&gt;\t&lt;td&gt;&lt;b&gt;nb_visits&lt;/b&gt;&lt;/td&gt;&lt;/tr&gt;" +
            "&lt;tr&gt;\t&lt;td&gt;Direct Entry&lt;/td&gt;\t&lt;td&gt;22&lt;/td&gt;&lt;/tr&gt;" +
            "&lt;tr&gt;\t&lt;td&gt;Websites&lt;/td&gt;\t&lt;td&gt;3&lt;/td&gt;&lt;/tr&gt;&lt;/table&gt;</description>\n\t</item>\n" +
            "\t</channel>\n</rss>",
            rss.BodyText);
        Assert.Equal("text/xml; charset=utf-8", rss.ContentType);
    }

    [Fact]
    public void Rss_needs_several_periods_of_one_site()
    {
        var renderer = new RssRenderer(TimeProvider.System);
        Assert.Throws<ApiException>(() => renderer.Render(Results.VisitsSummary(), new RenderOptions()));
        Assert.Throws<ApiException>(() => renderer.Render(Results.VisitsPerSite(), new RenderOptions()));
        Assert.Equal("Error: no", renderer.RenderError("no", 200, new RenderOptions()).BodyText);
    }

    [Fact]
    public void Original_prints_plain_answers_as_var_export_and_reports_as_html()
    {
        var site = s_original.Render(Results.Site(), new RenderOptions());
        Assert.Equal(
            "array (\n  'idsite' => 4,\n  'name' => 'Conformance',\n  'main_url' => 'http://shop.example.org',\n  'ecommerce' => 1,\n" +
            "  'sitesearch_keyword_parameters' => '',\n  'currency' => 'EUR',\n)",
            site.BodyText);
        Assert.Equal("text/plain; charset=utf-8", site.ContentType);
        Assert.Equal("array (\n  0 => 1,\n  1 => 3,\n  2 => 4,\n)", s_original.Render(Results.SiteIds(), new RenderOptions()).BodyText);
        Assert.Equal("7", s_original.Render(new ApiValue(7), new RenderOptions()).BodyText);
        Assert.Equal("1", s_original.Render(ApiSuccess.Instance, new RenderOptions()).BodyText);

        var report = s_original.Render(Results.List(new DataRow { Columns = { ["label"] = "a", ["nb_visits"] = 5 } }), new RenderOptions { Method = "A.b" });
        Assert.Equal("<table border=\"1\">\n<thead>\n\t<tr>\n" + Th("label", "nb_visits") + "\t</tr>\n</thead>\n<tbody>\n" + Tr("a", "5") + "</tbody>\n</table>\n", report.BodyText);
    }

    [Fact]
    public void Original_serialized_is_php_serialize_and_refuses_reports()
    {
        var options = new RenderOptions { Serialize = true };

        Assert.Equal("a:3:{i:0;i:1;i:1;i:3;i:2;i:4;}", s_original.Render(Results.SiteIds(), options).BodyText);
        Assert.Equal(
            "a:2:{i:0;a:4:{s:6:\"idsite\";i:4;s:6:\"idgoal\";i:1;s:4:\"name\";s:23:\"Order confirmation page\";s:7:\"revenue\";i:12;}" +
            "i:1;a:4:{s:6:\"idsite\";i:4;s:6:\"idgoal\";i:3;s:4:\"name\";s:20:\"Delivery info viewed\";s:7:\"revenue\";d:1.5;}}",
            s_original.Render(Results.Goals(), options).BodyText);
        Assert.Equal("s:7:\"Zürich\";", s_original.Render(new ApiValue("Zürich"), options).BodyText);
        Assert.Equal("a:2:{s:6:\"result\";s:5:\"error\";s:7:\"message\";s:3:\"bad\";}", s_original.RenderError("bad", 200, options).BodyText);

        var refused = s_original.Render(Results.VisitsSummary(), options).BodyText;
        Assert.StartsWith("a:2:{s:6:\"result\";s:5:\"error\";s:7:\"message\";", refused, StringComparison.Ordinal);
        Assert.Contains("format=json", refused, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0.1, "0.1", "0.1")]
    [InlineData(3.0, "3.0", "3")]
    [InlineData(1e25, "1.0E+25", "1.0E+25")]
    [InlineData(-2.5e-7, "-2.5E-7", "-2.5E-7")]
    public void Floats_are_written_as_php_writes_them(double value, string varExport, string serialized)
    {
        Assert.Equal(varExport, PhpValues.VarExport(value));
        Assert.Equal($"d:{serialized};", PhpValues.Serialize(value));
    }

    [Fact]
    public void Var_export_escapes_quotes_and_backslashes_and_numeric_keys_are_integers()
    {
        var value = new PlainObject { ["7"] = "it's a \\ test", ["07"] = null, ["ok"] = false };

        Assert.Equal("array (\n  7 => 'it\\'s a \\\\ test',\n  '07' => NULL,\n  'ok' => false,\n)", PhpValues.VarExport(value));
        Assert.Equal("a:3:{i:7;s:13:\"it's a \\ test\";s:2:\"07\";N;s:2:\"ok\";b:0;}", PhpValues.Serialize(value));
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
