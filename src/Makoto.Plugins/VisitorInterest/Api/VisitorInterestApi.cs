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
        yield return Report("getNumberOfVisitsPerVisitDuration", TimeGapRecord, table =>
        {
            RangeLabels.SortByLowerBound(table);
            RangeLabels.AddSegments(table, "visitDuration");
            RangeLabels.Relabel(table, RangeLabels.TimeLabel);
        });
        yield return Report("getNumberOfVisitsPerPage", PageGapRecord, table =>
        {
            RangeLabels.SortByLowerBound(table);
            RangeLabels.AddSegments(table, "actions");
            RangeLabels.Relabel(table, label => RangeLabels.Label(label, "1 page", "{0} pages"));
        });
        yield return Report("getNumberOfVisitsByVisitCount", VisitsByVisitCountRecord, table =>
        {
            RangeLabels.AddSegments(table, "visitCount");
            RangeLabels.Relabel(table, label => RangeLabels.Label(label, "1 visit", "{0} visits"));
        }, s_visitsPercent);
        yield return Report("getNumberOfVisitsByDaysSinceLast", DaysSinceLastVisitRecord, table =>
        {
            RangeLabels.AddSegments(table, "daysSinceLastVisit");
            RangeLabels.Relabel(table, label => RangeLabels.Label(label, "1 day", "{0} days"));
        });
    }

    private ApiMethod Report(string action, string record, Action<DataTable> present, Func<DataTable, IEnumerable<ProcessedMetric>>? metrics = null) =>
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
        };
}
