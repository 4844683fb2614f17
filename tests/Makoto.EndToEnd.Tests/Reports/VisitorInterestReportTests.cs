using System.Globalization;
using System.Net;
using System.Text.Json;

namespace Makoto.EndToEnd.Tests.Reports;

/// <summary>
/// VisitorInterest reports over HTTP. On Friday 2026-10-02 visitor E views one page. On Monday
/// 2026-10-12 (UTC site):
/// <list type="bullet">
/// <item>A views one page at 09:00 and comes back at 11:00 for another (its second visit, 0 days after the first).</item>
/// <item>B views two pages 59 s apart (a visit of 60 s: Matomo counts one second more than the time between the first and the last hit).</item>
/// <item>C views three pages twenty minutes apart (40 minutes and a second).</item>
/// <item>E comes back at 09:30 for one page (its second visit, ten days after the first).</item>
/// </list>
/// Every expected number is worked out by hand from this story.
/// </summary>
public sealed class VisitorInterestReportTests : IAsyncLifetime
{
    private const string Monday = "2026-10-12";
    private TestServer _server = null!;
    private int _idSite;

    public async ValueTask InitializeAsync()
    {
        _server = await TestServer.StartAsync();
        _idSite = await _server.AddSiteAsync("Interest", "https://interest.example.org", extra: "&startDate=2026-01-01");
        await Page('E', "2026-10-02T09:00:00");
        await Page('A', "2026-10-12T09:00:00");
        await Page('B', "2026-10-12T09:10:00");
        await Page('B', "2026-10-12T09:10:59");
        await Page('C', "2026-10-12T09:20:00");
        await Page('C', "2026-10-12T09:40:00");
        await Page('C', "2026-10-12T10:00:00");
        await Page('E', "2026-10-12T09:30:00");
        await Page('A', "2026-10-12T11:00:00");
    }

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    private async Task Page(char visitor, string utc)
    {
        var cdt = new DateTimeOffset(DateTime.Parse(utc, CultureInfo.InvariantCulture), TimeSpan.Zero).ToUnixTimeSeconds();
        var status = await _server.TrackAsync(
            $"idsite={_idSite}&rec=1&_id={(int)visitor:x16}&cip=10.12.0.{(int)visitor}&token_auth={TestServer.Token}&cdt={cdt}" +
            $"&url=https%3A%2F%2Finterest.example.org%2F{cdt}&action_name=Page");
        Assert.Equal(HttpStatusCode.OK, status);
    }

    private async Task<JsonElement[]> Rows(string method, string period = "day")
    {
        var rows = await _server.ApiJsonAsync($"method=VisitorInterest.{method}&idSite={_idSite}&period={period}&date={Monday}&filter_limit=-1");
        Assert.Equal(JsonValueKind.Array, rows.ValueKind);
        return [.. rows.EnumerateArray()];
    }

    private static string[] Column(JsonElement[] rows, string column) => [.. rows.Select(r => r.GetProperty(column).ToString())];

    [Fact]
    public async Task Visit_durations_fall_in_ranges_that_share_their_bounds()
    {
        var rows = await Rows("getNumberOfVisitsPerVisitDuration");
        Assert.Equal(["0–10s", "11–30s", "31–60s", "1-2 min", "2-4 min", "4-7 min", "7-10 min", "10-15 min", "15-30 min", "30+ min"], Column(rows, "label"));

        // A's two visits and E's second last 0 s; B's 60 s count in 31–60 s and in 1–2 min; C's 40 minutes in 30+.
        Assert.Equal(["3", "0", "1", "1", "0", "0", "0", "0", "0", "1"], Column(rows, "nb_visits"));
        Assert.All(rows, r => Assert.Equal(JsonValueKind.String, r.GetProperty("nb_visits").ValueKind));
        Assert.Equal("visitDuration>=0;visitDuration<=10", rows[0].GetProperty("segment").GetString());
        Assert.Equal("visitDuration>=60;visitDuration<=120", rows[3].GetProperty("segment").GetString());
        Assert.Equal("visitDuration>=1801", rows[9].GetProperty("segment").GetString());
    }

    [Fact]
    public async Task Visits_by_pages_count_actions_per_visit()
    {
        var rows = await Rows("getNumberOfVisitsPerPage");
        Assert.Equal(["1 page", "2 pages", "3 pages", "4 pages", "5 pages", "6-7 pages", "8-10 pages", "11-14 pages", "15-20 pages", "21+ pages"], Column(rows, "label"));
        Assert.Equal(["3", "1", "1", "0", "0", "0", "0", "0", "0", "0"], Column(rows, "nb_visits"));
        Assert.Equal("actions==1", rows[0].GetProperty("segment").GetString());
        Assert.Equal("actions>=6;actions<=7", rows[5].GetProperty("segment").GetString());
        Assert.Equal("actions>=21", rows[9].GetProperty("segment").GetString());
    }

    [Fact]
    public async Task Visits_by_visit_number_have_their_share_of_the_visits()
    {
        var rows = await Rows("getNumberOfVisitsByVisitCount");
        Assert.Equal(
            ["1 visit", "2 visits", "3 visits", "4 visits", "5 visits", "6 visits", "7 visits", "8 visits", "9-14 visits", "15-25 visits", "26-50 visits", "51-100 visits", "101-200 visits", "201+ visits"],
            Column(rows, "label"));

        // First visits of A, B and C; second visits of A and E: 3 and 2 of the 5 visits.
        Assert.Equal("3", rows[0].GetProperty("nb_visits").GetString());
        Assert.Equal("2", rows[1].GetProperty("nb_visits").GetString());
        Assert.Equal("60%", rows[0].GetProperty("nb_visits_percentage").GetString());
        Assert.Equal("40%", rows[1].GetProperty("nb_visits_percentage").GetString());
        Assert.Equal("0%", rows[2].GetProperty("nb_visits_percentage").GetString());
        Assert.Equal("visitCount==1", rows[0].GetProperty("segment").GetString());
        Assert.Equal("visitCount>=201", rows[13].GetProperty("segment").GetString());
    }

    [Fact]
    public async Task Days_since_the_last_visit_count_returning_visits_after_the_new_ones()
    {
        var rows = await Rows("getNumberOfVisitsByDaysSinceLast");
        Assert.Equal(
            ["New visits", "0 days", "1 day", "2 days", "3 days", "4 days", "5 days", "6 days", "7 days", "8-14 days", "15-30 days", "31-60 days", "61-120 days", "121-364 days", "365+ days"],
            Column(rows, "label"));

        // A, B and C new; A back after two hours (0 days); E back after ten days.
        Assert.Equal(["3", "1", "0", "0", "0", "0", "0", "0", "0", "1", "0", "0", "0", "0", "0"], Column(rows, "nb_visits"));
        Assert.Equal("visitorType==new", rows[0].GetProperty("segment").GetString());
        Assert.Equal("daysSinceLastVisit==0", rows[1].GetProperty("segment").GetString());
        Assert.Equal("daysSinceLastVisit>=8;daysSinceLastVisit<=14", rows[9].GetProperty("segment").GetString());
    }

    [Fact]
    public async Task A_week_sums_the_days_into_numbers()
    {
        var rows = await Rows("getNumberOfVisitsPerVisitDuration", "week");
        Assert.Equal(JsonValueKind.Number, rows[0].GetProperty("nb_visits").ValueKind);
        Assert.Equal(["3", "0", "1", "1", "0", "0", "0", "0", "0", "1"], Column(rows, "nb_visits"));

        // The week of Friday 2026-10-02 has E's first visit only.
        var earlier = await _server.ApiJsonAsync($"method=VisitorInterest.getNumberOfVisitsByDaysSinceLast&idSite={_idSite}&period=week&date=2026-10-02&filter_limit=-1");
        Assert.Equal(1, earlier[0].GetProperty("nb_visits").GetInt32());
        Assert.Equal(0, earlier.EnumerateArray().Skip(1).Sum(r => r.GetProperty("nb_visits").GetInt32()));
    }
}
