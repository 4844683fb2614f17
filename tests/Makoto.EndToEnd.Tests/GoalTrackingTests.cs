using System.Net;

namespace Makoto.EndToEnd.Tests;

/// <summary>Goal conversions and ecommerce over real HTTP, read back from log_conversion and log_conversion_item.</summary>
public sealed class GoalTrackingTests : IAsyncLifetime
{
    private const string Visitor = "1234567890abcdef";
    private TestServer _server = null!;
    private int _idSite;
    private long _time;

    public async ValueTask InitializeAsync()
    {
        _server = await TestServer.StartAsync();
        _idSite = await _server.AddSiteAsync("Shop", "https://shop.example.com", extra: "&ecommerce=1");
        await AddGoal("name=Thanks&matchAttribute=url&pattern=%2Fthanks&patternType=contains&revenue=5");
        await AddGoal("name=Returns&matchAttribute=title&pattern=Delivery+%26+returns&patternType=exact&caseSensitive=0&revenue=1.5");
        await AddGoal("name=Newsletter&matchAttribute=manually&pattern=manually&patternType=contains&revenue=3&allowMultipleConversionsPerVisit=1");
        _time = DateTimeOffset.UtcNow.AddHours(-2).ToUnixTimeSeconds();
    }

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    private async Task AddGoal(string query)
    {
        var result = await _server.ApiJsonAsync($"method=Goals.addGoal&idSite={_idSite}&{query}");
        Assert.True(result.TryGetProperty("value", out _), result.ToString());
    }

    private Task<HttpStatusCode> Hit(string parameters)
    {
        _time += 10;
        return _server.TrackAsync($"idsite={_idSite}&rec=1&_id={Visitor}&cdt={_time}&url=https%3A%2F%2Fshop.example.com%2Fpage&{parameters}");
    }

    [Fact]
    public async Task Goals_and_ecommerce_are_stored_as_matomo_stores_them()
    {
        // URL goal: matched twice in the visit, converts once (one conversion per visit).
        Assert.Equal(HttpStatusCode.OK, await Hit("url=https%3A%2F%2Fshop.example.com%2Fthanks%3Fref%3Dmail&action_name=Thanks"));
        Assert.Equal(HttpStatusCode.OK, await Hit("url=https%3A%2F%2Fshop.example.com%2Fthanks&action_name=Thanks"));
        // Title goal, exact and case-insensitive: "delivery & returns" matches, "Delivery & returns / Express" does not.
        Assert.Equal(HttpStatusCode.OK, await Hit("action_name=Delivery+%26+returns+%2F+Express"));
        Assert.Equal(HttpStatusCode.OK, await Hit("action_name=delivery+%26+RETURNS"));
        // Manual goal allowing several conversions: two conversions, the second with its own revenue.
        Assert.Equal(HttpStatusCode.OK, await Hit("idgoal=3"));
        Assert.Equal(HttpStatusCode.OK, await Hit("idgoal=3&revenue=4.5"));
        // An unknown goal is rejected and stores nothing.
        Assert.Equal(HttpStatusCode.BadRequest, await Hit("idgoal=99"));

        // Cart with two items, then one removed, then the order.
        var cart = Uri.EscapeDataString("[[\"SKU-1\",\"Tea\",\"Drinks\",4.5,2],[\"SKU-2\",\"Mug\",[\"Home\",\"Kitchen\"],10,1]]");
        Assert.Equal(HttpStatusCode.OK, await Hit($"idgoal=0&ec_items={cart}&revenue=19"));
        var smaller = Uri.EscapeDataString("[[\"SKU-1\",\"Tea\",\"Drinks\",4.5,3]]");
        Assert.Equal(HttpStatusCode.OK, await Hit($"idgoal=0&ec_items={smaller}&revenue=13.5"));
        Assert.Equal(HttpStatusCode.OK, await Hit($"idgoal=0&ec_id=A-100&ec_items={smaller}&revenue=17.456&ec_st=13.5&ec_tx=2.56&ec_sh=1.4&ec_dt=0"));
        // The same order id again is rejected.
        Assert.Equal(HttpStatusCode.BadRequest, await Hit($"idgoal=0&ec_id=A-100&ec_items={smaller}&revenue=17.5"));

        var conversions = LogTables.Query(_server, "SELECT idgoal, revenue, url, idorder, items, revenue_subtotal, revenue_tax, revenue_shipping, revenue_discount FROM log_conversion ORDER BY server_time, idgoal");
        Assert.Equal(5, conversions.Count);
        Assert.Equal(1L, conversions[0]["idgoal"]);
        Assert.Equal(5.0, conversions[0]["revenue"]);
        Assert.Equal("https://shop.example.com/thanks?ref=mail", conversions[0]["url"]);
        Assert.Equal(2L, conversions[1]["idgoal"]);
        Assert.Equal(1.5, conversions[1]["revenue"]);
        Assert.Equal(3L, conversions[2]["idgoal"]);
        Assert.Equal(3.0, conversions[2]["revenue"]);
        Assert.Equal(3L, conversions[3]["idgoal"]);
        Assert.Equal(4.5, conversions[3]["revenue"]);

        // The cart row became the order row: no abandoned cart is left.
        var order = conversions[4];
        Assert.Equal(0L, order["idgoal"]);
        Assert.Equal("A-100", order["idorder"]);
        Assert.Equal(17.46, order["revenue"]);
        Assert.Equal(3L, order["items"]);
        Assert.Equal(13.5, order["revenue_subtotal"]);
        Assert.Equal(2.56, order["revenue_tax"]);
        Assert.Equal(1.4, order["revenue_shipping"]);
        Assert.Equal(0.0, order["revenue_discount"]);

        var items = LogTables.Query(_server,
            "SELECT s.name AS sku, i.idorder, i.price, i.quantity, i.deleted, c.name AS category FROM log_conversion_item i " +
            "JOIN log_action s ON s.idaction = i.idaction_sku LEFT JOIN log_action c ON c.idaction = i.idaction_category ORDER BY s.name");
        Assert.Equal(2, items.Count);
        Assert.Equal("SKU-1", items[0]["sku"]);
        Assert.Equal("A-100", items[0]["idorder"]);
        Assert.Equal(4.5, items[0]["price"]);
        Assert.Equal(3L, items[0]["quantity"]);
        Assert.Equal(0L, items[0]["deleted"]);
        Assert.Equal("Drinks", items[0]["category"]);
        Assert.Equal("SKU-2", items[1]["sku"]);
        Assert.Equal("A-100", items[1]["idorder"]);
        Assert.Equal(1L, items[1]["deleted"]);
        Assert.Equal("Home", items[1]["category"]);

        var visit = Assert.Single(LogTables.Query(_server, "SELECT visit_goal_converted, visit_goal_buyer, visit_total_actions, visitor_seconds_since_order FROM log_visit"));
        Assert.Equal(1L, visit["visit_goal_converted"]);
        Assert.Equal(1L, visit["visit_goal_buyer"]); // ordered
        Assert.Equal(4L, visit["visit_total_actions"]); // the four page views; conversions are not actions
        Assert.Equal(0L, visit["visitor_seconds_since_order"]);
    }

    [Fact]
    public async Task A_cart_after_an_order_is_an_open_cart_of_a_buyer()
    {
        var items = Uri.EscapeDataString("[[\"SKU-9\",\"Pot\",\"Home\",20,1]]");
        Assert.Equal(HttpStatusCode.OK, await Hit($"idgoal=0&ec_id=B-1&ec_items={items}&revenue=20"));
        Assert.Equal(HttpStatusCode.OK, await Hit($"idgoal=0&ec_items={items}&revenue=20"));

        var buyer = LogTables.Scalar(_server, "SELECT visit_goal_buyer FROM log_visit");
        Assert.Equal(3L, buyer); // ordered, then an open cart
        var goals = LogTables.Query(_server, "SELECT idgoal FROM log_conversion ORDER BY idgoal").Select(r => r["idgoal"]).ToList();
        Assert.Equal(new object?[] { -1L, 0L }, goals);
    }

    [Fact]
    public async Task Pageviews_before_a_conversion_count_page_views_but_not_searches_and_carts_have_none()
    {
        Assert.Equal(HttpStatusCode.OK, await Hit("action_name=Home"));
        Assert.Equal(HttpStatusCode.OK, await Hit("url=https%3A%2F%2Fshop.example.com%2Fsearch%3Fq%3Dtea"));
        // The converting page view counts itself: Home and Thanks, not the search between them.
        Assert.Equal(HttpStatusCode.OK, await Hit("url=https%3A%2F%2Fshop.example.com%2Fthanks&action_name=Thanks"));
        Assert.Equal(HttpStatusCode.OK, await Hit("idgoal=3"));
        var items = Uri.EscapeDataString("[[\"SKU-9\",\"Pot\",\"Home\",20,1]]");
        Assert.Equal(HttpStatusCode.OK, await Hit($"idgoal=0&ec_items={items}&revenue=20"));

        var rows = LogTables.Query(_server, "SELECT idgoal, pageviews_before FROM log_conversion ORDER BY idgoal");
        Assert.Equal(new object?[] { -1L, 1L, 3L }, rows.Select(r => r["idgoal"]));
        Assert.Null(rows[0]["pageviews_before"]);
        Assert.Equal(2L, rows[1]["pageviews_before"]);
        Assert.Equal(2L, rows[2]["pageviews_before"]);
    }
}
