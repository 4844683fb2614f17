using Makoto.Storage.Segments;
using Makoto.Tracking.Pipeline;
using static Makoto.Storage.Segments.SegmentFactory;

namespace Makoto.Plugins.Goals;

/// <summary>
/// The segments of conversions (goal, order) and of ecommerce items: a visit matches when one of its
/// conversions (items) does.
/// </summary>
internal static class GoalsSegments
{
    private const string Goals = "Goals";
    private const string Ecommerce = "Ecommerce";

    public static SegmentDimension[] All { get; } =
    [
        Column(SegmentScope.Conversion, "visitConvertedGoalId", "Visit converted a specific goal ID", Goals, "idgoal", SegmentValueType.Number),
        Column(SegmentScope.Conversion, "orderId", "Order ID", Ecommerce, "idorder"),
        Column(SegmentScope.Conversion, "revenueOrder", "Revenue (order)", Ecommerce, "revenue", SegmentValueType.Number, kind: SegmentKind.Metric),
        Column(SegmentScope.Conversion, "revenueSubTotal", "Subtotal (order)", Ecommerce, "revenue_subtotal", SegmentValueType.Number, kind: SegmentKind.Metric),
        Column(SegmentScope.Conversion, "revenueTax", "Tax (order)", Ecommerce, "revenue_tax", SegmentValueType.Number, kind: SegmentKind.Metric),
        Column(SegmentScope.Conversion, "revenueShipping", "Shipping (order)", Ecommerce, "revenue_shipping", SegmentValueType.Number, kind: SegmentKind.Metric),
        Column(SegmentScope.Conversion, "revenueDiscount", "Discount (order)", Ecommerce, "revenue_discount", SegmentValueType.Number, kind: SegmentKind.Metric),
        Column(SegmentScope.Conversion, "items", "Number of items (order)", Ecommerce, "items", SegmentValueType.Number, kind: SegmentKind.Metric),
        ActionName(SegmentScope.Item, "productSku", "Product SKU", Ecommerce, "idaction_sku", LogActionType.EcommerceItemSku),
        ActionName(SegmentScope.Item, "productName", "Product Name", Ecommerce, "idaction_name", LogActionType.EcommerceItemName),
        ActionName(SegmentScope.Item, "productCategory", "Product Category", Ecommerce, "idaction_category", LogActionType.EcommerceItemCategory),
        Column(SegmentScope.Item, "productPrice", "Product Price", Ecommerce, "price", SegmentValueType.Number, kind: SegmentKind.Metric),
        Column(SegmentScope.Item, "productQuantity", "Product Quantity", Ecommerce, "quantity", SegmentValueType.Number, kind: SegmentKind.Metric),
    ];
}
