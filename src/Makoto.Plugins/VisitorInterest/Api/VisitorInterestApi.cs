using Makoto.Archiving;
using Makoto.Core.DataTables;
using Makoto.Reporting.Api;
using Makoto.Reporting.Filters;
using Makoto.Reporting.Metrics;
using Makoto.Reporting.Reports;
using static Makoto.Plugins.VisitorInterest.RecordBuilders.VisitorInterestRecordBuilder;

namespace Makoto.Plugins.VisitorInterest.Api;

/// <summary>
/// VisitorInterest.getNumberOfVisitsPerVisitDuration, getNumberOfVisitsPerPage,
/// getNumberOfVisitsByVisitCount and getNumberOfVisitsByDaysSinceLast (reporting-api.md §7): the ranged
/// counts with Matomo's labels (<c>0–10s</c>, <c>1-2 min</c>, <c>6-7 pages</c>, <c>9-14 visits</c>,
/// <c>365+ days</c>) and segments (<c>visitDuration&gt;=60;visitDuration&lt;=120</c>), in range order.
/// Duration and pages are put back in range order after the generic filters, as Matomo's queued sort
/// does; the visit-count report adds each row's share of the visits shown (<c>nb_visits_percentage</c>).
/// </summary>
internal sealed class VisitorInterestApi(Archiver archiver) : IApiModule
{
    private const string Module = "VisitorInterest";

    private const string OtherViews = "<br />Please note, that you can view the report in other ways than as a tag cloud. Use the controls at the bottom of the report to do so.";

    /// <summary>Matomo's VisitsPercent: a row's visits over the visits of all rows of the answered table, three decimals.</summary>
    private static readonly Func<DataTable, IEnumerable<ProcessedMetric>> s_visitsPercent = table =>
    {
        double total = 0;
        foreach (var row in table.AllRows)
        {
            total += row.GetNumber("nb_visits");
        }

        return [new ProcessedMetric("nb_visits_percentage", row => ProcessedMetrics.Quotient(row.GetNumber("nb_visits"), total, 3), MetricType.Percent)];
    };

    public IEnumerable<ApiMethod> Methods()
    {
        yield return Report("getNumberOfVisitsPerVisitDuration", TimeGapRecord, Engagement(
            "Length of visits", "Visit duration", order: 1,
            "How many visits had a certain total duration. Initially, the report is shown as a tag cloud, wherein more common durations have a larger font." + OtherViews), table =>
        {
            RangeLabels.SortByLowerBound(table);
            RangeLabels.AddSegments(table, "visitDuration");
            RangeLabels.Relabel(table, RangeLabels.TimeLabel);
        });
        yield return Report("getNumberOfVisitsPerPage", PageGapRecord, Engagement(
            "Pages per visit", "Pages per visit", order: 2,
            "How many visits involved a certain number of pageviews. Initially, the report is shown as a tag cloud, wherein more common numbers of pages have a larger font." + OtherViews), table =>
        {
            RangeLabels.SortByLowerBound(table);
            RangeLabels.AddSegments(table, "actions");
            RangeLabels.Relabel(table, label => RangeLabels.Label(label, "1 page", "{0} pages"));
        });
        yield return Report("getNumberOfVisitsByVisitCount", VisitsByVisitCountRecord, Engagement(
            "Visits by visit number", "Visits by visit number", order: 3,
            "The number of visitors reaching their Nth visit. I.e. the total amount of visitors visiting your website a given amount of times or more." + OtherViews) with
        {
            ProcessedMetrics = ["nb_visits_percentage"],
        }, table =>
        {
            RangeLabels.AddSegments(table, "visitCount");
            RangeLabels.Relabel(table, label => RangeLabels.Label(label, "1 visit", "{0} visits"));
        }, s_visitsPercent);
        yield return Report("getNumberOfVisitsByDaysSinceLast", DaysSinceLastVisitRecord, Engagement(
            "Visits by days since last visit", "Days since last visit", order: 4,
            "How many visits were from returning visitors whose last visit was a certain number of days ago."), table =>
        {
            RangeLabels.AddSegments(table, "daysSinceLastVisit");
            RangeLabels.Relabel(table, label => RangeLabels.Label(label, "1 day", "{0} days"));
        });
    }

    /// <summary>A report of the Engagement page: visits per range, every range listed.</summary>
    private static ReportMetadata Engagement(string name, string dimension, int order, string documentation) => new()
    {
        Category = ReportCategories.Actions,
        Subcategory = ReportCategories.Engagement,
        Name = name,
        Dimension = dimension,
        Documentation = documentation,
        Metrics = ["nb_visits"],
        ConstantRowsCount = true,
        Order = order,
    };

    private ApiMethod Report(
        string action, string record, ReportMetadata metadata, Action<DataTable> present, Func<DataTable, IEnumerable<ProcessedMetric>>? metrics = null) =>
        new(Module, action, call => call.ArchivedTable(archiver, record))
        {
            IsReport = true,
            Report = new ReportPresentation
            {
                // Matomo declares no default order: the rows stay in range order unless a sort is asked for.
                DefaultSortColumn = null,
                ProcessedMetricsFor = metrics,
                Presentation = (table, _) => present(table),
            },
            ParameterNames = ["idSite", "period", "date", "segment"],
            Metadata = metadata,
        };
}
