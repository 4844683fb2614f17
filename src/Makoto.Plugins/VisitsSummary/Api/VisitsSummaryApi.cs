using Makoto.Archiving;
using Makoto.Core.DataTables;
using Makoto.Reporting.Api;
using Makoto.Reporting.Reports;
using Makoto.Reporting.Filters;
using Makoto.Reporting.Metrics;
using static Makoto.Plugins.VisitsSummary.RecordBuilders.VisitsSummaryRecordBuilder;

namespace Makoto.Plugins.VisitsSummary.Api;

/// <summary>VisitsSummary.get and its single-metric shortcuts (reporting-api.md §7).</summary>
internal sealed class VisitsSummaryApi(Archiver archiver) : IApiModule
{
    private const string Module = "VisitsSummary";

    /// <summary>Stored metrics in Matomo's output order; unique counts only where they exist for the period.</summary>
    private static readonly string[] s_stored =
        [NbUniqVisitors, NbUsers, NbVisits, NbActions, NbVisitsConverted, BounceCount, SumVisitLength, MaxActions];

    public IEnumerable<ApiMethod> Methods()
    {
        string[] common = ["idSite", "period", "date", "segment"];
        yield return new ApiMethod(Module, "get", call => call.ForEachSiteAndPeriod((site, period) => Summary(call.Records(archiver, site, period))))
        {
            IsReport = true,
            Report = new ReportPresentation
            {
                ProcessedMetrics = [CoreMetrics.BounceRate, CoreMetrics.ActionsPerVisit, CoreMetrics.AverageTimeOnSite],
                ColumnsParameter = true,
            },
            ParameterNames = [.. common, "columns"],
            Metadata = new ReportMetadata
            {
                Category = ReportCategories.Visitors,
                Subcategory = ReportCategories.Overview,
                Name = "Visits Summary",
                Documentation = "This report provides a very general overview of how your visitors behave.",
                Metrics = [NbUniqVisitors, NbVisits, NbUsers, NbActions, MaxActions],
                ProcessedMetrics = ["bounce_rate", "nb_actions_per_visit", new ReportMetric("avg_time_on_site", "Avg. Visit Duration (in seconds)")],
                Order = 1,
            },
        };
        yield return Single("getVisits", NbVisits);
        yield return Single("getUniqueVisitors", NbUniqVisitors);
        yield return Single("getUsers", NbUsers);
        yield return Single("getActions", NbActions);
        yield return Single("getMaxActions", MaxActions);
        yield return Single("getBounceCount", BounceCount);
        yield return Single("getVisitsConverted", NbVisitsConverted);
        yield return Single("getSumVisitsLength", SumVisitLength);
        yield return new ApiMethod(Module, "getSumVisitsLengthPretty", call => call.ForEachSiteAndPeriod((site, period) =>
            new ApiValue(MetricFormat.Duration(call.Records(archiver, site, period).GetNumeric(SumVisitLength) ?? 0))))
        {
            ParameterNames = common,
        };
    }

    private ApiMethod Single(string action, string metric) =>
        new(Module, action, call => call.ForEachSiteAndPeriod((site, period) =>
            new ApiValue(call.Records(archiver, site, period).GetNumeric(metric) ?? 0)))
        {
            ParameterNames = ["idSite", "period", "date", "segment"],
        };

    /// <summary>
    /// The stored metrics of an archive (empty without visits); the report pipeline adds the processed ones
    /// and applies <c>columns</c>. VisitFrequency reads the same table from its segmented archives.
    /// </summary>
    internal static DataTable Summary(ArchiveRecords records)
    {
        if (records.GetNumeric(NbVisits) is not { } visits || visits == 0)
        {
            return new DataTable(isSimple: true);
        }

        var columns = new List<KeyValuePair<string, object?>>();
        foreach (var name in s_stored)
        {
            if (records.GetNumeric(name) is { } value)
            {
                columns.Add(new(name, value));
            }
        }

        return DataTable.Simple(columns);
    }
}
