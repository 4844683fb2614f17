using System.Net;
using System.Text.Json;

namespace Makoto.EndToEnd.Tests.Reports;

/// <summary>
/// Events reports over HTTP. Monday 2026-10-12: visitor 1 plays and pauses "Intro" (pauses with values
/// 12.5 and 7.25), visitor 2 plays "Intro", plays without a name and submits "contact" (value 3).
/// Tuesday: visitor 3 plays without a name and pauses "Intro" (value 20); visitor 4 submits a form with
/// the name "0", which Matomo treats as no name. Expected rows worked out by hand from Matomo's rules:
/// one SQL group per (category, action, name), groups added most visits first, then by name.
/// </summary>
public sealed class EventsReportTests : IAsyncLifetime
{
    private const string Monday = "2026-10-12";
    private const string Tuesday = "2026-10-13";
    private TestServer _server = null!;
    private int _idSite;

    public async ValueTask InitializeAsync()
    {
        _server = await TestServer.StartAsync();
        _idSite = await _server.AddSiteAsync("Events", "https://events.example.org");
        await Hits(1, Monday, "", "e_c=Video&e_a=Play&e_n=Intro", "e_c=Video&e_a=Pause&e_n=Intro&e_v=12.5", "e_c=Video&e_a=Pause&e_n=Intro&e_v=7.25");
        await Hits(2, Monday, "e_c=Video&e_a=Play&e_n=Intro", "e_c=Video&e_a=Play", "e_c=Form&e_a=Submit&e_n=contact&e_v=3");
        await Hits(3, Tuesday, "e_c=Video&e_a=Play", "e_c=Video&e_a=Pause&e_n=Intro&e_v=20");
        await Hits(4, Tuesday, "e_c=Form&e_a=Submit&e_n=0");
    }

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    /// <summary>One visit: each hit a minute after the previous one (an empty one is a page view).</summary>
    private async Task Hits(int visitor, string day, params string[] hits)
    {
        var start = DateTimeOffset.Parse(day + "T09:00:00Z", System.Globalization.CultureInfo.InvariantCulture).AddHours(visitor);
        for (var i = 0; i < hits.Length; i++)
        {
            var cdt = start.AddMinutes(i).ToUnixTimeSeconds();
            var status = await _server.TrackAsync(
                $"idsite={_idSite}&rec=1&_id={visitor:x16}&cip=10.1.0.{visitor}&token_auth={TestServer.Token}&cdt={cdt}" +
                $"&url=https%3A%2F%2Fevents.example.org%2Fwatch&{hits[i]}");
            Assert.Equal(HttpStatusCode.OK, status);
        }
    }

    private async Task<JsonElement> Api(string method, string period, string date, string extra = "") =>
        await _server.ApiJsonAsync($"method=Events.{method}&idSite={_idSite}&period={period}&date={date}&filter_limit=-1{extra}");

    private static Dictionary<string, JsonElement> ByLabel(JsonElement rows) =>
        rows.EnumerateArray().ToDictionary(r => r.GetProperty("label").GetString()!);

    [Fact]
    public async Task Categories_sum_their_groups_and_keep_sql_types_for_a_single_group()
    {
        var rows = ByLabel(await Api("getCategory", "day", Monday));
        Assert.Equal(["Form", "Video"], rows.Keys.Order(StringComparer.Ordinal));

        // Video: three groups (Play/Intro 2 visits, Play/no name 1, Pause/Intro 1) summed into numbers.
        var video = rows["Video"];
        Assert.Equal(4, video.GetProperty("nb_visits").GetInt32());
        Assert.Equal(4, video.GetProperty("nb_uniq_visitors").GetInt32());
        Assert.Equal(5, video.GetProperty("nb_events").GetInt32());
        Assert.Equal(2, video.GetProperty("nb_events_with_value").GetInt32());
        Assert.Equal(19.75, video.GetProperty("sum_event_value").GetDouble());
        Assert.Equal(7.25, video.GetProperty("min_event_value").GetDouble()); // the groups without value (0) do not count
        Assert.Equal(12.5, video.GetProperty("max_event_value").GetDouble());
        Assert.Equal(9.88, video.GetProperty("avg_event_value").GetDouble()); // 19.75 / 2, two decimals
        Assert.Equal("eventCategory==Video", video.GetProperty("segment").GetString());
        Assert.Equal(1, video.GetProperty("idsubdatatable").GetInt32()); // first group seen

        // Form: one group, so the ranking query's sums stay decimal texts and the distinct count a number.
        var form = rows["Form"];
        Assert.Equal("1", form.GetProperty("nb_visits").GetString());
        Assert.Equal("1", form.GetProperty("nb_events").GetString());
        Assert.Equal("1", form.GetProperty("nb_events_with_value").GetString());
        Assert.Equal(JsonValueKind.Number, form.GetProperty("nb_uniq_visitors").ValueKind);
        Assert.Equal(3, form.GetProperty("sum_event_value").GetDouble());
        Assert.Equal(3, form.GetProperty("avg_event_value").GetDouble());
        Assert.Equal(2, form.GetProperty("idsubdatatable").GetInt32());

        // Sorted by visits.
        var ordered = (await Api("getCategory", "day", Monday)).EnumerateArray().Select(r => r.GetProperty("label").GetString());
        Assert.Equal(["Video", "Form"], ordered);
    }

    [Fact]
    public async Task Subtables_hold_the_secondary_dimension()
    {
        var actions = ByLabel(await Api("getActionFromCategoryId", "day", Monday, "&idSubtable=1"));
        Assert.Equal(["Pause", "Play"], actions.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(3, actions["Play"].GetProperty("nb_visits").GetInt32()); // Play/Intro + Play without name
        Assert.Equal("2", actions["Pause"].GetProperty("nb_events").GetString());
        Assert.Equal("eventAction==Play", actions["Play"].GetProperty("segment").GetString());

        // With eventName as secondary dimension, events without a name have no subtable row.
        var categories = ByLabel(await Api("getCategory", "day", Monday, "&secondaryDimension=eventName"));
        var names = ByLabel(await Api("getNameFromCategoryId", "day", Monday, "&idSubtable=" + categories["Video"].GetProperty("idsubdatatable").GetInt32()));
        var intro = Assert.Single(names).Value;
        Assert.Equal(4, intro.GetProperty("nb_events").GetInt32()); // two plays and two pauses
        Assert.Equal("eventName==Intro", intro.GetProperty("segment").GetString());
    }

    [Fact]
    public async Task Events_without_name_and_named_0_share_the_not_defined_row()
    {
        var rows = ByLabel(await Api("getName", "day", Tuesday));
        Assert.Equal(["Event Name not defined", "Intro"], rows.Keys.Order(StringComparer.Ordinal));
        var notSet = rows["Event Name not defined"];
        Assert.Equal(2, notSet.GetProperty("nb_visits").GetInt32()); // Play without name + Submit named "0"
        Assert.False(notSet.TryGetProperty("segment", out _));
        Assert.Equal("eventName==Intro", rows["Intro"].GetProperty("segment").GetString());

        var actions = ByLabel(await Api("getActionFromNameId", "day", Tuesday, "&idSubtable=" + notSet.GetProperty("idsubdatatable").GetInt32()));
        Assert.Equal(["Play", "Submit"], actions.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_week_merges_the_days_with_min_max_as_matomo_does()
    {
        var categories = ByLabel(await Api("getCategory", "week", Monday));
        var video = categories["Video"];
        Assert.Equal(6, video.GetProperty("nb_visits").GetInt32());
        Assert.Equal(7, video.GetProperty("nb_events").GetInt32());
        Assert.Equal(3, video.GetProperty("nb_events_with_value").GetInt32());
        Assert.Equal(39.75, video.GetProperty("sum_event_value").GetDouble());
        Assert.Equal(7.25, video.GetProperty("min_event_value").GetDouble());
        Assert.Equal(20, video.GetProperty("max_event_value").GetDouble());
        Assert.Equal(6, video.GetProperty("sum_daily_nb_uniq_visitors").GetInt32());
        Assert.False(video.TryGetProperty("nb_uniq_visitors", out _));

        // Form: Monday's value 3 and Tuesday's valueless event; the zero is no minimum.
        var form = categories["Form"];
        Assert.Equal(2, form.GetProperty("nb_visits").GetInt32());
        Assert.Equal(3, form.GetProperty("min_event_value").GetDouble());
        Assert.Equal(3, form.GetProperty("max_event_value").GetDouble());

        // No day had a value for unnamed events: Matomo's merged maximum is false, its minimum 0.
        var notSet = ByLabel(await Api("getName", "week", Monday))["Event Name not defined"];
        Assert.Equal(3, notSet.GetProperty("nb_visits").GetInt32());
        Assert.Equal(JsonValueKind.False, notSet.GetProperty("max_event_value").ValueKind);
        Assert.Equal(0, notSet.GetProperty("min_event_value").GetDouble());
        Assert.Equal(0, notSet.GetProperty("avg_event_value").GetDouble());
    }

    [Fact]
    public async Task Flat_rows_join_the_labels_and_name_events_without_a_name()
    {
        var rows = ByLabel(await Api("getName", "day", Tuesday, "&flat=1"));
        Assert.Equal(["Event Name not defined - Play", "Event Name not defined - Submit", "Intro - Pause"], rows.Keys.Order(StringComparer.Ordinal));
        var play = rows["Event Name not defined - Play"];
        Assert.Equal("Event Name not defined", play.GetProperty("Events_EventName").GetString());
        Assert.Equal("Play", play.GetProperty("Events_EventAction").GetString());
        Assert.False(play.TryGetProperty("segment", out _));
    }

    [Fact]
    public async Task A_secondary_dimension_the_report_does_not_have_is_an_error()
    {
        var error = await Api("getCategory", "day", Monday, "&secondaryDimension=eventCategory");
        Assert.Equal("error", error.GetProperty("result").GetString());
        Assert.Equal(
            "Secondary dimension 'eventCategory' is not valid for the API getCategory. Use one of: eventAction, eventName",
            error.GetProperty("message").GetString());

        var missing = await Api("getActionFromCategoryId", "day", Monday);
        Assert.Equal("Please specify a value for 'idSubtable'.", missing.GetProperty("message").GetString());
    }
}
