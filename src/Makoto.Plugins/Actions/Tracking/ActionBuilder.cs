using System.Globalization;
using Makoto.Tracking.Pipeline;
using Makoto.Tracking.Requests;
using Makoto.Tracking.Urls;

namespace Makoto.Plugins.Actions.Tracking;

/// <summary>
/// Decides the one action a hit records (tracking-api.md §2.4, highest priority wins: download,
/// outlink, event, content, site search, page view) and prepares its log_action names and columns.
/// Pings and goal or ecommerce conversions record no action.
/// </summary>
internal sealed class ActionBuilder(TrackerOptions options, UrlNormalizer urls) : ITrackingProcessor
{
    private const int MaxSearchCategoryLength = 200;

    /// <summary>The largest value of the MEDIUMINT UNSIGNED timing columns.</summary>
    private const long MaxTimingMilliseconds = 16_777_215;

    public string Name => "actions";

    public int Order => TrackingStage.Actions;

    public void Process(HitContext hit)
    {
        Build(hit);

        // Matomo keeps the page view id of every action, not only of page views.
        if (hit.Action is { } action)
        {
            action.Row.IdPageview = PageViewId(hit.Request["pv_id"]);
        }
    }

    private void Build(HitContext hit)
    {
        var request = hit.Request;
        var customAction = request["ca"] == "1";
        if (customAction && request.Ping)
        {
            throw new TrackingRequestException("invalid_custom_action", "A custom action (ca=1) cannot be combined with a heartbeat ping (ping=1).");
        }

        if (request.Ping || !string.IsNullOrEmpty(request["idgoal"]))
        {
            return;
        }

        var site = request.Site;
        var rawUrl = PageUrl.Clean(request.Url, options.PageMaximumLength);

        var download = Trimmed(request["download"]);
        if (download.Length > 0)
        {
            hit.Action = ClickAction(ActionKind.Download, LogActionType.DownloadUrl, download);
            return;
        }

        var outlink = Trimmed(request["link"]);
        if (outlink.Length > 0)
        {
            hit.Action = ClickAction(ActionKind.Outlink, LogActionType.OutlinkUrl, outlink);
            return;
        }

        var pageUrl = urls.Normalize(rawUrl, site);
        var category = Trimmed(request["e_c"]);
        var eventAction = Trimmed(request["e_a"]);
        if (category.Length > 0 && eventAction.Length > 0)
        {
            var action = new TrackedAction(ActionKind.Event)
                .With(ActionSlot.EventCategory, new ActionName(LogActionType.EventCategory, category))
                .With(ActionSlot.EventAction, new ActionName(LogActionType.EventAction, eventAction));
            var eventName = Trimmed(request["e_n"]);
            if (eventName.Length > 0)
            {
                action.With(ActionSlot.Name, new ActionName(LogActionType.EventName, eventName));
            }

            AddUrl(action, pageUrl, LogActionType.EventCategory, splitPrefix: true);
            if (double.TryParse(request["e_v"], NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value))
            {
                action.Row.CustomFloat = value;
            }

            hit.Action = action;
            return;
        }

        var contentName = Trimmed(request["c_n"]);
        if (contentName.Length > 0)
        {
            var interaction = Trimmed(request["c_i"]);
            var action = new TrackedAction(interaction.Length > 0 ? ActionKind.ContentInteraction : ActionKind.ContentImpression)
                .With(ActionSlot.ContentName, new ActionName(LogActionType.ContentName, contentName));
            var piece = Trimmed(request["c_p"]);
            if (piece.Length > 0)
            {
                action.With(ActionSlot.ContentPiece, new ActionName(LogActionType.ContentPiece, piece));
            }

            var target = Trimmed(request["c_t"]);
            if (target.Length > 0)
            {
                action.With(ActionSlot.ContentTarget, new ActionName(LogActionType.ContentTarget, target));
            }

            if (interaction.Length > 0)
            {
                action.With(ActionSlot.ContentInteraction, new ActionName(LogActionType.ContentInteraction, interaction));
            }

            AddUrl(action, pageUrl, LogActionType.ContentName, splitPrefix: false);
            hit.Action = action;
            return;
        }

        if (DetectSiteSearch(request, rawUrl) is { } search)
        {
            var action = new TrackedAction(ActionKind.SiteSearch)
                .With(ActionSlot.Name, new ActionName(LogActionType.SiteSearch, search.Keyword));
            if (search.Category.Length > 0)
            {
                action.Row.SearchCat = search.Category.Length > MaxSearchCategoryLength ? search.Category[..MaxSearchCategoryLength] : search.Category;
            }

            action.Row.SearchCount = search.Count;
            hit.Action = action;
            return;
        }

        if (customAction)
        {
            // Custom actions are handled by plugins; none of Makoto's default plugins defines one.
            throw new TrackingRequestException("unhandled_custom_action", "The request is a custom action (ca=1) that no plugin handles; nothing was recorded.");
        }

        var pageView = new TrackedAction(ActionKind.PageView);
        AddUrl(pageView, pageUrl, LogActionType.PageUrl, splitPrefix: true);
        var title = PageTitle(request.ActionName);
        if (title.Length > 0)
        {
            pageView.With(ActionSlot.Name, new ActionName(LogActionType.PageTitle, title));
        }

        ReadPerformance(request, pageView.Row);
        ReadProductView(request, pageView);
        hit.Action = pageView;
    }

    /// <summary>
    /// Page performance timings in milliseconds (tracking-api.md §2.6): −1 or absent means not sent,
    /// other negative values make the request invalid, values too large for the column are ignored.
    /// </summary>
    private static void ReadPerformance(TrackingRequest request, Storage.Logs.ActionRow row)
    {
        row.TimeNetwork = Timing(request, "pf_net");
        row.TimeServer = Timing(request, "pf_srv");
        row.TimeTransfer = Timing(request, "pf_tfr");
        row.TimeDomProcessing = Timing(request, "pf_dm1");
        row.TimeDomCompletion = Timing(request, "pf_dm2");
        row.TimeOnLoad = Timing(request, "pf_onl");
    }

    private static long? Timing(TrackingRequest request, string name)
    {
        // Matomo reads the value as an integer with default −1: anything that is not an integer is "not sent".
        if (!long.TryParse(request[name], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) || value == -1)
        {
            return null;
        }

        if (value < 0)
        {
            throw new TrackingRequestException("negative_timing", $"Value for {name} can't be negative.");
        }

        return value > MaxTimingMilliseconds ? null : value;
    }

    /// <summary>A product or category page view (<c>_pks</c>, <c>_pkn</c>, <c>_pkc</c>, <c>_pkp</c>) on the page view.</summary>
    private static void ReadProductView(TrackingRequest request, TrackedAction pageView)
    {
        var sku = Trimmed(request["_pks"]);
        var name = Trimmed(request["_pkn"]);
        var categories = ProductCategories(request["_pkc"]);
        if (sku.Length == 0 && name.Length == 0 && categories.Count == 0)
        {
            return;
        }

        if (sku.Length > 0)
        {
            pageView.With(ActionSlot.ProductSku, new ActionName(LogActionType.EcommerceItemSku, sku));
        }

        if (name.Length > 0)
        {
            pageView.With(ActionSlot.ProductName, new ActionName(LogActionType.EcommerceItemName, name));
        }

        ActionSlot[] slots = [ActionSlot.ProductCategory, ActionSlot.ProductCategory2, ActionSlot.ProductCategory3, ActionSlot.ProductCategory4, ActionSlot.ProductCategory5];
        for (var i = 0; i < categories.Count && i < slots.Length; i++)
        {
            pageView.With(slots[i], new ActionName(LogActionType.EcommerceItemCategory, categories[i]));
        }

        if (double.TryParse(request["_pkp"], NumberStyles.Float, CultureInfo.InvariantCulture, out var price) && double.IsFinite(price))
        {
            pageView.Row.ProductPrice = Math.Round(price, 2, MidpointRounding.AwayFromZero);
        }
    }

    /// <summary><c>_pkc</c> is one category, or a JSON array of up to five.</summary>
    private static List<string> ProductCategories(string? value)
    {
        var result = new List<string>();
        var text = value?.Trim() ?? "";
        if (text.Length == 0)
        {
            return result;
        }

        if (text[0] == '[')
        {
            try
            {
                using var json = System.Text.Json.JsonDocument.Parse(text);
                if (json.RootElement.ValueKind == System.Text.Json.JsonValueKind.Array)
                {
                    foreach (var item in json.RootElement.EnumerateArray())
                    {
                        if (item.ValueKind == System.Text.Json.JsonValueKind.String && item.GetString()!.Trim() is { Length: > 0 } category)
                        {
                            result.Add(category);
                        }
                    }

                    return result;
                }
            }
            catch (System.Text.Json.JsonException)
            {
                // Not JSON after all: the whole value is one category.
            }
        }

        result.Add(text);
        return result;
    }

    private (string Keyword, string Category, long? Count)? DetectSiteSearch(TrackingRequest request, string rawUrl)
    {
        if (!request.Site.SiteSearch)
        {
            return null;
        }

        var keyword = request["search"]?.Trim();
        if (!string.IsNullOrEmpty(keyword))
        {
            return (keyword, (request["search_cat"] ?? "").Trim(), SearchCount(request["search_count"]));
        }

        var query = PageUrl.Query(rawUrl);
        var fragment = PageUrl.Fragment(rawUrl);
        var parameters = query.Length > 0 && fragment.Length > 0 ? query + "&" + fragment : query + fragment;
        if (parameters.Length == 0)
        {
            return null;
        }

        foreach (var name in List(request.Site.SiteSearchKeywordParameters, options.SiteSearchKeywordParameters))
        {
            var value = PageUrl.QueryParameter(parameters, name)?.Trim();
            if (!string.IsNullOrEmpty(value))
            {
                var category = "";
                foreach (var categoryName in List(request.Site.SiteSearchCategoryParameters, options.SiteSearchCategoryParameters))
                {
                    var candidate = PageUrl.QueryParameter(parameters, categoryName)?.Trim();
                    if (!string.IsNullOrEmpty(candidate))
                    {
                        category = candidate;
                        break;
                    }
                }

                return (value, category, SearchCount(PageUrl.QueryParameter(parameters, "search_count")));
            }
        }

        return null;
    }

    private static string[] List(string siteValue, string[] global) =>
        string.IsNullOrWhiteSpace(siteValue)
            ? global
            : siteValue.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static long? SearchCount(string? value) =>
        long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var count) ? count : null;

    private TrackedAction ClickAction(ActionKind kind, int type, string url)
    {
        var cleaned = PageUrl.Clean(url, options.PageMaximumLength);
        var action = new TrackedAction(kind);
        if (PageUrl.LooksLikeUrl(cleaned))
        {
            action.With(ActionSlot.Url, new ActionName(type, cleaned));
        }

        return action;
    }

    /// <summary>
    /// Adds the page URL (already normalized, empty when there is none) under the action's own log_action
    /// type, as Matomo does: an event's URL is a type-10 entry and a content's a type-13 entry, distinct
    /// from the page view's entry for the same URL, so page reports never see them. Page views and events
    /// store the URL without its protocol and "www." (kept as the prefix code of the first hit that
    /// created the entry); contents store the whole URL without a prefix code.
    /// </summary>
    private static void AddUrl(TrackedAction action, string url, int type, bool splitPrefix)
    {
        if (url.Length == 0)
        {
            return;
        }

        if (splitPrefix)
        {
            var (prefix, name) = PageUrl.SplitPrefix(url);
            action.With(ActionSlot.Url, new ActionName(type, name, prefix));
        }
        else
        {
            action.With(ActionSlot.Url, new ActionName(type, url));
        }
    }

    private string PageTitle(string title)
    {
        var cleaned = title.Trim().Replace("\n", " ", StringComparison.Ordinal).Replace("\r", "", StringComparison.Ordinal).Trim();
        return cleaned.Length > options.PageMaximumLength ? cleaned[..options.PageMaximumLength] : cleaned;
    }

    /// <summary>A page view id is 6 characters of [0-9a-zA-Z]; anything else is not stored.</summary>
    private static string? PageViewId(string? value)
    {
        if (value is null || value.Length != 6)
        {
            return null;
        }

        foreach (var c in value)
        {
            if (!char.IsAsciiLetterOrDigit(c))
            {
                return null;
            }
        }

        return value;
    }

    private static string Trimmed(string? value) => value?.Trim() ?? "";
}
