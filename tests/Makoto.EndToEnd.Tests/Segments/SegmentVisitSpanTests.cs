using System.Net;
using System.Text.Json;

namespace Makoto.EndToEnd.Tests.Segments;

/// <summary>
/// Action segments on visits whose actions are not all in the day of the visit (Matomo's join: a visit of the
/// day, by its last action time, matches an action condition when any of its actions matches, on whatever day).
/// New visits after midnight are off, so visits can span midnight. Visits of 2026-10-12 (site in UTC):
/// A (Firefox): /section-1/a at 23:50 the day before, /other at 00:10 — its only matching action is the day before.
/// B (Chrome): /other at 00:20, then a hit sent later with cdt 23:55 the day before (/section-1/b): an action
/// before the visit's first action time, on the day before.
/// C (Safari, iPhone): /section-1/c at 12:00. D (Firefox, another address): /other at 13:00.
/// E (Chrome, another address): only a conversion of a manual goal at 14:00 — a visit without actions.
/// Visit of 2026-10-11: F (Firefox, another address): /section-1/f at 12:00.
/// </summary>
public sealed class SegmentVisitSpanTests : IAsyncLifetime
{
    private const string Firefox = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Firefox/128.0";
    private const string Chrome = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36";
    private const string IPhone = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1";
    private const string Page = "https%3A%2F%2Fshop.example.org%2F";

    private TestServer _server = null!;
    private int _idSite;

    public async ValueTask InitializeAsync()
    {
        _server = await TestServer.StartAsync(extraArgs: "--Makoto:Tracker:CreateNewVisitAfterMidnight=false");
        _idSite = await _server.AddSiteAsync("Shop", "https://shop.example.org");
        var goal = await _server.ApiJsonAsync($"method=Goals.addGoal&idSite={_idSite}&name=Signup&matchAttribute=manually&pattern=x&patternType=contains");
        Assert.True(goal.TryGetProperty("value", out _), goal.ToString());

        await Hit(1, Firefox, 11, 23, 50, $"url={Page}section-1/a");
        await Hit(1, Firefox, 12, 0, 10, $"url={Page}other");

        await Hit(2, Chrome, 12, 0, 20, $"url={Page}other");
        await Hit(2, Chrome, 11, 23, 55, $"url={Page}section-1/b");

        await Hit(3, IPhone, 12, 12, 0, $"url={Page}section-1/c");
        await Hit(4, Firefox, 12, 13, 0, $"url={Page}other");
        await Hit(5, Chrome, 12, 14, 0, "idgoal=1");
        await Hit(6, Firefox, 11, 12, 0, $"url={Page}section-1/f");
    }

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    private async Task Hit(int visitor, string userAgent, int day, int hour, int minute, string query)
    {
        var cdt = new DateTimeOffset(2026, 10, day, hour, minute, 0, TimeSpan.Zero).ToUnixTimeSeconds();
        var status = await _server.TrackAsync(
            $"idsite={_idSite}&rec=1&_id={visitor:x16}&cip=10.71.0.{visitor}&token_auth={TestServer.Token}"
            + $"&ua={Uri.EscapeDataString(userAgent)}&cdt={cdt}&{query}");
        Assert.Equal(HttpStatusCode.OK, status);
    }

    private async Task<int> Visits(string day, string? segment)
    {
        var query = $"method=VisitsSummary.get&idSite={_idSite}&period=day&date={day}";
        if (segment is not null)
        {
            query += $"&segment={Uri.EscapeDataString(segment)}";
        }

        var summary = await _server.ApiJsonAsync(query);
        Assert.False(summary.ValueKind == JsonValueKind.Object && summary.TryGetProperty("result", out _), summary.ToString());
        return summary.ValueKind == JsonValueKind.Array ? 0 : summary.GetProperty("nb_visits").GetInt32();
    }

    [Fact]
    public async Task The_visits_are_where_their_last_action_is()
    {
        Assert.Equal(5, await Visits("2026-10-12", null)); // A, B, C, D, E
        Assert.Equal(1, await Visits("2026-10-11", null)); // F
    }

    [Fact]
    public async Task An_action_condition_matches_actions_of_the_day_before()
    {
        Assert.Equal(3, await Visits("2026-10-12", "pageUrl=@section-1/")); // A, B, C
        Assert.Equal(1, await Visits("2026-10-11", "pageUrl=@section-1/")); // F
        Assert.Equal(0, await Visits("2026-10-12", "pageUrl=@section-1/;pageUrl=@other")); // both on one action: none
        Assert.Equal(1, await Visits("2026-10-12", "pageUrl==shop.example.org/section-1/b")); // B
    }

    [Fact]
    public async Task An_empty_action_condition_matches_the_visit_without_actions()
    {
        // "is null or empty" is true on the missing action row of a visit without actions, and on no page view.
        Assert.Equal(1, await Visits("2026-10-12", "pageUrl==")); // E
    }

    [Fact]
    public async Task A_negated_action_condition_keeps_visits_none_of_whose_actions_match()
    {
        Assert.Equal(2, await Visits("2026-10-12", "pageUrl!@section-1/")); // D, E
        Assert.Equal(0, await Visits("2026-10-11", "pageUrl!@section-1/"));
        Assert.Equal(4, await Visits("2026-10-12", "pageUrl!=shop.example.org/section-1/b")); // A, C, D, E
    }

    [Fact]
    public async Task Action_and_visit_conditions_mixed()
    {
        Assert.Equal(1, await Visits("2026-10-12", "pageUrl=@section-1/;browserCode==FF")); // A
        Assert.Equal(4, await Visits("2026-10-12", "pageUrl=@section-1/,browserCode==FF")); // A, B, C, D
        Assert.Equal(4, await Visits("2026-10-12", "pageUrl=@section-1/,browserCode==CH")); // A, B, C, E
        Assert.Equal(1, await Visits("2026-10-12", "pageUrl!@section-1/;browserCode==FF")); // D
        Assert.Equal(3, await Visits("2026-10-12", "pageUrl!@section-1/,browserCode==FF")); // A, D, E
        Assert.Equal(2, await Visits("2026-10-12", "pageUrl=@section-1/;browserCode==CH,browserCode==FF")); // A, B
    }
}
