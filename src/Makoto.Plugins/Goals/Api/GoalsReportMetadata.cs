using Makoto.Core.Sites;
using Makoto.Reporting.Metrics;
using Makoto.Reporting.Reports;
using Makoto.Storage.Goals;

namespace Makoto.Plugins.Goals.Api;

/// <summary>
/// What <c>API.getReportMetadata</c> says about the Goals and ecommerce reports: Goals.get and the two
/// conversion-distance reports for all goals, then one variant of each per <c>idGoal</c> (ecommerce
/// orders and abandoned carts for ecommerce sites, the goals overview, each goal), and the product reports.
/// </summary>
internal static class GoalsReportMetadata
{
    private const string GoalsGuide = "https://matomo.org/docs/tracking-goals-web-analytics/";
    private const string EcommerceGuide = "https://matomo.org/docs/ecommerce-analytics/";
    private const string OverviewDocumentation = "This report gives an overview of how well your visitors convert a specific goal.";

    /// <summary>The order of the variants of goal <c>k</c> (the overview is 0) start here, three reports per goal.</summary>
    private const int FirstVariantOrder = 10;

    /// <summary>The ecommerce metrics: order amounts, items, average order value and the product metrics.</summary>
    public static MetricDefinitionSet Definitions { get; } = new(
    [
        new("revenue_subtotal", "Subtotal", MetricType.Money),
        new("revenue_tax", "Tax", MetricType.Money),
        new("revenue_shipping", "Shipping", MetricType.Money),
        new("revenue_discount", "Discount", MetricType.Money),
        new("items", "Purchased Products"),
        new("avg_order_revenue", "Average Order Value", MetricType.Money),
        new("quantity", "Quantity"),
        new("orders", "Unique Purchases"),
        new("avg_price", "Average Price", MetricType.Money),
        new("avg_quantity", "Average Quantity"),
        new("abandoned_carts", "Abandoned Carts"),
    ]);

    /// <summary>Goals.get for all goals.</summary>
    public static ReportMetadata Overview { get; } = GoalsGet("Goals", order: 1);

    public static Distance VisitsToConversion { get; } = new(
        "Visits to Conversion", "This report shows the number of visits made before a visitor converts a goal.", Position: 1);

    public static Distance DaysToConversion { get; } = new(
        "Days to Conversion", "This report shows how many days pass before your visitors convert a goal.", Position: 2);

    /// <summary>Goals.get for ecommerce orders and abandoned carts (ecommerce sites), the goals overview and each goal.</summary>
    public static IEnumerable<ReportMetadata> OverviewVariants(Site site, IReadOnlyList<Goal> goals)
    {
        if (site.Ecommerce)
        {
            yield return new ReportMetadata
            {
                Category = ReportCategories.Ecommerce,
                Name = "Ecommerce Orders",
                OnlineGuideUrl = EcommerceGuide,
                Parameters = [new("idGoal", "ecommerceOrder")],
                Metrics =
                [
                    new("nb_conversions", "Ecommerce Orders"), "nb_visits_converted", "conversion_rate", "revenue",
                    "revenue_subtotal", "revenue_tax", "revenue_shipping", "revenue_discount", "items",
                ],
                ProcessedMetrics = ["avg_order_revenue"],
                Order = 1,
            };
            yield return new ReportMetadata
            {
                Category = ReportCategories.Ecommerce,
                Name = "Abandoned Carts",
                OnlineGuideUrl = EcommerceGuide,
                Parameters = [new("idGoal", "ecommerceAbandonedCart")],
                Metrics =
                [
                    new("nb_conversions", "Abandoned Carts"), "conversion_rate", new("revenue", "Revenue left in cart"), new("items", "Products left in cart"),
                ],
                ProcessedMetrics = ["avg_order_revenue"],
                Order = 4,
            };
        }

        yield return GoalsGet("Goals Overview", FirstVariantOrder) with { Parameters = [new("idGoal", 0)] };
        for (var i = 0; i < goals.Count; i++)
        {
            yield return GoalsGet("Goal " + goals[i].Name, FirstVariantOrder + (3 * (i + 1))) with { Parameters = [new("idGoal", goals[i].IdGoal)] };
        }
    }

    /// <summary>A product report (Goals.getItemsName, …); listed for ecommerce sites.</summary>
    public static ReportMetadata Product(string dimension, int order) => new()
    {
        Category = ReportCategories.Ecommerce,
        Subcategory = ReportCategories.Products,
        Name = dimension,
        Dimension = dimension,
        OnlineGuideUrl = EcommerceGuide,
        Metrics = [new("revenue", "Product Revenue"), "quantity", "orders", "nb_visits"],
        ProcessedMetrics = ["avg_price", "avg_quantity", new("conversion_rate", "Product Conversion Rate")],
        DocumentedMetrics = [],
        Order = order,
    };

    private static ReportMetadata GoalsGet(string name, int order) => new()
    {
        Category = ReportCategories.Goals,
        Name = name,
        Documentation = OverviewDocumentation,
        OnlineGuideUrl = GoalsGuide,
        Metrics = ["nb_conversions", "nb_visits_converted", "revenue"],
        ProcessedMetrics = ["conversion_rate"],
        Order = order,
    };

    /// <summary>
    /// Goals.getVisitsUntilConversion or getDaysToConversion: the report for all goals (with the goal
    /// metrics), and one variant per ecommerce kind, for the overview and for each goal.
    /// </summary>
    /// <param name="Name">The report's name and dimension (<c>Visits to Conversion</c>).</param>
    /// <param name="Documentation">The report's documentation for goals (ecommerce variants have none).</param>
    /// <param name="Position">1 or 2: where the report comes after Goals.get among a goal's three reports.</param>
    internal sealed record Distance(string Name, string Documentation, int Position)
    {
        public ReportMetadata Metadata => Goal(Name, GoalsGuide, Documentation, 1 + Position) with { GoalMetrics = GoalMetricSet.Visits };

        public IEnumerable<ReportMetadata> Variants(Site site, IReadOnlyList<Goal> goals)
        {
            if (site.Ecommerce)
            {
                yield return Goal("Ecommerce Orders - " + Name, EcommerceGuide, null, 1 + Position) with
                {
                    Category = ReportCategories.Ecommerce,
                    Parameters = [new("idGoal", "ecommerceOrder")],
                };
                yield return Goal("Abandoned Carts - " + Name, EcommerceGuide, null, 4 + Position) with
                {
                    Category = ReportCategories.Ecommerce,
                    Parameters = [new("idGoal", "ecommerceAbandonedCart")],
                };
            }

            yield return Goal("Goals Overview - " + Name, GoalsGuide, Documentation, FirstVariantOrder + Position) with { Parameters = [new("idGoal", 0)] };
            for (var i = 0; i < goals.Count; i++)
            {
                yield return Goal(goals[i].Name + " - " + Name, GoalsGuide, Documentation, FirstVariantOrder + (3 * (i + 1)) + Position) with
                {
                    Parameters = [new("idGoal", goals[i].IdGoal)],
                };
            }
        }

        private ReportMetadata Goal(string name, string guide, string? documentation, int order) => new()
        {
            Category = ReportCategories.Goals,
            Name = name,
            Dimension = Name,
            Documentation = documentation,
            OnlineGuideUrl = guide,
            Metrics = ["nb_conversions"],
            ConstantRowsCount = true,
            Order = order,
        };
    }
}
