using System.Collections.Frozen;
using System.Globalization;
using Makoto.Core.DataTables;
using Makoto.Reporting.Api;
using Makoto.Reporting.Metrics;

namespace Makoto.Web.Ui.Services;

/// <summary>
/// Names and display forms of metrics: Matomo's English names (<c>nb_visits</c> → Visits), the
/// columns each kind of report shows in its plain and full views, and how values are written (counts
/// with thousands separators, rates as percents, durations, money with the site's currency).
/// </summary>
public static class Metrics
{
    private static readonly FrozenDictionary<string, string> s_names = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["nb_visits"] = "Visits",
        ["nb_uniq_visitors"] = "Unique visitors",
        ["nb_users"] = "Users",
        ["nb_actions"] = "Actions",
        ["nb_actions_per_visit"] = "Actions per visit",
        ["avg_time_on_site"] = "Avg. time on website",
        ["sum_visit_length"] = "Total time on website",
        ["bounce_rate"] = "Bounce rate",
        ["bounce_count"] = "Bounces",
        ["max_actions"] = "Max actions in one visit",
        ["conversion_rate"] = "Conversion rate",
        ["nb_visits_converted"] = "Visits converted",
        ["nb_conversions"] = "Conversions",
        ["revenue"] = "Revenue",
        ["revenue_per_visit"] = "Revenue per visit",
        ["nb_hits"] = "Pageviews",
        ["nb_pageviews"] = "Pageviews",
        ["nb_uniq_pageviews"] = "Unique pageviews",
        ["nb_downloads"] = "Downloads",
        ["nb_uniq_downloads"] = "Unique downloads",
        ["nb_outlinks"] = "Outlinks",
        ["nb_uniq_outlinks"] = "Unique outlinks",
        ["nb_searches"] = "Searches",
        ["nb_keywords"] = "Unique keywords",
        ["avg_time_on_page"] = "Avg. time on page",
        ["sum_time_spent"] = "Total time spent",
        ["exit_rate"] = "Exit rate",
        ["entry_nb_visits"] = "Entrances",
        ["entry_nb_actions"] = "Actions in entry visits",
        ["entry_bounce_count"] = "Bounces",
        ["entry_sum_visit_length"] = "Time in entry visits",
        ["exit_nb_visits"] = "Exits",
        ["nb_pages_per_search"] = "Search results pages",
        ["avg_page_load_time"] = "Avg. page load time",
        ["avg_time_network"] = "Avg. network time",
        ["avg_time_server"] = "Avg. server time",
        ["avg_time_transfer"] = "Avg. transfer time",
        ["avg_time_dom_processing"] = "Avg. DOM processing time",
        ["avg_time_dom_completion"] = "Avg. DOM completion time",
        ["avg_time_on_load"] = "Avg. on load time",
        ["nb_events"] = "Total events",
        ["nb_events_with_value"] = "Events with a value",
        ["sum_event_value"] = "Total value",
        ["min_event_value"] = "Minimum value",
        ["max_event_value"] = "Maximum value",
        ["avg_event_value"] = "Average value",
        ["nb_impressions"] = "Impressions",
        ["nb_interactions"] = "Interactions",
        ["interaction_rate"] = "Interaction rate",
        ["quantity"] = "Quantity",
        ["orders"] = "Unique purchases",
        ["avg_price"] = "Average price",
        ["avg_quantity"] = "Average quantity",
        ["abandoned_carts"] = "Abandoned carts",
        ["items"] = "Products",
        ["avg_order_revenue"] = "Average order value",
        ["revenue_subtotal"] = "Product revenue",
        ["revenue_tax"] = "Tax",
        ["revenue_shipping"] = "Shipping",
        ["revenue_discount"] = "Discount",
        ["nb_visits_new"] = "New visits",
        ["nb_visits_returning"] = "Returning visits",
        ["nb_actions_returning"] = "Actions by returning visits",
        ["nb_actions_per_visit_returning"] = "Actions per returning visit",
        ["avg_time_on_site_returning"] = "Avg. time of returning visits",
        ["bounce_rate_returning"] = "Bounce rate of returning visits",
        ["nb_pageviews_per_visit"] = "Pageviews per visit",
        ["ecommerce_revenue"] = "Ecommerce revenue",
        ["visits_evolution"] = "Visits evolution",
        ["pageviews_evolution"] = "Pageviews evolution",
        ["revenue_evolution"] = "Revenue evolution",
        ["nb_visits_percentage"] = "% of visits",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>The columns of the plain view of each kind of report (those present are shown).</summary>
    public static IReadOnlyList<string> PlainColumns(MetricKind kind) => kind switch
    {
        MetricKind.Visits => ["nb_visits", "nb_uniq_visitors", "nb_actions", "nb_conversions", "revenue"],
        MetricKind.Pages => ["nb_hits", "nb_visits", "bounce_rate", "avg_time_on_page", "exit_rate"],
        MetricKind.EntryPages => ["entry_nb_visits", "entry_bounce_count", "bounce_rate", "avg_time_on_page"],
        MetricKind.ExitPages => ["exit_nb_visits", "nb_visits", "exit_rate"],
        MetricKind.Clicks => ["nb_hits", "nb_visits"],
        MetricKind.SiteSearch => ["nb_visits", "nb_pages_per_search", "exit_rate"],
        MetricKind.Events => ["nb_events", "nb_events_with_value", "sum_event_value", "min_event_value", "max_event_value", "avg_event_value"],
        MetricKind.Contents => ["nb_impressions", "nb_interactions", "interaction_rate"],
        MetricKind.Products => ["revenue", "quantity", "orders", "avg_price", "avg_quantity", "nb_visits", "conversion_rate"],
        MetricKind.Conversions => ["nb_conversions"],
        _ => ["nb_visits"],
    };

    /// <summary>The metric charts and sorting start with for a kind of report.</summary>
    public static string MainMetric(MetricKind kind) => PlainColumns(kind)[0];

    /// <summary>Matomo's English name of a metric; unknown names are shown as they are.</summary>
    public static string Name(string metric)
    {
        if (s_names.TryGetValue(metric, out var name))
        {
            return name;
        }

        // Goals.get's per-visitor-type slices: nb_conversions_new_visit, conversion_rate_returning_visit …
        foreach (var (suffix, who) in new[] { ("_new_visit", "new visits"), ("_returning_visit", "returning visits") })
        {
            if (metric.EndsWith(suffix, StringComparison.Ordinal) && s_names.TryGetValue(metric[..^suffix.Length], out var baseName))
            {
                return baseName + " (" + who + ")";
            }
        }

        return metric;
    }

    /// <summary>The type of a metric: from the report's declaration when it has one, else from Matomo's naming.</summary>
    public static MetricType TypeOf(string metric, ApiMethod? method)
    {
        if (method?.Report is { } report)
        {
            if (report.MetricTypes.TryGetValue(metric, out var declared))
            {
                return declared;
            }

            foreach (var processed in report.ProcessedMetrics)
            {
                if (processed.Name == metric)
                {
                    return processed.Type;
                }
            }
        }

        if (metric.EndsWith("_rate", StringComparison.Ordinal) || metric.Contains("_rate_", StringComparison.Ordinal)
            || metric.EndsWith("_evolution", StringComparison.Ordinal) || metric == "nb_visits_percentage")
        {
            return MetricType.Percent;
        }

        if (metric.StartsWith("avg_time", StringComparison.Ordinal) || metric.StartsWith("sum_time", StringComparison.Ordinal)
            || metric is "sum_visit_length" or "avg_page_load_time" or "entry_sum_visit_length")
        {
            return MetricType.Duration;
        }

        if (metric.Contains("revenue", StringComparison.Ordinal) || metric is "avg_price")
        {
            return MetricType.Money;
        }

        return MetricType.Number;
    }

    /// <summary>A value for people: counts with separators, at most two decimals, rates as percents, durations, money.</summary>
    public static string Format(object? value, MetricType type, string currencySymbol)
    {
        if (value is null)
        {
            return "–";
        }

        if (value is string text && !double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out _))
        {
            return text;
        }

        var number = MetricValues.ToDouble(value);
        return type switch
        {
            MetricType.Percent => Math.Round(number * 100, 1).ToString("0.#", CultureInfo.InvariantCulture) + "%",
            MetricType.Duration => MetricFormatter.Duration(Math.Round(number)),
            MetricType.Money => MetricFormat.Money(number, currencySymbol),
            _ => number == Math.Round(number)
                ? number.ToString("#,##0", CultureInfo.InvariantCulture)
                : number.ToString("#,##0.##", CultureInfo.InvariantCulture),
        };
    }

    /// <summary>The relative change from <paramref name="before"/> to <paramref name="now"/> as <c>+12.5%</c>, or null when there was nothing before.</summary>
    public static string? Change(double now, double before)
    {
        if (before == 0)
        {
            return now == 0 ? "0%" : null;
        }

        var change = (now - before) / before * 100;
        return (change > 0 ? "+" : "") + Math.Round(change, 1).ToString("0.#", CultureInfo.InvariantCulture) + "%";
    }
}
