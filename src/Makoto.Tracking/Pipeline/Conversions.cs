namespace Makoto.Tracking.Pipeline;

/// <summary>A goal that this hit converts, as decided by the Goals plugin (tracking-api.md §10.2–10.3).</summary>
public sealed record GoalConversion(int IdGoal, double Revenue, string Url, bool AllowMultiple)
{
    /// <summary>For visit-duration goals: converts only when the visit has lasted longer than this many minutes.</summary>
    public double? MinimumVisitMinutes { get; init; }
}

/// <summary>One product of an ecommerce order or cart, as sent in <c>ec_items</c>.</summary>
public sealed record EcommerceItem(string Sku, string Name, IReadOnlyList<string> Categories, double Price, int Quantity);

/// <summary>An ecommerce order (<c>idgoal=0</c> with <c>ec_id</c>) or cart update (without it) (tracking-api.md §10.4).</summary>
public sealed class EcommerceConversion
{
    public bool IsOrder => OrderId is not null;

    public string? OrderId { get; init; }

    /// <summary>Grand total (<c>revenue</c>).</summary>
    public double? Revenue { get; init; }

    public double? Subtotal { get; init; }

    public double? Tax { get; init; }

    public double? Shipping { get; init; }

    public double? Discount { get; init; }

    /// <summary>The page URL of the hit, without excluded parameters.</summary>
    public string Url { get; init; } = "";

    public IReadOnlyList<EcommerceItem> Items { get; init; } = [];
}

/// <summary>The referrer a conversion is credited to (tracking-api.md §7.4).</summary>
public readonly record struct ConversionReferrer(int? Type, string? Name, string? Keyword);
