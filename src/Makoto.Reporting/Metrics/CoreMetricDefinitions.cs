namespace Makoto.Reporting.Metrics;

/// <summary>
/// The metrics every report may carry (Matomo's core metric translations): visit metrics, the page
/// metrics of the Actions reports, conversions and revenue, and their processed metrics.
/// </summary>
public static class CoreMetricDefinitions
{
    private const string AfterEntry = " after entering here";
    private const string DailySum = " (daily sum)";
    private const string SumVisitLength = "Total time spent by visitors (in seconds)";

    public static MetricDefinitionSet Set { get; } = new(
    [
        new("label", "Label", Type: null),
        new("date", "Date", Type: null),
        new("nb_visits", "Visits", Documentation: "If a visitor comes to your website for the first time or if they visit a page more than 30 minutes after their last page view, this will be recorded as a new visit."),
        new("nb_uniq_visitors", "Unique visitors", Documentation: "The number of unduplicated visitors coming to your website. Every user is only counted once, even if they visit the website multiple times a day."),
        new("nb_users", "Users", Documentation: "The number of users logged in your website. It is the number of unique active users that have a User ID set (via the Tracking code function 'setUserId')."),
        new("nb_actions", "Actions", Documentation: "The number of actions performed by your visitors. Actions can be page views, internal site searches, downloads or outlinks."),
        new("max_actions", "Maximum actions in one visit"),
        new("sum_visit_length", SumVisitLength, MetricType.Duration),
        new("bounce_count", "Bounces"),
        new("nb_visits_converted", "Visits with Conversions"),
        new("nb_conversions", "Conversions"),
        new("revenue", "Revenue", MetricType.Money),
        new("sum_daily_nb_uniq_visitors", "Unique visitors" + DailySum),
        new("nb_actions_per_visit", "Actions per Visit", Documentation: "The average number of actions (page views, site searches, downloads or outlinks) that were performed during the visits."),
        new("avg_time_on_site", "Avg. Time on Website", MetricType.Duration, "The average duration of a visit."),
        new("bounce_rate", "Bounce Rate", MetricType.Percent, "The percentage of visits that only had a single pageview. This means, that the visitor left the website directly from the entrance page."),
        new("conversion_rate", "Conversion Rate", MetricType.Percent, "The percentage of visits that triggered a goal conversion."),
        new("revenue_per_visit", "Revenue per Visit", MetricType.Money),
        new("nb_visits_percentage", "% Visits", MetricType.Percent),
        new("nb_hits", "Pageviews", Documentation: "The number of times this page was visited."),
        new("sum_time_spent", SumVisitLength, MetricType.Duration),
        new("avg_time_on_page", "Avg. time on page", MetricType.Duration, "The average amount of time visitors spent on this page (only the page, not the entire website)."),
        new("entry_nb_visits", "Entrances", Documentation: "Number of visits that started on this page."),
        new("entry_nb_uniq_visitors", "Unique entrances"),
        new("entry_nb_actions", "Actions" + AfterEntry),
        new("entry_sum_visit_length", SumVisitLength + AfterEntry, MetricType.Duration),
        new("entry_bounce_count", "Bounces", Documentation: "Number of visits that started and ended on this page. This means that the visitor left the website after viewing only this page."),
        new("exit_nb_visits", "Exits", Documentation: "Number of visits that ended on this page."),
        new("exit_nb_uniq_visitors", "Unique exits"),
        new("exit_rate", "Exit rate", MetricType.Percent, "The percentage of visits that left the website after viewing this page."),
        new("sum_daily_entry_nb_uniq_visitors", "Unique entrances" + DailySum),
        new("sum_daily_exit_nb_uniq_visitors", "Unique exits" + DailySum),
    ]);
}
