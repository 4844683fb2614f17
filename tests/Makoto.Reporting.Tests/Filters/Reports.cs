using Makoto.Core.DataTables;
using Makoto.Reporting.Api;
using Makoto.Reporting.Filters;
using Makoto.Reporting.Metrics;

namespace Makoto.Reporting.Tests.Filters;

/// <summary>
/// Hand-built reports for the pipeline tests, shaped like Matomo's: a page URL tree with folders and
/// leaves (stored metrics only, rows in archive order, not sorted), and a referrer type table with
/// referrer subtables. The expected values of the tests are worked out by hand from these numbers.
/// </summary>
internal static class Reports
{
    /// <summary>Actions-like processed metrics, defined the way a plugin defines its own.</summary>
    public static readonly ProcessedMetric AverageTimeOnPage = ProcessedMetric.Quotient("avg_time_on_page", "sum_time_spent", "nb_hits", 0, MetricType.Duration);

    public static readonly ProcessedMetric EntryBounceRate = ProcessedMetric.Quotient("bounce_rate", "entry_bounce_count", "entry_nb_visits", 2, MetricType.Percent);

    public static readonly ProcessedMetric ExitRate = ProcessedMetric.Quotient("exit_rate", "exit_nb_visits", "nb_visits", 2, MetricType.Percent);

    public static ReportPresentation PageUrlsReport { get; } = new()
    {
        ProcessedMetrics = [AverageTimeOnPage, EntryBounceRate, ExitRate],
        FlatLabels = FlatLabels.Urls,
        Dimension = "Actions_PageUrl",
    };

    public static ReportPresentation ReferrerTypeReport { get; } = new()
    {
        ProcessedMetrics = CoreMetrics.VisitMetrics,
        Dimension = "Referrers_ReferrerType",
        SubtableDimension = "Referrers_ReferrerName",
    };

    /// <summary>
    /// Top level in archive order: <c>shop</c> (10 visits, subtable 1), <c>/index</c> (8), <c>blog</c> (4,
    /// subtable 3), <c>/about</c> (4). shop › <c>tea</c> (6, subtable 2) › <c>/green-tea</c> (4) and
    /// <c>/index</c> (2); shop › <c>/index</c> (4); blog › <c>/post-10</c> (2), <c>/Post-2</c> (2).
    /// </summary>
    public static DataTable PageUrls()
    {
        var tea = Table(
            Page("/green-tea", 4, 5, 300, 2, 0, 1, "http://example.org/shop/tea/green-tea"),
            Page("/index", 2, 2, 50, 0, 0, 1, "http://example.org/shop/tea/"));
        var shop = Table(
            Folder("tea", 6, 7, 350, 2, 0, 2, "pageUrl=^http%253A%252F%252Fexample.org%252Fshop%252Ftea", 2, tea),
            Page("/index", 4, 5, 250, 2, 1, 1, "http://example.org/shop/"));
        var blog = Table(
            Page("/post-10", 2, 3, 100, 0, 0, 1, "http://example.org/blog/post-10"),
            Page("/Post-2", 2, 3, 100, 0, 0, 0, "http://example.org/blog/Post-2"));
        return Table(
            Folder("shop", 10, 12, 600, 4, 1, 3, "pageUrl=^http%253A%252F%252Fexample.org%252Fshop", 1, shop),
            Page("/index", 8, 11, 440, 5, 2, 4, "http://example.org/"),
            Folder("blog", 4, 6, 200, 0, 0, 1, "pageUrl=^http%253A%252F%252Fexample.org%252Fblog", 3, blog),
            Page("/about", 4, 4, 120, 1, 1, 2, "http://example.org/about"));
    }

    /// <summary>
    /// Direct Entry (100 visits), Search Engines (60, subtable 2: Google 45, Bing 15), Websites (30,
    /// subtable 3: example.com 30), Campaigns (1).
    /// </summary>
    public static DataTable ReferrerTypes()
    {
        var engines = Table(
            Visits("Google", 45, 150, 9300, 18, 9, ("segment", "referrerName==Google")),
            Visits("Bing", 15, 50, 3100, 6, 3, ("segment", "referrerName==Bing")));
        var websites = Table(Visits("example.com", 30, 61, 2000, 17, 1, ("segment", "referrerName==example.com")));
        var search = Visits("Search Engines", 60, 200, 12400, 24, 12, ("segment", "referrerType==search"), ("referrer_type", 2));
        search.IdSubtable = 2;
        search.Subtable = engines;
        var sites = Visits("Websites", 30, 61, 2000, 17, 1, ("segment", "referrerType==website"), ("referrer_type", 3));
        sites.IdSubtable = 3;
        sites.Subtable = websites;
        return Table(
            Visits("Direct Entry", 100, 300, 15000, 40, 10, ("segment", "referrerType==direct"), ("referrer_type", 1)),
            search,
            sites,
            Visits("Campaigns", 1, 1, 0, 1, 0, ("segment", "referrerType==campaign"), ("referrer_type", 6)));
    }

    public static DataRow Visits(string label, double visits, double actions, double length, double bounces, double converted, params (string Name, object Value)[] metadata)
    {
        var row = new DataRow { Label = label };
        row["nb_visits"] = visits;
        row["nb_actions"] = actions;
        row["sum_visit_length"] = length;
        row["bounce_count"] = bounces;
        row["nb_visits_converted"] = converted;
        foreach (var (name, value) in metadata)
        {
            row.Metadata[name] = value;
        }

        return row;
    }

    public static DataTable Table(params DataRow[] rows)
    {
        var table = new DataTable();
        table.Rows.AddRange(rows);
        return table;
    }

    /// <summary>Runs the pipeline on a table with the parameters of <paramref name="query"/>.</summary>
    public static DataTable Run(DataTable table, string query, ReportPresentation report) =>
        (DataTable)ReportPipeline.Process(table, ReportRequest.Parse(ApiParameters.Parse(query)), report);

    public static List<string?> Labels(DataTable table) => table.AllRows.Select(r => r.Label).ToList();

    private static DataRow Page(string label, double visits, double hits, double timeSpent, double entries, double entryBounces, double exits, string url)
    {
        var row = Metrics(label, visits, hits, timeSpent, entries, entryBounces, exits);
        row.Metadata["url"] = url;
        return row;
    }

    private static DataRow Folder(string label, double visits, double hits, double timeSpent, double entries, double entryBounces, double exits, string segment, int idSubtable, DataTable subtable)
    {
        var row = Metrics(label, visits, hits, timeSpent, entries, entryBounces, exits);
        row.Metadata["segment"] = segment;
        row.IdSubtable = idSubtable;
        row.Subtable = subtable;
        return row;
    }

    private static DataRow Metrics(string label, double visits, double hits, double timeSpent, double entries, double entryBounces, double exits)
    {
        var row = new DataRow { Label = label };
        row["nb_visits"] = visits;
        row["nb_hits"] = hits;
        row["sum_time_spent"] = timeSpent;
        row["entry_nb_visits"] = entries;
        row["entry_bounce_count"] = entryBounces;
        row["exit_nb_visits"] = exits;
        return row;
    }
}
