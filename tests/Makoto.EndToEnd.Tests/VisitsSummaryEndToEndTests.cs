using System.Globalization;
using System.Net;
using System.Text.Json;

namespace Makoto.EndToEnd.Tests;

/// <summary>
/// The whole flow over real HTTP: a site created through the API, hits for two visitors (one back
/// after 31 minutes, so three visits) and a third visitor just before local midnight, then
/// VisitsSummary.get for the day, the week and a lastN query against numbers worked out by hand.
/// </summary>
public sealed class VisitsSummaryEndToEndTests : IAsyncLifetime
{
    private const string Timezone = "America/New_York";
    private TestServer _server = null!;
    private int _idSite;
    private DateOnly _day;

    public async ValueTask InitializeAsync()
    {
        _server = await TestServer.StartAsync();
        _idSite = await _server.AddSiteAsync("E2E shop", "https://shop.example.com", Timezone);

        var zone = TimeZoneInfo.FindSystemTimeZoneById(Timezone);
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(DateTime.UtcNow, zone));
        _day = today.AddDays(-3);

        // Visitor A: one visit of three page views, 10:00:00, 10:02:00, 10:05:30 local time.
        await Hit("aaaaaaaaaaaaaaaa", _day, new TimeOnly(10, 0, 0), "/home", zone);
        await Hit("aaaaaaaaaaaaaaaa", _day, new TimeOnly(10, 2, 0), "/about", zone);
        await Hit("aaaaaaaaaaaaaaaa", _day, new TimeOnly(10, 5, 30), "/contact", zone);

        // Visitor B: a one-page visit at 11:00, back 31 minutes later for a two-page visit.
        await Hit("bbbbbbbbbbbbbbbb", _day, new TimeOnly(11, 0, 0), "/home", zone);
        await Hit("bbbbbbbbbbbbbbbb", _day, new TimeOnly(11, 31, 0), "/home", zone);
        await Hit("bbbbbbbbbbbbbbbb", _day, new TimeOnly(11, 33, 0), "/pricing", zone);

        // Visitor C: 23:50 local on the previous day, which is already the next day in UTC.
        await Hit("cccccccccccccccc", _day.AddDays(-1), new TimeOnly(23, 50, 0), "/home", zone);
    }

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    private async Task Hit(string visitor, DateOnly day, TimeOnly time, string path, TimeZoneInfo zone)
    {
        var utc = TimeZoneInfo.ConvertTimeToUtc(day.ToDateTime(time), zone);
        var cdt = new DateTimeOffset(utc, TimeSpan.Zero).ToUnixTimeSeconds();
        var status = await _server.TrackAsync(
            $"idsite={_idSite}&rec=1&_id={visitor}&url={Uri.EscapeDataString("https://shop.example.com" + path)}&action_name={Uri.EscapeDataString(path)}" +
            $"&cdt={cdt}&cip=203.0.113.{visitor[0] - 'a' + 1}&token_auth={TestServer.Token}&ua=Mozilla%2F5.0");
        Assert.Equal(HttpStatusCode.OK, status);
    }

    private static string Key(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    [Fact]
    public async Task Day_summary_equals_the_hand_computed_values()
    {
        var summary = await _server.ApiJsonAsync($"method=VisitsSummary.get&idSite={_idSite}&period=day&date={Key(_day)}");

        // Visits: A (3 actions, 1 + 330 s), B1 (1 action, bounce, 0 s), B2 (2 actions, 1 + 120 s).
        Assert.Equal(2, summary.GetProperty("nb_uniq_visitors").GetInt32());
        Assert.Equal(0, summary.GetProperty("nb_users").GetInt32());
        Assert.Equal(3, summary.GetProperty("nb_visits").GetInt32());
        Assert.Equal(6, summary.GetProperty("nb_actions").GetInt32());
        Assert.Equal(0, summary.GetProperty("nb_visits_converted").GetInt32());
        Assert.Equal(1, summary.GetProperty("bounce_count").GetInt32());
        Assert.Equal(452, summary.GetProperty("sum_visit_length").GetInt32());
        Assert.Equal(3, summary.GetProperty("max_actions").GetInt32());
        Assert.Equal("33%", summary.GetProperty("bounce_rate").GetString());
        Assert.Equal(2, summary.GetProperty("nb_actions_per_visit").GetDouble());
        Assert.Equal(151, summary.GetProperty("avg_time_on_site").GetInt32()); // 452 / 3 = 150.67
    }

    [Fact]
    public async Task The_visit_before_local_midnight_belongs_to_the_previous_local_day()
    {
        var summary = await _server.ApiJsonAsync($"method=VisitsSummary.get&idSite={_idSite}&period=day&date={Key(_day.AddDays(-1))}");
        Assert.Equal(1, summary.GetProperty("nb_visits").GetInt32());
        Assert.Equal(1, summary.GetProperty("bounce_count").GetInt32());
        Assert.Equal("100%", summary.GetProperty("bounce_rate").GetString());
    }

    [Fact]
    public async Task Week_summary_merges_its_days()
    {
        var summary = await _server.ApiJsonAsync($"method=VisitsSummary.get&idSite={_idSite}&period=week&date={Key(_day)}");
        var weekIncludesPreviousDay = _day.DayOfWeek != DayOfWeek.Monday;
        if (weekIncludesPreviousDay)
        {
            // Day D plus visitor C: 4 visits, 3 visitors, 7 actions, 2 bounces, 452 s.
            Assert.Equal(4, summary.GetProperty("nb_visits").GetInt32());
            Assert.Equal(3, summary.GetProperty("nb_uniq_visitors").GetInt32());
            Assert.Equal(7, summary.GetProperty("nb_actions").GetInt32());
            Assert.Equal(2, summary.GetProperty("bounce_count").GetInt32());
            Assert.Equal("50%", summary.GetProperty("bounce_rate").GetString());
            Assert.Equal(1.8, summary.GetProperty("nb_actions_per_visit").GetDouble()); // 7 / 4 = 1.75
            Assert.Equal(113, summary.GetProperty("avg_time_on_site").GetInt32());
        }
        else
        {
            Assert.Equal(3, summary.GetProperty("nb_visits").GetInt32());
            Assert.Equal(2, summary.GetProperty("nb_uniq_visitors").GetInt32());
            Assert.Equal(6, summary.GetProperty("nb_actions").GetInt32());
        }

        Assert.Equal(452, summary.GetProperty("sum_visit_length").GetInt32());
        Assert.Equal(3, summary.GetProperty("max_actions").GetInt32());
    }

    [Fact]
    public async Task LastN_returns_one_entry_per_day_with_empty_days_as_empty_arrays()
    {
        var result = await _server.ApiJsonAsync($"method=VisitsSummary.get&idSite={_idSite}&period=day&date=last5");
        var keys = result.EnumerateObject().Select(p => p.Name).ToList();
        var today = _day.AddDays(3);
        Assert.Equal(Enumerable.Range(0, 5).Select(i => Key(today.AddDays(i - 4))), keys);

        Assert.Equal(1, result.GetProperty(Key(_day.AddDays(-1))).GetProperty("nb_visits").GetInt32());
        Assert.Equal(3, result.GetProperty(Key(_day)).GetProperty("nb_visits").GetInt32());
        foreach (var empty in new[] { _day.AddDays(1), _day.AddDays(2), _day.AddDays(3) })
        {
            Assert.Equal(JsonValueKind.Array, result.GetProperty(Key(empty)).ValueKind);
            Assert.Equal(0, result.GetProperty(Key(empty)).GetArrayLength());
        }
    }

    [Fact]
    public async Task Range_summary_counts_unique_visitors_unlike_matomo()
    {
        // Matomo leaves unique visitors out of ranges; Makoto merges the days' distinct counters:
        // C on the first day, A and B on the second.
        var range = $"{Key(_day.AddDays(-1))},{Key(_day)}";
        var summary = await _server.ApiJsonAsync($"method=VisitsSummary.get&idSite={_idSite}&period=range&date={range}");
        Assert.Equal(4, summary.GetProperty("nb_visits").GetInt32());
        Assert.Equal(3, summary.GetProperty("nb_uniq_visitors").GetInt32());
        Assert.Equal(0, summary.GetProperty("nb_users").GetInt32());
    }

    [Fact]
    public async Task Xml_output_has_matomo_layout()
    {
        var xml = await _server.ApiAsync($"method=VisitsSummary.get&idSite={_idSite}&period=day&date={Key(_day)}&columns=nb_visits,bounce_rate", "xml");
        Assert.Equal(
            "<?xml version=\"1.0\" encoding=\"utf-8\" ?>\n<result>\n\t<nb_visits>3</nb_visits>\n\t<bounce_rate>33%</bounce_rate>\n</result>",
            xml);
    }

    [Fact]
    public async Task Format_metrics_gives_fractions_or_formatted_values()
    {
        var raw = await _server.ApiJsonAsync($"method=VisitsSummary.get&idSite={_idSite}&period=day&date={Key(_day)}&format_metrics=0");
        Assert.Equal(0.33, raw.GetProperty("bounce_rate").GetDouble()); // 1 / 3
        Assert.Equal(151, raw.GetProperty("avg_time_on_site").GetInt32());

        var formatted = await _server.ApiJsonAsync($"method=VisitsSummary.get&idSite={_idSite}&period=day&date={Key(_day)}&format_metrics=1");
        Assert.Equal("33%", formatted.GetProperty("bounce_rate").GetString());
        Assert.Equal("00:02:31", formatted.GetProperty("avg_time_on_site").GetString()); // 452 / 3 = 150.67 s
        Assert.Equal(2, formatted.GetProperty("nb_actions_per_visit").GetDouble());
        Assert.Equal(3, formatted.GetProperty("nb_visits").GetInt32());
    }

    [Fact]
    public async Task Hide_and_show_columns_act_on_stored_and_processed_metrics()
    {
        var hidden = await _server.ApiJsonAsync($"method=VisitsSummary.get&idSite={_idSite}&period=day&date={Key(_day)}&hideColumns=nb_visits,bounce_rate");
        Assert.False(hidden.TryGetProperty("nb_visits", out _));
        Assert.False(hidden.TryGetProperty("bounce_rate", out _));
        Assert.Equal(6, hidden.GetProperty("nb_actions").GetInt32());

        var shown = await _server.ApiJsonAsync($"method=VisitsSummary.get&idSite={_idSite}&period=day&date={Key(_day)}&showColumns=avg_time_on_site,nb_visits");
        Assert.Equal(["nb_visits", "avg_time_on_site"], shown.EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public async Task Column_parameters_apply_to_every_period_of_a_map()
    {
        var result = await _server.ApiJsonAsync($"method=VisitsSummary.get&idSite={_idSite}&period=day&date=last5&showColumns=bounce_rate");
        Assert.Equal("100%", result.GetProperty(Key(_day.AddDays(-1))).GetProperty("bounce_rate").GetString());
        Assert.Equal(["bounce_rate"], result.GetProperty(Key(_day)).EnumerateObject().Select(p => p.Name));
    }

    [Theory]
    [InlineData("filter_limit=abc", "The parameter 'filter_limit' must be an integer, but 'abc' was given.")]
    [InlineData("filter_pattern=%28", "The parameter 'filter_pattern' is not a valid regular expression")]
    [InlineData("filter_truncate=-1", "The parameter 'filter_truncate' must be 0 or a positive integer, but '-1' was given.")]
    public async Task Bad_report_parameters_get_matomo_error_shape(string parameter, string message)
    {
        var error = await _server.ApiJsonAsync($"method=VisitsSummary.get&idSite={_idSite}&period=day&date={Key(_day)}&{parameter}");
        Assert.Equal("error", error.GetProperty("result").GetString());
        Assert.StartsWith(message, error.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_site_the_caller_cannot_view_gives_matomo_error_shape()
    {
        var response = await _server.Http.GetAsync($"/index.php?module=API&method=VisitsSummary.get&idSite={_idSite}&period=day&date=today&format=json");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        using var error = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("error", error.RootElement.GetProperty("result").GetString());
        Assert.Contains($"'view' access for the website id = {_idSite}", error.RootElement.GetProperty("message").GetString(), StringComparison.Ordinal);
    }
}
