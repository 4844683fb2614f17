using System.Globalization;
using Makoto.Storage;
using Makoto.Storage.Segments;
using Makoto.Tracking.Pipeline;
using static Makoto.Storage.Segments.SegmentFactory;

namespace Makoto.Plugins.Actions;

/// <summary>
/// The segments of actions (pages, titles, downloads, outlinks, site searches, entry and exit pages):
/// a visit matches when one of its actions does (metrics-and-archiving.md §7).
/// </summary>
internal static class ActionsSegments
{
    private const string Behaviour = "Behaviour";

    public static SegmentDimension[] All { get; } =
    [
        ActionName(SegmentScope.Action, "pageUrl", "Page URL", Behaviour, "idaction_url", LogActionType.PageUrl, isUrl: true),
        ActionName(SegmentScope.Action, "pageTitle", "Page Title", Behaviour, "idaction_name", LogActionType.PageTitle),
        ActionName(SegmentScope.Action, "downloadUrl", "Download URL", Behaviour, "idaction_url", LogActionType.DownloadUrl, isUrl: true),
        ActionName(SegmentScope.Action, "outlinkUrl", "Outlink URL", Behaviour, "idaction_url", LogActionType.OutlinkUrl, isUrl: true),
        ActionName(SegmentScope.Action, "eventUrl", "Event URL", "Events", "idaction_url", LogActionType.PageUrl, isUrl: true, "log_link_visit_action.idaction_event_category IS NOT NULL"),
        new SegmentDimension
        {
            Segment = "actionUrl",
            Name = "Action URL",
            Category = Behaviour,
            Scope = SegmentScope.Action,
            UnionOf = ["pageUrl", "downloadUrl", "outlinkUrl", "eventUrl"],
        },
        ActionName(SegmentScope.Visit, "entryPageUrl", "Entry Page URL", Behaviour, "visit_entry_idaction_url", LogActionType.PageUrl, isUrl: true),
        ActionName(SegmentScope.Visit, "entryPageTitle", "Entry Page Title", Behaviour, "visit_entry_idaction_name", LogActionType.PageTitle),
        ActionName(SegmentScope.Visit, "exitPageUrl", "Exit Page URL", Behaviour, "visit_exit_idaction_url", LogActionType.PageUrl, isUrl: true),
        ActionName(SegmentScope.Visit, "exitPageTitle", "Exit Page Title", Behaviour, "visit_exit_idaction_name", LogActionType.PageTitle),
        ActionName(SegmentScope.Action, "siteSearchKeyword", "Keyword (Site Search)", Behaviour, "idaction_name", LogActionType.SiteSearch),
        Column(SegmentScope.Action, "siteSearchCategory", "Search Category", Behaviour, "search_cat"),
        Column(SegmentScope.Action, "siteSearchCount", "Search Results Count", Behaviour, "search_count", SegmentValueType.Number, kind: SegmentKind.Metric),
        DatePart(SegmentScope.Action, "actionServerHour", "Action time - hour (server time)", Behaviour, SqlDatePart.Hour, "server_time"),
        DatePart(SegmentScope.Action, "actionServerMinute", "Action time - minute (server time)", Behaviour, SqlDatePart.Minute, "server_time"),
        ActionName(SegmentScope.Action, "productViewName", "Product name (viewed)", "Ecommerce", "idaction_product_name", LogActionType.EcommerceItemName),
        ActionName(SegmentScope.Action, "productViewSku", "Product SKU (viewed)", "Ecommerce", "idaction_product_sku", LogActionType.EcommerceItemSku),
        ActionName(SegmentScope.Action, "productViewCategory", "Product category (viewed)", "Ecommerce", "idaction_product_cat", LogActionType.EcommerceItemCategory),
        Column(SegmentScope.Action, "productViewPrice", "Product price (viewed)", "Ecommerce", "product_price", SegmentValueType.Number, kind: SegmentKind.Metric),
        Column(SegmentScope.Action, "pageGenerationTime", "Page generation time (in seconds)", "Performance", "time_server", SegmentValueType.Number, Times1000, SegmentKind.Metric),
    ];

    /// <summary>Seconds written, milliseconds stored.</summary>
    private static object Times1000(string value) =>
        Convert.ToDouble(SegmentValues.Number(value), CultureInfo.InvariantCulture) * 1000;
}
