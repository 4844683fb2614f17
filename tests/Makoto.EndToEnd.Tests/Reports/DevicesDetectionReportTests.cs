using System.Net;
using System.Text.Json;

namespace Makoto.EndToEnd.Tests.Reports;

/// <summary>
/// DevicesDetection reports over HTTP: five visits on one day from five IPs — two with Chrome 118 on
/// Windows 10 (one of two pages with a goal conversion worth 5, one bounce), Mobile Safari 17.0 on an
/// iPhone (iOS 17.0, three pages), Mobile Safari 17.0 on an iPad (iPadOS 17.0, one page) and Firefox 118
/// on Linux (one page) — then every report against counts worked out by hand.
/// </summary>
public sealed class DevicesDetectionReportTests : IAsyncLifetime
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
        _idSite = await _server.AddSiteAsync("Devices", "https://devices.example.org");
        var goal = await _server.ApiJsonAsync(
            $"method=Goals.addGoal&idSite={_idSite}&name=Signup&matchAttribute=manually&pattern=signup&patternType=contains&revenue=5");
        Assert.Equal(1, goal.GetProperty("value").GetInt32());

        await Visit(1, WindowsChrome, pages: 2, convert: true);
        await Visit(2, WindowsChrome, pages: 1);
        await Visit(3, IPhone, pages: 3);
        await Visit(4, IPad, pages: 1);
        await Visit(5, LinuxFirefox, pages: 1);
    }

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    private async Task Visit(int visitor, string userAgent, int pages, bool convert = false)
    {
        var start = new DateTimeOffset(2026, 10, 12, 8 + visitor, 0, 0, TimeSpan.Zero);
        var common = $"idsite={_idSite}&rec=1&_id={visitor:x16}&cip=10.20.0.{visitor}&token_auth={TestServer.Token}&ua={Uri.EscapeDataString(userAgent)}";
        for (var page = 0; page < pages; page++)
        {
            var cdt = start.AddMinutes(page).ToUnixTimeSeconds();
            Assert.Equal(HttpStatusCode.OK, await _server.TrackAsync($"{common}&cdt={cdt}&url=https%3A%2F%2Fdevices.example.org%2Fp{page}"));
        }

        if (convert)
        {
            var cdt = start.AddMinutes(pages).ToUnixTimeSeconds();
            Assert.Equal(HttpStatusCode.OK, await _server.TrackAsync($"{common}&cdt={cdt}&idgoal=1&revenue=5"));
        }
    }

    private async Task<Dictionary<string, JsonElement>> Rows(string method, string period = "day")
    {
        var rows = await _server.ApiJsonAsync($"method=DevicesDetection.{method}&idSite={_idSite}&period={period}&date={Day}&filter_limit=-1");
        return rows.EnumerateArray().ToDictionary(r => r.GetProperty("label").GetString()!);
    }

    [Fact]
    public async Task Device_types_list_every_type_and_carry_goals()
    {
        var rows = await Rows("getType");

        // 14 device types: three with visits, eleven listed with 0.
        Assert.Equal(14, rows.Count);
        var desktop = rows["Desktop"];
        Assert.Equal(3, desktop.GetProperty("nb_visits").GetInt32());

        // One SQL group (type 0): sums keep MySQL's text, counts are numbers. 2 + 1 + 1 pages, two bounces.
        Assert.Equal("4", desktop.GetProperty("nb_actions").GetString());
        Assert.Equal("2", desktop.GetProperty("bounce_count").GetString());
        Assert.Equal("1", desktop.GetProperty("nb_visits_converted").GetString());
        var goal = desktop.GetProperty("goals").GetProperty("idgoal=1");
        Assert.Equal(1, goal.GetProperty("nb_conversions").GetInt32());
        Assert.Equal(5, goal.GetProperty("revenue").GetDouble());
        Assert.Equal(1, desktop.GetProperty("nb_conversions").GetInt32());
        Assert.Equal(5, desktop.GetProperty("revenue").GetDouble());
        Assert.Equal("deviceType==desktop", desktop.GetProperty("segment").GetString());
        Assert.Equal("plugins/Morpheus/icons/dist/devices/desktop.png", desktop.GetProperty("logo").GetString());

        Assert.Equal(1, rows["Smartphone"].GetProperty("nb_visits").GetInt32());
        Assert.Equal(1, rows["Tablet"].GetProperty("nb_visits").GetInt32());
        Assert.False(rows["Tablet"].TryGetProperty("goals", out _));

        var car = rows["Car browser"];
        Assert.Equal(0, car.GetProperty("nb_visits").GetInt32());
        Assert.Equal("deviceType==car+browser", car.GetProperty("segment").GetString());
        Assert.Equal("plugins/Morpheus/icons/dist/devices/car_browser.png", car.GetProperty("logo").GetString());
        Assert.False(car.TryGetProperty("nb_actions", out _));
    }

    [Fact]
    public async Task Device_types_come_by_visits_then_by_name()
    {
        var rows = await _server.ApiJsonAsync($"method=DevicesDetection.getType&idSite={_idSite}&period=day&date={Day}&filter_limit=-1");
        Assert.Equal(
            [
                "Desktop", "Smartphone", "Tablet", "Camera", "Car browser", "Console", "Feature phone", "Peripheral", "Phablet",
                "Portable media player", "Smart display", "Smart speaker", "Tv", "Wearable",
            ],
            rows.EnumerateArray().Select(r => r.GetProperty("label").GetString()));
    }

    [Fact]
    public async Task Os_versions_sum_ios_and_ipados_under_one_label()
    {
        var rows = await Rows("getOsVersions");
        Assert.Equal(["GNU/Linux", "Windows 10", "iOS 17.0"], rows.Keys.Order(StringComparer.Ordinal));

        // IOS;17.0 (3 pages) and IPA;17.0 (1 page) are two SQL groups summed into numbers; the row
        // keeps the segment and logo of the second, as Matomo's GroupBy does.
        var ios = rows["iOS 17.0"];
        Assert.Equal(2, ios.GetProperty("nb_visits").GetInt32());
        Assert.Equal(JsonValueKind.Number, ios.GetProperty("nb_actions").ValueKind);
        Assert.Equal(4, ios.GetProperty("nb_actions").GetInt32());
        Assert.Equal(3, ios.GetProperty("max_actions").GetInt32());
        Assert.Equal("operatingSystemCode==IPA;operatingSystemVersion==17.0", ios.GetProperty("segment").GetString());
        Assert.Equal("plugins/Morpheus/icons/dist/os/IPA.png", ios.GetProperty("logo").GetString());
        Assert.False(ios.TryGetProperty("goals", out _));

        Assert.Equal("3", rows["Windows 10"].GetProperty("nb_actions").GetString());
        Assert.Equal("operatingSystemCode==LIN;operatingSystemVersion==", rows["GNU/Linux"].GetProperty("segment").GetString());
    }

    [Fact]
    public async Task Os_families_group_the_codes_of_a_family()
    {
        var rows = await Rows("getOsFamilies");
        Assert.Equal(["GNU/Linux", "Windows", "iOS"], rows.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(2, rows["iOS"].GetProperty("nb_visits").GetInt32());
        Assert.Equal("plugins/Morpheus/icons/dist/os/IOS.png", rows["iOS"].GetProperty("logo").GetString());
        Assert.Equal("plugins/Morpheus/icons/dist/os/WIN.png", rows["Windows"].GetProperty("logo").GetString());
    }

    [Fact]
    public async Task Browsers_versions_and_engines_have_names_segments_and_logos()
    {
        var browsers = await Rows("getBrowsers");
        Assert.Equal(["Chrome", "Firefox", "Mobile Safari"], browsers.Keys.Order(StringComparer.Ordinal));
        var chrome = browsers["Chrome"];
        Assert.Equal(2, chrome.GetProperty("nb_visits").GetInt32());
        Assert.Equal("browserCode==CH", chrome.GetProperty("segment").GetString());
        Assert.Equal("plugins/Morpheus/icons/dist/browsers/CH.png", chrome.GetProperty("logo").GetString());
        Assert.Equal(5, chrome.GetProperty("revenue").GetDouble());

        // iPhone and iPad share the stored browser code: one SQL group, so MySQL's types.
        Assert.Equal("4", browsers["Mobile Safari"].GetProperty("nb_actions").GetString());

        var versions = await Rows("getBrowserVersions");
        Assert.Equal(["Chrome 118.0", "Firefox 118.0", "Mobile Safari 17.0"], versions.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("browserCode==CH;browserVersion==118.0", versions["Chrome 118.0"].GetProperty("segment").GetString());
        Assert.Equal("plugins/Morpheus/icons/dist/browsers/FF.png", versions["Firefox 118.0"].GetProperty("logo").GetString());
        Assert.False(versions["Chrome 118.0"].TryGetProperty("goals", out _));

        var engines = await Rows("getBrowserEngines");
        Assert.Equal(["Blink (Chrome, Opera)", "Gecko (Firefox)", "WebKit (Safari)"], engines.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(2, engines["WebKit (Safari)"].GetProperty("nb_visits").GetInt32());
        Assert.Equal("browserEngine==Blink", engines["Blink (Chrome, Opera)"].GetProperty("segment").GetString());
    }

    [Fact]
    public async Task Brands_and_models_name_the_stored_codes()
    {
        var brands = await Rows("getBrand");
        Assert.Equal(["Apple", "Unknown"], brands.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(2, brands["Apple"].GetProperty("nb_visits").GetInt32());
        Assert.Equal("deviceBrand==Apple", brands["Apple"].GetProperty("segment").GetString());
        Assert.Equal("plugins/Morpheus/icons/dist/brand/Apple.png", brands["Apple"].GetProperty("logo").GetString());
        Assert.Equal(3, brands["Unknown"].GetProperty("nb_visits").GetInt32());

        var models = await Rows("getModel");
        Assert.Equal(["Apple - iPad", "Apple - iPhone", "Generic Desktop"], models.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("deviceBrand==Apple;deviceModel==iPhone", models["Apple - iPhone"].GetProperty("segment").GetString());
        Assert.Equal("deviceBrand==Unknown;deviceModel==generic+desktop", models["Generic Desktop"].GetProperty("segment").GetString());
        Assert.Equal(1, models["Generic Desktop"].GetProperty("nb_conversions").GetInt32());
    }

    [Fact]
    public async Task A_week_sums_the_day_into_numbers()
    {
        var rows = await Rows("getType", "week");
        var desktop = rows["Desktop"];
        Assert.Equal(4, desktop.GetProperty("nb_actions").GetInt32());
        Assert.Equal(3, desktop.GetProperty("sum_daily_nb_uniq_visitors").GetInt32());
        Assert.False(desktop.TryGetProperty("nb_uniq_visitors", out _));
        Assert.Equal(5, desktop.GetProperty("revenue").GetDouble());
        Assert.Equal(14, rows.Count);
    }
}
