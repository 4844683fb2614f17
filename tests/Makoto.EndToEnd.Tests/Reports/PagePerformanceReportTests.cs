using System.Net;
using System.Text.Json;

namespace Makoto.EndToEnd.Tests.Reports;

/// <summary>
/// Page performance over HTTP: one visit views <c>/</c> twice with timings (all six the first time,
/// only the network time the second) and <c>/b</c> once without; the site averages and the page
/// report's columns are worked out by hand.
/// </summary>
public sealed class PagePerformanceReportTests : IAsyncLifetime
{
    private const string Day = "2026-10-12";
    private TestServer _server = null!;
    private int _idSite;

    public async ValueTask InitializeAsync()
    {
        _server = await TestServer.StartAsync();
        _idSite = await _server.AddSiteAsync("Timings", "https://fast.example.org", extra: "&startDate=2026-01-01");
        var start = new DateTimeOffset(2026, 10, 12, 10, 0, 0, TimeSpan.Zero);
        await Hit(start, "url=https%3A%2F%2Ffast.example.org%2F&pf_net=100&pf_srv=200&pf_tfr=50&pf_dm1=300&pf_dm2=400&pf_onl=10");
        await Hit(start.AddSeconds(30), "url=https%3A%2F%2Ffast.example.org%2F&pf_net=300");
        await Hit(start.AddSeconds(60), "url=https%3A%2F%2Ffast.example.org%2Fb");
    }

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    private async Task Hit(DateTimeOffset time, string parameters)
    {
        var status = await _server.TrackAsync($"idsite={_idSite}&rec=1&_id=00000000000000aa&cip=10.5.0.1&token_auth={TestServer.Token}&cdt={time.ToUnixTimeSeconds()}&{parameters}");
        Assert.Equal(HttpStatusCode.OK, status);
    }

    [Fact]
    public async Task Site_averages_are_seconds_per_page_view_with_the_timing()
    {
        var averages = await _server.ApiJsonAsync($"method=PagePerformance.get&idSite={_idSite}&period=day&date={Day}");
        Assert.Equal(0.2, averages.GetProperty("avg_time_network").GetDouble()); // (100 + 300) ms / 2
        Assert.Equal(0.2, averages.GetProperty("avg_time_server").GetDouble());
        Assert.Equal(0.05, averages.GetProperty("avg_time_transfer").GetDouble());
        Assert.Equal(0.3, averages.GetProperty("avg_time_dom_processing").GetDouble());
        Assert.Equal(0.4, averages.GetProperty("avg_time_dom_completion").GetDouble());
        Assert.Equal(0.01, averages.GetProperty("avg_time_on_load").GetDouble());
        Assert.Equal(0.68, averages.GetProperty("avg_page_load_time").GetDouble()); // (1060 + 300) ms / 2 page views
        Assert.False(averages.TryGetProperty("PagePerformance_network_time", out _));
    }

    [Fact]
    public async Task Page_rows_carry_timing_counts_extremes_and_averages()
    {
        var rows = (await _server.ApiJsonAsync($"method=Actions.getPageUrls&idSite={_idSite}&period=day&date={Day}"))
            .EnumerateArray().ToDictionary(r => r.GetProperty("label").GetString()!);
        var home = rows["/index"];
        Assert.Equal("2", home.GetProperty("nb_hits_with_time_network").GetString());
        Assert.Equal("0.1000", home.GetProperty("min_time_network").GetString());
        Assert.Equal("0.3000", home.GetProperty("max_time_network").GetString());
        Assert.Equal(0.2, home.GetProperty("avg_time_network").GetDouble());
        Assert.Equal(0.05, home.GetProperty("avg_time_transfer").GetDouble());
        Assert.Equal(1.16, home.GetProperty("avg_page_load_time").GetDouble(), 6); // 0.2 + 0.2 + 0.05 + 0.3 + 0.4 + 0.01
        Assert.False(home.TryGetProperty("sum_time_network", out _));

        var other = rows["/b"];
        Assert.Equal("0", other.GetProperty("nb_hits_with_time_network").GetString());
        Assert.Equal(JsonValueKind.Null, other.GetProperty("min_time_network").ValueKind);
        Assert.Equal(0, other.GetProperty("avg_page_load_time").GetDouble());
    }
}
