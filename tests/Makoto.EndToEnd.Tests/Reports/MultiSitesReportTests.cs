using System.Globalization;
using System.Net;
using System.Text.Json;

namespace Makoto.EndToEnd.Tests.Reports;

/// <summary>
/// MultiSites over HTTP, with three sites (UTC):
/// <list type="bullet">
/// <item>Shop (ecommerce, goal "thanks page", revenue 10): on Sunday 2026-10-11 two visits, one reaching
/// /thanks; on Monday 2026-10-12 three visits, one reaching /thanks and one ordering for 30.</item>
/// <item>Blog: one visit of one page on Sunday, one visit of two pages on Monday.</item>
/// <item>Empty: no visits.</item>
/// </list>
/// Monday is compared with Sunday; the numbers are worked out by hand. Page views come from the Actions
/// records, so they are not asserted here.
/// </summary>
public sealed class MultiSitesReportTests : IAsyncLifetime
{
    private const string Monday = "2026-10-12";
    private TestServer _server = null!;
    private int _shop;
    private int _blog;
    private int _empty;

    public async ValueTask InitializeAsync()
    {
        _server = await TestServer.StartAsync();
        _shop = await _server.AddSiteAsync("Shop", "https://shop.example.org", extra: "&ecommerce=1");
        _blog = await _server.AddSiteAsync("Blog", "https://blog.example.org");
        _empty = await _server.AddSiteAsync("Empty", "https://empty.example.org");
        var goal = await _server.ApiJsonAsync($"method=Goals.addGoal&idSite={_shop}&name=Thanks&matchAttribute=url&pattern=%2Fthanks&patternType=contains&revenue=10");
        Assert.True(goal.TryGetProperty("value", out _), goal.ToString());

        await Hit(_shop, 1, "2026-10-11T09:00:00", "/home");
        await Hit(_shop, 2, "2026-10-11T10:00:00", "/home");
        await Hit(_shop, 2, "2026-10-11T10:01:00", "/thanks");

        await Hit(_shop, 3, "2026-10-12T09:00:00", "/home");
        await Hit(_shop, 4, "2026-10-12T10:00:00", "/home");
        await Hit(_shop, 4, "2026-10-12T10:01:00", "/thanks");
        await Hit(_shop, 5, "2026-10-12T11:00:00", "/home");
        await Hit(_shop, 5, "2026-10-12T11:01:00", null, "idgoal=0&ec_id=O-1&revenue=30&ec_items=" + Uri.EscapeDataString("[[\"KET\",\"Kettle\",\"Kitchen\",30,1]]"));

        await Hit(_blog, 6, "2026-10-11T12:00:00", "/a");
        await Hit(_blog, 7, "2026-10-12T12:00:00", "/a");
        await Hit(_blog, 7, "2026-10-12T12:01:00", "/b");
    }

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    private async Task Hit(int idSite, int visitor, string utc, string? path, string extra = "")
    {
        var cdt = new DateTimeOffset(DateTime.Parse(utc, CultureInfo.InvariantCulture), TimeSpan.Zero).ToUnixTimeSeconds();
        var host = idSite == _shop ? "shop" : "blog";
        var url = Uri.EscapeDataString($"https://{host}.example.org{path ?? "/"}");
        var query = $"idsite={idSite}&rec=1&_id={visitor:x16}&cip=10.8.0.{visitor}&token_auth={TestServer.Token}&cdt={cdt}&url={url}";
        query += path is null ? "&" + extra : $"&action_name={Uri.EscapeDataString(path)}";
        Assert.Equal(HttpStatusCode.OK, await _server.TrackAsync(query));
    }

    private static double Number(JsonElement row, string column) => row.GetProperty(column).GetDouble();

    private async Task<Dictionary<string, JsonElement>> All(string query)
    {
        var rows = await _server.ApiJsonAsync($"method=MultiSites.getAll&format_metrics=0&filter_limit=-1&{query}");
        return rows.EnumerateArray().ToDictionary(r => r.GetProperty("label").GetString()!);
    }

    [Fact]
    public async Task All_sites_with_visits_and_their_evolution()
    {
        var rows = await All($"period=day&date={Monday}");
        Assert.Equal(["Blog", "Shop"], rows.Keys.Order(StringComparer.Ordinal)); // Empty has no visits

        var shop = rows["Shop"];
        Assert.Equal(3, Number(shop, "nb_visits"));
        Assert.Equal(40, Number(shop, "revenue")); // goal 10 + order 30
        Assert.Equal(0.5, Number(shop, "visits_evolution")); // 3 against 2
        Assert.Equal(3, Number(shop, "revenue_evolution")); // 40 against 10
        Assert.Equal(_shop, shop.GetProperty("idsite").GetInt32());
        Assert.Equal("https://shop.example.org", shop.GetProperty("main_url").GetString());
        Assert.True(shop.TryGetProperty("nb_pageviews", out _));
        Assert.False(shop.TryGetProperty("orders", out _)); // only with enhanced=1

        var blog = rows["Blog"];
        Assert.Equal(1, Number(blog, "nb_visits"));
        Assert.Equal(2, Number(blog, "nb_actions"));
        Assert.Equal(0, Number(blog, "visits_evolution")); // 1 against 1
        Assert.Equal(1, Number(blog, "actions_evolution")); // 2 against 1
        Assert.Equal(0, Number(blog, "revenue"));
        Assert.Equal(0, Number(blog, "revenue_evolution"));
    }

    [Fact]
    public async Task Enhanced_adds_conversions_and_ecommerce_and_keeps_sites_without_visits()
    {
        var rows = await All($"period=day&date={Monday}&enhanced=1");
        Assert.Equal(["Blog", "Empty", "Shop"], rows.Keys.Order(StringComparer.Ordinal));

        var shop = rows["Shop"];
        Assert.Equal(2, Number(shop, "nb_conversions"));
        Assert.Equal(1, Number(shop, "orders"));
        Assert.Equal(30, Number(shop, "ecommerce_revenue"));
        Assert.Equal(1, Number(shop, "nb_conversions_evolution")); // 2 against 1
        Assert.Equal(1, Number(shop, "orders_evolution")); // from none: 100 %

        // The blog sells nothing: no ecommerce columns at all.
        Assert.False(rows["Blog"].TryGetProperty("orders", out _));
        Assert.False(rows["Blog"].TryGetProperty("ecommerce_revenue_evolution", out _));
        Assert.Equal(0, Number(rows["Empty"], "nb_visits"));
    }

    [Fact]
    public async Task Evolutions_are_percents_and_sites_come_by_visits()
    {
        var rows = await _server.ApiJsonAsync($"method=MultiSites.getAll&period=day&date={Monday}&filter_limit=-1");
        Assert.Equal(["Shop", "Blog"], rows.EnumerateArray().Select(r => r.GetProperty("label").GetString()));
        Assert.Equal("50%", rows[0].GetProperty("visits_evolution").GetString());
        Assert.Equal("300%", rows[0].GetProperty("revenue_evolution").GetString());
        Assert.Equal("0%", rows[1].GetProperty("visits_evolution").GetString());
    }

    [Fact]
    public async Task One_site_and_patterns()
    {
        var one = await _server.ApiJsonAsync($"method=MultiSites.getOne&idSite={_shop}&period=day&date={Monday}&format_metrics=0");
        Assert.Equal(3, Number(one, "nb_visits"));
        Assert.Equal(0.5, Number(one, "visits_evolution"));
        Assert.False(one.TryGetProperty("label", out _));

        var matched = await All($"period=day&date={Monday}&pattern=blog");
        Assert.Equal(["Blog"], matched.Keys);
    }

    [Fact]
    public async Task Ranges_and_last_periods_have_no_evolution()
    {
        var range = await All("period=range&date=2026-10-11,2026-10-12");
        Assert.Equal(5, Number(range["Shop"], "nb_visits"));
        Assert.False(range["Shop"].TryGetProperty("visits_evolution", out _));

        var days = await _server.ApiJsonAsync("method=MultiSites.getAll&format_metrics=0&period=day&date=2026-10-11,2026-10-12");
        var monday = days.GetProperty(Monday).EnumerateArray().Single(r => r.GetProperty("label").GetString() == "Shop");
        Assert.Equal(0.5, Number(monday, "visits_evolution"));
    }
}
