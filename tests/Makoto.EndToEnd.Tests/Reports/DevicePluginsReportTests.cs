using System.Net;
using System.Text.Json;

namespace Makoto.EndToEnd.Tests.Reports;

/// <summary>
/// DevicePlugins.getPlugin over HTTP: four visits on one day — two from Chrome with cookies and PDF, one
/// from an iPhone with cookies only, one from Internet Explorer 9 with cookies and PDF — against counts
/// and percentages worked out by hand. Internet Explorer 9 cannot report plugins, so percentages are of
/// the other three visits.
/// </summary>
public sealed class DevicePluginsReportTests : IAsyncLifetime
{
    private const string Day = "2026-10-12";
    private const string WindowsChrome = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/118.0.0.0 Safari/537.36";
    private const string IPhone = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1";
    private const string InternetExplorer9 = "Mozilla/5.0 (compatible; MSIE 9.0; Windows NT 6.1; Trident/5.0)";

    private TestServer _server = null!;
    private int _idSite;

    public async ValueTask InitializeAsync()
    {
        _server = await TestServer.StartAsync();
        _idSite = await _server.AddSiteAsync("Plugins", "https://plugins.example.org");
        await Visit(1, WindowsChrome, "&cookie=1&pdf=1", pages: 2);
        await Visit(2, WindowsChrome, "&cookie=1&pdf=1", pages: 1);
        await Visit(3, IPhone, "&cookie=1&pdf=0", pages: 1);
        await Visit(4, InternetExplorer9, "&cookie=1&pdf=1", pages: 1);
    }

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    private async Task Visit(int visitor, string userAgent, string flags, int pages)
    {
        var start = new DateTimeOffset(2026, 10, 12, 8 + visitor, 0, 0, TimeSpan.Zero);
        for (var page = 0; page < pages; page++)
        {
            var cdt = start.AddMinutes(page).ToUnixTimeSeconds();
            var status = await _server.TrackAsync(
                $"idsite={_idSite}&rec=1&_id={visitor:x16}&cip=10.40.0.{visitor}&token_auth={TestServer.Token}&cdt={cdt}" +
                $"&ua={Uri.EscapeDataString(userAgent)}{flags}&url=https%3A%2F%2Fplugins.example.org%2Fp{page}");
            Assert.Equal(HttpStatusCode.OK, status);
        }
    }

    private async Task<Dictionary<string, JsonElement>> Rows(string period = "day", string extra = "")
    {
        var rows = await _server.ApiJsonAsync($"method=DevicePlugins.getPlugin&idSite={_idSite}&period={period}&date={Day}&filter_limit=-1{extra}");
        return rows.EnumerateArray().ToDictionary(r => r.GetProperty("label").GetString()!);
    }

    [Fact]
    public async Task Every_plugin_has_a_row_with_its_visits_and_share()
    {
        var rows = await Rows();
        Assert.Equal(
            ["Cookie", "Flash", "Java", "Pdf", "Quicktime", "Realplayer", "Silverlight", "Windowsmedia"],
            rows.Keys.Order(StringComparer.Ordinal));

        // A day's counts are SQL sums: texts.
        Assert.Equal("4", rows["Cookie"].GetProperty("nb_visits").GetString());
        Assert.Equal("3", rows["Pdf"].GetProperty("nb_visits").GetString());
        Assert.Equal("0", rows["Java"].GetProperty("nb_visits").GetString());

        // Against 4 visits less the one from Internet Explorer 9: 4/3 → 1.33, 3/3 → 1, 0/3 → 0.
        Assert.Equal("133%", rows["Cookie"].GetProperty("nb_visits_percentage").GetString());
        Assert.Equal("100%", rows["Pdf"].GetProperty("nb_visits_percentage").GetString());
        Assert.Equal("0%", rows["Java"].GetProperty("nb_visits_percentage").GetString());
        Assert.Equal("plugins/Morpheus/icons/dist/plugins/pdf.png", rows["Pdf"].GetProperty("logo").GetString());
    }

    [Fact]
    public async Task Unformatted_shares_are_ratios_and_weeks_sum_into_numbers()
    {
        var rows = await Rows("week", "&format_metrics=0");
        Assert.Equal(4, rows["Cookie"].GetProperty("nb_visits").GetInt32());
        Assert.Equal(1.33, rows["Cookie"].GetProperty("nb_visits_percentage").GetDouble());
        Assert.Equal(1, rows["Pdf"].GetProperty("nb_visits_percentage").GetDouble());
    }

    [Fact]
    public async Task Rows_are_sorted_by_visits()
    {
        var rows = await _server.ApiJsonAsync($"method=DevicePlugins.getPlugin&idSite={_idSite}&period=day&date={Day}");
        var labels = rows.EnumerateArray().Select(r => r.GetProperty("label").GetString()).ToList();
        Assert.Equal(["Cookie", "Pdf"], labels.Take(2));
    }
}
