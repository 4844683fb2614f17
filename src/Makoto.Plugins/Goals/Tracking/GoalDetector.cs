using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Makoto.Storage.Goals;
using Makoto.Tracking.Pipeline;
using Makoto.Tracking.Requests;
using Makoto.Tracking.Urls;

namespace Makoto.Plugins.Goals.Tracking;

/// <summary>
/// Decides what a hit converts (tracking-api.md §10): a manually triggered goal (<c>idgoal</c> &gt; 0,
/// which must exist), an ecommerce order or cart update (<c>idgoal=0</c>), or every goal of the site
/// whose pattern matches the hit's page URL, title, download, outlink or event. The writer records
/// the conversions.
/// </summary>
internal sealed class GoalDetector(GoalStore goals, UrlNormalizer urls, TrackerOptions options) : ITrackingProcessor
{
    private const int MaxOrderIdLength = 100;
    private const int MaxCategories = 5;
    private readonly ConcurrentDictionary<(string Pattern, bool CaseSensitive), Regex?> _regexes = new();

    public string Name => "goals";

    public int Order => TrackingStage.Goals;

    public void Process(HitContext hit)
    {
        var request = hit.Request;
        if (request.Ping)
        {
            return;
        }

        var idGoal = ReadIdGoal(request["idgoal"]);
        if (idGoal > 0)
        {
            var goal = goals.GetGoal(request.IdSite, idGoal)
                ?? throw new TrackingRequestException("unknown_idgoal", $"idGoal {idGoal} does not exist");
            hit.Goals.Add(new GoalConversion(goal.IdGoal, RequestRevenue(request) ?? goal.Revenue, urls.Normalize(request.Url, request.Site), goal.AllowMultiple));
            return;
        }

        if (idGoal == 0)
        {
            if (request.Site.Ecommerce)
            {
                hit.Ecommerce = ReadEcommerce(request);
            }

            return;
        }

        foreach (var goal in goals.GetGoals(request.IdSite))
        {
            if (goal.MatchAttribute == "visit_duration")
            {
                if (double.TryParse(goal.Pattern, NumberStyles.Float, CultureInfo.InvariantCulture, out var minutes))
                {
                    hit.Goals.Add(new GoalConversion(goal.IdGoal, RequestRevenue(request) ?? goal.Revenue, urls.Normalize(request.Url, request.Site), goal.AllowMultiple)
                    {
                        MinimumVisitMinutes = minutes,
                    });
                }

                continue;
            }

            if (hit.Action is not { } action || Matched(goal, action, request) is not { } url)
            {
                continue;
            }

            var revenue = goal.EventValueAsRevenue && action.Kind == ActionKind.Event && action.Row.CustomFloat is { } value
                ? value
                : RequestRevenue(request) ?? goal.Revenue;
            hit.Goals.Add(new GoalConversion(goal.IdGoal, revenue, url, goal.AllowMultiple));
        }
    }

    /// <summary>The URL recorded with the conversion when <paramref name="goal"/> matches the action, else null.</summary>
    private string? Matched(Goal goal, TrackedAction action, TrackingRequest request)
    {
        string? value;
        string url;
        switch (goal.MatchAttribute)
        {
            case "url" when action.Kind == ActionKind.PageView:
                value = PageUrl.Clean(request.Url, options.PageMaximumLength);
                url = urls.Normalize(request.Url, request.Site);
                break;
            case "title" when action.Kind == ActionKind.PageView:
                value = action.Get(ActionSlot.Name)?.Name ?? "";
                url = urls.Normalize(request.Url, request.Site);
                break;
            case "file" when action.Kind == ActionKind.Download:
                value = action.Get(ActionSlot.Url)?.Name ?? PageUrl.Clean(request["download"] ?? "", options.PageMaximumLength);
                url = value;
                break;
            case "external_website" when action.Kind == ActionKind.Outlink:
                value = action.Get(ActionSlot.Url)?.Name ?? PageUrl.Clean(request["link"] ?? "", options.PageMaximumLength);
                url = value;
                break;
            case "event_category" when action.Kind == ActionKind.Event:
                value = action.Get(ActionSlot.EventCategory)?.Name;
                url = urls.Normalize(request.Url, request.Site);
                break;
            case "event_action" when action.Kind == ActionKind.Event:
                value = action.Get(ActionSlot.EventAction)?.Name;
                url = urls.Normalize(request.Url, request.Site);
                break;
            case "event_name" when action.Kind == ActionKind.Event:
                value = action.Get(ActionSlot.Name)?.Name;
                url = urls.Normalize(request.Url, request.Site);
                break;
            default:
                return null;
        }

        if (value is null)
        {
            return null;
        }

        if (Matches(goal, goal.Pattern, value))
        {
            return url;
        }

        // Patterns are sometimes entered URL-encoded: try the decoded pattern too, as Matomo does.
        var decoded = SafeUnescape(goal.Pattern);
        return decoded != goal.Pattern && Matches(goal, decoded, value) ? url : null;
    }

    private bool Matches(Goal goal, string pattern, string value)
    {
        var comparison = goal.CaseSensitive ? StringComparison.Ordinal : StringComparison.OrdinalIgnoreCase;
        switch (goal.PatternType)
        {
            case "contains":
                return value.Contains(pattern, comparison);
            case "exact":
                return string.Equals(value, pattern, comparison);
            case "regex":
                var regex = _regexes.GetOrAdd((pattern, goal.CaseSensitive), static key => Compile(key.Pattern, key.CaseSensitive));
                try
                {
                    return regex is not null && regex.IsMatch(value);
                }
                catch (RegexMatchTimeoutException)
                {
                    return false;
                }

            default:
                return false;
        }
    }

    private static Regex? Compile(string pattern, bool caseSensitive)
    {
        try
        {
            var flags = RegexOptions.CultureInvariant | (caseSensitive ? RegexOptions.None : RegexOptions.IgnoreCase);
            return new Regex(pattern, flags, TimeSpan.FromMilliseconds(100));
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    /// <summary>Matomo reads idgoal as an integer with default −1: absent or non-numeric means no goal.</summary>
    private static int ReadIdGoal(string? value) =>
        int.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var id) ? id : -1;

    private static double? RequestRevenue(TrackingRequest request) => Number(request["revenue"]);

    private static double? Number(string? value) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number) ? number : null;

    private EcommerceConversion ReadEcommerce(TrackingRequest request)
    {
        var orderId = request["ec_id"]?.Trim();
        if (orderId is { Length: > MaxOrderIdLength })
        {
            orderId = orderId[..MaxOrderIdLength];
        }

        return new EcommerceConversion
        {
            OrderId = string.IsNullOrEmpty(orderId) ? null : orderId,
            Revenue = RequestRevenue(request),
            Subtotal = Number(request["ec_st"]),
            Tax = Number(request["ec_tx"]),
            Shipping = Number(request["ec_sh"]),
            Discount = Number(request["ec_dt"]),
            Url = urls.Normalize(request.Url, request.Site),
            Items = ReadItems(request["ec_items"]),
        };
    }

    /// <summary>
    /// <c>ec_items</c>: <c>[[sku, name, category, price, quantity], …]</c>; the category may be an array of
    /// up to five. Items without SKU are dropped; price defaults to 0 and quantity to 1. Unreadable JSON
    /// means no items, as in Matomo.
    /// </summary>
    public static IReadOnlyList<EcommerceItem> ReadItems(string? json)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return [];
        }

        try
        {
            using var document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 8 });
            if (document.RootElement.ValueKind != JsonValueKind.Array)
            {
                return [];
            }

            var items = new List<EcommerceItem>();
            foreach (var entry in document.RootElement.EnumerateArray())
            {
                if (entry.ValueKind != JsonValueKind.Array)
                {
                    continue;
                }

                var fields = entry.EnumerateArray().ToList();
                var sku = fields.Count > 0 ? Text(fields[0]).Trim() : "";
                if (sku.Length == 0)
                {
                    continue;
                }

                var name = fields.Count > 1 ? Text(fields[1]).Trim() : "";
                var categories = new List<string>();
                if (fields.Count > 2)
                {
                    if (fields[2].ValueKind == JsonValueKind.Array)
                    {
                        foreach (var category in fields[2].EnumerateArray())
                        {
                            var text = Text(category).Trim();
                            if (text.Length > 0 && categories.Count < MaxCategories)
                            {
                                categories.Add(text);
                            }
                        }
                    }
                    else if (Text(fields[2]).Trim() is { Length: > 0 } single)
                    {
                        categories.Add(single);
                    }
                }

                var price = fields.Count > 3 ? Number(Text(fields[3])) ?? 0 : 0;
                var quantity = fields.Count > 4 && Number(Text(fields[4])) is { } q && q >= 1 ? (int)Math.Min(q, int.MaxValue) : 1;
                items.Add(new EcommerceItem(sku, name, categories, price, quantity));
            }

            return items;
        }
        catch (JsonException)
        {
            return [];
        }
    }

    private static string Text(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString() ?? "",
        JsonValueKind.Number => value.GetRawText(),
        JsonValueKind.True => "1",
        _ => "",
    };

    private static string SafeUnescape(string value)
    {
        try
        {
            return Uri.UnescapeDataString(value);
        }
        catch (UriFormatException)
        {
            return value;
        }
    }
}
