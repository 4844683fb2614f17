using Makoto.Storage.Logs;

namespace Makoto.Tracking.Pipeline;

/// <summary>The kinds of action a hit can record (Matomo's action types).</summary>
public enum ActionKind
{
    PageView,
    SiteSearch,
    Event,
    Outlink,
    Download,
    ContentImpression,
    ContentInteraction,
}

/// <summary><c>log_action.type</c> values.</summary>
public static class LogActionType
{
    public const int PageUrl = 1;
    public const int OutlinkUrl = 2;
    public const int DownloadUrl = 3;
    public const int PageTitle = 4;
    public const int EcommerceItemSku = 5;
    public const int EcommerceItemName = 6;
    public const int EcommerceItemCategory = 7;
    public const int SiteSearch = 8;
    public const int EventCategory = 10;
    public const int EventAction = 11;
    public const int EventName = 12;
    public const int ContentName = 13;
    public const int ContentPiece = 14;
    public const int ContentTarget = 15;
    public const int ContentInteraction = 16;
}

/// <summary>A <c>log_action</c> entry to resolve to its id: type, name and (for page URLs) the prefix code.</summary>
public readonly record struct ActionName(int Type, string Name, int? UrlPrefix = null);

/// <summary>The columns of <c>log_link_visit_action</c> that hold <c>log_action</c> ids.</summary>
public enum ActionSlot
{
    Url,
    Name,
    EventCategory,
    EventAction,
    ContentName,
    ContentPiece,
    ContentTarget,
    ContentInteraction,
    ProductSku,
    ProductName,
    ProductCategory,
    ProductCategory2,
    ProductCategory3,
    ProductCategory4,
    ProductCategory5,
}

/// <summary>
/// The action a hit records, as built by the request processors: its kind, the names to resolve to
/// <c>log_action</c> ids, and the other columns of its <c>log_link_visit_action</c> row.
/// </summary>
public sealed class TrackedAction
{
    public TrackedAction(ActionKind kind)
    {
        Kind = kind;
    }

    public ActionKind Kind { get; }

    public List<(ActionSlot Slot, ActionName Name)> Names { get; } = [];

    /// <summary>Non-id columns (custom_float, search_cat, pf_* timings, idpageview, …); ids are filled by the writer.</summary>
    public ActionRow Row { get; } = new();

    public TrackedAction With(ActionSlot slot, ActionName name)
    {
        Names.Add((slot, name));
        return this;
    }

    public ActionName? Get(ActionSlot slot)
    {
        foreach (var (s, name) in Names)
        {
            if (s == slot)
            {
                return name;
            }
        }

        return null;
    }

    /// <summary>Counted in <c>visit_total_actions</c>: page views, site searches, events, outlinks, downloads.</summary>
    public bool CountsAsAction => Kind is not (ActionKind.ContentImpression or ActionKind.ContentInteraction);

    /// <summary>Counted in <c>visit_total_interactions</c> (and moves the page view position): page views and site searches.</summary>
    public bool IsInteraction => Kind is ActionKind.PageView or ActionKind.SiteSearch;
}
