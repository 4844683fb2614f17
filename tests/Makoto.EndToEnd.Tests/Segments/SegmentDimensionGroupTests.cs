using System.Globalization;
using System.Net;
using System.Text.Json;

namespace Makoto.EndToEnd.Tests.Segments;

/// <summary>
/// One segmented report per dimension group (location, device, referrer, actions, events, contents,
/// goals and ecommerce, custom variables, custom dimensions, visit properties), over four visits of one
/// day tracked by HTTP and worked out by hand:
/// V1 (visitor 1) Firefox on Windows, Germany, from Google: /a (page custom variable 2 Section=News,
/// dimension2=news) and /b; visit custom variable 1 Type=Member, dimension1=gold; an order O-1 of 30
/// with a "Shoe" (SKU-1, categories Shoes / Sale).
/// V2 (visitor 2) Chrome on Windows, France, direct: /a, a Video/Play event, a "Banner" content
/// impression, a conversion of goal 1 "Signup".
/// V3 (visitor 3) Safari on an iPhone, United States, from a website: /c, a download, a site search
/// "shoes", a cart of 45 left (a "Boot", SKU-2, category Shoes).
/// V4 (visitor 1 again, two hours after V1): /z, direct — the visitor's second visit.
/// Each segment is requested the first time it is used (no archiving run before).
/// </summary>
public sealed class SegmentDimensionGroupTests : IAsyncLifetime
{
    private const string Day = "2026-10-12";
    private const string Firefox = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Firefox/128.0";
    private const string Chrome = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36";
    private const string IPhone = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1";
    private const string Page = "https%3A%2F%2Fshop.example.org%2F";

    private TestServer _server = null!;
    private int _idSite;

    public async ValueTask InitializeAsync()
    {
        _server = await TestServer.StartAsync(extraArgs: "--Makoto:Plugins:Enabled:0=CustomVariables");
        _idSite = await _server.AddSiteAsync("Shop", "https://shop.example.org", extra: "&ecommerce=1");
        await Api($"method=Goals.addGoal&idSite={_idSite}&name=Signup&matchAttribute=manually&pattern=x&patternType=contains&revenue=5");
        await Api($"method=CustomDimensions.configureNewCustomDimension&idSite={_idSite}&name=Plan&scope=visit&active=1");
        await Api($"method=CustomDimensions.configureNewCustomDimension&idSite={_idSite}&name=Section&scope=action&active=1");
        await Api($"method=CustomDimensions.configureNewCustomDimension&idSite={_idSite}&name=Unused&scope=visit&active=0");

        var visitCvar = Uri.EscapeDataString("{\"1\":[\"Type\",\"Member\"]}");
        var pageCvar = Uri.EscapeDataString("{\"2\":[\"Section\",\"News\"]}");
        await Hit(1, Firefox, "de", 9, 0, $"url={Page}a&urlref={Uri.EscapeDataString("https://www.google.com/search?q=shoes")}&_cvar={visitCvar}&cvar={pageCvar}&dimension1=gold&dimension2=news");
        await Hit(1, Firefox, "de", 9, 1, $"url={Page}b");
        await Hit(1, Firefox, "de", 9, 2, "idgoal=0&ec_id=O-1&revenue=30&ec_items=" + Items("SKU-1", "Shoe", "[\"Shoes\",\"Sale\"]", 30));

        await Hit(2, Chrome, "fr", 10, 0, $"url={Page}a");
        await Hit(2, Chrome, "fr", 10, 1, $"url={Page}a&e_c=Video&e_a=Play");
        await Hit(2, Chrome, "fr", 10, 2, $"url={Page}a&c_n=Banner&c_p=ad.jpg");
        await Hit(2, Chrome, "fr", 10, 3, "idgoal=1");

        await Hit(3, IPhone, "us", 11, 0, $"url={Page}c&urlref={Uri.EscapeDataString("https://blog.example.com/post")}");
        await Hit(3, IPhone, "us", 11, 1, $"url={Page}c&download={Page}file.pdf");
        await Hit(3, IPhone, "us", 11, 2, $"url={Page}search&search=shoes");
        await Hit(3, IPhone, "us", 11, 3, "idgoal=0&revenue=45&ec_items=" + Items("SKU-2", "Boot", "\"Shoes\"", 45));

        await Hit(1, Firefox, "de", 11, 30, $"url={Page}z");
    }

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    private async Task Api(string query)
    {
        var result = await _server.ApiJsonAsync(query);
        Assert.True(result.TryGetProperty("value", out _), result.ToString());
    }

    private static string Items(string sku, string name, string categoryJson, double price) =>
        Uri.EscapeDataString(string.Create(CultureInfo.InvariantCulture, $"[[\"{sku}\",\"{name}\",{categoryJson},{price},1]]"));

    private async Task Hit(int visitor, string userAgent, string country, int hour, int minute, string query)
    {
        var cdt = new DateTimeOffset(2026, 10, 12, hour, minute, 0, TimeSpan.Zero).ToUnixTimeSeconds();
        var status = await _server.TrackAsync(
            $"idsite={_idSite}&rec=1&_id={visitor:x16}&cip=10.70.0.{visitor}&country={country}&token_auth={TestServer.Token}"
            + $"&ua={Uri.EscapeDataString(userAgent)}&cdt={cdt}&{query}");
        Assert.Equal(HttpStatusCode.OK, status);
    }

    private async Task<JsonElement> Summary(string segment) =>
        await _server.ApiJsonAsync(
            $"method=VisitsSummary.get&idSite={_idSite}&period=day&date={Day}&segment={Uri.EscapeDataString(segment)}");

    private async Task<int> Visits(string segment)
    {
        var summary = await Summary(segment);
        Assert.False(summary.ValueKind == JsonValueKind.Object && summary.TryGetProperty("result", out _), summary.ToString());
        return summary.ValueKind == JsonValueKind.Array ? 0 : summary.GetProperty("nb_visits").GetInt32();
    }

    private async Task<string> Error(string segment)
    {
        var summary = await Summary(segment);
        Assert.Equal("error", summary.GetProperty("result").GetString());
        return summary.GetProperty("message").GetString()!;
    }

    [Fact]
    public async Task All_four_visits_are_there()
    {
        Assert.Equal(4, (await Summary("visitCount>=1")).GetProperty("nb_visits").GetInt32());
    }

    [Fact]
    public async Task Location_by_country_code_name_and_continent()
    {
        Assert.Equal(2, await Visits("countryCode==de")); // V1, V4
        Assert.Equal(2, await Visits("countryName==Germany"));
        Assert.Equal(1, await Visits("countryName==France"));
        Assert.Equal(0, await Visits("countryName==Atlantis"));
        Assert.Equal(3, await Visits("continentCode==eur")); // V1, V2, V4
        Assert.Equal(1, await Visits("continentCode==amn")); // V3
        Assert.Equal(1, await Visits("continentCode!=eur"));
        Assert.Equal(0, await Visits("continentCode==oce"));
        Assert.Contains("continentCode", await Error("continentCode=@eu"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Device_by_codes_and_by_names()
    {
        Assert.Equal(2, await Visits("browserCode==FF"));
        Assert.Equal(2, await Visits("browserName==Firefox"));
        Assert.Equal(1, await Visits("browserName==chrome")); // names compare ignoring case
        Assert.Equal(0, await Visits("browserName==NoSuchBrowser"));
        Assert.Equal(3, await Visits("operatingSystemName==Windows"));
        Assert.Equal(1, await Visits("operatingSystemName==iOS"));
        Assert.Equal(1, await Visits("deviceBrand==Apple"));
        Assert.Equal(1, await Visits("deviceType==smartphone"));
        Assert.Equal(1, await Visits("deviceModel==iPhone"));
        Assert.Contains("deviceBrand", await Error("deviceBrand==NoSuchBrand"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Referrer_by_type_and_name()
    {
        Assert.Equal(1, await Visits("referrerType==search;referrerName==Google"));
        Assert.Equal(1, await Visits("referrerType==website"));
        Assert.Equal(2, await Visits("referrerType==direct")); // V2, V4
    }

    [Fact]
    public async Task Actions_by_type_url_and_search()
    {
        Assert.Equal(4, await Visits("actionType==pageviews"));
        Assert.Equal(1, await Visits("actionType==downloads"));
        Assert.Equal(1, await Visits("actionType==sitesearches"));
        Assert.Equal(1, await Visits("actionType==events"));
        Assert.Equal(1, await Visits("actionType==contents"));
        Assert.Equal(0, await Visits("actionType==outlinks"));
        Assert.Equal(3, await Visits("actionType!=downloads")); // no download in V1, V2, V4
        Assert.Equal(1, await Visits("siteSearchKeyword==shoes"));
        Assert.Contains("pageviews", await Error("actionType==clicks"), StringComparison.Ordinal);

        // An action report keeps the matching actions: the download only.
        var downloads = await _server.ApiJsonAsync(
            $"method=Actions.getDownloads&idSite={_idSite}&period=day&date={Day}&flat=1&segment={Uri.EscapeDataString("actionType==downloads")}");
        var row = Assert.Single(downloads.EnumerateArray());
        Assert.Equal(1, row.GetProperty("nb_hits").GetInt32());
    }

    [Fact]
    public async Task Events_and_contents()
    {
        var video = await Summary("eventCategory==Video;eventAction==Play");
        Assert.Equal(1, video.GetProperty("nb_visits").GetInt32());
        Assert.Equal(2, video.GetProperty("nb_actions").GetInt32()); // V2: a page and the event (an impression is no action)
        Assert.Equal(1, await Visits("contentName==Banner;contentPiece==ad.jpg"));
    }

    [Fact]
    public async Task Goals_and_ecommerce()
    {
        Assert.Equal(1, await Visits("visitConvertedGoalName==Signup")); // V2
        Assert.Equal(0, await Visits("visitConvertedGoalName==Nothing"));
        Assert.Equal(1, await Visits("visitConvertedGoalId==1"));
        Assert.Equal(1, await Visits("revenueOrder>=30")); // V1's order
        Assert.Equal(0, await Visits("revenueOrder>30"));
        Assert.Equal(1, await Visits("revenueAbandonedCart>40")); // V3's cart
        Assert.Equal(1, await Visits("orderId==O-1"));
        Assert.Equal(2, await Visits("productCategory==Shoes")); // V1 (level 1), V3
        Assert.Equal(1, await Visits("productCategory==Sale")); // V1, level 2
        Assert.Equal(1, await Visits("productCategory2==Sale"));
        Assert.Equal(0, await Visits("productCategory1==Sale"));
        Assert.Equal(1, await Visits("productSku==SKU-2"));
    }

    [Fact]
    public async Task Custom_variables_of_visits_and_pages()
    {
        Assert.Equal(1, await Visits("customVariableName1==Type;customVariableValue1==Member"));
        Assert.Equal(1, await Visits("customVariableValue==Member")); // any of the five slots
        Assert.Equal(1, await Visits("customVariablePageName2==Section"));
        Assert.Equal(1, await Visits("customVariablePageValue==News"));
        Assert.Equal(0, await Visits("customVariablePageValue1==News"));
    }

    [Fact]
    public async Task Custom_dimensions_of_visits_and_actions()
    {
        Assert.Equal(1, await Visits("dimension1==gold")); // visit scope
        Assert.Equal(1, await Visits("dimension2==news")); // action scope: V1's /a
        var pages = await _server.ApiJsonAsync(
            $"method=Actions.getPageUrls&idSite={_idSite}&period=day&date={Day}&flat=1&segment={Uri.EscapeDataString("dimension2==news")}");
        Assert.Equal("/a", Assert.Single(pages.EnumerateArray()).GetProperty("label").GetString());
        Assert.Contains("'dimension3'", await Error("dimension3==x"), StringComparison.Ordinal); // not active
    }

    [Fact]
    public async Task Visit_properties()
    {
        Assert.Equal(3, await Visits("visitorType==new"));
        Assert.Equal(1, await Visits("visitorType==returning")); // V4
        Assert.Equal(3, await Visits("visitCount==1;actions>=2")); // V1 (2 pages), V2 (page, event), V3 (page, download, search)
        Assert.Equal(1, await Visits("actions>=3")); // V3
    }

    [Fact]
    public async Task Live_and_the_visitor_profile_keep_the_segment_visits()
    {
        var europe = await _server.ApiJsonAsync(
            $"method=Live.getLastVisitsDetails&idSite={_idSite}&period=day&date={Day}&segment={Uri.EscapeDataString("continentCode==eur")}");
        Assert.Equal(3, europe.GetArrayLength());
        Assert.All(europe.EnumerateArray(), v => Assert.Equal("eur", v.GetProperty("continentCode").GetString()));

        var visitorId = 1.ToString("x16", CultureInfo.InvariantCulture);
        var profile = await _server.ApiJsonAsync($"method=Live.getVisitorProfile&idSite={_idSite}&visitorId={visitorId}");
        Assert.Equal(2, profile.GetProperty("totalVisits").GetInt32());
        var segmented = await _server.ApiJsonAsync(
            $"method=Live.getVisitorProfile&idSite={_idSite}&visitorId={visitorId}&segment={Uri.EscapeDataString("pageUrl==https://shop.example.org/z")}");
        Assert.Equal(1, segmented.GetProperty("totalVisits").GetInt32());
    }

    [Fact]
    public async Task Metadata_lists_the_new_segments()
    {
        var metadata = await _server.ApiJsonAsync($"method=API.getSegmentsMetadata&idSites={_idSite}");
        var names = metadata.EnumerateArray().Select(s => s.GetProperty("segment").GetString()).ToHashSet();
        foreach (var name in (string[])["browserName", "operatingSystemName", "countryName", "continentCode", "actionType",
            "visitConvertedGoalName", "revenueAbandonedCart", "productCategory", "productViewCategory", "customVariableName1",
            "customVariablePageValue5", "customVariableValue", "dimension1", "dimension2"])
        {
            Assert.Contains(name, names);
        }

        Assert.DoesNotContain("dimension3", names);
    }
}
