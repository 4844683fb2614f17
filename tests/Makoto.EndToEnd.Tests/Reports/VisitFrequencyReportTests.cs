using System.Globalization;
using System.Net;
using System.Text.Json;

namespace Makoto.EndToEnd.Tests.Reports;

/// <summary>
/// VisitFrequency.get over HTTP. On Friday 2026-10-02 visitor E views one page. On Monday 2026-10-12
/// (UTC site):
/// <list type="bullet">
/// <item>A (new) views two pages 4:59 apart (a visit of 300 s: Matomo counts one second more than the time between the first and the last hit).</item>
/// <item>B and D (new) view one page each (bounces of 0 s).</item>
/// <item>A comes back at 11:00 for one page (a returning visit, a bounce).</item>
/// <item>E comes back at 09:30 for three pages, the last 3:59 after the first (a returning visit of 240 s).</item>
/// </list>
/// New visits: 3 visits, 4 actions, 2 bounces, 300 s. Returning visits: 2 visits, 4 actions, 1 bounce,
/// 240 s. Every expected number is worked out by hand from this story.
/// </summary>
public sealed class VisitFrequencyReportTests : IAsyncLifetime
{
    private const string Monday = "2026-10-12";
    private TestServer _server = null!;
    private int _idSite;

    public async ValueTask InitializeAsync()
    {
        _server = await TestServer.StartAsync();
        _idSite = await _server.AddSiteAsync("Frequency", "https://frequency.example.org", extra: "&startDate=2026-01-01");
        await Page('E', "2026-10-02T09:00:00");
        await Page('A', "2026-10-12T09:00:00");
        await Page('A', "2026-10-12T09:04:59");
        await Page('B', "2026-10-12T09:10:00");
        await Page('D', "2026-10-12T09:15:00");
        await Page('E', "2026-10-12T09:30:00");
        await Page('E', "2026-10-12T09:32:00");
        await Page('E', "2026-10-12T09:33:59");
        await Page('A', "2026-10-12T11:00:00");
    }

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    private async Task Page(char visitor, string utc)
    {
        var cdt = new DateTimeOffset(DateTime.Parse(utc, CultureInfo.InvariantCulture), TimeSpan.Zero).ToUnixTimeSeconds();
        var status = await _server.TrackAsync(
            $"idsite={_idSite}&rec=1&_id={(int)visitor:x16}&cip=10.13.0.{(int)visitor}&token_auth={TestServer.Token}&cdt={cdt}" +
            $"&url=https%3A%2F%2Ffrequency.example.org%2F{cdt}&action_name=Page");
        Assert.Equal(HttpStatusCode.OK, status);
    }

    private Task<JsonElement> Frequency(string extra = "", string period = "day", string date = Monday) =>
        _server.ApiJsonAsync($"method=VisitFrequency.get&idSite={_idSite}&period={period}&date={date}{extra}");

    private static (string Name, string Value)[] Columns(JsonElement result)
    {
        Assert.Equal(JsonValueKind.Object, result.ValueKind);
        return [.. result.EnumerateObject().Select(p => (p.Name, p.Value.GetRawText()))];
    }

    [Fact]
    public async Task New_and_returning_visits_get_the_visits_summary_metrics_side_by_side()
    {
        var columns = Columns(await Frequency());
        (string, string)[] expected =
        [
            ("nb_uniq_visitors_new", "3"), ("nb_users_new", "0"), ("nb_visits_new", "3"), ("nb_actions_new", "4"),
            ("nb_visits_converted_new", "0"), ("bounce_count_new", "2"), ("sum_visit_length_new", "300"), ("max_actions_new", "2"),
            // 2/3 bounces; 4/3 actions per visit to one decimal; 300/3 seconds.
            ("bounce_rate_new", "\"67%\""), ("nb_actions_per_visit_new", "1.3"), ("avg_time_on_site_new", "100"),
            ("nb_uniq_visitors_returning", "2"), ("nb_users_returning", "0"), ("nb_visits_returning", "2"), ("nb_actions_returning", "4"),
            ("nb_visits_converted_returning", "0"), ("bounce_count_returning", "1"), ("sum_visit_length_returning", "240"), ("max_actions_returning", "3"),
            ("bounce_rate_returning", "\"50%\""), ("nb_actions_per_visit_returning", "2"), ("avg_time_on_site_returning", "120"),
        ];
        Assert.Equal(expected, columns);
    }

    [Fact]
    public async Task The_request_segment_narrows_both_kinds_of_visits()
    {
        // Visits with at least two actions: A's first (new) and E's second (returning).
        var columns = Columns(await Frequency("&segment=actions%3E%3D2&columns=nb_visits_new,nb_actions_new,nb_visits_returning,nb_actions_returning,bounce_rate_returning"));
        (string, string)[] expected =
        [
            ("nb_visits_new", "1"), ("nb_actions_new", "2"),
            ("nb_visits_returning", "1"), ("nb_actions_returning", "3"), ("bounce_rate_returning", "\"0%\""),
        ];
        Assert.Equal(expected, columns);
    }

    [Fact]
    public async Task Columns_of_one_kind_leave_the_other_out_and_format_metrics_0_gives_fractions()
    {
        var columns = Columns(await Frequency("&columns=bounce_rate_new,avg_time_on_site_new&format_metrics=0"));
        Assert.Equal([("bounce_rate_new", "0.67"), ("avg_time_on_site_new", "100")], columns);
    }

    [Fact]
    public async Task A_kind_without_visits_adds_no_columns_and_a_day_without_visits_is_empty()
    {
        // On Friday 2026-10-02 only E's first visit, a new one.
        var friday = Columns(await Frequency(date: "2026-10-02"));
        Assert.Contains(("nb_visits_new", "1"), friday);
        Assert.DoesNotContain(friday, c => c.Name.EndsWith("_returning", StringComparison.Ordinal));

        var empty = await Frequency(date: "2026-10-05");
        Assert.Equal(JsonValueKind.Array, empty.ValueKind);
        Assert.Equal(0, empty.GetArrayLength());
    }

    [Fact]
    public async Task A_week_counts_unique_visitors_of_each_kind()
    {
        // The week of Monday 2026-10-12 holds the same visits as the Monday.
        var columns = Columns(await Frequency(period: "week"));
        Assert.Contains(("nb_uniq_visitors_new", "3"), columns);
        Assert.Contains(("nb_visits_returning", "2"), columns);
        Assert.Contains(("avg_time_on_site_returning", "120"), columns);
    }

    [Fact]
    public async Task The_report_is_listed_with_its_suffixed_metrics()
    {
        var reports = await _server.ApiJsonAsync($"method=API.getReportMetadata&idSite={_idSite}");
        var report = reports.EnumerateArray().Single(r => r.GetProperty("uniqueId").GetString() == "VisitFrequency_get");
        Assert.Equal("Engagement", report.GetProperty("subcategory").GetString());
        Assert.Equal("Returning Visits", report.GetProperty("metrics").GetProperty("nb_visits_returning").GetString());
        Assert.Equal("percent", report.GetProperty("metricTypes").GetProperty("bounce_rate_new").GetString());
        Assert.Equal("duration_s", report.GetProperty("metricTypes").GetProperty("avg_time_on_site_returning").GetString());
    }

    [Fact]
    public async Task API_get_includes_the_listed_metrics_of_both_kinds()
    {
        var columns = Columns(await _server.ApiJsonAsync($"method=API.get&idSite={_idSite}&period=day&date={Monday}"));
        Assert.Contains(("nb_visits_new", "3"), columns);
        Assert.Contains(("bounce_rate_new", "\"67%\""), columns);
        Assert.Contains(("nb_visits_returning", "2"), columns);
        Assert.Contains(("avg_time_on_site_returning", "120"), columns);

        // Only the metrics the report lists: bounce_count_new is not one of them.
        Assert.DoesNotContain(columns, c => c.Name == "bounce_count_new");
    }
}
