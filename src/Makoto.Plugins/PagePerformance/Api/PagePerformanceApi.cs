using Makoto.Archiving;
using Makoto.Core.DataTables;
using Makoto.Plugins.PagePerformance.RecordBuilders;
using Makoto.Reporting.Api;
using Makoto.Reporting.Reports;
using Makoto.Reporting.Filters;
using Makoto.Reporting.Metrics;

namespace Makoto.Plugins.PagePerformance.Api;

/// <summary>
/// PagePerformance.get (reporting-api.md §7): the average of each timing over the page views that
/// sent it, and the average page load time, in seconds with two decimals.
/// </summary>
internal sealed class PagePerformanceApi(Archiver archiver) : IApiModule
{
    private static readonly string[] s_averages =
        ["avg_time_network", "avg_time_server", "avg_time_transfer", "avg_time_dom_processing", "avg_time_dom_completion", "avg_time_on_load"];

    /// <summary>The page timing averages, in seconds.</summary>
    public static MetricDefinitionSet Definitions { get; } = new(
    [
        new("avg_time_network", "Avg. network time", MetricType.Duration,
            "Average time (in seconds) it takes to connect to the server. This includes the time needed to lookup DNS and establish a TCP connection. This value might be 0 after the first request to a domain as the browser might cache the connection."),
        new("avg_time_server", "Avg. server time", MetricType.Duration,
            "Average time (in seconds) it takes the server to generate the page. This is the time between the server receiving the request and starting to serve the response."),
        new("avg_time_transfer", "Avg. transfer time", MetricType.Duration,
            "Average time (in seconds) it takes the browser to download the response from the server. This is the time from receiving the first byte till the response is complete."),
        new("avg_time_dom_processing", "Avg. DOM processing time", MetricType.Duration,
            "Average time (in seconds) the browser spends loading the webpage after the response was fully received and before the user can start interacting with it."),
        new("avg_time_dom_completion", "Avg. DOM completion time", MetricType.Duration,
            "Average time (in seconds) it takes for the browser to load media and execute any Javascript code listening for the DOMContentLoaded event after the webpage was loaded and the user can already interact with it."),
        new("avg_time_on_load", "Avg. on load time", MetricType.Duration,
            "Average time (in seconds) it takes the browser to execute Javascript code waiting for the window.load event. This event is triggered once the DOM has completely rendered."),
        new("avg_page_load_time", "Avg. page load time", MetricType.Duration,
            "Average time (in seconds) it takes from requesting a page until the page is fully rendered within the browser"),
    ]);

    public IEnumerable<ApiMethod> Methods()
    {
        var metrics = new List<ProcessedMetric>();
        for (var i = 0; i < s_averages.Length; i++)
        {
            metrics.Add(Average(s_averages[i], PerformanceTotalsRecordBuilder.Timings[i].Time, PerformanceTotalsRecordBuilder.Timings[i].Hits));
        }

        metrics.Add(Average("avg_page_load_time", PerformanceTotalsRecordBuilder.PageLoadTime, PerformanceTotalsRecordBuilder.PageLoadHits));
        yield return new ApiMethod("PagePerformance", "get", call => call.ForEachSiteAndPeriod((site, period) => Totals(call.Records(archiver, site, period))))
        {
            IsReport = true,
            Report = new ReportPresentation { ProcessedMetrics = metrics, Presentation = (table, _) => RemoveTotals(table) },
            ParameterNames = ["idSite", "period", "date", "segment"],
            Metadata = new ReportMetadata
            {
                Category = ReportCategories.Actions,
                Subcategory = ReportCategories.Performance,
                Name = "Performance overview",
                Documentation = "This report provides an overview of how fast your webpages become visible to your visitors. This includes both how long it takes for browsers to download your webpages and how long it takes for browsers to display them.",
                OnlineGuideUrl = "https://matomo.org/faq/how-to/how-do-i-see-page-performance-reports/",
                Metrics = [.. s_averages, "avg_page_load_time"],
                ProcessedMetrics = [.. s_averages, "avg_page_load_time"],
                Order = 1,
            },
        };
    }

    /// <summary>The stored totals of the period; the averages are added by the report pipeline.</summary>
    private static DataTable Totals(ArchiveRecords records)
    {
        if (records.GetNumeric(PerformanceTotalsRecordBuilder.PageLoadHits) is null)
        {
            return new DataTable(isSimple: true);
        }

        var columns = new List<KeyValuePair<string, object?>>();
        foreach (var (time, hits) in PerformanceTotalsRecordBuilder.Timings)
        {
            columns.Add(new(time, records.GetNumeric(time) ?? 0));
            columns.Add(new(hits, records.GetNumeric(hits) ?? 0));
        }

        columns.Add(new(PerformanceTotalsRecordBuilder.PageLoadTime, records.GetNumeric(PerformanceTotalsRecordBuilder.PageLoadTime) ?? 0));
        columns.Add(new(PerformanceTotalsRecordBuilder.PageLoadHits, records.GetNumeric(PerformanceTotalsRecordBuilder.PageLoadHits) ?? 0));
        return DataTable.Simple(columns);
    }

    /// <summary>Milliseconds summed over the hits with the timing, as seconds per hit.</summary>
    private static ProcessedMetric Average(string name, string time, string hits) =>
        new(name, row => ProcessedMetrics.Quotient(row.NumberOf(time) / 1000, row.NumberOf(hits), 2), MetricType.Duration);

    private static void RemoveTotals(DataTable table)
    {
        foreach (var row in table.AllRows)
        {
            foreach (var (time, hits) in PerformanceTotalsRecordBuilder.Timings)
            {
                row.Columns.Remove(time);
                row.Columns.Remove(hits);
            }

            row.Columns.Remove(PerformanceTotalsRecordBuilder.PageLoadTime);
            row.Columns.Remove(PerformanceTotalsRecordBuilder.PageLoadHits);
        }
    }
}
