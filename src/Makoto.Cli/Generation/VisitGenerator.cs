using System.Globalization;
using Makoto.Core.Sites;
using Makoto.Storage.Goals;
using Makoto.Tracking.Requests;

namespace Makoto.Cli.Generation;

/// <summary>What <see cref="VisitGenerator"/> made: the numbers the reports should show once the hits are tracked.</summary>
internal sealed class GeneratedCounts
{
    public int Visits { get; set; }

    public int Visitors { get; set; }

    public int Hits { get; set; }

    public int PageViews { get; set; }

    public int Downloads { get; set; }

    public int Outlinks { get; set; }

    public int Searches { get; set; }

    public int Events { get; set; }

    /// <summary>Conversions of manually triggered goals, per goal id.</summary>
    public SortedDictionary<int, int> ManualConversions { get; } = [];

    public int Orders { get; set; }

    public decimal OrderRevenue { get; set; }

    /// <summary>Actions as Matomo counts them: page views, downloads, outlinks, site searches and events.</summary>
    public int Actions => PageViews + Downloads + Outlinks + Searches + Events;
}

/// <summary>
/// Realistic demo visits for one site (Matomo's VisitorGenerator, without its bundled logs): each day gets
/// about <c>visitsPerDay</c> visits (fewer at weekends), spread over the day's hours in the site's time zone;
/// visitors come with a real User-Agent, a screen resolution and a browser language, about a third of
/// them return on later days, some sign in (User ID). A visit lands from a search engine with a keyword, a
/// website, a social network, a campaign or directly, then views pages, plays events, downloads files,
/// follows outlinks, searches the site, converts the site's manually triggered goals and, on ecommerce
/// sites, fills carts and orders. The result is tracking requests, as a JavaScript tracker sends them,
/// ordered by time; the same seed gives the same requests.
/// </summary>
internal sealed class VisitGenerator(Site site, IReadOnlyList<Goal> goals, int seed, DateTime nowUtc)
{
    private static readonly int[] s_actionCountWeights = [35, 20, 13, 9, 7, 5, 4, 3, 2, 2];

    private static readonly int[] s_publicFirstOctets =
    [
        2, 5, 24, 31, 37, 46, 50, 62, 64, 66, 68, 70, 71, 73, 76, 77, 78, 81, 82, 83, 85, 86, 87, 88, 89, 91, 92, 93, 94, 95,
        96, 98, 99, 103, 109, 110, 112, 114, 116, 118, 121, 124, 176, 178, 185, 188, 193, 194, 195, 212, 213, 217,
    ];

    private readonly Random _random = new(seed);
    private readonly List<Visitor> _returning = [];
    private readonly string _baseUrl = site.MainUrl.TrimEnd('/');
    private readonly List<Goal> _manualGoals = [.. goals.Where(g => g.MatchAttribute == "manually")];
    private int _orderNumber;

    public GeneratedCounts Counts { get; } = new();

    /// <summary>The tracking requests of one day (site time), in time order; hits after now are left out.</summary>
    public List<TrackingParameters> Day(DateOnly day, int visitsPerDay)
    {
        var weekend = day.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday;
        var target = visitsPerDay * (weekend ? 0.7 : 1.0) * (0.8 + (0.4 * _random.NextDouble()));
        var visits = Math.Max(visitsPerDay > 0 ? 1 : 0, (int)Math.Round(target));
        var hits = new List<(long Time, int Order, TrackingParameters Hit)>();
        var newVisitors = new List<Visitor>();
        var lastSecond = LocalToUtc(day.AddDays(1).ToDateTime(TimeOnly.MinValue)).AddSeconds(-1);
        var limit = lastSecond < nowUtc ? lastSecond : nowUtc;
        for (var i = 0; i < visits; i++)
        {
            Visitor visitor;
            if (_returning.Count > 0 && _random.NextDouble() < 0.3
                && _returning[_random.Next(_returning.Count)] is { } known && known.LastDay != day)
            {
                // One visit a day for a returning visitor, so that two of their visits never merge.
                visitor = known;
            }
            else
            {
                visitor = NewVisitor();
                newVisitors.Add(visitor);
            }

            var start = Start(day);
            if (start > limit)
            {
                continue;
            }

            visitor.LastDay = day;
            var visitHits = Visit(visitor, start, limit);
            foreach (var (time, hit) in visitHits)
            {
                hits.Add((time, hits.Count, hit));
            }
        }

        _returning.AddRange(newVisitors.Where(v => v.VisitCount > 0));
        hits.Sort((a, b) => a.Time != b.Time ? a.Time.CompareTo(b.Time) : a.Order.CompareTo(b.Order));
        Counts.Hits += hits.Count;
        return [.. hits.Select(h => h.Hit)];
    }

    private DateTime Start(DateOnly day)
    {
        var hour = Pick(DemoContent.HourWeights);
        return LocalToUtc(day.ToDateTime(new TimeOnly(hour, _random.Next(60), _random.Next(60))));
    }

    private DateTime LocalToUtc(DateTime local) => DateTime.SpecifyKind(local - site.TimeZone.GetUtcOffset(local), DateTimeKind.Utc);

    private Visitor NewVisitor()
    {
        Counts.Visitors++;
        var id = new byte[8];
        _random.NextBytes(id);
        return new Visitor
        {
            Id = Convert.ToHexStringLower(id),
            Ip = string.Create(CultureInfo.InvariantCulture, $"{s_publicFirstOctets[_random.Next(s_publicFirstOctets.Length)]}.{_random.Next(256)}.{_random.Next(256)}.{_random.Next(1, 255)}"),
            UserAgent = DemoContent.UserAgents[Pick(DemoContent.UserAgentWeights)],
            Language = DemoContent.Languages[Pick(DemoContent.LanguageWeights)],
            Resolution = DemoContent.Resolutions[_random.Next(DemoContent.Resolutions.Length)],
            UserId = _random.NextDouble() < 0.08 ? string.Create(CultureInfo.InvariantCulture, $"user{Counts.Visitors}.{seed}@example.com") : null,
        };
    }

    /// <summary>One visit's hits, each with its time; actions after <paramref name="limit"/> (the day's end, or now) are left out.</summary>
    private List<(long Time, TrackingParameters Hit)> Visit(Visitor visitor, DateTime start, DateTime limit)
    {
        var hits = new List<(long, TrackingParameters)>();
        var time = start;
        var lastAction = start;
        var actions = 1 + Pick(s_actionCountWeights);
        var (landing, referrer) = Landing();
        var page = Pick(DemoContent.PageWeights);
        var pageViewId = PageViewId();
        var inShop = false;
        var visitTimes = (First: visitor.FirstVisit ?? start, Previous: visitor.LastVisit);

        TrackingParameters Hit()
        {
            var hit = new TrackingParameters(24);
            hit.Set("idsite", site.IdSite.ToString(CultureInfo.InvariantCulture));
            hit.Set("rec", "1");
            hit.Set("apiv", "1");
            hit.Set("_id", visitor.Id);
            hit.Set("_idvc", (visitor.VisitCount + 1).ToString(CultureInfo.InvariantCulture));
            hit.Set("_idts", Unix(visitTimes.First));
            if (visitTimes.Previous is { } previous)
            {
                hit.Set("_viewts", Unix(previous));
            }

            hit.Set("cip", visitor.Ip);
            hit.Set("ua", visitor.UserAgent);
            hit.Set("lang", visitor.Language);
            hit.Set("res", visitor.Resolution);
            hit.Set("cdt", Unix(time));
            hit.Set("rand", _random.Next(100_000, 999_999).ToString(CultureInfo.InvariantCulture));
            hit.Set("send_image", "0");
            if (visitor.UserId is { } userId)
            {
                hit.Set("uid", userId);
            }

            hits.Add((new DateTimeOffset(time).ToUnixTimeSeconds(), hit));
            return hit;
        }

        for (var action = 0; action < actions && time <= limit; action++)
        {
            lastAction = time;
            var kind = action == 0 ? 0 : _random.Next(100);
            if (kind < 75)
            {
                if (action > 0)
                {
                    page = Pick(DemoContent.PageWeights);
                    pageViewId = PageViewId();
                }

                var (path, title) = DemoContent.Pages[page];
                var hit = Hit();
                hit.Set("url", _baseUrl + path + (action == 0 && landing is not null ? "?" + landing : ""));
                hit.Set("action_name", title);
                hit.Set("pv_id", pageViewId);
                if (action == 0 && referrer is not null)
                {
                    hit.Set("urlref", referrer);
                }

                inShop |= path.StartsWith("/shop/", StringComparison.Ordinal);
                Counts.PageViews++;
            }
            else if (kind < 81)
            {
                var (category, name, eventName) = DemoContent.Events[_random.Next(DemoContent.Events.Length)];
                var hit = Hit();
                hit.Set("url", _baseUrl + DemoContent.Pages[page].Path);
                hit.Set("pv_id", pageViewId);
                hit.Set("e_c", category);
                hit.Set("e_a", name);
                hit.Set("e_n", eventName);
                if (category == "Video")
                {
                    hit.Set("e_v", _random.Next(5, 300).ToString(CultureInfo.InvariantCulture));
                }

                Counts.Events++;
            }
            else if (kind < 87)
            {
                var file = _baseUrl + DemoContent.Files[_random.Next(DemoContent.Files.Length)];
                var hit = Hit();
                hit.Set("url", file);
                hit.Set("download", file);
                Counts.Downloads++;
            }
            else if (kind < 93)
            {
                var link = DemoContent.Outlinks[_random.Next(DemoContent.Outlinks.Length)];
                var hit = Hit();
                hit.Set("url", link);
                hit.Set("link", link);
                Counts.Outlinks++;
            }
            else
            {
                var keyword = DemoContent.SearchKeywords[_random.Next(DemoContent.SearchKeywords.Length)];
                var hit = Hit();
                hit.Set("url", _baseUrl + "/search?q=" + Uri.EscapeDataString(keyword));
                hit.Set("search", keyword);
                hit.Set("search_count", _random.Next(0, 25).ToString(CultureInfo.InvariantCulture));
                if (_random.Next(3) == 0)
                {
                    hit.Set("search_cat", "Documentation");
                }

                hit.Set("pv_id", PageViewId());
                Counts.Searches++;
            }

            time = time.AddSeconds(_random.Next(8, 180));
        }

        if (hits.Count == 0)
        {
            return hits;
        }

        // Conversions and carts come a moment after the last action, within the day.
        time = lastAction.AddSeconds(_random.Next(1, 6));
        if (time > limit)
        {
            time = lastAction;
        }

        foreach (var goal in _manualGoals)
        {
            if (_random.NextDouble() < 0.05)
            {
                var hit = Hit();
                hit.Set("url", _baseUrl + DemoContent.Pages[page].Path);
                hit.Set("idgoal", goal.IdGoal.ToString(CultureInfo.InvariantCulture));
                Counts.ManualConversions[goal.IdGoal] = Counts.ManualConversions.GetValueOrDefault(goal.IdGoal) + 1;
            }
        }

        if (site.Ecommerce && (inShop || _random.NextDouble() < 0.05) && _random.NextDouble() < 0.5)
        {
            Ecommerce(Hit);
        }

        Counts.Visits++;
        visitor.VisitCount++;
        visitor.FirstVisit ??= start;
        visitor.LastVisit = start;
        return hits;
    }

    /// <summary>A cart update, then an order for about half of the carts.</summary>
    private void Ecommerce(Func<TrackingParameters> hit)
    {
        var items = new List<string>();
        decimal subtotal = 0;
        foreach (var index in Enumerable.Range(0, DemoContent.Products.Length).OrderBy(_ => _random.Next()).Take(_random.Next(1, 4)))
        {
            var (sku, name, category, price) = DemoContent.Products[index];
            var quantity = _random.Next(1, 3);
            subtotal += (decimal)price * quantity;
            items.Add(string.Create(CultureInfo.InvariantCulture, $"[\"{sku}\",\"{name}\",\"{category}\",{price},{quantity}]"));
        }

        var itemsJson = "[" + string.Join(",", items) + "]";
        var cart = hit();
        cart.Set("url", _baseUrl + "/shop/cart");
        cart.Set("idgoal", "0");
        cart.Set("ec_items", itemsJson);
        cart.Set("revenue", subtotal.ToString(CultureInfo.InvariantCulture));
        if (_random.Next(2) == 0)
        {
            return;
        }

        var shipping = subtotal >= 50 ? 0m : 4.90m;
        var revenue = subtotal + shipping;
        var order = hit();
        order.Set("url", _baseUrl + "/shop/thank-you");
        order.Set("idgoal", "0");
        order.Set("ec_id", string.Create(CultureInfo.InvariantCulture, $"DEMO-{seed}-{++_orderNumber}"));
        order.Set("ec_items", itemsJson);
        order.Set("revenue", revenue.ToString(CultureInfo.InvariantCulture));
        order.Set("ec_st", subtotal.ToString(CultureInfo.InvariantCulture));
        order.Set("ec_tx", Math.Round(subtotal * 0.19m / 1.19m, 2).ToString(CultureInfo.InvariantCulture));
        order.Set("ec_sh", shipping.ToString(CultureInfo.InvariantCulture));
        Counts.Orders++;
        Counts.OrderRevenue += revenue;
    }

    /// <summary>The landing page's campaign parameters (or null) and the referrer URL (or null: a direct entry).</summary>
    private (string? Campaign, string? Referrer) Landing()
    {
        var roll = _random.Next(100);
        if (roll < 35)
        {
            return (null, null);
        }

        if (roll < 63)
        {
            var (url, parameter) = DemoContent.SearchEngines[_random.Next(DemoContent.SearchEngines.Length)];
            var keyword = DemoContent.SearchEngineKeywords[_random.Next(DemoContent.SearchEngineKeywords.Length)];
            return (null, url + "?" + parameter + "=" + Uri.EscapeDataString(keyword).Replace("%20", "+", StringComparison.Ordinal));
        }

        if (roll < 77)
        {
            return (null, DemoContent.Websites[_random.Next(DemoContent.Websites.Length)]);
        }

        if (roll < 88)
        {
            return (null, DemoContent.SocialNetworks[_random.Next(DemoContent.SocialNetworks.Length)]);
        }

        return (DemoContent.Campaigns[_random.Next(DemoContent.Campaigns.Length)], null);
    }

    private string PageViewId()
    {
        const string Letters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
        return string.Create(6, _random, static (span, random) =>
        {
            for (var i = 0; i < span.Length; i++)
            {
                span[i] = Letters[random.Next(Letters.Length)];
            }
        });
    }

    private int Pick(int[] weights)
    {
        var total = 0;
        foreach (var weight in weights)
        {
            total += weight;
        }

        var roll = _random.Next(total);
        for (var i = 0; i < weights.Length; i++)
        {
            roll -= weights[i];
            if (roll < 0)
            {
                return i;
            }
        }

        return weights.Length - 1;
    }

    private static string Unix(DateTime utc) => new DateTimeOffset(utc).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);

    private sealed class Visitor
    {
        public required string Id { get; init; }

        public required string Ip { get; init; }

        public required string UserAgent { get; init; }

        public required string Language { get; init; }

        public required string Resolution { get; init; }

        public string? UserId { get; init; }

        public int VisitCount { get; set; }

        public DateTime? FirstVisit { get; set; }

        public DateTime? LastVisit { get; set; }

        public DateOnly? LastDay { get; set; }
    }
}
