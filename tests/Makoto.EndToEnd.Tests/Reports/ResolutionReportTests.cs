using System.Net;
using System.Text.Json;

namespace Makoto.EndToEnd.Tests.Reports;

/// <summary>
/// Resolution reports over HTTP: six visits on one day — Chrome on Windows at 1920x1080 (two visits,
/// 2 and 1 pages) and without a resolution (1 page), an iPhone (3 pages) and an iPad (1 page) at
/// 390x844, Firefox on Linux with the invalid resolution 1x1 (1 page) — against counts worked out by hand.
/// </summary>
public sealed class ResolutionReportTests : IAsyncLifetime
{
    private const string Day = "2026-10-12";
    private const string WindowsChrome = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/118.0.0.0 Safari/537.36";
    private const string IPhone = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1";
    private const string IPad = "Mozilla/5.0 (iPad; CPU OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1";
    private const string LinuxFirefox = "Mozilla/5.0 (X11; Linux x86_64; rv:109.0) Gecko/20100101 Firefox/118.0";

    private TestServer _server = null!;
    private int _idSite;

    public async ValueTask InitializeAsync()
    {
        _server = await TestServer.StartAsync();
        _idSite = await _server.AddSiteAsync("Screens", "https://screens.example.org");
        await Visit(1, WindowsChrome, "1920x1080", pages: 2);
        await Visit(2, WindowsChrome, "1920x1080", pages: 1);
        await Visit(3, IPhone, "390x844", pages: 3);
        await Visit(4, IPad, "390x844", pages: 1);
        await Visit(5, LinuxFirefox, "1x1", pages: 1);
        await Visit(6, WindowsChrome, null, pages: 1);
    }

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    private async Task Visit(int visitor, string userAgent, string? resolution, int pages)
    {
        var start = new DateTimeOffset(2026, 10, 12, 8 + visitor, 0, 0, TimeSpan.Zero);
        var res = resolution is null ? "" : "&res=" + resolution;
        for (var page = 0; page < pages; page++)
        {
            var cdt = start.AddMinutes(page).ToUnixTimeSeconds();
            var status = await _server.TrackAsync(
                $"idsite={_idSite}&rec=1&_id={visitor:x16}&cip=10.30.0.{visitor}&token_auth={TestServer.Token}&cdt={cdt}" +
                $"&ua={Uri.EscapeDataString(userAgent)}{res}&url=https%3A%2F%2Fscreens.example.org%2Fp{page}");
            Assert.Equal(HttpStatusCode.OK, status);
        }
    }

    private async Task<Dictionary<string, JsonElement>> Rows(string method, string period = "day")
    {
        var rows = await _server.ApiJsonAsync($"method=Resolution.{method}&idSite={_idSite}&period={period}&date={Day}&filter_limit=-1");
        return rows.EnumerateArray().ToDictionary(r => r.GetProperty("label").GetString()!);
    }

    [Fact]
    public async Task Resolutions_leave_out_values_that_cannot_be_one()
    {
        var rows = await Rows("getResolution");

        // 1x1 has five characters or fewer; a visit without a resolution is stored as "unknown".
        Assert.Equal(["1920x1080", "390x844", "unknown"], rows.Keys.Order(StringComparer.Ordinal));
        var full = rows["1920x1080"];
        Assert.Equal(2, full.GetProperty("nb_visits").GetInt32());
        Assert.Equal("3", full.GetProperty("nb_actions").GetString());
        Assert.Equal("1", full.GetProperty("bounce_count").GetString());
        Assert.Equal("resolution==1920x1080", full.GetProperty("segment").GetString());

        // iPhone and iPad: one SQL group by resolution, so the sums keep MySQL's text.
        Assert.Equal("4", rows["390x844"].GetProperty("nb_actions").GetString());
        Assert.Equal("resolution==unknown", rows["unknown"].GetProperty("segment").GetString());
    }

    [Fact]
    public async Task Configurations_name_os_browser_and_resolution()
    {
        var rows = await Rows("getConfiguration");
        Assert.Equal(
            ["GNU/Linux / Firefox / 1x1", "Windows / Chrome / 1920x1080", "Windows / Chrome / unknown", "iOS / Mobile Safari / 390x844"],
            rows.Keys.Order(StringComparer.Ordinal));

        // IOS;MF;390x844 and IPA;MF;390x844 are two SQL groups summed under one label: numbers.
        var ios = rows["iOS / Mobile Safari / 390x844"];
        Assert.Equal(2, ios.GetProperty("nb_visits").GetInt32());
        Assert.Equal(JsonValueKind.Number, ios.GetProperty("nb_actions").ValueKind);
        Assert.Equal(4, ios.GetProperty("nb_actions").GetInt32());
        Assert.Equal("3", rows["Windows / Chrome / 1920x1080"].GetProperty("nb_actions").GetString());
        Assert.False(ios.TryGetProperty("segment", out _));
    }

    [Fact]
    public async Task A_week_sums_the_day_into_numbers()
    {
        var rows = await Rows("getResolution", "week");
        var full = rows["1920x1080"];
        Assert.Equal(3, full.GetProperty("nb_actions").GetInt32());
        Assert.Equal(2, full.GetProperty("sum_daily_nb_uniq_visitors").GetInt32());
        Assert.Equal("resolution==1920x1080", full.GetProperty("segment").GetString());
    }
}
