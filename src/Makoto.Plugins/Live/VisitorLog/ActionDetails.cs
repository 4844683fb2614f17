using System.Globalization;
using Makoto.Core.Sites;
using Makoto.Plugins.Referrers;
using Makoto.Reporting.Api;
using Makoto.Reporting.Metrics;
using Makoto.Storage.CustomDimensions;
using Makoto.Storage.Goals;
using Makoto.Storage.Logs;
using Makoto.Tracking.Urls;

namespace Makoto.Plugins.Live.VisitorLog;

/// <summary>
/// The <c>actionDetails</c> of one visit: its actions, goal conversions, orders and abandoned carts
/// in time order, each with Matomo's keys in Matomo's order. The steps follow Matomo's own (the
/// Live, Actions, Goals, Ecommerce, Events, Contents and CustomDimensions visitor details): rows as read, time spent
/// per page view, sort, cap, then each plugin's additions and removals, so that keys appear where
/// Matomo puts them.
/// </summary>
internal static class ActionDetails
{
    /// <summary>Matomo's <c>visitor_log_maximum_actions_per_visit</c>.</summary>
    public const int MaxActionsPerVisit = 500;

    /// <summary>Matomo's <c>Action::TYPE_*</c> values as the visitor log sees them.</summary>
    private const int TypePageUrl = 1;
    private const int TypeOutlink = 2;
    private const int TypeDownload = 3;
    private const int TypePageTitle = 4;
    private const int TypeSiteSearch = 8;
    private const int TypeEvent = 10;
    private const int TypeContent = 13;

    private const string Images = "plugins/Morpheus/images/";

    /// <summary>
    /// Builds the visit's action list (at most <see cref="MaxActionsPerVisit"/>) and returns how
    /// many actions were cut off.
    /// </summary>
    public static (List<PlainObject> Actions, int Truncated) Build(
        VisitRow visit,
        Site site,
        IReadOnlyList<VisitLogAction> actions,
        IReadOnlyList<VisitLogConversion> conversions,
        IReadOnlyList<VisitLogItem> items,
        IReadOnlyList<Goal> goals,
        IReadOnlyList<CustomDimension> actionDimensions)
    {
        var entries = new List<Entry>(actions.Count + conversions.Count);
        foreach (var action in actions)
        {
            entries.Add(FromAction(action, entries.Count));
        }

        AddTimeSpent(entries, visit);
        foreach (var conversion in conversions)
        {
            if (conversion.IdGoal > 0)
            {
                entries.Add(FromGoal(conversion, goals, entries.Count));
            }
        }

        foreach (var conversion in conversions)
        {
            if (conversion.IdGoal <= 0)
            {
                entries.Add(FromEcommerce(conversion, items, entries.Count));
            }
        }

        entries.Sort(Compare);
        var truncated = Math.Max(0, entries.Count - MaxActionsPerVisit);
        var result = new List<PlainObject>(Math.Min(entries.Count, MaxActionsPerVisit));
        var symbol = CurrencySymbols.For(site.Currency);
        for (var i = 0; i < entries.Count - truncated; i++)
        {
            result.Add(Extend(entries[i], site, symbol, actionDimensions));
        }

        return (result, truncated);
    }

    /// <summary>An action as read, with the columns Matomo's query and its plugins' extra fields select.</summary>
    private static Entry FromAction(VisitLogAction row, int index)
    {
        // Makoto stores the page URL of events and contents as a page URL action; Matomo gives it the
        // event or content type, which is what the visitor log shows.
        int? type = row.IsEvent ? TypeEvent : row.IsContent ? TypeContent : row.UrlType ?? row.NameType;
        var data = new PlainObject
        {
            ["type"] = type,
            ["url"] = row.Url,
            ["url_prefix"] = row.UrlPrefix,
            ["pageTitle"] = row.Name,
            ["pageIdAction"] = row.UrlIdAction,
            ["idpageview"] = row.IdPageview ?? "",
            ["idlink_va"] = row.IdLinkVa,
            ["serverTimePretty"] = row.ServerTime,
            ["timeSpentRef"] = row.TimeSpentRefAction,
            ["pageId"] = row.IdLinkVa,
            ["custom_float"] = row.CustomFloat,
            ["pageLoadTime"] = row.PageLoadTime,
            ["pageview_position"] = row.PageviewPosition,
            ["search_cat"] = row.SearchCat,
            ["search_count"] = row.SearchCount,
            ["productViewPrice"] = row.ProductPrice,
            ["productViewName"] = row.ProductName,
            ["productViewSku"] = row.ProductSku,
        };
        for (var i = 0; i < row.ProductCategories.Length; i++)
        {
            data["productViewCategory" + (i + 1).ToString(CultureInfo.InvariantCulture)] = row.ProductCategories[i];
        }

        data["eventType"] = row.IsEvent ? TypeEvent : null;
        data["eventCategory"] = row.EventCategory;
        data["eventAction"] = row.EventAction;
        data["contentName"] = row.ContentName;
        data["contentPiece"] = row.ContentPiece;
        data["contentTarget"] = row.ContentTarget;
        data["contentInteraction"] = row.ContentInteraction;
        return new Entry(data, index, row.ServerTime, row.IdLinkVa, type, row.Url, row.UrlIdAction, null) { CustomDimensions = row.CustomDimensions };
    }

    private static Entry FromGoal(VisitLogConversion row, IReadOnlyList<Goal> goals, int index)
    {
        Goal? goal = null;
        foreach (var candidate in goals)
        {
            if (candidate.IdGoal == row.IdGoal)
            {
                goal = candidate;
                break;
            }
        }

        var data = new PlainObject
        {
            ["type"] = "goal",
            ["goalName"] = goal?.Name,
            ["goalId"] = goal?.IdGoal,
            ["idpageview"] = IdPageview(row),
            ["revenue"] = row.Revenue,
            ["idlink_va"] = row.IdLinkVa,
            ["goalPageId"] = row.IdLinkVa,
            ["serverTimePretty"] = row.ServerTime,
            ["url"] = row.Url,
            ["referrerType"] = row.RefererType,
            ["referrerName"] = row.RefererName,
            ["referrerKeyword"] = row.RefererKeyword,
        };
        return new Entry(data, index, row.ServerTime, row.IdLinkVa, "goal", row.Url, null, goal?.IdGoal);
    }

    private static Entry FromEcommerce(VisitLogConversion row, IReadOnlyList<VisitLogItem> items, int index)
    {
        var isOrder = row.IdGoal == 0;
        var type = isOrder ? "ecommerceOrder" : "ecommerceAbandonedCart";
        var data = new PlainObject { ["type"] = type };
        if (isOrder)
        {
            data["orderId"] = row.IdOrder;
        }

        data["revenue"] = Revenue(row.Revenue);
        if (isOrder)
        {
            data["revenueSubTotal"] = Revenue(row.RevenueSubtotal);
            data["revenueTax"] = Revenue(row.RevenueTax);
            data["revenueShipping"] = Revenue(row.RevenueShipping);
            data["revenueDiscount"] = Revenue(row.RevenueDiscount);
        }

        data["items"] = row.Items;
        data["serverTimePretty"] = row.ServerTime;
        data["idlink_va"] = row.IdLinkVa;
        data["idpageview"] = IdPageview(row);
        var order = isOrder ? row.IdOrder ?? "" : "0";
        var details = new List<PlainObject>();
        foreach (var item in items)
        {
            if (item.IdOrder == order)
            {
                var categories = new List<string>();
                foreach (var category in item.Categories)
                {
                    if (!string.IsNullOrEmpty(category) && category != "0")
                    {
                        categories.Add(category.Trim());
                    }
                }

                details.Add(new PlainObject
                {
                    ["itemSKU"] = item.Sku,
                    ["itemName"] = item.Name,
                    ["itemCategory"] = item.Categories[0],
                    ["price"] = item.Price,
                    ["quantity"] = item.Quantity,
                    ["categories"] = categories,
                });
            }
        }

        data["itemDetails"] = details;
        return new Entry(data, index, row.ServerTime, row.IdLinkVa, type, null, null, null);
    }

    /// <summary>A revenue column as Matomo shows it: rounded to two decimals, 0 when missing.</summary>
    private static double Revenue(double? value) => value is { } v ? Math.Round(v, 2, MidpointRounding.AwayFromZero) : 0;

    /// <summary>The page view id of the action that converted; "" for an action tracked without one, as Matomo stores it.</summary>
    private static string? IdPageview(VisitLogConversion row) => row.IdLinkVa is null ? null : row.IdPageview ?? "";

    /// <summary>
    /// Time spent on each page view: the time until the next page view (the next actions' time since
    /// their previous action), or for the visit's last page view what remains of the visit's
    /// duration when that is more than 10 seconds.
    /// </summary>
    private static void AddTimeSpent(List<Entry> entries, VisitRow visit)
    {
        var firstAction = LiveText.Timestamp(visit.VisitFirstActionTime);
        var next = 0;
        for (var index = 0; index < entries.Count; index++)
        {
            var data = entries[index].Data;
            if (index < next || !IsPageView(data["type"]))
            {
                data.Remove("timeSpentRef");
                continue;
            }

            long spent = 0;
            next = index;
            while (true)
            {
                next++;
                if (next >= entries.Count)
                {
                    var onPage = visit.VisitTotalTime - (LiveText.Timestamp(entries[index].ServerTime) - firstAction);
                    if (onPage > 10)
                    {
                        spent = onPage;
                    }

                    break;
                }

                var following = entries[next].Data;
                spent += following["timeSpentRef"] is long reference ? reference : 0;
                if (IsPageView(following["type"]))
                {
                    break;
                }
            }

            data["timeSpent"] = spent;
            data["timeSpentPretty"] = MetricFormat.Duration(spent);
            data.Remove("timeSpentRef");
        }
    }

    private static bool IsPageView(object? type) => type is TypePageUrl or TypePageTitle;

    /// <summary>
    /// Matomo's order: server time, then the action row id (conversions without one first), type,
    /// URL, action id, goal id, and finally the order in which the rows were read.
    /// </summary>
    private static int Compare(Entry a, Entry b)
    {
        var result = a.ServerTime.CompareTo(b.ServerTime);
        if (result == 0)
        {
            result = CompareSet(a.IdLinkVa, b.IdLinkVa);
        }

        if (result == 0)
        {
            result = CompareText(a.Type is null ? null : Convert.ToString(a.Type, CultureInfo.InvariantCulture), b.Type is null ? null : Convert.ToString(b.Type, CultureInfo.InvariantCulture));
        }

        if (result == 0)
        {
            result = CompareText(a.Url, b.Url);
        }

        if (result == 0)
        {
            result = CompareSet(a.PageIdAction, b.PageIdAction);
        }

        if (result == 0)
        {
            result = CompareSet(a.GoalId, b.GoalId);
        }

        return result == 0 ? a.Index.CompareTo(b.Index) : result;
    }

    /// <summary>PHP's comparison of two values where a missing one comes first.</summary>
    private static int CompareSet<T>(T? a, T? b)
        where T : struct, IComparable<T>
    {
        if (a is null || b is null)
        {
            return a is null ? (b is null ? 0 : -1) : 1;
        }

        return a.Value.CompareTo(b.Value);
    }

    /// <summary>PHP's <c>&lt;</c> on two strings: numerically when both are numbers, byte-wise otherwise; a missing one comes first.</summary>
    private static int CompareText(string? a, string? b)
    {
        if (a is null || b is null)
        {
            return a is null ? (b is null ? 0 : -1) : 1;
        }

        if (double.TryParse(a, NumberStyles.Float, CultureInfo.InvariantCulture, out var x)
            && double.TryParse(b, NumberStyles.Float, CultureInfo.InvariantCulture, out var y))
        {
            return x.CompareTo(y);
        }

        return Math.Sign(string.CompareOrdinal(a, b));
    }

    /// <summary>The additions and removals of Matomo's plugins, in their order: Actions, Referrers, Ecommerce, Events, Contents, CustomDimensions.</summary>
    private static PlainObject Extend(Entry entry, Site site, string currencySymbol, IReadOnlyList<CustomDimension> actionDimensions)
    {
        var data = entry.Data;
        ExtendAsActions(data, entry.ServerTime, site, currencySymbol);
        if (data.TryGetValue("referrerType", out var referrerType))
        {
            data["referrerType"] = ReferrerNames.ShortName(referrerType as int?);
        }

        ExtendAsEcommerce(data);
        ExtendAsEvents(data);
        if (!Equals(data.GetValueOrDefault("type"), TypeContent))
        {
            data.Remove("contentName");
            data.Remove("contentPiece");
            data.Remove("contentTarget");
            data.Remove("contentInteraction");
        }

        // The active action-scope custom dimensions, as dimension{id}; null where the action has no value.
        foreach (var dimension in actionDimensions)
        {
            data["dimension" + dimension.IdCustomDimension.ToString(CultureInfo.InvariantCulture)] =
                entry.CustomDimensions is { } slots && dimension.Index is >= 1 and <= 5 ? slots[dimension.Index - 1] : null;
        }

        return data;
    }

    private static void ExtendAsActions(PlainObject data, DateTime serverTime, Site site, string currencySymbol)
    {
        var type = data["type"];
        if (Equals(type, TypeSiteSearch))
        {
            data["siteSearchKeyword"] = data["pageTitle"];
            data["siteSearchCategory"] = data["search_cat"] ?? "";
            data["siteSearchCount"] = data["search_count"];
            data.Remove("pageTitle");
        }

        data.Remove("search_cat");
        data.Remove("search_count");
        var eventType = data.GetValueOrDefault("eventType");
        var handled = type is TypePageUrl or TypePageTitle or TypeSiteSearch or TypeEvent or TypeOutlink or TypeDownload || !Php.Empty(eventType);
        if (handled && Php.Empty(eventType) && data.GetValueOrDefault("custom_float") is double generation && generation > 0)
        {
            data["generationTimeMilliseconds"] = generation;
            data["generationTime"] = MetricFormat.Duration(generation / 1000);
            data.Remove("custom_float");
        }

        if (data.TryGetValue("custom_float", out var customFloat) && customFloat is null)
        {
            data.Remove("custom_float");
        }

        if (data.GetValueOrDefault("pageLoadTime") is long loadTime && loadTime > 0)
        {
            data["pageLoadTimeMilliseconds"] = loadTime;
            data["pageLoadTime"] = MetricFormat.Duration(loadTime / 1000.0);
        }
        else
        {
            data.Remove("pageLoadTime");
        }

        if (data.Remove("pageview_position", out var position))
        {
            data["pageviewPosition"] = position;
        }

        if (data.Remove("url_prefix", out var prefix) && data.GetValueOrDefault("url") is string { Length: > 0 } name
            && !name.StartsWith("http://", StringComparison.OrdinalIgnoreCase) && !name.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
        {
            data["url"] = PageUrl.Reconstruct(name, prefix as int?);
        }

        switch (type)
        {
            case "goal":
                Decorate(data, "goal", "Goal conversion");
                var subtitle = data["goalName"] as string ?? "";
                if (!Php.Empty(data["revenue"]))
                {
                    subtitle += " (" + MetricFormat.Money((double)data["revenue"]!, currencySymbol) + " revenue)";
                }

                data["subtitle"] = subtitle;
                break;
            case "ecommerceOrder":
            case "ecommerceAbandonedCart":
                var kind = (string)type;
                Decorate(data, kind, kind == "ecommerceOrder" ? "Ordered (" + data["orderId"] + ")" : "Abandoned Cart");
                var names = new List<string>();
                foreach (var item in (List<PlainObject>)data["itemDetails"]!)
                {
                    names.Add(item["itemName"] as string ?? "");
                }

                data["subtitle"] = MetricFormat.Money((double)data["revenue"]!, currencySymbol) + " revenue - "
                    + Convert.ToString(data["items"], CultureInfo.InvariantCulture) + " items: " + string.Join(", ", names) + ")";
                break;
            case TypeContent:
                if (!Php.Empty(data["contentInteraction"]))
                {
                    Decorate(data, "contentinteraction", "Content Interaction (" + data["contentInteraction"] + ")");
                }
                else
                {
                    Decorate(data, "contentimpression", "Content Impression");
                }

                data["subtitle"] = data["contentName"] + (Php.Empty(data["contentPiece"]) ? "" : " - " + data["contentPiece"]);
                break;
            case TypeDownload:
                data["type"] = "download";
                Decorate(data, "download", "Download");
                data["subtitle"] = data["url"];
                break;
            case TypeOutlink:
                data["type"] = "outlink";
                Decorate(data, "link", "Outlink");
                data["subtitle"] = data["url"];
                break;
            case TypeSiteSearch:
                data["type"] = "search";
                Decorate(data, "search", "Site Search");
                var search = data["siteSearchKeyword"] as string;
                if (!Php.Empty(data["siteSearchCategory"]))
                {
                    search += " - Search Category: " + data["siteSearchCategory"];
                }

                if (!Php.Empty(data["siteSearchCount"]))
                {
                    search += " - Search Results Count: " + Convert.ToString(data["siteSearchCount"], CultureInfo.InvariantCulture);
                }

                data["subtitle"] = search;
                break;
            case TypePageUrl:
            case TypePageTitle:
            case null:
                if (!data.ContainsKey("title"))
                {
                    data["title"] = data["pageTitle"];
                    data["subtitle"] = data["url"];
                }

                data["type"] = "action";
                data["icon"] = "";
                data["iconSVG"] = Images + "action.svg";
                break;
        }

        var local = SiteTimeZones.ToLocal(serverTime, site.TimeZone);
        data["serverTimePretty"] = LiveText.ShortDateTime(local);
        data["timestamp"] = LiveText.LocalTimestamp(serverTime, site.TimeZone);
        data.Remove("idlink_va");
    }

    private static void ExtendAsEcommerce(PlainObject data)
    {
        foreach (var key in (string[])["productViewName", "productViewSku", "productViewPrice"])
        {
            if (data.TryGetValue(key, out var value) && Php.Empty(value))
            {
                data.Remove(key);
            }
        }

        var categories = new List<string>();
        for (var i = 1; i <= 5; i++)
        {
            if (data.Remove("productViewCategory" + i.ToString(CultureInfo.InvariantCulture), out var category) && !Php.Empty(category))
            {
                categories.Add((string)category!);
            }
        }

        if (categories.Count > 0)
        {
            data["productViewCategories"] = categories;
        }
    }

    /// <summary>The icon (PNG and SVG, from Morpheus' images) and the title of an action in the visitor log.</summary>
    private static void Decorate(PlainObject data, string image, string title)
    {
        data["icon"] = Images + image + ".png";
        data["iconSVG"] = Images + image + ".svg";
        data["title"] = title;
    }

    private static void ExtendAsEvents(PlainObject data)
    {
        if (!Php.Empty(data.GetValueOrDefault("eventType")))
        {
            data["type"] = "event";
            Decorate(data, "event", "Event");

            // Matomo builds the subtitle before it moves the name and value in: they never appear in it.
            var subtitle = "Category: \"" + data["eventCategory"] + "'";
            if (!Php.Empty(data["eventAction"]))
            {
                subtitle += ", Action: \"" + data["eventAction"] + "\"";
            }

            data["subtitle"] = subtitle;
            if (data.GetValueOrDefault("pageTitle") is string { Length: > 0 } name)
            {
                data["eventName"] = name;
            }

            if (data.GetValueOrDefault("custom_float") is double value)
            {
                data["eventValue"] = Math.Round(value, 3, MidpointRounding.AwayFromZero);
            }

            data.Remove("pageTitle");
            data.Remove("custom_float");
        }
        else
        {
            data.Remove("eventCategory");
            data.Remove("eventAction");
        }

        data.Remove("eventType");
    }

    /// <summary>One row of the list while it is built, with the values Matomo sorts by.</summary>
    private sealed record Entry(PlainObject Data, int Index, DateTime ServerTime, long? IdLinkVa, object? Type, string? Url, long? PageIdAction, int? GoalId)
    {
        /// <summary>The action-scope custom dimension slots of an action row; null for conversions.</summary>
        public string?[]? CustomDimensions { get; init; }
    }
}
