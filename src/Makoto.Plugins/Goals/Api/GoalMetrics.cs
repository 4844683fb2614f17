using System.Globalization;
using Makoto.Core.DataTables;
using Makoto.Reporting.Filters;
using Makoto.Reporting.Metrics;

namespace Makoto.Plugins.Goals.Api;

/// <summary>
/// The processed metrics of Goals' and ecommerce's reports (metrics-and-archiving.md §4.1), as
/// Matomo's Goals plugin defines them.
/// </summary>
internal static class GoalMetrics
{
    /// <summary>Matomo's GoalManager::REVENUE_PRECISION.</summary>
    private const int RevenuePrecision = 2;

    /// <summary>Average order value: <c>revenue / nb_conversions</c>, to cents.</summary>
    public static ProcessedMetric AverageOrderRevenue { get; } =
        ProcessedMetric.Quotient("avg_order_revenue", "revenue", "nb_conversions", RevenuePrecision, MetricType.Money);

    /// <summary>A product's average price: the sum of its prices over its orders (or abandoned carts), to cents.</summary>
    public static ProcessedMetric AveragePrice { get; } =
        new("avg_price", row => ProcessedMetrics.Quotient(row.NumberOf("price"), Orders(row), RevenuePrecision), MetricType.Money);

    /// <summary>A product's average quantity per order (or abandoned cart), one decimal.</summary>
    public static ProcessedMetric AverageQuantity { get; } =
        new("avg_quantity", row => ProcessedMetrics.Quotient(row.NumberOf("quantity"), Orders(row), 1));

    /// <summary>A product's conversion rate: its orders (or abandoned carts) over the visits that viewed it.</summary>
    public static ProcessedMetric ProductConversionRate { get; } =
        new("conversion_rate", row => ProcessedMetrics.Quotient(Orders(row), row.NumberOf("nb_visits"), RevenuePrecision + 2), MetricType.Percent);

    /// <summary>One goal's conversion rate (<c>goal_1_conversion_rate</c>): its converted visits over all visits.</summary>
    public static ProcessedMetric GoalConversionRate(int idGoal) =>
        ProcessedMetric.Quotient(GoalColumn(idGoal, "conversion_rate"), GoalColumn(idGoal, "nb_visits_converted"), "nb_visits", RevenuePrecision + 2, MetricType.Percent);

    /// <summary>Matomo's goal-specific column name: <c>goal_1_nb_conversions</c>.</summary>
    public static string GoalColumn(int idGoal, string metric) => "goal_" + idGoal.ToString(CultureInfo.InvariantCulture) + "_" + metric;

    /// <summary>The orders of a product row, or its abandoned carts in the abandoned-cart report.</summary>
    private static double Orders(DataRow row) =>
        row.Columns.ContainsKey("orders") ? row.NumberOf("orders") : row.NumberOf("abandoned_carts");
}
