using System.Security.Cryptography;
using Makoto.Core.Sites;
using Makoto.Storage.Logs;
using Makoto.Tracking.Pipeline;
using Makoto.Tracking.Requests;

namespace Makoto.Tracking.Visits;

/// <summary><c>log_visit.visit_goal_buyer</c> values.</summary>
public static class GoalBuyer
{
    public const int None = 0;
    public const int Ordered = 1;
    public const int OpenCart = 2;
    public const int OrderedAndOpenCart = 3;
}

/// <summary>The special goal ids of <c>log_conversion.idgoal</c>.</summary>
public static class GoalId
{
    public const int EcommerceOrder = 0;
    public const int AbandonedCart = -1;
}

/// <summary>What happened to one hit in the writer.</summary>
public enum HitResult
{
    /// <summary>Written to the log tables.</summary>
    Recorded,

    /// <summary>Excluded by a processor (answered as tracked, nothing written).</summary>
    Excluded,

    /// <summary>A ping that would have started a new visit: ignored, as Matomo does.</summary>
    Ignored,

    /// <summary>Rejected (bad parameter found while recording); nothing of it was written.</summary>
    Invalid,
}

/// <summary>
/// Matomo's visit logic for one hit (tracking-api.md §6): find the visitor's last visit, decide
/// between a new visit and the continuation of that one, and write the visit and action rows.
/// Runs on the writer thread only. Everything that can reject a hit is checked before the first
/// write, so a rejected hit leaves nothing behind.
/// </summary>
internal sealed class VisitRecorder(TrackerOptions options, KnownVisitKeys? knownKeys = null)
{
    /// <summary><c>log_conversion_item.idorder</c> of the items of a cart.</summary>
    private const string CartOrderId = "0";

    private readonly ActiveVisitCache _visits = new();
    private readonly ActionIdCache _actionIds = new();

    /// <summary>Forgets everything cached; called when a transaction is rolled back.</summary>
    public void ClearCaches()
    {
        _visits.Clear();
        _actionIds.Clear();
    }

    /// <summary>
    /// Resolves the action names of a batch's hits in one go before they are recorded (a store with a round trip per
    /// statement then looks them up and inserts the new ones in a few statements), in the order
    /// <see cref="Record"/> would resolve them, so the new names get the same ids. The names of a hit that is
    /// rejected later are stored all the same, as unused <c>log_action</c> rows.
    /// </summary>
    public void PrefetchActionNames(ILogWriter log, List<HitContext> hits)
    {
        var names = new List<ActionName>();
        foreach (var hit in hits)
        {
            if (hit.IsExcluded || hit.Request.Ping)
            {
                continue;
            }

            if (hit.Action is { } action)
            {
                foreach (var (_, name) in action.Names)
                {
                    names.Add(name);
                }
            }

            if (hit.Ecommerce is { } ecommerce)
            {
                foreach (var item in ecommerce.Items)
                {
                    names.AddRange(ItemNames(item));
                }
            }
        }

        _actionIds.Prefetch(log, names);
    }

    public HitResult Record(ILogWriter log, HitContext hit)
    {
        var request = hit.Request;
        var now = request.Timestamp;
        var previous = FindLastVisit(log, hit);
        var isNew = previous is null || IsNewVisit(previous, request) || hit.ForcesNewVisit?.Invoke(previous) == true;
        hit.Debug?.Add(previous is null ? "The visitor has no visit to continue: new visit."
            : isNew ? $"The visitor's last visit (idvisit {previous.IdVisit}) cannot be continued: new visit."
            : $"The hit continues the visit idvisit {previous.IdVisit}.");

        if (request.Ping)
        {
            if (isNew)
            {
                return HitResult.Ignored;
            }

            // A ping only lengthens the visit: its last action time stays (Matomo's VisitLastActionTime
            // ignores ping=1), so the time on site grows while the visit still ends where it did.
            var pinged = previous!.Clone();
            pinged.VisitTotalTime = (int)Math.Clamp(1 + Seconds(now - pinged.VisitFirstActionTime), 0, int.MaxValue);
            log.UpdateVisit(pinged);
            knownKeys?.Add(pinged.IdSite, pinged.IdVisitor, pinged.ConfigId);
            _visits.Put(pinged, previous.IdVisitor);
            hit.Debug?.Add($"Ping: the visit's duration is now {pinged.VisitTotalTime} s.");
            return HitResult.Recorded;
        }

        var ecommerce = hit.Ecommerce;
        if (ecommerce is { IsOrder: true } && log.OrderExists(request.IdSite, ecommerce.OrderId!))
        {
            throw new TrackingRequestException(
                "duplicate_order",
                $"Invalid non-unique idsite/idorder combination (idsite={request.IdSite}, idorder={ecommerce.OrderId}): an order with this id was already recorded.");
        }

        var action = hit.Action;
        var row = action?.Row;
        if (action is not null)
        {
            foreach (var (slot, name) in action.Names)
            {
                Assign(row!, slot, _actionIds.Resolve(log, name));
            }
        }

        var items = ecommerce is null ? null : ResolveItems(log, ecommerce);

        VisitRow visit;
        var hadOpenCart = false;
        List<GoalConversion>? goals;
        if (isNew)
        {
            visit = StartVisit(hit, previous);
            ApplyAction(visit, action, isNewVisit: true);
            goals = ApplyConversions(visit, hit);
            if (previous is not null && (goals is not null || hit.Ecommerce is { IsOrder: true }))
            {
                NudgeTotalTime(visit, request);
            }

            log.InsertVisit(visit);
            knownKeys?.Add(visit.IdSite, visit.IdVisitor, visit.ConfigId);
            hit.Debug?.Add(visit.IdVisit > 0
                ? $"Inserted log_visit row idvisit {visit.IdVisit} (idvisitor {Convert.ToHexStringLower(visit.IdVisitor)})."
                : $"Inserted log_visit row (idvisitor {Convert.ToHexStringLower(visit.IdVisitor)}; its idvisit is assigned when the batch is written).");
            if (row is not null)
            {
                row.IdactionUrlRef = 0;
                row.IdactionNameRef = null;
                row.TimeSpentRefAction = 0;
            }

            _visits.Put(visit, null);
        }
        else
        {
            visit = previous!.Clone();
            if (row is not null)
            {
                row.IdactionUrlRef = previous.VisitExitIdactionUrl ?? 0;
                row.IdactionNameRef = previous.VisitExitIdactionName;
                row.TimeSpentRefAction = Math.Clamp((long)(now - previous.VisitLastActionTime).TotalSeconds, 0, options.VisitStandardLength);
            }

            ContinueVisit(visit, hit);
            ApplyAction(visit, action, isNewVisit: false);
            hadOpenCart = visit.VisitGoalBuyer is GoalBuyer.OpenCart or GoalBuyer.OrderedAndOpenCart;
            goals = ApplyConversions(visit, hit);
            if (goals is not null || hit.Ecommerce is { IsOrder: true })
            {
                NudgeTotalTime(visit, request);
            }

            log.UpdateVisit(visit);
            knownKeys?.Add(visit.IdSite, visit.IdVisitor, visit.ConfigId);
            _visits.Put(visit, previous.IdVisitor);
            hit.Debug?.Add($"Updated log_visit row idvisit {visit.IdVisit}: {visit.VisitTotalActions} actions, {visit.VisitTotalTime} s.");
        }

        if (row is not null)
        {
            row.IdVisit = visit.IdVisit;
            row.IdSite = visit.IdSite;
            row.IdVisitor = visit.IdVisitor;
            row.ServerTime = now;
            row.PageviewPosition = visit.VisitTotalInteractions;
            log.InsertAction(row);
            hit.Debug?.Add(row.IdLinkVa > 0
                ? $"Inserted log_link_visit_action row idlink_va {row.IdLinkVa}."
                : "Inserted log_link_visit_action row (its idlink_va is assigned when the batch is written).");
        }

        if (goals is not null || ecommerce is not null)
        {
            RecordConversions(log, hit, visit, row, goals, items, hadOpenCart);
        }

        return HitResult.Recorded;
    }

    /// <summary>
    /// Applies this hit's conversions to the visit row before it is written: converted flag, buyer
    /// status, seconds since the last order. Returns the goals that convert (visit-duration goals only
    /// once the visit is long enough), or null.
    /// </summary>
    private static List<GoalConversion>? ApplyConversions(VisitRow visit, HitContext hit)
    {
        List<GoalConversion>? goals = null;
        foreach (var goal in hit.Goals)
        {
            if (goal.MinimumVisitMinutes is { } minutes
                && (hit.Request.Timestamp - visit.VisitFirstActionTime).TotalMinutes <= minutes)
            {
                continue;
            }

            (goals ??= []).Add(goal);
        }

        var ecommerce = hit.Ecommerce;
        if (goals is not null || ecommerce is { IsOrder: true })
        {
            visit.VisitGoalConverted = 1;
        }

        if (ecommerce is not null)
        {
            if (ecommerce.IsOrder)
            {
                visit.VisitGoalBuyer = GoalBuyer.Ordered;
                visit.VisitorSecondsSinceOrder = 0;
            }
            else
            {
                visit.VisitGoalBuyer = visit.VisitGoalBuyer is GoalBuyer.Ordered or GoalBuyer.OrderedAndOpenCart
                    ? GoalBuyer.OrderedAndOpenCart
                    : GoalBuyer.OpenCart;
            }
        }

        return goals;
    }

    /// <summary>
    /// Matomo adds <c>idgoal + 2</c> (idgoal −1 for automatically matched goals) to <c>visit_total_time</c>
    /// when a request of a known visitor converts a goal or an order (its way to make sure the visit row
    /// changes); the next hit of the visit recomputes the time. Reports sum this stored value, so Makoto
    /// stores the same.
    /// </summary>
    private static void NudgeTotalTime(VisitRow visit, TrackingRequest request)
    {
        var idGoal = int.TryParse(request["idgoal"], System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var id) ? id : -1;
        visit.VisitTotalTime = (int)Math.Clamp((long)visit.VisitTotalTime + idGoal + 2, 0, int.MaxValue);
    }

    /// <summary>Writes the goal conversions, the order or cart row and its items (tracking-api.md §10.3–10.4).</summary>
    private static void RecordConversions(
        ILogWriter log,
        HitContext hit,
        VisitRow visit,
        ActionRow? action,
        List<GoalConversion>? goals,
        List<ConversionItemRow>? items,
        bool hadOpenCart)
    {
        var now = hit.Request.Timestamp;
        var referrer = hit.ConversionAttribution?.Invoke(visit)
            ?? new ConversionReferrer(visit.RefererType, visit.RefererName, visit.RefererKeyword);
        foreach (var goal in goals ?? [])
        {
            var conversion = NewConversion(visit, hit, action, referrer);
            conversion.IdGoal = goal.IdGoal;
            conversion.Url = goal.Url;
            conversion.Revenue = Revenue(goal.Revenue);
            conversion.Buster = goal.AllowMultiple ? new DateTimeOffset(now).ToUnixTimeSeconds() : 0;
            var converted = log.InsertConversion(conversion);
            hit.Debug?.Add(converted ? $"Recorded the conversion of goal {goal.IdGoal}." : $"Goal {goal.IdGoal} was already converted in this visit.");
        }

        var ecommerce = hit.Ecommerce;
        if (ecommerce is null)
        {
            return;
        }

        var order = NewConversion(visit, hit, action, referrer);
        order.Url = ecommerce.Url;
        order.Revenue = ecommerce.Revenue is { } revenue ? Revenue(revenue) : 0;
        order.RevenueSubtotal = ecommerce.Subtotal is { } subtotal ? Revenue(subtotal) : null;
        order.RevenueTax = ecommerce.Tax is { } tax ? Revenue(tax) : null;
        order.RevenueShipping = ecommerce.Shipping is { } shipping ? Revenue(shipping) : null;
        order.RevenueDiscount = ecommerce.Discount is { } discount ? Revenue(discount) : null;
        order.Items = items?.Sum(i => i.Quantity) ?? 0;
        if (ecommerce.IsOrder)
        {
            order.IdGoal = GoalId.EcommerceOrder;
            order.IdOrder = ecommerce.OrderId;
            order.Buster = LogActionHash.Of(ecommerce.OrderId!);
        }
        else
        {
            order.IdGoal = GoalId.AbandonedCart;
            order.Buster = 0;

            // Matomo's pageviews_before dimension has no value for cart updates.
            order.PageviewsBefore = null;
        }

        // An order or cart update during a visit with an open cart replaces that cart's row.
        var recorded = (hadOpenCart && log.UpdateCartConversion(visit.IdVisit, order)) || log.InsertConversion(order);
        hit.Debug?.Add(recorded ? $"Recorded the {(ecommerce.IsOrder ? "order" : "cart")} with {order.Items} items." : "The ecommerce conversion was not recorded.");
        if (recorded && items is not null)
        {
            SyncItems(log, visit, ecommerce.IsOrder ? ecommerce.OrderId! : CartOrderId, items, now);
        }
    }

    /// <summary>
    /// The cart's stored items become this cart's (or order's) items: kept and updated when sent again,
    /// flagged deleted when no longer sent; new ones are inserted.
    /// </summary>
    private static void SyncItems(ILogWriter log, VisitRow visit, string idOrder, List<ConversionItemRow> items, DateTime now)
    {
        var sent = new Dictionary<long, ConversionItemRow>();
        foreach (var item in items)
        {
            item.IdSite = visit.IdSite;
            item.IdVisit = visit.IdVisit;
            item.IdVisitor = visit.IdVisitor;
            item.ServerTime = now;
            item.IdOrder = idOrder;
            sent[item.IdactionSku] = item;
        }

        var stored = log.Items(visit.IdVisit, CartOrderId);
        foreach (var existing in stored)
        {
            var originalSku = existing.IdactionSku;
            if (sent.Remove(originalSku, out var update))
            {
                log.UpdateItem(update, CartOrderId, originalSku);
            }
            else if (existing.Deleted == 0 || idOrder != CartOrderId)
            {
                existing.Deleted = 1;
                existing.IdOrder = idOrder;
                existing.ServerTime = now;
                log.UpdateItem(existing, CartOrderId, originalSku);
            }
        }

        foreach (var item in sent.Values)
        {
            log.InsertItem(item);
        }
    }

    /// <summary>
    /// Matomo's <c>log_conversion.pageviews_before</c>: the page views of the visit up to the converting
    /// request included — its interactions without the site searches (the page reports' goal attribution
    /// divides by it).
    /// </summary>
    private static int? PageviewsBefore(VisitRow visit) => (visit.VisitTotalInteractions ?? 0) - (visit.VisitTotalSearches ?? 0);

    private static ConversionRow NewConversion(VisitRow visit, HitContext hit, ActionRow? action, ConversionReferrer referrer) => new()
    {
        IdVisit = visit.IdVisit,
        IdSite = visit.IdSite,
        IdVisitor = visit.IdVisitor,
        ServerTime = hit.Request.Timestamp,
        IdactionUrl = action?.IdactionUrl,
        IdLinkVa = action?.IdLinkVa,
        PageviewsBefore = PageviewsBefore(visit),
        VisitorReturning = visit.VisitorReturning,
        VisitorCountVisits = visit.VisitorCountVisits,
        VisitorSecondsSinceFirst = visit.VisitorSecondsSinceFirst,
        VisitorSecondsSinceOrder = visit.VisitorSecondsSinceOrder,
        RefererType = referrer.Type,
        RefererName = referrer.Name,
        RefererKeyword = referrer.Keyword,
        RefererVisitServerDate = DateOnly.FromDateTime(visit.VisitFirstActionTime),
        ConfigBrowserName = visit.ConfigBrowserName,
        ConfigClientType = visit.ConfigClientType,
        ConfigDeviceBrand = visit.ConfigDeviceBrand,
        ConfigDeviceModel = visit.ConfigDeviceModel,
        ConfigDeviceType = visit.ConfigDeviceType,
        ConfigOs = visit.ConfigOs,
        LocationCity = visit.LocationCity,
        LocationCountry = visit.LocationCountry,
        LocationLatitude = visit.LocationLatitude,
        LocationLongitude = visit.LocationLongitude,
        LocationRegion = visit.LocationRegion,
        CustomDimension1 = visit.CustomDimension1,
        CustomDimension2 = visit.CustomDimension2,
        CustomDimension3 = visit.CustomDimension3,
        CustomDimension4 = visit.CustomDimension4,
        CustomDimension5 = visit.CustomDimension5,
        CustomVarK1 = visit.CustomVarK1,
        CustomVarV1 = visit.CustomVarV1,
        CustomVarK2 = visit.CustomVarK2,
        CustomVarV2 = visit.CustomVarV2,
        CustomVarK3 = visit.CustomVarK3,
        CustomVarV3 = visit.CustomVarV3,
        CustomVarK4 = visit.CustomVarK4,
        CustomVarV4 = visit.CustomVarV4,
        CustomVarK5 = visit.CustomVarK5,
        CustomVarV5 = visit.CustomVarV5,
    };

    private List<ConversionItemRow> ResolveItems(ILogWriter log, EcommerceConversion ecommerce)
    {
        var rows = new List<ConversionItemRow>(ecommerce.Items.Count);
        foreach (var item in ecommerce.Items)
        {
            // ItemNames: the categories (at most 5), then the SKU, then the name.
            var names = ItemNames(item);
            var categories = new long[5];
            var count = names.Length - 2;
            for (var i = 0; i < count; i++)
            {
                categories[i] = _actionIds.Resolve(log, names[i]);
            }

            rows.Add(new ConversionItemRow
            {
                IdactionSku = _actionIds.Resolve(log, names[count]),
                IdactionName = _actionIds.Resolve(log, names[count + 1]),
                IdactionCategory = categories[0],
                IdactionCategory2 = categories[1],
                IdactionCategory3 = categories[2],
                IdactionCategory4 = categories[3],
                IdactionCategory5 = categories[4],
                Price = Revenue(item.Price),
                Quantity = item.Quantity,
            });
        }

        return rows;
    }

    /// <summary>An item's <c>log_action</c> names in the order they are resolved: its first 5 categories, its SKU, its name.</summary>
    private static ActionName[] ItemNames(EcommerceItem item)
    {
        var count = Math.Min(5, item.Categories.Count);
        var names = new ActionName[count + 2];
        for (var i = 0; i < count; i++)
        {
            names[i] = new ActionName(LogActionType.EcommerceItemCategory, item.Categories[i]);
        }

        names[count] = new ActionName(LogActionType.EcommerceItemSku, item.Sku);
        names[count + 1] = new ActionName(LogActionType.EcommerceItemName, item.Name);
        return names;
    }

    /// <summary>Revenue as Matomo stores it: rounded to 2 decimals unless it is whole.</summary>
    private static double Revenue(double value) =>
        Math.Round(value) == value ? value : Math.Round(value, 2, MidpointRounding.AwayFromZero);

    /// <summary>
    /// The visitor's last visit (tracking-api.md §6.3): by visitor id when the request has one and
    /// it is trusted (cid), by configuration fingerprint in the look-back window when it has none,
    /// and otherwise by id first, then by fingerprint among visits without a different User ID.
    /// </summary>
    private VisitRow? FindLastVisit(ILogWriter log, HitContext hit)
    {
        var request = hit.Request;
        var now = request.Timestamp;
        var lookAhead = now.AddSeconds(options.VisitStandardLength);
        var lookBack = now.AddSeconds(-options.LookBackSeconds);
        var idSite = request.IdSite;

        var hasId = request.VisitorId is not null;
        var byIdOnly = request.UserId is null && hasId && request.VisitorIdSource == VisitorIdSource.Forced;
        var byConfigOnly = !hasId;

        if (hasId)
        {
            var visit = FindByVisitor(log, idSite, request.VisitorId!, lookAhead);
            if (visit is not null || byIdOnly)
            {
                return visit;
            }
        }

        var config = FindByConfig(log, idSite, hit.ConfigId, lookBack, lookAhead);
        if (config is null)
        {
            return null;
        }

        // Without a User ID in the request only visits without one match; with one, the same one.
        if (!byConfigOnly && config.UserId is not null && config.UserId != request.UserId)
        {
            return null;
        }

        return config;
    }

    private VisitRow? FindByVisitor(ILogWriter log, int idSite, byte[] idVisitor, DateTime lookAhead)
    {
        var cached = _visits.ByVisitor(idSite, idVisitor);
        if (cached is not null && cached.VisitLastActionTime <= lookAhead)
        {
            return cached;
        }

        return knownKeys?.MayHaveVisitor(idSite, idVisitor) == false ? null : log.FindLastVisitByVisitor(idSite, idVisitor, lookAhead);
    }

    private VisitRow? FindByConfig(ILogWriter log, int idSite, byte[] configId, DateTime lookBack, DateTime lookAhead)
    {
        var cached = _visits.ByConfig(idSite, configId);
        if (cached is not null && cached.VisitLastActionTime <= lookAhead)
        {
            return cached.VisitLastActionTime >= lookBack ? cached : null;
        }

        return knownKeys?.MayHaveConfig(idSite, configId) == false ? null : log.FindLastVisitByConfig(idSite, configId, lookBack, lookAhead);
    }

    /// <summary>tracking-api.md §6.4.</summary>
    private bool IsNewVisit(VisitRow previous, TrackingRequest request)
    {
        var now = request.Timestamp;
        if (request.NewVisit)
        {
            return true;
        }

        if (previous.VisitLastActionTime <= now.AddSeconds(-options.VisitStandardLength))
        {
            return true;
        }

        if (options.CreateNewVisitAfterMidnight)
        {
            var tz = request.Site.TimeZone;
            if (SiteTimeZones.LocalDate(previous.VisitLastActionTime, tz) != SiteTimeZones.LocalDate(now, tz))
            {
                return true;
            }
        }

        return !options.EnableUserIdOverwritesVisitorId
            && previous.UserId is not null
            && request.UserId is not null
            && previous.UserId != request.UserId;
    }

    /// <summary>
    /// A new visit (tracking-api.md §6.6), from the processors' visit columns and the visitor's previous visit.
    /// The processors' row becomes the visit's row, without a copy: the visit logic sets every column it owns
    /// here or unconditionally for the hit's action, and never touches the processors' columns, so when a failed
    /// batch is recorded again hit by hit the same hit gives the same row; a continued visit reads only the
    /// processors' columns of its hit (<see cref="ContinueVisit"/>).
    /// </summary>
    private static VisitRow StartVisit(HitContext hit, VisitRow? previous)
    {
        var request = hit.Request;
        var now = request.Timestamp;
        var visit = hit.Visit;
        visit.IdVisit = 0;
        visit.IdSite = request.IdSite;
        visit.IdVisitor = request.VisitorId ?? previous?.IdVisitor ?? RandomNumberGenerator.GetBytes(8);
        visit.ConfigId = hit.ConfigId;
        visit.VisitFirstActionTime = now;
        visit.VisitLastActionTime = now;
        visit.VisitTotalTime = 0;
        visit.UserId = request.UserId;
        visit.Profilable = request.VisitorIdSource != VisitorIdSource.None ? 1 : 0;
        visit.VisitGoalConverted = 0;
        visit.VisitGoalBuyer = 0;
        visit.VisitTotalActions = 0;
        visit.VisitTotalInteractions = 0;
        visit.VisitTotalSearches = 0;
        visit.VisitTotalEvents = 0;
        visit.VisitExitIdactionUrl = 0;
        visit.VisitExitIdactionName = null;
        visit.VisitEntryIdactionUrl = null;
        visit.VisitEntryIdactionName = null;

        if (previous is null)
        {
            visit.VisitorReturning = hit.Ecommerce is { IsOrder: true } ? 2 : 0;
            visit.VisitorCountVisits = 1;
            visit.VisitorSecondsSinceFirst = 0;
            visit.VisitorSecondsSinceLast = 0;
            visit.VisitorSecondsSinceOrder = null;
        }
        else
        {
            // As Matomo 5 computes them: times since the previous visit count from its FIRST action, and a
            // returning customer is one whose previous visit carried a non-zero time since an order (an
            // order in the previous visit itself, stored as 0, does not count) or who orders now.
            visit.VisitorReturning = previous.VisitorSecondsSinceOrder is > 0 || hit.Ecommerce is { IsOrder: true } ? 2 : 1;
            visit.VisitorCountVisits = previous.VisitorCountVisits + 1;
            visit.VisitorSecondsSinceFirst = Math.Max(0, (previous.VisitorSecondsSinceFirst ?? 0) + Seconds(now - previous.VisitFirstActionTime));
            visit.VisitorSecondsSinceLast = Math.Max(0, Seconds(now - previous.VisitFirstActionTime));
            visit.VisitorSecondsSinceOrder = previous.VisitorSecondsSinceOrder is { } sinceOrder
                ? sinceOrder + Seconds(now - previous.VisitFirstActionTime)
                : null;
        }

        return visit;
    }

    /// <summary>The updates an existing visit gets from any non-ping hit (tracking-api.md §6.7).</summary>
    private static void ContinueVisit(VisitRow visit, HitContext hit)
    {
        var request = hit.Request;
        ExtendVisit(visit, request.Timestamp);
        if (request.VisitorId is not null)
        {
            visit.IdVisitor = request.VisitorId;
        }

        if (request.UserId is not null)
        {
            visit.UserId = request.UserId;
        }

        // Visit-scope custom dimensions and custom variable slots sent with this hit overwrite the visit's values.
        for (var index = 1; index <= 5; index++)
        {
            if (hit.Visit.GetCustomDimension(index) is { } value)
            {
                visit.SetCustomDimension(index, value);
            }

            if (hit.Visit.GetCustomVariable(index) is { Name: not null } variable)
            {
                visit.SetCustomVariable(index, variable.Name, variable.Value);
            }
        }

        // A visit that began as a direct entry takes the first real referrer it sees.
        if (visit.RefererType is null or 1 && hit.HasNonDirectReferrer)
        {
            visit.RefererType = hit.Visit.RefererType;
            visit.RefererName = hit.Visit.RefererName;
            visit.RefererKeyword = hit.Visit.RefererKeyword;
            visit.RefererUrl = hit.Visit.RefererUrl;
        }
    }

    private static void ExtendVisit(VisitRow visit, DateTime now)
    {
        if (now > visit.VisitLastActionTime)
        {
            visit.VisitLastActionTime = now;
        }

        visit.VisitTotalTime = (int)Math.Clamp(1 + Seconds(visit.VisitLastActionTime - visit.VisitFirstActionTime), 0, int.MaxValue);
    }

    private static void ApplyAction(VisitRow visit, TrackedAction? action, bool isNewVisit)
    {
        if (action is null)
        {
            return;
        }

        if (action.CountsAsAction)
        {
            visit.VisitTotalActions = (visit.VisitTotalActions ?? 0) + 1;
        }

        if (action.IsInteraction)
        {
            visit.VisitTotalInteractions = (visit.VisitTotalInteractions ?? 0) + 1;
        }

        if (action.Kind == ActionKind.SiteSearch)
        {
            visit.VisitTotalSearches = (visit.VisitTotalSearches ?? 0) + 1;
        }
        else if (action.Kind == ActionKind.Event)
        {
            visit.VisitTotalEvents = (visit.VisitTotalEvents ?? 0) + 1;
        }

        if (!action.IsInteraction)
        {
            return;
        }

        // Page views and site searches are entry and exit pages; a site search has no URL.
        var row = action.Row;
        var url = action.Kind == ActionKind.PageView ? row.IdactionUrl : null;
        var name = row.IdactionName;
        visit.VisitExitIdactionUrl = url;
        visit.VisitExitIdactionName = name;
        if (isNewVisit || (visit.VisitEntryIdactionUrl is null && visit.VisitEntryIdactionName is null))
        {
            visit.VisitEntryIdactionUrl = url;
            visit.VisitEntryIdactionName = name;
        }
    }

    private static void Assign(ActionRow row, ActionSlot slot, long id)
    {
        switch (slot)
        {
            case ActionSlot.Url: row.IdactionUrl = id; break;
            case ActionSlot.Name: row.IdactionName = id; break;
            case ActionSlot.EventCategory: row.IdactionEventCategory = id; break;
            case ActionSlot.EventAction: row.IdactionEventAction = id; break;
            case ActionSlot.ContentName: row.IdactionContentName = id; break;
            case ActionSlot.ContentPiece: row.IdactionContentPiece = id; break;
            case ActionSlot.ContentTarget: row.IdactionContentTarget = id; break;
            case ActionSlot.ContentInteraction: row.IdactionContentInteraction = id; break;
            case ActionSlot.ProductSku: row.IdactionProductSku = id; break;
            case ActionSlot.ProductName: row.IdactionProductName = id; break;
            case ActionSlot.ProductCategory: row.IdactionProductCat = id; break;
            case ActionSlot.ProductCategory2: row.IdactionProductCat2 = id; break;
            case ActionSlot.ProductCategory3: row.IdactionProductCat3 = id; break;
            case ActionSlot.ProductCategory4: row.IdactionProductCat4 = id; break;
            case ActionSlot.ProductCategory5: row.IdactionProductCat5 = id; break;
        }
    }

    private static long Seconds(TimeSpan span) => (long)span.TotalSeconds;
}
