namespace Makoto.Reporting.Metrics;

/// <summary>
/// The processed metrics of the visit metric set (metrics-and-archiving.md §2 and §4), shared by
/// VisitsSummary and every report whose rows carry visit metrics.
/// </summary>
public static class CoreMetrics
{
    /// <summary><c>nb_actions / nb_visits</c>, one decimal.</summary>
    public static ProcessedMetric ActionsPerVisit { get; } = ProcessedMetric.Quotient("nb_actions_per_visit", "nb_actions", "nb_visits", 1);

    /// <summary><c>sum_visit_length / nb_visits</c>, whole seconds.</summary>
    public static ProcessedMetric AverageTimeOnSite { get; } =
        ProcessedMetric.Quotient("avg_time_on_site", "sum_visit_length", "nb_visits", 0, MetricType.Duration);

    /// <summary><c>bounce_count / nb_visits</c>, two decimals, a percent.</summary>
    public static ProcessedMetric BounceRate { get; } = ProcessedMetric.Quotient("bounce_rate", "bounce_count", "nb_visits", 2, MetricType.Percent);

    /// <summary><c>nb_visits_converted / nb_visits</c>, four decimals, a percent.</summary>
    public static ProcessedMetric ConversionRate { get; } =
        ProcessedMetric.Quotient("conversion_rate", "nb_visits_converted", "nb_visits", 4, MetricType.Percent);

    /// <summary>The four visit metrics in the order Matomo lists them for reports with visit metrics.</summary>
    public static IReadOnlyList<ProcessedMetric> VisitMetrics { get; } = [ActionsPerVisit, AverageTimeOnSite, BounceRate, ConversionRate];
}
