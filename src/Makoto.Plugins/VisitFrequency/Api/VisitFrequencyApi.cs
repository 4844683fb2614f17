using Makoto.Archiving;
using Makoto.Core.DataTables;
using Makoto.Core.Periods;
using Makoto.Core.Segments;
using Makoto.Core.Sites;
using Makoto.Plugins.VisitsSummary.Api;
using Makoto.Reporting.Api;
using Makoto.Reporting.Filters;
using Makoto.Reporting.Metrics;
using Makoto.Reporting.Reports;

namespace Makoto.Plugins.VisitFrequency.Api;

/// <summary>
/// <c>VisitFrequency.get</c> (metrics-and-archiving.md §4): VisitsSummary.get of the visits of new visitors
/// and of returning visitors, each the request's segment AND the visitor type, with the columns of the
/// first suffixed <c>_new</c> and those of the second <c>_returning</c>, in one row.
/// </summary>
internal sealed class VisitFrequencyApi(Archiver archiver) : IApiModule
{
    private const string Module = "VisitFrequency";
    private const string NewSuffix = "_new";
    private const string ReturningSuffix = "_returning";

    /// <summary>The two kinds of visits: the column suffix and the segment (URL-encoded, as Matomo appends it to the request's).</summary>
    private static readonly (string Suffix, string Segment)[] s_visitorTypes =
    [
        (NewSuffix, "visitorType%3D%3Dnew"),
        (ReturningSuffix, "visitorType%3D%3Dreturning%2CvisitorType%3D%3DreturningCustomer"),
    ];

    /// <summary>The processed metrics of VisitsSummary.get, in its order, computed on each kind's row before the suffix is added.</summary>
    private static readonly ProcessedMetric[] s_summaryMetrics = [CoreMetrics.BounceRate, CoreMetrics.ActionsPerVisit, CoreMetrics.AverageTimeOnSite];

    /// <summary>Names and types of the suffixed metrics the report lists (Matomo has no name for <c>max_actions_new</c>).</summary>
    public static MetricDefinitionSet Definitions { get; } = new(
    [
        new("nb_visits_returning", "Returning Visits"),
        new("nb_actions_returning", "Actions by Returning Visits"),
        new("nb_uniq_visitors_returning", "Unique returning visitors"),
        new("nb_users_returning", "Returning Users"),
        new("max_actions_returning", "Maximum actions in one returning visit"),
        new("avg_time_on_site_returning", "Avg. Duration of a Returning Visit (in sec)", MetricType.Duration),
        new("nb_actions_per_visit_returning", "Avg. Actions per Returning Visit"),
        new("bounce_rate_returning", "Bounce Rate for Returning Visits", MetricType.Percent),
        new("nb_visits_new", "New Visits"),
        new("nb_actions_new", "Actions by New Visits"),
        new("nb_uniq_visitors_new", "Unique new visitors"),
        new("nb_users_new", "New Users"),
        new("max_actions_new", "max_actions_new"),
        new("avg_time_on_site_new", "Avg. Duration of a New Visit (in sec)", MetricType.Duration),
        new("nb_actions_per_visit_new", "Avg. Actions per New Visit"),
        new("bounce_rate_new", "Bounce Rate for New Visits", MetricType.Percent),
    ]);

    public IEnumerable<ApiMethod> Methods()
    {
        yield return new ApiMethod(Module, "get", Get)
        {
            IsReport = true,
            Report = new ReportPresentation
            {
                // Computed per kind of visit by Get (so each kind's columns stay together); typed here for format_metrics.
                MetricTypes = new Dictionary<string, MetricType>(StringComparer.Ordinal)
                {
                    ["bounce_rate" + NewSuffix] = MetricType.Percent,
                    ["avg_time_on_site" + NewSuffix] = MetricType.Duration,
                    ["bounce_rate" + ReturningSuffix] = MetricType.Percent,
                    ["avg_time_on_site" + ReturningSuffix] = MetricType.Duration,
                },
                ColumnsParameter = true,
            },
            ParameterNames = ["idSite", "period", "date", "segment", "columns"],
            Metadata = new ReportMetadata
            {
                Category = ReportCategories.Actions,
                Subcategory = ReportCategories.Engagement,
                Name = "Returning Visits",
                Documentation = "This report shows general metrics like visits for returning visitors side by side with the same metrics for new visitors. "
                    + "Learn how returning visitors perform overall compared to new visitors.",
                Metrics =
                [
                    "nb_visits_returning", "nb_actions_returning", "nb_uniq_visitors_returning", "nb_users_returning", "max_actions_returning",
                    "nb_visits_new", "nb_actions_new", "nb_uniq_visitors_new", "nb_users_new", "max_actions_new",
                ],
                ProcessedMetrics =
                [
                    "avg_time_on_site_returning", "nb_actions_per_visit_returning", "bounce_rate_returning",
                    "avg_time_on_site_new", "nb_actions_per_visit_new", "bounce_rate_new",
                ],
                Order = 40,
            },
        };
    }

    private object Get(ApiCall call)
    {
        // A kind of visit is only read when no columns are asked for or one of them is of that kind (as Matomo does).
        var requested = (call["columns"] ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var kinds = new List<(string Suffix, Segment Segment)>();
        foreach (var (suffix, segment) in s_visitorTypes)
        {
            if (requested.Length == 0 || requested.Any(column => column.Contains(suffix, StringComparison.Ordinal)))
            {
                kinds.Add((suffix, call.ParseSegment(Combined(call["segment"], segment))));
            }
        }

        return call.ForEachSiteAndPeriod((site, period) => Frequency(kinds, site, period));
    }

    /// <summary>The request's segment AND the visitor type, joined as Matomo joins them (an encoded <c>;</c>).</summary>
    private static string Combined(string? requestSegment, string visitorType) =>
        string.IsNullOrWhiteSpace(requestSegment) ? visitorType : requestSegment + "%3B" + visitorType;

    /// <summary>Each kind's VisitsSummary row with its processed metrics, suffixed; kinds without visits add nothing.</summary>
    private DataTable Frequency(List<(string Suffix, Segment Segment)> kinds, Site site, Period period)
    {
        var columns = new List<KeyValuePair<string, object?>>();
        foreach (var (suffix, segment) in kinds)
        {
            var summary = VisitsSummaryApi.Summary(archiver.GetRecords(site, period, segment));
            if (summary.Rows.Count == 0)
            {
                continue;
            }

            var row = summary.Rows[0];
            foreach (var metric in s_summaryMetrics)
            {
                if (metric.Compute(row) is { } value)
                {
                    row.Columns[metric.Name] = value;
                }
            }

            foreach (var (name, value) in row.Columns)
            {
                columns.Add(new(name + suffix, value));
            }
        }

        return columns.Count == 0 ? new DataTable(isSimple: true) : DataTable.Simple(columns);
    }
}
