using System.Text.Json;
using Makoto.Plugins.DevicesDetection.Detection;

namespace Makoto.Plugins.Tests.DevicesDetection;

/// <summary>
/// The User-Agents of one day of the Matomo 5.0.2 conformance corpus produce exactly the browser,
/// operating system version and device type labels of Matomo's reports for that day.
/// </summary>
public class ConformanceUserAgentTests
{
    private static readonly string s_folder = Path.Combine(AppContext.BaseDirectory, "DevicesDetection", "TestData", "conformance");

    private static readonly DeviceDetector s_detector = new(cacheCapacity: 16);

    private static readonly DeviceNames s_names = DeviceNames.Default;

    private static IReadOnlyList<DeviceInfo> Detections() =>
        [.. File.ReadLines(Path.Combine(s_folder, "user-agents__day__2026-10-12.txt"))
            .Where(line => line.Length > 0 && line[0] != '#')
            .Select(line => s_detector.Detect(Uri.UnescapeDataString(line), (string?)null))];

    [Fact]
    public void Browsers_match_matomo()
    {
        var expected = Labels("DevicesDetection.getBrowsers__day__2026-10-12.json");
        var actual = Detections().Select(d => s_names.BrowserLabel(d.ConfigBrowserName)).ToHashSet();
        Assert.Equal(expected, actual.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Browser_codes_match_the_segments_of_matomo()
    {
        var expected = Segments("DevicesDetection.getBrowsers__day__2026-10-12.json");
        var actual = Detections().Select(d => "browserCode==" + d.ConfigBrowserName).ToHashSet();
        Assert.Equal(expected, actual.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Operating_system_versions_match_matomo()
    {
        var expected = Labels("DevicesDetection.getOsVersions__day__2026-10-12.json");
        var actual = Detections().Select(d => s_names.OsVersionLabel(d.ConfigOs, d.ConfigOsVersion)).ToHashSet();
        Assert.Equal(expected, actual.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Operating_system_codes_and_versions_include_the_segments_of_matomo()
    {
        // Matomo shows one row per label; "iOS 17.0" merges iPhones (IOS) and iPads (IPA) and keeps the
        // segment of one of them, so every segment must be produced, not every combination shown.
        var actual = Detections().Select(d => $"operatingSystemCode=={d.ConfigOs};operatingSystemVersion=={d.ConfigOsVersion}").ToHashSet();
        foreach (var segment in Segments("DevicesDetection.getOsVersions__day__2026-10-12.json"))
        {
            Assert.Contains(segment, actual);
        }

        Assert.Contains("operatingSystemCode==IOS;operatingSystemVersion==17.0", actual);
    }

    [Fact]
    public void Device_types_match_matomo()
    {
        var expected = Labels("DevicesDetection.getType__day__2026-10-12.json");
        var actual = Detections().Select(d => s_names.DeviceTypeLabel(d.ConfigDeviceType)).ToHashSet();
        Assert.Equal(expected, actual.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void The_visit_columns_are_those_matomo_shows_in_its_visitor_log()
    {
        // Live.getLastVisitsDetails of the same corpus: deviceBrand, deviceModel, browserFamily (engine).
        var byUa = File.ReadLines(Path.Combine(s_folder, "user-agents__day__2026-10-12.txt"))
            .Where(line => line.Length > 0 && line[0] != '#')
            .Select(Uri.UnescapeDataString)
            .ToDictionary(ua => ua, ua => s_detector.Detect(ua, (string?)null));

        var iphone = byUa.Single(p => p.Key.Contains("iPhone", StringComparison.Ordinal)).Value;
        Assert.Equal(("AP", "iPhone", "WebKit", 1), (iphone.ConfigDeviceBrand, iphone.ConfigDeviceModel, iphone.ConfigBrowserEngine, iphone.ConfigClientType));
        Assert.Equal("Apple - iPhone", s_names.ModelLabel(iphone.ConfigDeviceBrand, iphone.ConfigDeviceModel));

        var pixel = byUa.Single(p => p.Key.Contains("Pixel 8", StringComparison.Ordinal)).Value;
        Assert.Equal(("GO", "Pixel 8", "Blink"), (pixel.ConfigDeviceBrand, pixel.ConfigDeviceModel, pixel.ConfigBrowserEngine));
        Assert.Equal("Google", s_names.BrandLabel(pixel.ConfigDeviceBrand));

        var mac = byUa.Single(p => p.Key.Contains("Macintosh", StringComparison.Ordinal)).Value;
        Assert.Equal(("AP", "generic desktop"), (mac.ConfigDeviceBrand, mac.ConfigDeviceModel));
        Assert.Equal("Apple - Generic Desktop", s_names.ModelLabel(mac.ConfigDeviceBrand, mac.ConfigDeviceModel));

        var edge = byUa.Single(p => p.Key.Contains("Edg/", StringComparison.Ordinal)).Value;
        Assert.Equal(("", "generic desktop", "Blink", "Blink (Chrome, Opera)"), (edge.ConfigDeviceBrand, edge.ConfigDeviceModel, edge.ConfigBrowserEngine, s_names.EngineLabel(edge.ConfigBrowserEngine)));
        Assert.Equal("Unknown", s_names.BrandLabel(edge.ConfigDeviceBrand));

        var firefox = byUa.Single(p => p.Key.Contains("Windows", StringComparison.Ordinal) && p.Key.Contains("Firefox", StringComparison.Ordinal)).Value;
        Assert.Equal(("Gecko", "Gecko (Firefox)"), (firefox.ConfigBrowserEngine, s_names.EngineLabel(firefox.ConfigBrowserEngine)));
    }

    /// <summary>The labels of the rows with visits, sorted.</summary>
    private static IEnumerable<string> Labels(string file) =>
        Rows(file).Select(r => r.GetProperty("label").GetString()!).Order(StringComparer.Ordinal);

    private static IEnumerable<string> Segments(string file) =>
        Rows(file).Select(r => r.GetProperty("segment").GetString()!).Order(StringComparer.Ordinal);

    private static List<JsonElement> Rows(string file)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(s_folder, file)));
        return [.. document.RootElement.EnumerateArray().Where(r => r.GetProperty("nb_visits").GetInt32() > 0).Select(r => r.Clone())];
    }
}
