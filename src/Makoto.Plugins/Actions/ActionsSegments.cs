using System.Globalization;
using Makoto.Core.Segments;
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

    /// <summary>Matomo's action types by the id its visitor log gives them (events 10 and contents 13 by their own columns).</summary>
    private static readonly SortedDictionary<int, string> s_actionTypes = new()
    {
        [LogActionType.PageUrl] = "pageviews",
        [LogActionType.OutlinkUrl] = "outlinks",
        [LogActionType.DownloadUrl] = "downloads",
        [LogActionType.SiteSearch] = "sitesearches",
        [EventType] = "events",
        [ContentType] = "contents",
    };

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
        DatePart(SegmentScope.Action, "actionServerHour", "Action time - hour (server time)", Behaviour, SqlDatePart.Hour, "server_time", Numbers(0, 23)),
        DatePart(SegmentScope.Action, "actionServerMinute", "Action time - minute (server time)", Behaviour, SqlDatePart.Minute, "server_time", Numbers(0, 59)),
        ActionName(SegmentScope.Action, "productViewName", "Product name (viewed)", "Ecommerce", "idaction_product_name", LogActionType.EcommerceItemName),
        ActionName(SegmentScope.Action, "productViewSku", "Product SKU (viewed)", "Ecommerce", "idaction_product_sku", LogActionType.EcommerceItemSku),
        .. ActionNameLevels(SegmentScope.Action, "productViewCategory", "Viewed Product Category", "Ecommerce", "idaction_product_cat", LogActionType.EcommerceItemCategory),
        Column(SegmentScope.Action, "productViewPrice", "Product price (viewed)", "Ecommerce", "product_price", SegmentValueType.Number, kind: SegmentKind.Metric),
        new SegmentDimension
        {
            Segment = "actionType",
            Name = "Action Type",
            Category = Behaviour,
            Scope = SegmentScope.Action,
            Sql = new CustomSql(ActionTypeCondition),
            SqlSegment = "log_action.type",
            AcceptedValues = "A type of action, such as: pageviews, contents, sitesearches, events, outlinks, downloads",
            // In the order Matomo's Actions plugin declares them (Actions.addActionTypes).
            SuggestedValues = Fixed("pageviews", "contents", "sitesearches", "events", "outlinks", "downloads"),
        },
        Column(SegmentScope.Action, "pageGenerationTime", "Page generation time (in seconds)", "Performance", "time_server", SegmentValueType.Number, Times1000, SegmentKind.Metric),
    ];

    private const int EventType = LogActionType.EventCategory;
    private const int ContentType = LogActionType.ContentName;

    /// <summary>
    /// The actions of one type, as the visitor log types them: events and content impressions or
    /// interactions by their columns, the others by the type of their URL (of their name when they have no
    /// URL, as site searches). The value is the type's name (or Matomo's id of it); == and != only.
    /// </summary>
    private static Func<SegmentSqlWriter, string> ActionTypeCondition(SegmentOperator op, string value)
    {
        if (op is not (SegmentOperator.Equals or SegmentOperator.NotEquals))
        {
            throw new SegmentException($"This match type {SegmentCondition.Symbol(op)} is not available for the segment actionType: use == or !=.");
        }

        var type = -1;
        var text = value.Trim();
        foreach (var (id, name) in s_actionTypes)
        {
            if (string.Equals(name, text, StringComparison.OrdinalIgnoreCase) || text == id.ToString(CultureInfo.InvariantCulture))
            {
                type = id;
            }
        }

        if (type < 0)
        {
            throw new SegmentException("actionType must be one of: " + string.Join(", ", s_actionTypes.Values));
        }

        const string Row = "log_link_visit_action";
        return w =>
        {
            var condition = type switch
            {
                EventType => $"{Row}.idaction_event_category IS NOT NULL",
                ContentType => $"({Row}.idaction_event_category IS NULL AND {Row}.idaction_content_name IS NOT NULL)",
                _ => $"({Row}.idaction_event_category IS NULL AND {Row}.idaction_content_name IS NULL AND ("
                    + $"{Row}.idaction_url IN (SELECT idaction FROM {w.Table("log_action")} WHERE type = {w.Bind(type)})"
                    + $" OR ({Row}.idaction_url IS NULL AND {Row}.idaction_name IN (SELECT idaction FROM {w.Table("log_action")} WHERE type = {w.Bind(type)}))))",
            };
            return op == SegmentOperator.Equals ? condition : $"NOT {condition}";
        };
    }

    /// <summary>Seconds written, milliseconds stored.</summary>
    private static object Times1000(string value) =>
        Convert.ToDouble(SegmentValues.Number(value), CultureInfo.InvariantCulture) * 1000;
}
