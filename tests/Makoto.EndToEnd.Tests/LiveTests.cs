using System.Net;
using System.Text.Json;

namespace Makoto.EndToEnd.Tests;

/// <summary>
/// The Live API over real HTTP. Visitor A's first visit (Thursday 2024-05-02, Berlin, UTC+2) has
/// two page views, a site search, an event, a download, a manual goal, an order and a last page
/// view; A comes back the next day from Google. Visitor B has one page view at noon. Every expected
/// value below is worked out by hand from these hits and Matomo's rules (reporting-api.md §11).
/// </summary>
public sealed class LiveTests : IAsyncLifetime
{
    private const string VisitorA = "aaaaaaaaaaaaaaaa";
    private const string VisitorB = "bbbbbbbbbbbbbbbb";
    private const string Chrome = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/118.0.0.0 Safari/537.36";
    private const string Firefox = "Mozilla/5.0 (X11; Linux x86_64; rv:118.0) Gecko/20100101 Firefox/118.0";

    /// <summary>Berlin is two hours ahead of UTC in May.</summary>
    private const long BerlinOffset = 7200;

    /// <summary>Matomo's keys of a visit, in Matomo 5.0.2's order (from the conformance corpus), for a site with ecommerce.</summary>
    private static readonly string[] s_visitKeys =
    [
        "idSite", "idVisit", "visitIp", "visitorId", "fingerprint", "actionDetails", "goalConversions", "siteCurrency",
        "siteCurrencySymbol", "serverDate", "visitServerHour", "lastActionTimestamp", "lastActionDateTime", "siteName",
        "serverTimestamp", "firstActionTimestamp", "serverTimePretty", "serverDatePretty", "serverDatePrettyFirstAction",
        "serverTimePrettyFirstAction", "userId", "visitorType", "visitorTypeIcon", "visitConverted", "visitConvertedIcon",
        "visitCount", "visitEcommerceStatus", "visitEcommerceStatusIcon", "daysSinceFirstVisit", "secondsSinceFirstVisit",
        "daysSinceLastEcommerceOrder", "secondsSinceLastEcommerceOrder", "visitDuration", "visitDurationPretty", "searches",
        "actions", "interactions", "referrerType", "referrerTypeName", "referrerName", "referrerKeyword",
        "referrerKeywordPosition", "referrerUrl", "referrerSearchEngineUrl", "referrerSearchEngineIcon",
        "referrerSocialNetworkUrl", "referrerSocialNetworkIcon", "languageCode", "language", "deviceType", "deviceTypeIcon",
        "deviceBrand", "deviceModel", "operatingSystem", "operatingSystemName", "operatingSystemIcon", "operatingSystemCode",
        "operatingSystemVersion", "browserFamily", "browserFamilyDescription", "browser", "browserName", "browserIcon",
        "browserCode", "browserVersion", "totalEcommerceRevenue", "totalEcommerceConversions", "totalEcommerceItems",
        "totalAbandonedCartsRevenue", "totalAbandonedCarts", "totalAbandonedCartsItems", "events", "continent",
        "continentCode", "country", "countryCode", "countryFlag", "region", "regionCode", "city", "location", "latitude",
        "longitude", "visitLocalTime", "visitLocalHour", "daysSinceLastVisit", "secondsSinceLastVisit", "resolution",
        "plugins", "pluginsIcons",
    ];

    private TestServer _server = null!;
    private int _idSite;

    public async ValueTask InitializeAsync()
    {
        _server = await TestServer.StartAsync();
        _idSite = await _server.AddSiteAsync("Live shop", "https://example.org", "Europe/Berlin", "&ecommerce=1&currency=EUR");
        var goal = await _server.ApiJsonAsync(
            $"method=Goals.addGoal&idSite={_idSite}&name=Contact&matchAttribute=manually&pattern=manually&patternType=contains&revenue=5");
        Assert.Equal(1, goal.GetProperty("value").GetInt32());

        const string a = "fr-fr,fr;q=0.9";
        await Track(VisitorA, "203.0.113.7", Chrome, a, At(2, 8, 0, 0), "url=https://example.org/&action_name=Home&pv_id=a1a1a1&h=10&m=0&s=0");
        await Track(VisitorA, "203.0.113.7", Chrome, a, At(2, 8, 0, 42), "url=https://example.org/products&action_name=Products&pv_id=a2a2a2");
        await Track(VisitorA, "203.0.113.7", Chrome, a, At(2, 8, 1, 0), "url=https://example.org/search%3Fq%3Dtea&search=tea&search_cat=Drinks&search_count=3&pv_id=a3a3a3");
        await Track(VisitorA, "203.0.113.7", Chrome, a, At(2, 8, 1, 30), "url=https://example.org/products&e_c=Video&e_a=Play&e_n=Intro&e_v=12.5");
        await Track(VisitorA, "203.0.113.7", Chrome, a, At(2, 8, 2, 0), "url=https://example.org/products&download=https://example.org/files/guide.pdf");
        await Track(VisitorA, "203.0.113.7", Chrome, a, At(2, 8, 2, 10), "url=https://example.org/products&idgoal=1");
        var items = Uri.EscapeDataString("[[\"SKU1\",\"Shirt\",\"Clothes\",25,2]]");
        await Track(VisitorA, "203.0.113.7", Chrome, a, At(2, 8, 3, 0), $"url=https://example.org/checkout&idgoal=0&ec_id=A100&revenue=59.9&ec_st=50&ec_tx=9.9&ec_sh=0&ec_dt=0&ec_items={items}");
        await Track(VisitorA, "203.0.113.7", Chrome, a, At(2, 8, 3, 20), "url=https://example.org/thank-you&action_name=Thank+you&pv_id=a4a4a4");
        await Track(VisitorB, "198.51.100.9", Firefox, "de", At(2, 12, 0, 0), "url=https://example.org/&action_name=Home&pv_id=b1b1b1");
        await Track(VisitorA, "203.0.113.7", Chrome, a, At(3, 9, 0, 0), "url=https://example.org/&action_name=Home&pv_id=a5a5a5&urlref=https%3A%2F%2Fwww.google.com%2Fsearch%3Fq%3Dgreen%2Btea");
    }

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    /// <summary>A UTC time on May <paramref name="day"/>, 2024.</summary>
    private static DateTimeOffset At(int day, int hour, int minute, int second) => new(2024, 5, day, hour, minute, second, TimeSpan.Zero);

    private async Task Track(string visitor, string ip, string ua, string lang, DateTimeOffset time, string parameters)
    {
        var status = await _server.TrackAsync(
            $"idsite={_idSite}&rec=1&_id={visitor}&cdt={time.ToUnixTimeSeconds()}&cip={ip}&token_auth={TestServer.Token}" +
            $"&ua={Uri.EscapeDataString(ua)}&lang={Uri.EscapeDataString(lang)}&res=1920x1080&cookie=1&pdf=1&{parameters}");
        Assert.Equal(HttpStatusCode.OK, status);
    }

    private Task<JsonElement> Live(string query) => _server.ApiJsonAsync($"method=Live.{query}&idSite={_idSite}");

    private static List<string> Keys(JsonElement element) => [.. element.EnumerateObject().Select(p => p.Name)];

    [Fact]
    public async Task Day_lists_the_visits_of_the_local_day_newest_first_with_matomos_keys()
    {
        var visits = await Live("getLastVisitsDetails&period=day&date=2024-05-02");
        Assert.Equal(2, visits.GetArrayLength());
        Assert.Equal(VisitorB, visits[0].GetProperty("visitorId").GetString());
        Assert.Equal(VisitorA, visits[1].GetProperty("visitorId").GetString());
        Assert.Equal(s_visitKeys, Keys(visits[0]));
        Assert.Equal(s_visitKeys, Keys(visits[1]));

        // The next day holds only A's second visit.
        var next = await Live("getLastVisitsDetails&period=day&date=2024-05-03");
        Assert.Equal(1, next.GetArrayLength());
        Assert.Equal(At(3, 9, 0, 0).ToUnixTimeSeconds(), next[0].GetProperty("lastActionTimestamp").GetInt64());
    }

    [Fact]
    public async Task Visit_details_are_the_hand_computed_values()
    {
        var visit = (await Live("getLastVisitsDetails&period=day&date=2024-05-02"))[1];
        Assert.Equal(_idSite, visit.GetProperty("idSite").GetInt32());
        Assert.Equal("203.0.0.0", visit.GetProperty("visitIp").GetString());
        Assert.Equal(1, visit.GetProperty("goalConversions").GetInt32());
        Assert.Equal("EUR", visit.GetProperty("siteCurrency").GetString());
        Assert.Equal("€", visit.GetProperty("siteCurrencySymbol").GetString());
        Assert.Equal("2024-05-02", visit.GetProperty("serverDate").GetString());
        Assert.Equal("8", visit.GetProperty("visitServerHour").GetString());
        Assert.Equal(At(2, 8, 3, 20).ToUnixTimeSeconds(), visit.GetProperty("lastActionTimestamp").GetInt64());
        Assert.Equal("2024-05-02 08:03:20", visit.GetProperty("lastActionDateTime").GetString());
        Assert.Equal("Live shop", visit.GetProperty("siteName").GetString());
        Assert.Equal(At(2, 8, 0, 0).ToUnixTimeSeconds(), visit.GetProperty("firstActionTimestamp").GetInt64());
        Assert.Equal("10:03:20", visit.GetProperty("serverTimePretty").GetString());
        Assert.Equal("Thursday, May 2, 2024", visit.GetProperty("serverDatePretty").GetString());
        Assert.Equal("10:00:00", visit.GetProperty("serverTimePrettyFirstAction").GetString());
        Assert.Equal(JsonValueKind.Null, visit.GetProperty("userId").ValueKind);
        Assert.Equal("new", visit.GetProperty("visitorType").GetString());
        Assert.Equal(1, visit.GetProperty("visitConverted").GetInt32());
        Assert.Equal("plugins/Morpheus/images/goal.svg", visit.GetProperty("visitConvertedIcon").GetString());
        Assert.Equal(1, visit.GetProperty("visitCount").GetInt32());
        Assert.Equal("ordered", visit.GetProperty("visitEcommerceStatus").GetString());
        Assert.Equal("plugins/Morpheus/images/ecommerceOrder.svg", visit.GetProperty("visitEcommerceStatusIcon").GetString());

        // 08:00:00 to 08:03:20, counted inclusively: 201 seconds.
        Assert.Equal(201, visit.GetProperty("visitDuration").GetInt32());
        Assert.Equal("3 min 21s", visit.GetProperty("visitDurationPretty").GetString());
        Assert.Equal(1, visit.GetProperty("searches").GetInt32());
        Assert.Equal(6, visit.GetProperty("actions").GetInt32());
        Assert.Equal(4, visit.GetProperty("interactions").GetInt32());
        Assert.Equal(1, visit.GetProperty("events").GetInt32());

        Assert.Equal("direct", visit.GetProperty("referrerType").GetString());
        Assert.Equal("Direct Entry", visit.GetProperty("referrerTypeName").GetString());
        Assert.Equal("", visit.GetProperty("referrerName").GetString());
        Assert.Equal("fr-fr", visit.GetProperty("languageCode").GetString());
        Assert.Equal("Language code fr-fr", visit.GetProperty("language").GetString());
        Assert.Equal("Desktop", visit.GetProperty("deviceType").GetString());
        Assert.Equal("plugins/Morpheus/icons/dist/devices/desktop.png", visit.GetProperty("deviceTypeIcon").GetString());
        Assert.Equal("Windows 10", visit.GetProperty("operatingSystem").GetString());
        Assert.Equal("plugins/Morpheus/icons/dist/os/WIN.png", visit.GetProperty("operatingSystemIcon").GetString());
        Assert.Equal("Chrome 118.0", visit.GetProperty("browser").GetString());
        Assert.Equal("plugins/Morpheus/icons/dist/browsers/CH.png", visit.GetProperty("browserIcon").GetString());
        Assert.Equal(59.9, visit.GetProperty("totalEcommerceRevenue").GetDouble());
        Assert.Equal(1, visit.GetProperty("totalEcommerceConversions").GetInt32());
        Assert.Equal("2", visit.GetProperty("totalEcommerceItems").GetString());
        Assert.Equal(0, visit.GetProperty("totalAbandonedCarts").GetInt32());
        Assert.Equal("France", visit.GetProperty("country").GetString());
        Assert.Equal("fr", visit.GetProperty("countryCode").GetString());
        Assert.Equal("plugins/Morpheus/icons/dist/flags/fr.png", visit.GetProperty("countryFlag").GetString());
        Assert.Equal("eur", visit.GetProperty("continentCode").GetString());
        Assert.Equal("France", visit.GetProperty("location").GetString());
        Assert.Equal("10:00:00", visit.GetProperty("visitLocalTime").GetString());
        Assert.Equal("10", visit.GetProperty("visitLocalHour").GetString());
        Assert.Equal("1920x1080", visit.GetProperty("resolution").GetString());
        Assert.Equal("cookie, pdf", visit.GetProperty("plugins").GetString());
        Assert.Equal("plugins/Morpheus/icons/dist/plugins/pdf.png", visit.GetProperty("pluginsIcons")[1].GetProperty("pluginIcon").GetString());

        var b = (await Live("getLastVisitsDetails&period=day&date=2024-05-02"))[0];
        Assert.Equal("de", b.GetProperty("languageCode").GetString());
        Assert.Equal("German", b.GetProperty("language").GetString());
        Assert.Equal("Firefox 118.0", b.GetProperty("browser").GetString());
        Assert.Equal(0, b.GetProperty("visitDuration").GetInt32());
        Assert.Equal("0s", b.GetProperty("visitDurationPretty").GetString());
        Assert.Equal(0, b.GetProperty("totalEcommerceConversions").GetInt32());
        Assert.Equal(0, b.GetProperty("totalEcommerceItems").GetInt32());
    }

    [Fact]
    public async Task Actions_are_listed_in_time_order_with_matomos_keys_and_values()
    {
        var visit = (await Live("getLastVisitsDetails&period=day&date=2024-05-02"))[1];
        var actions = visit.GetProperty("actionDetails");
        Assert.Equal(
            ["action", "action", "search", "event", "download", "goal", "ecommerceOrder", "action"],
            actions.EnumerateArray().Select(a => a.GetProperty("type").GetString()!).ToArray());

        // Home: the 42 seconds until the next page view; local time on screen, local time as the timestamp.
        var home = actions[0];
        Assert.Equal(
            ["type", "url", "pageTitle", "pageIdAction", "idpageview", "serverTimePretty", "pageId", "timeSpent", "timeSpentPretty",
                "pageviewPosition", "title", "subtitle", "icon", "iconSVG", "timestamp"],
            Keys(home));
        Assert.Equal("https://example.org/", home.GetProperty("url").GetString());
        Assert.Equal("Home", home.GetProperty("pageTitle").GetString());
        Assert.Equal("a1a1a1", home.GetProperty("idpageview").GetString());
        Assert.Equal("May 2, 2024 10:00:00", home.GetProperty("serverTimePretty").GetString());
        Assert.Equal(42, home.GetProperty("timeSpent").GetInt32());
        Assert.Equal("42s", home.GetProperty("timeSpentPretty").GetString());
        Assert.Equal(1, home.GetProperty("pageviewPosition").GetInt32());
        Assert.Equal("", home.GetProperty("icon").GetString());
        Assert.Equal("plugins/Morpheus/images/action.svg", home.GetProperty("iconSVG").GetString());
        Assert.Equal(At(2, 8, 0, 0).ToUnixTimeSeconds() + BerlinOffset, home.GetProperty("timestamp").GetInt64());

        // Products: until the next page view (Thank you) come the search (18 s), the event (30 s),
        // the download (30 s) and the page view itself, 20 s after the order.
        var products = actions[1];
        Assert.Equal(18 + 30 + 30 + 20, products.GetProperty("timeSpent").GetInt32());
        Assert.Equal("1 min 38s", products.GetProperty("timeSpentPretty").GetString());
        Assert.Equal(2, products.GetProperty("pageviewPosition").GetInt32());

        var search = actions[2];
        Assert.Equal(
            ["type", "url", "pageIdAction", "idpageview", "serverTimePretty", "pageId", "siteSearchKeyword", "siteSearchCategory",
                "siteSearchCount", "pageviewPosition", "icon", "iconSVG", "title", "subtitle", "timestamp"],
            Keys(search));
        Assert.Equal("tea", search.GetProperty("siteSearchKeyword").GetString());
        Assert.Equal("Drinks", search.GetProperty("siteSearchCategory").GetString());
        Assert.Equal(3, search.GetProperty("siteSearchCount").GetInt32());
        Assert.Equal("a3a3a3", search.GetProperty("idpageview").GetString());
        Assert.Equal("Site Search", search.GetProperty("title").GetString());
        Assert.Equal("tea - Search Category: Drinks - Search Results Count: 3", search.GetProperty("subtitle").GetString());
        Assert.Equal(3, search.GetProperty("pageviewPosition").GetInt32());

        var videoEvent = actions[3];
        Assert.Equal(
            ["type", "url", "pageIdAction", "idpageview", "serverTimePretty", "pageId", "eventCategory", "eventAction",
                "pageviewPosition", "timestamp", "icon", "iconSVG", "title", "subtitle", "eventName", "eventValue"],
            Keys(videoEvent));
        Assert.Equal("https://example.org/products", videoEvent.GetProperty("url").GetString());
        Assert.Equal("", videoEvent.GetProperty("idpageview").GetString());
        Assert.Equal("Video", videoEvent.GetProperty("eventCategory").GetString());
        Assert.Equal("Play", videoEvent.GetProperty("eventAction").GetString());
        Assert.Equal("Intro", videoEvent.GetProperty("eventName").GetString());
        Assert.Equal(12.5, videoEvent.GetProperty("eventValue").GetDouble());
        Assert.Equal("Category: \"Video', Action: \"Play\"", videoEvent.GetProperty("subtitle").GetString());
        Assert.Equal("plugins/Morpheus/images/event.png", videoEvent.GetProperty("icon").GetString());

        var download = actions[4];
        Assert.Equal(
            ["type", "url", "pageTitle", "pageIdAction", "idpageview", "serverTimePretty", "pageId", "pageviewPosition", "icon",
                "iconSVG", "title", "subtitle", "timestamp"],
            Keys(download));
        Assert.Equal("https://example.org/files/guide.pdf", download.GetProperty("url").GetString());
        Assert.Equal("Download", download.GetProperty("title").GetString());
        Assert.Equal("https://example.org/files/guide.pdf", download.GetProperty("subtitle").GetString());

        var goal = actions[5];
        Assert.Equal(
            ["type", "goalName", "goalId", "idpageview", "revenue", "goalPageId", "serverTimePretty", "url", "referrerType",
                "referrerName", "referrerKeyword", "icon", "iconSVG", "title", "subtitle", "timestamp"],
            Keys(goal));
        Assert.Equal("Contact", goal.GetProperty("goalName").GetString());
        Assert.Equal(1, goal.GetProperty("goalId").GetInt32());
        Assert.Equal(JsonValueKind.Null, goal.GetProperty("idpageview").ValueKind);
        Assert.Equal(5, goal.GetProperty("revenue").GetDouble());
        Assert.Equal("https://example.org/products", goal.GetProperty("url").GetString());
        Assert.Equal("direct", goal.GetProperty("referrerType").GetString());
        Assert.Equal("Goal conversion", goal.GetProperty("title").GetString());
        Assert.Equal("Contact (€5 revenue)", goal.GetProperty("subtitle").GetString());
        Assert.Equal("May 2, 2024 10:02:10", goal.GetProperty("serverTimePretty").GetString());

        var order = actions[6];
        Assert.Equal(
            ["type", "orderId", "revenue", "revenueSubTotal", "revenueTax", "revenueShipping", "revenueDiscount", "items",
                "serverTimePretty", "idpageview", "itemDetails", "icon", "iconSVG", "title", "subtitle", "timestamp"],
            Keys(order));
        Assert.Equal("A100", order.GetProperty("orderId").GetString());
        Assert.Equal(59.9, order.GetProperty("revenue").GetDouble());
        Assert.Equal(50, order.GetProperty("revenueSubTotal").GetDouble());
        Assert.Equal(9.9, order.GetProperty("revenueTax").GetDouble());
        Assert.Equal(0, order.GetProperty("revenueShipping").GetDouble());
        Assert.Equal(2, order.GetProperty("items").GetInt32());
        Assert.Equal("Ordered (A100)", order.GetProperty("title").GetString());
        Assert.Equal("€59.90 revenue - 2 items: Shirt)", order.GetProperty("subtitle").GetString());
        var item = order.GetProperty("itemDetails")[0];
        Assert.Equal(["itemSKU", "itemName", "itemCategory", "price", "quantity", "categories"], Keys(item));
        Assert.Equal("SKU1", item.GetProperty("itemSKU").GetString());
        Assert.Equal("Shirt", item.GetProperty("itemName").GetString());
        Assert.Equal("Clothes", item.GetProperty("itemCategory").GetString());
        Assert.Equal(25, item.GetProperty("price").GetDouble());
        Assert.Equal(2, item.GetProperty("quantity").GetInt32());
        Assert.Equal("Clothes", item.GetProperty("categories")[0].GetString());

        // The last page view: 201 s of visit minus the 200 s before it leaves 1 s, which Matomo does not count (10 s or less).
        var thankYou = actions[7];
        Assert.Equal(0, thankYou.GetProperty("timeSpent").GetInt32());
        Assert.Equal(4, thankYou.GetProperty("pageviewPosition").GetInt32());
    }

    [Fact]
    public async Task Returning_visitor_from_a_search_engine()
    {
        var visit = (await Live("getLastVisitsDetails&period=day&date=2024-05-03"))[0];
        Assert.Equal(VisitorA, visit.GetProperty("visitorId").GetString());
        // The order was in the previous visit, which Matomo 5 stores with 0 seconds since the order, and a 0
        // does not make a returning customer (only a later visit's non-zero count, or an order now, does).
        Assert.Equal("returning", visit.GetProperty("visitorType").GetString());
        Assert.Equal("plugins/Live/images/returningVisitor.png", visit.GetProperty("visitorTypeIcon").GetString());
        Assert.Equal(2, visit.GetProperty("visitCount").GetInt32());
        Assert.Equal(1, visit.GetProperty("daysSinceFirstVisit").GetInt32());
        Assert.Equal(1, visit.GetProperty("daysSinceLastVisit").GetInt32());
        Assert.Equal("search", visit.GetProperty("referrerType").GetString());
        Assert.Equal("Search Engines", visit.GetProperty("referrerTypeName").GetString());
        Assert.Equal("Google", visit.GetProperty("referrerName").GetString());
        Assert.Equal("green tea", visit.GetProperty("referrerKeyword").GetString());
        Assert.Equal("https://www.google.com/search?q=green+tea", visit.GetProperty("referrerUrl").GetString());
        Assert.Equal("http://google.com", visit.GetProperty("referrerSearchEngineUrl").GetString());
        Assert.Equal("plugins/Morpheus/icons/dist/searchEngines/google.com.png", visit.GetProperty("referrerSearchEngineIcon").GetString());

        // Lifetime ecommerce figures include the order of the first visit.
        Assert.Equal(59.9, visit.GetProperty("totalEcommerceRevenue").GetDouble());
        Assert.Equal(0, visit.GetProperty("goalConversions").GetInt32());
        Assert.Equal("none", visit.GetProperty("visitEcommerceStatus").GetString());
    }

    [Fact]
    public async Task Paging_sorting_and_options()
    {
        var all = await Live("getLastVisitsDetails&period=range&date=2024-05-01,2024-05-03");
        Assert.Equal(3, all.GetArrayLength());
        var first = await Live("getLastVisitsDetails&period=range&date=2024-05-01,2024-05-03&filter_limit=1");
        Assert.Equal(1, first.GetArrayLength());
        Assert.Equal(At(3, 9, 0, 0).ToUnixTimeSeconds(), first[0].GetProperty("lastActionTimestamp").GetInt64());
        var second = await Live("getLastVisitsDetails&period=range&date=2024-05-01,2024-05-03&filter_limit=1&filter_offset=1");
        Assert.Equal(VisitorB, second[0].GetProperty("visitorId").GetString());
        var oldest = await Live("getLastVisitsDetails&period=range&date=2024-05-01,2024-05-03&filter_limit=1&filter_sort_order=asc");
        Assert.Equal(At(2, 8, 3, 20).ToUnixTimeSeconds(), oldest[0].GetProperty("lastActionTimestamp").GetInt64());
        var after = await Live($"getLastVisitsDetails&period=range&date=2024-05-01,2024-05-03&minTimestamp={At(2, 12, 0, 0).ToUnixTimeSeconds()}");
        Assert.Equal(1, after.GetArrayLength());

        var light = await Live("getLastVisitsDetails&period=day&date=2024-05-02&doNotFetchActions=1");
        Assert.Equal(0, light[1].GetProperty("actionDetails").GetArrayLength());
        Assert.Equal(1, light[1].GetProperty("goalConversions").GetInt32());

        var flat = (await Live("getLastVisitsDetails&period=day&date=2024-05-02&flat=1"))[1];
        Assert.Equal("https://example.org/", flat.GetProperty("pageUrl__1").GetString());
        Assert.Equal("tea", flat.GetProperty("siteSearchKeyword__3").GetString());
        Assert.Equal("Video", flat.GetProperty("eventCategory__4").GetString());
        Assert.Equal(1, flat.GetProperty("visitConvertedGoalId__1").GetInt32());
        Assert.Equal("Home", flat.GetProperty("entryPageTitle").GetString());
        Assert.Equal("https://example.org/thank-you", flat.GetProperty("exitPageUrl").GetString());

        var xml = await _server.ApiAsync($"method=Live.getLastVisitsDetails&idSite={_idSite}&period=day&date=2024-05-02&filter_limit=1", "xml");
        Assert.Contains("<visitorId>bbbbbbbbbbbbbbbb</visitorId>", xml, StringComparison.Ordinal);
        Assert.Contains("<actionDetails>\n\t\t\t<row>\n\t\t\t\t<type>action</type>", xml, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Segments_are_rejected_with_a_clear_error()
    {
        var error = await Live("getLastVisitsDetails&period=day&date=2024-05-02&segment=browserCode%3D%3DFF");
        Assert.Equal("error", error.GetProperty("result").GetString());
        Assert.Contains("segment", error.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Visitor_profile_sums_the_visitors_visits()
    {
        var profile = await Live($"getVisitorProfile&visitorId={VisitorA}");
        Assert.Equal(VisitorA, profile.GetProperty("visitorId").GetString());
        Assert.False(profile.GetProperty("hasMoreVisits").GetBoolean());
        Assert.Equal(2, profile.GetProperty("totalVisits").GetInt32());
        Assert.Equal(201 + 0, profile.GetProperty("totalVisitDuration").GetInt32());
        Assert.Equal("3 min 21s", profile.GetProperty("totalVisitDurationPretty").GetString());
        Assert.Equal(6 + 1, profile.GetProperty("totalActions").GetInt32());
        Assert.Equal(4, profile.GetProperty("totalPageViews").GetInt32());
        Assert.Equal(3, profile.GetProperty("totalUniquePageViews").GetInt32());
        Assert.Equal(1, profile.GetProperty("totalRevisitedPages").GetInt32());
        Assert.Equal(1, profile.GetProperty("totalSearches").GetInt32());
        Assert.Equal(1, profile.GetProperty("totalDownloads").GetInt32());
        Assert.Equal(0, profile.GetProperty("totalOutlinks").GetInt32());
        Assert.Equal(1, profile.GetProperty("totalEvents").GetInt32());
        Assert.Equal(1, profile.GetProperty("totalGoalConversions").GetInt32());
        Assert.Equal(1, profile.GetProperty("totalConversionsByGoal").GetProperty("idgoal=1").GetInt32());
        Assert.Equal(5, profile.GetProperty("totalRevenueByGoal").GetProperty("idgoal=1").GetDouble());
        Assert.Equal(59.9, profile.GetProperty("totalEcommerceRevenue").GetDouble());
        Assert.Equal(1, profile.GetProperty("totalEcommerceConversions").GetInt32());
        Assert.Equal(2, profile.GetProperty("lastVisits").GetArrayLength());
        Assert.Equal("Google (green tea)", profile.GetProperty("lastVisit").GetProperty("referralSummary").GetString());
        Assert.Equal("Direct Entry", profile.GetProperty("firstVisit").GetProperty("referralSummary").GetString());
        Assert.Equal(At(2, 8, 0, 0).ToUnixTimeSeconds(), profile.GetProperty("firstVisit").GetProperty("date").GetInt64());
        Assert.Equal("https://example.org/", profile.GetProperty("visitedPages")[0].GetProperty("url").GetString());
        Assert.Equal(2, profile.GetProperty("visitedPages")[0].GetProperty("count").GetInt32());
        Assert.Equal("tea", profile.GetProperty("searches")[0].GetProperty("keyword").GetString());
        Assert.Equal("France", profile.GetProperty("countries")[0].GetProperty("prettyName").GetString());
        Assert.Equal(2, profile.GetProperty("devices").GetProperty("Desktop").GetProperty("count").GetInt32());

        // B's only visit is within a day of A's latest visit and before it.
        Assert.Equal(VisitorB, profile.GetProperty("nextVisitorId").GetString());
        Assert.False(profile.GetProperty("previousVisitorId").GetBoolean());

        var unknown = await Live("getVisitorProfile&visitorId=0123456789abcdef");
        Assert.Equal(0, unknown.GetArrayLength());
    }

    [Fact]
    public async Task Most_recent_visitor_and_visit_time()
    {
        Assert.Equal(VisitorA, (await Live("getMostRecentVisitorId")).GetProperty("value").GetString());
        Assert.Equal("2024-05-03 09:00:00", (await Live("getMostRecentVisitsDateTime")).GetProperty("value").GetString());
        Assert.Equal("2024-05-02 12:00:00", (await Live("getMostRecentVisitsDateTime&period=day&date=2024-05-02")).GetProperty("value").GetString());
        Assert.Equal("", (await Live("getMostRecentVisitsDateTime&period=day&date=2024-04-01")).GetProperty("value").GetString());
    }

    [Fact]
    public async Task Active_custom_dimensions_follow_the_other_keys()
    {
        var visitScope = await _server.ApiJsonAsync($"method=CustomDimensions.configureNewCustomDimension&idSite={_idSite}&name=Plan&scope=visit&active=1");
        var actionScope = await _server.ApiJsonAsync($"method=CustomDimensions.configureNewCustomDimension&idSite={_idSite}&name=Section&scope=action&active=1");
        Assert.Equal(1, visitScope.GetProperty("value").GetInt32());
        Assert.Equal(2, actionScope.GetProperty("value").GetInt32());
        await Track("dddddddddddddddd", "192.0.2.55", Firefox, "en", At(4, 10, 0, 0), "url=https://example.org/&action_name=Home&dimension1=Gold&dimension2=Start");
        await Track("dddddddddddddddd", "192.0.2.55", Firefox, "en", At(4, 10, 1, 0), "url=https://example.org/products&action_name=Products&dimension2=Shop");

        var visit = (await Live("getLastVisitsDetails&period=day&date=2024-05-04"))[0];
        Assert.Equal([.. s_visitKeys, "dimension1"], Keys(visit));
        Assert.Equal("Gold", visit.GetProperty("dimension1").GetString());
        var actions = visit.GetProperty("actionDetails");
        Assert.Equal("dimension2", Keys(actions[0])[^1]);
        Assert.Equal("Start", actions[0].GetProperty("dimension2").GetString());
        Assert.Equal("Shop", actions[1].GetProperty("dimension2").GetString());

        var profile = await Live("getVisitorProfile&visitorId=dddddddddddddddd");
        var dimensions = profile.GetProperty("customDimensions");
        Assert.Equal(["action", "visit"], Keys(dimensions));
        Assert.Equal("Section", dimensions.GetProperty("action")[0].GetProperty("name").GetString());
        Assert.Equal(2, dimensions.GetProperty("action")[0].GetProperty("values").GetArrayLength());
        Assert.Equal("Gold", dimensions.GetProperty("visit")[0].GetProperty("values")[0].GetProperty("value").GetString());
    }

    [Fact]
    public async Task Counters_count_the_last_minutes()
    {
        // Two page views of a new visitor now; the 2024 visits are far outside the window.
        var now = DateTimeOffset.UtcNow;
        await Track("cccccccccccccccc", "192.0.2.44", Firefox, "en", now.AddMinutes(-2), "url=https://example.org/&action_name=Home");
        await Track("cccccccccccccccc", "192.0.2.44", Firefox, "en", now.AddMinutes(-1), "url=https://example.org/products&action_name=Products");
        var counters = (await Live("getCounters&lastMinutes=30"))[0];
        Assert.Equal(["visits", "actions", "visitors", "visitsConverted"], Keys(counters));
        Assert.Equal(1, counters.GetProperty("visits").GetInt32());
        Assert.Equal(2, counters.GetProperty("actions").GetInt32());
        Assert.Equal(1, counters.GetProperty("visitors").GetInt32());
        Assert.Equal(0, counters.GetProperty("visitsConverted").GetInt32());

        var some = (await Live("getCounters&lastMinutes=30&showColumns=visits,actions&hideColumns=actions"))[0];
        Assert.Equal(["visits"], Keys(some));
    }
}
