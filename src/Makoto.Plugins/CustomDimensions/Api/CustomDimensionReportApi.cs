using Makoto.Archiving;
using Makoto.Core.DataTables;
using Makoto.Core.Segments;
using Makoto.Plugins.CustomDimensions.RecordBuilders;
using Makoto.Reporting.Api;
using Makoto.Reporting.Filters;
using Makoto.Reporting.Metrics;
using Makoto.Reporting.Reports;
using Makoto.Storage.CustomDimensions;

namespace Makoto.Plugins.CustomDimensions.Api;

/// <summary>CustomDimensions.getCustomDimension: the report of one active dimension (reporting-api.md §7).</summary>
internal sealed class CustomDimensionReportApi(Archiver archiver, CustomDimensionStore dimensions) : IApiModule
{
    /// <summary><c>sum_time_spent / nb_hits</c>, whole seconds: the average time on an action carrying the value.</summary>
    private static readonly ProcessedMetric s_averageTimeOnDimension =
        ProcessedMetric.Quotient("avg_time_on_dimension", "sum_time_spent", "nb_hits", 0, MetricType.Duration);

    /// <summary><c>exit_nb_visits / nb_visits</c>, a percent.</summary>
    private static readonly ProcessedMetric s_exitRate = ProcessedMetric.Quotient("exit_rate", "exit_nb_visits", "nb_visits", 2, MetricType.Percent);

    private static readonly ProcessedMetric[] s_visitScopeMetrics = [CoreMetrics.AverageTimeOnSite, CoreMetrics.BounceRate, CoreMetrics.ActionsPerVisit];
    private static readonly ProcessedMetric[] s_actionScopeMetrics = [s_averageTimeOnDimension, CoreMetrics.BounceRate, s_exitRate];

    public IEnumerable<ApiMethod> Methods()
    {
        yield return new ApiMethod("CustomDimensions", "getCustomDimension", GetCustomDimension)
        {
            IsReport = true,
            Report = new ReportPresentation
            {
                // Action scope rows have hits; visit scope rows have not.
                ProcessedMetricsFor = table => table.Rows.Count > 0 && table.Rows[0].Columns.ContainsKey("nb_hits") ? s_actionScopeMetrics : s_visitScopeMetrics,
            },
            ParameterNames = ["idDimension", "idSite", "period", "date", "segment", "expanded", "flat", "idSubtable"],
        };
    }

    private object GetCustomDimension(ApiCall call)
    {
        var site = call.RequireSite();
        var id = call.Parameters.GetInt("idDimension") ?? throw new ApiException("Please specify a value for 'idDimension'.");
        var dimension = dimensions.Get(site.IdSite, id) ?? throw new ApiException($"Dimension {id} for website {site.IdSite} does not exist.");
        if (!dimension.Active)
        {
            throw new ApiException($"Dimension {id} for website {site.IdSite} is not active.");
        }

        var tracking = "dimension" + id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return call.ForEachSiteAndPeriod((s, period) =>
        {
            var records = call.Records(archiver, s, period);
            var table = records.GetTable(CustomDimensionsRecordBuilder.RecordName(id))?.Clone() ?? new DataTable();
            AddSegments(table, tracking);

            // Matomo's RemoveUserIfNeeded: no nb_users column when no visit of the period had a user id.
            if (!HasUsers(table) && records.GetNumeric("nb_users") is not > 0)
            {
                foreach (var row in table.AllRows)
                {
                    row.Columns.Remove("nb_users");
                }
            }

            return table;
        });
    }

    /// <summary>
    /// Matomo's AddSegmentMetadata and AddSubtableSegmentMetadata: <c>dimensionN==value</c> on the rows,
    /// <c>dimensionN==value;actionUrl=$url</c> and a <c>url</c> on the URL rows of the subtables.
    /// </summary>
    private static void AddSegments(DataTable table, string tracking)
    {
        foreach (var row in table.Rows)
        {
            var value = row.Label == CustomDimensionsRecordBuilder.ValueNotDefined ? "" : row.Label ?? "";
            row.Metadata["segment"] = SegmentMetadata.Condition(tracking, value);
            if (row.Subtable is not { } subtable || row.Label is null or "" or "0")
            {
                continue;
            }

            var parent = SegmentMetadata.Condition(tracking, value) + ";actionUrl=$";
            foreach (var child in subtable.Rows)
            {
                var url = PhpUrl.Encode(child.Label ?? "");
                child.Metadata["segment"] = parent + url;
                child.Metadata["url"] = url;
            }
        }
    }

    private static bool HasUsers(DataTable table)
    {
        foreach (var row in table.Rows)
        {
            if (row.GetNumber("nb_users") > 0)
            {
                return true;
            }
        }

        return false;
    }
}
