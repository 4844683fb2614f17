using System.Globalization;
using System.Net;
using System.Text.Json;

namespace Makoto.EndToEnd.Tests.Reports;

/// <summary>
/// VisitTime reports over HTTP, for a site in Europe/Berlin (UTC+2 until 2026-10-25, UTC+1 after):
/// <list type="bullet">
/// <item>V1 starts on Monday 2026-10-12 at 00:30 Berlin time (22:30 UTC the day before), its visitor's
/// clock saying 07:15; two pages, two minutes apart.</item>
/// <item>V2 at 10:10 Berlin time (08:10 UTC), visitor clock 10:10, one page.</item>
/// <item>V3 at 10:50 Berlin time (08:50 UTC), visitor clock 09:50, two pages fifteen minutes apart,
/// and converts the manual goal 1 (revenue 5) with its second page, at 11:05 Berlin time (09:05 UTC).</item>
/// <item>V4 on Tuesday 2026-10-13 at 10:05 Berlin time (08:05 UTC), visitor clock 10:05, two pages.</item>
/// </list>
/// Every expected number is worked out by hand from this story.
/// </summary>
public sealed class VisitTimeReportTests : IAsyncLifetime
{
    private const string Monday = "2026-10-12";
    private TestServer _server = null!;
    private int _idSite;

    public async ValueTask InitializeAsync()
    {
        _server = await TestServer.StartAsync();
        _idSite = await _server.AddSiteAsync("Times", "https://time.example.org", timezone: "Europe/Berlin", extra: "&startDate=2026-01-01");
        var goal = await _server.ApiJsonAsync($"method=Goals.addGoal&idSite={_idSite}&name=Signup&matchAttribute=manually&pattern=manually&patternType=contains&revenue=5");
        Assert.Equal(1, goal.GetProperty("value").GetInt32());

        await Page(1, "2026-10-11T22:30:00", "7:15");
        await Page(1, "2026-10-11T22:32:00", "7:17");
        await Page(2, "2026-10-12T08:10:00", "10:10");
        await Page(3, "2026-10-12T08:50:00", "9:50");
        await Page(3, "2026-10-12T09:05:00", "10:05");
        await Hit(3, "2026-10-12T09:05:00", "10:05", "idgoal=1");
        await Page(4, "2026-10-13T08:05:00", "10:05");
        await Page(4, "2026-10-13T08:06:00", "10:06");
    }

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    private Task Page(int visitor, string utc, string visitorClock) =>
        Hit(visitor, utc, visitorClock, "url=https%3A%2F%2Ftime.example.org%2F" + visitorClock.Replace(':', '-') + "&action_name=Page");

    private async Task Hit(int visitor, string utc, string visitorClock, string parameters)
    {
        var cdt = new DateTimeOffset(DateTime.Parse(utc, CultureInfo.InvariantCulture), TimeSpan.Zero).ToUnixTimeSeconds();
        var clock = visitorClock.Split(':');
        var status = await _server.TrackAsync(
            $"idsite={_idSite}&rec=1&_id={visitor:x16}&cip=10.11.0.{visitor}&token_auth={TestServer.Token}&cdt={cdt}&h={clock[0]}&m={clock[1]}&s=0&{parameters}");
        Assert.Equal(HttpStatusCode.OK, status);
    }

    private async Task<JsonElement[]> Rows(string method, string period, string date, string extra = "")
    {
        var rows = await _server.ApiJsonAsync($"method=VisitTime.{method}&idSite={_idSite}&period={period}&date={date}&filter_limit=-1{extra}");
        Assert.Equal(JsonValueKind.Array, rows.ValueKind);
        return [.. rows.EnumerateArray()];
    }

    private static string[] Labels(JsonElement[] rows) => [.. rows.Select(r => r.GetProperty("label").GetString()!)];

    private static string[] Hours => [.. Enumerable.Range(0, 24).Select(h => h.ToString("00", CultureInfo.InvariantCulture))];

    [Fact]
    public async Task Server_time_groups_visits_by_the_sites_hour_of_their_first_action()
    {
        var rows = await Rows("getVisitInformationPerServerTime", "day", Monday);
        Assert.Equal(Hours, Labels(rows));

        // V1 began at 00:30 Berlin time: one SQL group, so sums are texts and counts numbers.
        var midnight = rows[0];
        Assert.Equal(1, midnight.GetProperty("nb_visits").GetInt32());
        Assert.Equal("2", midnight.GetProperty("nb_actions").GetString());
        Assert.Equal(2, midnight.GetProperty("max_actions").GetInt32());
        // Two minutes between the first and the last hit, plus the second Matomo adds.
        Assert.Equal("121", midnight.GetProperty("sum_visit_length").GetString());
        Assert.Equal("0", midnight.GetProperty("bounce_count").GetString());
        Assert.Equal("visitStartServerHour==22", midnight.GetProperty("segment").GetString());

        // V2 and V3 both began between 10:00 and 11:00 (08 UTC): 1 + 2 pages, V2 bounced, V3 converted.
        var ten = rows[10];
        Assert.Equal(2, ten.GetProperty("nb_visits").GetInt32());
        Assert.Equal("3", ten.GetProperty("nb_actions").GetString());
        // V2: 0 s; V3: 15 minutes plus Matomo's second (901), plus the idgoal + 2 seconds a goal conversion
        // adds to a known visit's time (tracking-api.md, visit_total_time).
        Assert.Equal("904", ten.GetProperty("sum_visit_length").GetString());
        Assert.Equal("1", ten.GetProperty("bounce_count").GetString());
        Assert.Equal("1", ten.GetProperty("nb_visits_converted").GetString());
        Assert.False(ten.TryGetProperty("goals", out _));
        Assert.Equal("visitStartServerHour==8", ten.GetProperty("segment").GetString());

        // V3's conversion happened at 11:05: the hour has the goal but no visit began in it.
        var eleven = rows[11];
        Assert.Equal(0, eleven.GetProperty("nb_visits").GetInt32());
        var goal = eleven.GetProperty("goals").GetProperty("idgoal=1");
        Assert.Equal(1, goal.GetProperty("nb_conversions").GetInt32());
        Assert.Equal(5, goal.GetProperty("revenue").GetDouble());
        Assert.Equal(1, eleven.GetProperty("nb_conversions").GetInt32());
        Assert.Equal(5, eleven.GetProperty("revenue").GetDouble());

        // An hour without visits is a row of integer zeros.
        var five = rows[5];
        Assert.Equal(JsonValueKind.Number, five.GetProperty("nb_actions").ValueKind);
        Assert.Equal(0, five.GetProperty("nb_actions").GetInt32());
        Assert.Equal(0, five.GetProperty("nb_visits").GetInt32());
        Assert.Equal("visitStartServerHour==3", five.GetProperty("segment").GetString());
    }

    [Fact]
    public async Task Local_time_groups_visits_by_the_visitors_clock()
    {
        var rows = await Rows("getVisitInformationPerLocalTime", "day", Monday);
        Assert.Equal(Hours, Labels(rows));
        Assert.Equal([7, 9, 10], rows.Where(r => r.GetProperty("nb_visits").GetInt32() > 0).Select(r => int.Parse(r.GetProperty("label").GetString()!, CultureInfo.InvariantCulture)));
        Assert.Equal("2", rows[7].GetProperty("nb_actions").GetString());
        Assert.Equal("2", rows[9].GetProperty("nb_actions").GetString());
        Assert.Equal("1", rows[10].GetProperty("nb_actions").GetString());
        Assert.Equal("visitLocalHour==7", rows[7].GetProperty("segment").GetString());
        Assert.Equal("visitLocalHour==0", rows[0].GetProperty("segment").GetString());
    }

    [Fact]
    public async Task A_week_sums_the_hours_of_its_days_and_a_month_segments_with_the_offset_of_its_last_day()
    {
        var week = await Rows("getVisitInformationPerServerTime", "week", Monday);
        Assert.Equal(Hours, Labels(week));

        // V2, V3 (Monday) and V4 (Tuesday) began between 10:00 and 11:00: 1 + 2 + 2 pages.
        Assert.Equal(3, week[10].GetProperty("nb_visits").GetInt32());
        Assert.Equal(JsonValueKind.Number, week[10].GetProperty("nb_actions").ValueKind);
        Assert.Equal(5, week[10].GetProperty("nb_actions").GetInt32());
        Assert.Equal(3, week[10].GetProperty("sum_daily_nb_uniq_visitors").GetInt32());
        Assert.Equal("visitStartServerHour==8", week[10].GetProperty("segment").GetString());

        var localWeek = await Rows("getVisitInformationPerLocalTime", "week", Monday);
        Assert.Equal(2, localWeek[10].GetProperty("nb_visits").GetInt32());

        // October ends in winter time (UTC+1): 10:00 Berlin time is 09 UTC on October 31.
        var month = await Rows("getVisitInformationPerServerTime", "month", "2026-10-01");
        Assert.Equal(3, month[10].GetProperty("nb_visits").GetInt32());
        Assert.Equal("visitStartServerHour==9", month[10].GetProperty("segment").GetString());
        Assert.Equal("visitStartServerHour==23", month[0].GetProperty("segment").GetString());
    }

    [Fact]
    public async Task Visits_by_day_of_week_sum_the_days_of_the_period()
    {
        var rows = await Rows("getByDayOfWeek", "week", Monday);
        Assert.Equal(["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"], Labels(rows));
        Assert.Equal([1, 2, 3, 4, 5, 6, 7], rows.Select(r => r.GetProperty("day_of_week").GetInt32()));

        // Monday: V1 (its last action is on Monday in Berlin), V2 and V3 — 2 + 1 + 2 pages; Tuesday: V4.
        Assert.Equal(3, rows[0].GetProperty("nb_visits").GetInt32());
        Assert.Equal(5, rows[0].GetProperty("nb_actions").GetInt32());
        Assert.Equal(1, rows[0].GetProperty("bounce_count").GetInt32());
        Assert.Equal(1, rows[1].GetProperty("nb_visits").GetInt32());
        Assert.Equal(2, rows[1].GetProperty("nb_actions").GetInt32());
        Assert.Equal(0, rows[2].GetProperty("nb_visits").GetInt32());
        Assert.False(rows[0].TryGetProperty("max_actions", out _));

        // The month has four or five of each weekday; only this Monday and Tuesday had visits.
        var month = await Rows("getByDayOfWeek", "month", "2026-10-01");
        Assert.Equal(3, month[0].GetProperty("nb_visits").GetInt32());
        Assert.Equal(1, month[1].GetProperty("nb_visits").GetInt32());
        Assert.Equal(0, month[6].GetProperty("nb_visits").GetInt32());
    }

    [Fact]
    public async Task Visits_by_day_of_week_refuse_several_dates()
    {
        var answer = await _server.ApiJsonAsync($"method=VisitTime.getByDayOfWeek&idSite={_idSite}&period=day&date=last3");
        Assert.Equal("error", answer.GetProperty("result").GetString());
        Assert.Contains("multiple dates", answer.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Hours_to_come_are_hidden_today_when_asked()
    {
        var idSite = await _server.AddSiteAsync("Quiet", "https://quiet.example.org");
        var before = DateTime.UtcNow.Hour;
        var rows = await _server.ApiJsonAsync(
            $"method=VisitTime.getVisitInformationPerServerTime&idSite={idSite}&period=day&date=today&hideFutureHoursWhenToday=1&filter_limit=-1");
        var after = DateTime.UtcNow.Hour;

        // A day without visits yet lists the hours up to the current one, with no visits.
        var labels = Labels([.. rows.EnumerateArray()]);
        Assert.Contains(labels.Length, new[] { before + 1, after + 1 });
        Assert.Equal(Hours[..labels.Length], labels);
        Assert.All(rows.EnumerateArray(), r => Assert.Equal(0, r.GetProperty("nb_visits").GetInt32()));

        var plain = await _server.ApiJsonAsync($"method=VisitTime.getVisitInformationPerServerTime&idSite={idSite}&period=day&date=today");
        Assert.Equal(0, plain.GetArrayLength());
    }
}
