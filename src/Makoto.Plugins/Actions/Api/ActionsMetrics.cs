using Makoto.Core.DataTables;
using Makoto.Plugins.Actions.RecordBuilders;
using Makoto.Reporting.Filters;
using Makoto.Reporting.Metrics;

namespace Makoto.Plugins.Actions.Api;

/// <summary>
/// The processed metrics of the Actions reports (metrics-and-archiving.md §3.2) and how each report
/// presents itself: page reports show the page performance averages (on the rows of the requested
/// table only, as Matomo's PagePerformance plugin adds them), time on page, bounce and exit rates;
/// site search shows pages per search.
/// </summary>
internal static class ActionsMetrics
{
    /// <summary><c>sum_time_spent / nb_hits</c> in whole seconds.</summary>
    public static ProcessedMetric AverageTimeOnPage { get; } = ProcessedMetric.Quotient("avg_time_on_page", ActionColumns.TimeSpent, ActionColumns.Hits, 0, MetricType.Duration);

    /// <summary>Visits that entered on the page and left without another action, per entrance.</summary>
    public static ProcessedMetric BounceRate { get; } = ProcessedMetric.Quotient("bounce_rate", ActionColumns.EntryBounces, ActionColumns.EntryVisits, 2, MetricType.Percent);

    /// <summary>Visits that left on the page, per visit that viewed it.</summary>
    public static ProcessedMetric ExitRate { get; } = ProcessedMetric.Quotient("exit_rate", ActionColumns.ExitVisits, ActionColumns.Visits, 2, MetricType.Percent);

    /// <summary>Per timing: <c>sum_time_X / nb_hits_with_time_X</c>, seconds with three decimals, where the answer has times.</summary>
    public static IReadOnlyList<ProcessedMetric> AverageTimings { get; } = [.. ActionColumns.Timings.Select(AverageTiming)];

    /// <summary>The sum of the six timing averages (0 without any).</summary>
    public static ProcessedMetric AveragePageLoadTime { get; } = new("avg_page_load_time", PageLoadTime, MetricType.Duration) { InSubtables = false };

    /// <summary>The page URL and page title reports.</summary>
    public static ReportPresentation Pages(string dimension, bool urls) => new()
    {
        ProcessedMetrics = [.. AverageTimings, AveragePageLoadTime, AverageTimeOnPage, BounceRate, ExitRate],
        FlatLabels = urls ? FlatLabels.Urls : new FlatLabels("/"),
        Dimension = dimension,
        LabelsStartWithBlank = !urls,
        Presentation = (table, _) => RemoveTimingSums(table),
    };

    /// <summary>Downloads and outlinks: host rows over URL rows, flattened with <c>/</c>.</summary>
    public static ReportPresentation Links(string dimension) => new()
    {
        FlatLabels = new FlatLabels("/"),
        Dimension = dimension,
    };

    /// <summary>Site search keywords: result pages per search (<c>nb_hits / nb_visits</c>), time on page, bounce and exit rates.</summary>
    public static ReportPresentation Keywords { get; } = new()
    {
        ProcessedMetrics = [PagesPerSearch(ActionColumns.Hits), AverageTimeOnPage, BounceRate, ExitRate],
    };

    /// <summary>Site search categories: result pages per search from the category's actions.</summary>
    public static ReportPresentation Categories { get; } = new()
    {
        ProcessedMetrics = [PagesPerSearch("nb_actions")],
    };

    private static ProcessedMetric PagesPerSearch(string hits) => ProcessedMetric.Quotient("nb_pages_per_search", hits, ActionColumns.Visits, 1);

    private static ProcessedMetric AverageTiming(string timing) =>
        new("avg_" + timing, row => row.Columns.ContainsKey("nb_hits_with_" + timing) ? Average(row, timing) : null, MetricType.Duration) { InSubtables = false };

    private static object PageLoadTime(DataRow row)
    {
        var sum = 0.0;
        foreach (var timing in ActionColumns.Timings)
        {
            if (row.Columns.ContainsKey("nb_hits_with_" + timing))
            {
                sum += Average(row, timing);
            }
        }

        return sum;
    }

    private static double Average(DataRow row, string timing) =>
        ProcessedMetrics.Quotient(row.NumberOf("sum_" + timing), row.NumberOf("nb_hits_with_" + timing), 3);

    /// <summary>The timing sums only serve the averages (Matomo's temporary metrics).</summary>
    private static void RemoveTimingSums(DataTable table)
    {
        foreach (var row in table.AllRows)
        {
            foreach (var timing in ActionColumns.Timings)
            {
                row.Columns.Remove("sum_" + timing);
            }
        }
    }
}
