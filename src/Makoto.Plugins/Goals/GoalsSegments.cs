using System.Globalization;
using Makoto.Core.Segments;
using Makoto.Storage.Segments;
using Makoto.Tracking.Pipeline;
using static Makoto.Storage.Segments.SegmentFactory;

namespace Makoto.Plugins.Goals;

/// <summary>
/// The segments of conversions (goal, order, abandoned cart) and of ecommerce items: a visit matches when
/// one of its conversions (items) does. <c>productCategory</c> and <c>productViewCategory</c> are the
/// unions of the five category levels, as in Matomo.
/// </summary>
internal static class GoalsSegments
{
    private const string Goals = "Goals";
    private const string Ecommerce = "Ecommerce";

    /// <summary>The <c>idgoal</c> of ecommerce orders and of abandoned carts in <c>log_conversion</c>.</summary>
    private const int Order = 0;
    private const int AbandonedCart = -1;

    public static SegmentDimension[] All { get; } =
    [
        Column(SegmentScope.Conversion, "visitConvertedGoalId", "Visit converted a specific goal ID", Goals, "idgoal", SegmentValueType.Number)
            with { AcceptedValues = "1, 2, 3, etc." },
        new SegmentDimension
        {
            Segment = "visitConvertedGoalName",
            Name = "Visit converted a specific Goal Name",
            Category = Goals,
            Scope = SegmentScope.Conversion,
            Sql = new CustomSql(GoalNameCondition),
            SqlSegment = "log_conversion.idgoal",
            AcceptedValues = "myGoal, myOtherGoal, etc.",
        },
        Column(SegmentScope.Conversion, "orderId", "Order ID", Ecommerce, "idorder"),
        Revenue("revenueOrder", "Order Revenue", Order),
        Revenue("revenueAbandonedCart", "Revenue Left In Cart", AbandonedCart),
        Column(SegmentScope.Conversion, "revenueSubTotal", "Subtotal (order)", Ecommerce, "revenue_subtotal", SegmentValueType.Number, kind: SegmentKind.Metric),
        Column(SegmentScope.Conversion, "revenueTax", "Tax (order)", Ecommerce, "revenue_tax", SegmentValueType.Number, kind: SegmentKind.Metric),
        Column(SegmentScope.Conversion, "revenueShipping", "Shipping (order)", Ecommerce, "revenue_shipping", SegmentValueType.Number, kind: SegmentKind.Metric),
        Column(SegmentScope.Conversion, "revenueDiscount", "Discount (order)", Ecommerce, "revenue_discount", SegmentValueType.Number, kind: SegmentKind.Metric),
        Column(SegmentScope.Conversion, "items", "Number of items (order)", Ecommerce, "items", SegmentValueType.Number, kind: SegmentKind.Metric),
        ActionName(SegmentScope.Item, "productSku", "Product SKU", Ecommerce, "idaction_sku", LogActionType.EcommerceItemSku),
        ActionName(SegmentScope.Item, "productName", "Product Name", Ecommerce, "idaction_name", LogActionType.EcommerceItemName),
        .. ActionNameLevels(SegmentScope.Item, "productCategory", "Product Category", Ecommerce, "idaction_category", LogActionType.EcommerceItemCategory),
        Column(SegmentScope.Item, "productPrice", "Product Price", Ecommerce, "price", SegmentValueType.Number, kind: SegmentKind.Metric),
        Column(SegmentScope.Item, "productQuantity", "Product Quantity", Ecommerce, "quantity", SegmentValueType.Number, kind: SegmentKind.Metric),
    ];

    /// <summary>
    /// Matomo's order and cart revenue segments: the conversions of the visits that have an order
    /// (<paramref name="idGoal"/> 0) or an abandoned cart (-1) whose revenue compares with the value.
    /// </summary>
    private static SegmentDimension Revenue(string segment, string name, int idGoal) => new()
    {
        Segment = segment,
        Name = name,
        Category = Ecommerce,
        Kind = SegmentKind.Metric,
        Scope = SegmentScope.Conversion,
        SqlSegment = "log_conversion.idvisit",
        Sql = new CustomSql((op, value) =>
        {
            var comparison = op switch
            {
                SegmentOperator.Equals => "=",
                SegmentOperator.GreaterOrEqual => ">=",
                SegmentOperator.LessOrEqual => "<=",
                SegmentOperator.Greater => ">",
                SegmentOperator.Less => "<",
                _ => throw new SegmentException($"This match type {SegmentCondition.Symbol(op)} is not available for action-segments."),
            };
            var amount = Convert.ToDouble(SegmentValues.Number(value), CultureInfo.InvariantCulture);
            return w =>
                $"log_conversion.idvisit IN (SELECT revenue_row.idvisit FROM {w.Table("log_conversion")} AS revenue_row WHERE "
                + $"{w.InSites("revenue_row.idsite")} AND revenue_row.idgoal = {w.Bind(idGoal)} AND revenue_row.revenue {comparison} {w.Bind(amount)})";
        }),
    };

    /// <summary>
    /// The conversions of goals whose name matches (Matomo joins the goal table by site and goal id);
    /// "empty" means a visit without a conversion of a named goal.
    /// </summary>
    private static Func<SegmentSqlWriter, string> GoalNameCondition(SegmentOperator op, string value)
    {
        if (op == SegmentOperator.IsNullOrEmpty)
        {
            return w => $"(log_conversion.idgoal IS NULL OR NOT EXISTS ({NamedGoals(w)}))";
        }

        if (op == SegmentOperator.IsNotNullNorEmpty)
        {
            return w => $"EXISTS ({NamedGoals(w)})";
        }

        var name = new ColumnSql("segment_goal.name").Compile(op, value);
        return w => $"EXISTS ({NamedGoals(w)} AND {name(w)})";
    }

    private static string NamedGoals(SegmentSqlWriter w) =>
        $"SELECT 1 FROM {w.Table("goal")} AS segment_goal WHERE segment_goal.idsite = log_conversion.idsite "
        + "AND segment_goal.idgoal = log_conversion.idgoal AND segment_goal.deleted = 0";
}
