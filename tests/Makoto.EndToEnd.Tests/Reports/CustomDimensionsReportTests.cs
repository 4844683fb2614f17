using System.Net;
using System.Text.Json;

namespace Makoto.EndToEnd.Tests.Reports;

/// <summary>
/// CustomDimensions.getCustomDimension over HTTP, one day, a visit-scope dimension 1 ("Plan") and an
/// action-scope dimension 2 ("Section"). Visitor 1: /a (Plan gold, Section news), a minute later /b
/// (sport), two minutes later /a (news), then converts the manual goal (revenue 5). Visitor 2: one page
/// /a (Plan "Gold", Section news). Visitor 3: one page /c with an empty Section. Expected rows worked out
/// by hand from Matomo's rules (values grouped case-insensitively as MySQL groups them; the time spent
/// on an action is the time until the visit's next action; the exit is the visit's last action).
/// </summary>
public sealed class CustomDimensionsReportTests : IAsyncLifetime
{
    private const string Day = "2026-10-12";
    private TestServer _server = null!;
    private int _idSite;

    public async ValueTask InitializeAsync()
    {
        _server = await TestServer.StartAsync();
        _idSite = await _server.AddSiteAsync("Dimensions", "https://cd.example.org");
        await Configure("name=Plan&scope=visit&active=1");
        await Configure("name=Section&scope=action&active=1");
        await Configure("name=Unused&scope=visit&active=0");
        await _server.ApiJsonAsync($"method=Goals.addGoal&idSite={_idSite}&name=Signup&matchAttribute=manually&pattern=manually&patternType=contains&revenue=5");

        await Hit(1, 0, "url=https%3A%2F%2Fcd.example.org%2Fa&dimension1=gold&dimension2=news");
        await Hit(1, 60, "url=https%3A%2F%2Fcd.example.org%2Fb&dimension2=sport");
        await Hit(1, 180, "url=https%3A%2F%2Fcd.example.org%2Fa&dimension2=news");
        await Hit(1, 240, "idgoal=1");
        await Hit(2, 0, "url=https%3A%2F%2Fcd.example.org%2Fa&dimension1=Gold&dimension2=news");
        await Hit(3, 0, "url=https%3A%2F%2Fcd.example.org%2Fc&dimension2=");
    }

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    private async Task Configure(string query)
    {
        var result = await _server.ApiJsonAsync($"method=CustomDimensions.configureNewCustomDimension&idSite={_idSite}&{query}");
        Assert.True(result.TryGetProperty("value", out _), result.ToString());
    }

    private async Task Hit(int visitor, int seconds, string query)
    {
        var cdt = new DateTimeOffset(2026, 10, 12, 9 + visitor, 0, 0, TimeSpan.Zero).AddSeconds(seconds).ToUnixTimeSeconds();
        var status = await _server.TrackAsync(
            $"idsite={_idSite}&rec=1&_id={visitor:x16}&cip=10.3.0.{visitor}&token_auth={TestServer.Token}&cdt={cdt}&{query}");
        Assert.Equal(HttpStatusCode.OK, status);
    }

    private async Task<JsonElement> Report(int idDimension, string period = "day", string extra = "") =>
        await _server.ApiJsonAsync($"method=CustomDimensions.getCustomDimension&idDimension={idDimension}&idSite={_idSite}&period={period}&date={Day}&filter_limit=-1{extra}");

    private static Dictionary<string, JsonElement> ByLabel(JsonElement rows) =>
        rows.EnumerateArray().ToDictionary(r => r.GetProperty("label").GetString()!);

    [Fact]
    public async Task A_visit_scope_dimension_reports_visits_and_goals_by_value()
    {
        var rows = ByLabel(await Report(1));
        var gold = Assert.Single(rows).Value; // "gold" and "Gold" are one group; visitor 3 has no value
        Assert.Equal("gold", rows.Keys.Single());

        // One SQL group through Matomo's ranking query: sums as decimal texts, the maximum a number.
        Assert.Equal("2", gold.GetProperty("nb_visits").GetString());
        Assert.Equal("4", gold.GetProperty("nb_actions").GetString());
        Assert.Equal(3, gold.GetProperty("max_actions").GetInt32());
        Assert.Equal("1", gold.GetProperty("bounce_count").GetString());
        Assert.Equal("1", gold.GetProperty("nb_visits_converted").GetString());
        Assert.False(gold.TryGetProperty("nb_users", out _)); // no User ID in the period

        var goal = gold.GetProperty("goals").GetProperty("idgoal=1");
        Assert.Equal(1, goal.GetProperty("nb_conversions").GetInt32());
        Assert.Equal(5, goal.GetProperty("revenue").GetDouble());
        Assert.Equal(1, gold.GetProperty("nb_conversions").GetInt32());
        Assert.Equal(5, gold.GetProperty("revenue").GetDouble());

        Assert.Equal(2, gold.GetProperty("nb_actions_per_visit").GetDouble());
        Assert.Equal("50%", gold.GetProperty("bounce_rate").GetString());
        Assert.Equal("dimension1==gold", gold.GetProperty("segment").GetString());
    }

    [Fact]
    public async Task An_action_scope_dimension_reports_actions_by_value_with_page_urls()
    {
        var rows = ByLabel(await Report(2));
        Assert.Equal(["news", "sport", "Value not defined"], rows.Keys.Order(StringComparer.OrdinalIgnoreCase));

        // news: visitor 1's first and third page, visitor 2's page.
        var news = rows["news"];
        Assert.Equal(3, news.GetProperty("nb_hits").GetInt32());
        Assert.Equal(2, news.GetProperty("nb_visits").GetInt32());
        Assert.Equal(60, news.GetProperty("sum_time_spent").GetInt32()); // /a until /b; the other two were last
        Assert.Equal(1, news.GetProperty("bounce_count").GetInt32()); // visitor 2's one-page visit
        Assert.Equal(2, news.GetProperty("exit_nb_visits").GetInt32());
        Assert.Equal(0, news.GetProperty("nb_hits_with_time_network").GetInt32());
        Assert.Equal(20, news.GetProperty("avg_time_on_dimension").GetInt32());
        Assert.Equal("50%", news.GetProperty("bounce_rate").GetString());
        Assert.Equal("100%", news.GetProperty("exit_rate").GetString());
        Assert.Equal("dimension2==news", news.GetProperty("segment").GetString());

        var sport = rows["sport"];
        Assert.Equal(120, sport.GetProperty("sum_time_spent").GetInt32());
        Assert.Equal(0, sport.GetProperty("exit_nb_visits").GetInt32());
        Assert.Equal("0%", sport.GetProperty("exit_rate").GetString());

        var empty = rows["Value not defined"];
        Assert.Equal("dimension2==", empty.GetProperty("segment").GetString());
        Assert.Equal("100%", empty.GetProperty("bounce_rate").GetString());

        var urls = ByLabel(await Report(2, extra: "&idSubtable=" + news.GetProperty("idsubdatatable").GetInt32()));
        var page = Assert.Single(urls);
        Assert.Equal("cd.example.org/a", page.Key);
        Assert.Equal(3, page.Value.GetProperty("nb_hits").GetInt32());
        Assert.Equal("dimension2==news;actionUrl=$cd.example.org%2Fa", page.Value.GetProperty("segment").GetString());
        Assert.Equal("cd.example.org%2Fa", page.Value.GetProperty("url").GetString());
    }

    [Fact]
    public async Task A_week_merges_the_days()
    {
        var news = ByLabel(await Report(2, "week"))["news"];
        Assert.Equal(3, news.GetProperty("nb_hits").GetInt32());
        Assert.Equal(2, news.GetProperty("sum_daily_nb_uniq_visitors").GetInt32());
        var gold = ByLabel(await Report(1, "week"))["gold"];
        Assert.Equal(2, gold.GetProperty("nb_visits").GetInt32());
        Assert.Equal(1, gold.GetProperty("nb_conversions").GetInt32());
    }

    [Fact]
    public async Task Unknown_and_inactive_dimensions_are_errors()
    {
        Assert.Equal($"Dimension 9 for website {_idSite} does not exist.", (await Report(9)).GetProperty("message").GetString());
        Assert.Equal($"Dimension 3 for website {_idSite} is not active.", (await Report(3)).GetProperty("message").GetString());
        var missing = await _server.ApiJsonAsync($"method=CustomDimensions.getCustomDimension&idSite={_idSite}&period=day&date={Day}");
        Assert.Equal("Please specify a value for 'idDimension'.", missing.GetProperty("message").GetString());
    }
}
