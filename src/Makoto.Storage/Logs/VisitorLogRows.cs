using Makoto.Storage.Segments;

namespace Makoto.Storage.Logs;

/// <summary>
/// Which visits the visitor log reads (Matomo's Live model): sites, bounds on the last action time,
/// optionally one visitor, newest or oldest first, one page.
/// </summary>
public sealed record VisitLogQuery
{
    public required IReadOnlyList<int> Sites { get; init; }

    /// <summary>Inclusive lower bound on <c>visit_last_action_time</c>.</summary>
    public DateTime? FromUtc { get; init; }

    /// <summary>Inclusive upper bound on <c>visit_last_action_time</c>.</summary>
    public DateTime? ToUtc { get; init; }

    /// <summary>Exclusive lower bound on <c>visit_last_action_time</c> (the API's <c>minTimestamp</c>).</summary>
    public DateTime? AfterUtc { get; init; }

    /// <summary>Only this visitor's visits (8 bytes), when set.</summary>
    public byte[]? IdVisitor { get; init; }

    /// <summary>Oldest first instead of newest first.</summary>
    public bool Ascending { get; init; }

    /// <summary>The page size; 0 for no limit (then <see cref="Offset"/> is ignored, as in Matomo).</summary>
    public int Limit { get; init; }

    public int Offset { get; init; }

    /// <summary>Only the visits a segment selects, compiled per site; null for all visits.</summary>
    public IReadOnlyDictionary<int, CompiledSegment>? Segments { get; init; }
}

/// <summary>
/// One row of <c>log_link_visit_action</c> with the <c>log_action</c> names it points to, as the
/// visitor log shows an action.
/// </summary>
public sealed class VisitLogAction
{
    public long IdLinkVa { get; set; }

    public long IdVisit { get; set; }

    public DateTime ServerTime { get; set; }

    public string? IdPageview { get; set; }

    public long? TimeSpentRefAction { get; set; }

    public double? CustomFloat { get; set; }

    public int? PageviewPosition { get; set; }

    public string? SearchCat { get; set; }

    public long? SearchCount { get; set; }

    public double? ProductPrice { get; set; }

    /// <summary>
    /// The sum of the six page timings (network, server, transfer, DOM processing, DOM completion,
    /// on load) in milliseconds, or null when one of them is missing.
    /// </summary>
    public long? PageLoadTime { get; set; }

    public long? UrlIdAction { get; set; }

    public string? Url { get; set; }

    public int? UrlType { get; set; }

    public int? UrlPrefix { get; set; }

    /// <summary>The name action: page title, site search keyword or event name.</summary>
    public string? Name { get; set; }

    public int? NameType { get; set; }

    /// <summary>True when the row is an event (it has an event category).</summary>
    public bool IsEvent { get; set; }

    public string? EventCategory { get; set; }

    public string? EventAction { get; set; }

    /// <summary>True when the row is a content impression or interaction (it has a content name).</summary>
    public bool IsContent { get; set; }

    public string? ContentName { get; set; }

    public string? ContentPiece { get; set; }

    public string? ContentTarget { get; set; }

    public string? ContentInteraction { get; set; }

    public string? ProductSku { get; set; }

    public string? ProductName { get; set; }

    /// <summary>Product view categories 1–5 (null where not set).</summary>
    public string?[] ProductCategories { get; } = new string?[5];

    /// <summary>The action-scope custom dimension slots 1–5 (<c>custom_dimension_N</c>).</summary>
    public string?[] CustomDimensions { get; } = new string?[5];
}

/// <summary>One row of <c>log_conversion</c> as the visitor log shows it: a goal conversion, an order or a cart.</summary>
public sealed class VisitLogConversion
{
    public long IdVisit { get; set; }

    /// <summary>Goal id; 0 for an ecommerce order, −1 for an abandoned cart.</summary>
    public int IdGoal { get; set; }

    public DateTime ServerTime { get; set; }

    public long? IdLinkVa { get; set; }

    /// <summary>The <c>idpageview</c> of the action that converted (<c>idlink_va</c>), if any.</summary>
    public string? IdPageview { get; set; }

    public string Url { get; set; } = "";

    public string? IdOrder { get; set; }

    public int? Items { get; set; }

    public double? Revenue { get; set; }

    public double? RevenueSubtotal { get; set; }

    public double? RevenueTax { get; set; }

    public double? RevenueShipping { get; set; }

    public double? RevenueDiscount { get; set; }

    public int? RefererType { get; set; }

    public string? RefererName { get; set; }

    public string? RefererKeyword { get; set; }
}

/// <summary>One product of an order or cart (<c>log_conversion_item</c> with its SKU, name and category names).</summary>
public sealed class VisitLogItem
{
    public long IdVisit { get; set; }

    public string IdOrder { get; set; } = "0";

    public string? Sku { get; set; }

    public string? Name { get; set; }

    /// <summary>Categories 1–5 (null where not set).</summary>
    public string?[] Categories { get; } = new string?[5];

    public double Price { get; set; }

    public int Quantity { get; set; }
}

/// <summary>A visitor's orders (idgoal 0) or abandoned carts (idgoal −1) over all their visits.</summary>
public readonly record struct EcommerceTotals(double Revenue, long Count, double Items);

/// <summary>Counts over the last minutes (Live.getCounters).</summary>
public readonly record struct RecentCounts(long Visits, long Actions, long Visitors, long Conversions);
