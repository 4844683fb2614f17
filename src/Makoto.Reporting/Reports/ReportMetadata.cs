namespace Makoto.Reporting.Reports;

/// <summary>
/// A metric as a report lists it: its column, and the name or documentation the report gives it when
/// they differ from the catalog's (<c>nb_visits</c> is "Unique Pageviews" in the page reports). A
/// string converts to a metric with the catalog's name and documentation.
/// </summary>
public sealed record ReportMetric(string Id, string? Name = null, string? Documentation = null)
{
    public static implicit operator ReportMetric(string id) => new(id);
}

/// <summary>
/// The goal metrics of a report whose rows carry per-goal columns (Matomo's <c>metricsGoal</c>,
/// <c>processedMetricsGoal</c>, <c>metricTypesGoal</c>). The types list the visit-level conversion
/// metrics (<c>revenue_per_visit</c>, <c>nb_conversions</c>, <c>conversion_rate</c>) first, then the
/// report's own goal metrics.
/// </summary>
public sealed record GoalMetricSet(IReadOnlyList<ReportMetric> Metrics, IReadOnlyList<ReportMetric> ProcessedMetrics)
{
    /// <summary>The goal columns of reports whose rows are visits (countries, browsers, referrers…).</summary>
    public static GoalMetricSet Visits { get; } = new(["nb_conversions", "revenue"], ["revenue_per_visit"]);

    /// <summary>The goal columns of the page URL and page title reports.</summary>
    public static GoalMetricSet Pages { get; } =
        new(["nb_conversions", "nb_conversions_attrib", "revenue_attrib"], ["revenue_per_visit", "nb_conversions_page_rate"]);

    /// <summary>The goal columns of the entry page reports.</summary>
    public static GoalMetricSet EntryPages { get; } =
        new(["nb_conversions", "nb_conversions_entry", "revenue_entry"], ["revenue_per_visit", "revenue_per_entry", "nb_conversions_entry_rate"]);

    /// <summary>The columns of <c>metricTypesGoal</c>, in Matomo's order.</summary>
    public IEnumerable<string> TypedIds()
    {
        var ids = new List<string> { "revenue_per_visit", "nb_conversions", "conversion_rate" };
        foreach (var metric in Metrics.Concat(ProcessedMetrics))
        {
            if (!ids.Contains(metric.Id))
            {
                ids.Add(metric.Id);
            }
        }

        return ids;
    }
}

/// <summary>
/// What <c>API.getReportMetadata</c> says about one report (Matomo's Report class): where it is
/// listed, what its rows are, which metrics it has and what they mean. A plugin declares it next to
/// the report's method (<c>ApiMethod.Metadata</c>), for instance:
/// <code>
/// Metadata = ReportMetadata.VisitDimension(ReportCategories.Visitors, ReportCategories.Locations, "Country", "Country", order: 5,
///     documentation: "Shows which country your visitors connected from when accessing your website.") with
/// {
///     GoalMetrics = GoalMetricSet.Visits,
/// },
/// </code>
/// Names and documentation of the listed metrics come from the <c>MetricCatalog</c> unless the report
/// gives its own.
/// </summary>
public sealed record ReportMetadata
{
    /// <summary>The menu category (<c>Visitors</c>, <c>Actions</c>…), one of <see cref="ReportCategories"/>.</summary>
    public required string Category { get; init; }

    /// <summary>The page within the category (<c>Locations</c>), or null for a category's overview.</summary>
    public string? Subcategory { get; init; }

    /// <summary>The report's title.</summary>
    public required string Name { get; init; }

    /// <summary>The name of what a row is (<c>Country</c>); null for reports of one row of metrics.</summary>
    public string? Dimension { get; init; }

    /// <summary>A paragraph for people (HTML allowed, as in Matomo).</summary>
    public string? Documentation { get; init; }

    /// <summary>A page of Matomo's guide about the report.</summary>
    public string? OnlineGuideUrl { get; init; }

    /// <summary>The stored metrics shown by default.</summary>
    public IReadOnlyList<ReportMetric> Metrics { get; init; } = [];

    /// <summary>
    /// The processed metrics. With <see cref="GoalMetrics"/> <c>conversion_rate</c> is typed and documented
    /// but not listed, as Matomo leaves it out of reports with per-goal rates.
    /// </summary>
    public IReadOnlyList<ReportMetric> ProcessedMetrics { get; init; } = [];

    /// <summary>Metrics the rows may carry that are typed (and documented) without being listed (Actions' page metrics).</summary>
    public IReadOnlyList<ReportMetric> OtherMetrics { get; init; } = [];

    /// <summary>
    /// The metrics of <c>metricsDocumentation</c>, when they are not simply every typed metric that has a
    /// documentation (Matomo documents some reports' metrics only partly).
    /// </summary>
    public IReadOnlyList<ReportMetric>? DocumentedMetrics { get; init; }

    /// <summary>The per-goal metrics, for reports that show goal columns.</summary>
    public GoalMetricSet? GoalMetrics { get; init; }

    /// <summary>The report always has the same rows (hours, device types), with zeros where there is no data.</summary>
    public bool ConstantRowsCount { get; init; }

    /// <summary>The report is the subtable of another one and only listed with <c>showSubtableReports=1</c>.</summary>
    public bool IsSubtableReport { get; init; }

    /// <summary>The action of the same module that returns the subtables of this report's rows.</summary>
    public string? ActionToLoadSubTables { get; init; }

    /// <summary>Other reports of the same data (<c>Module.action</c>); listed with their names.</summary>
    public IReadOnlyList<string> RelatedReports { get; init; } = [];

    /// <summary>The dimension of each level for reports with subtables (<c>Referrers_Keyword</c> → <c>Keyword</c>).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Dimensions { get; init; } = [];

    /// <summary>Fixed parameters of this variant of the report (<c>idGoal=1</c>); part of its <c>uniqueId</c>.</summary>
    public IReadOnlyList<KeyValuePair<string, object>> Parameters { get; init; } = [];

    /// <summary>The position within the subcategory (Matomo's report order).</summary>
    public int Order { get; init; }

    /// <summary>The visit metrics (<c>nb_users</c> where the report has it).</summary>
    public static IReadOnlyList<ReportMetric> VisitMetrics(bool users) =>
        users ? ["nb_visits", "nb_uniq_visitors", "nb_actions", "nb_users"] : ["nb_visits", "nb_uniq_visitors", "nb_actions"];

    /// <summary>The processed visit metrics in Matomo's order.</summary>
    public static IReadOnlyList<ReportMetric> VisitProcessedMetrics { get; } =
        ["nb_actions_per_visit", "avg_time_on_site", "bounce_rate", "conversion_rate"];

    /// <summary>A report whose rows are visits grouped by a dimension: the visit metrics and their processed metrics.</summary>
    public static ReportMetadata VisitDimension(
        string category, string? subcategory, string name, string? dimension, int order, string? documentation = null, bool users = true) => new()
    {
        Category = category,
        Subcategory = subcategory,
        Name = name,
        Dimension = dimension,
        Documentation = documentation,
        Metrics = VisitMetrics(users),
        ProcessedMetrics = VisitProcessedMetrics,
        Order = order,
    };
}
