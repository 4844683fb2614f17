using Makoto.Plugins.DevicesDetection.Detection;

namespace Makoto.Plugins.Tests.DevicesDetection;

/// <summary>
/// User-Agent Client Hints (the tracker's <c>uadata</c> and the <c>Sec-CH-UA*</c> headers) carry what
/// Chrome's reduced User-Agent no longer says: the Windows version (Microsoft documents
/// platformVersion 13 and later as Windows 11, 1–10 as Windows 10, 0.1/0.2/0.3 as 7/8/8.1), the real
/// macOS and Android versions, the full browser version and the Android device model.
/// </summary>
public class ClientHintsTests
{
    private const string WindowsChrome = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/118.0.0.0 Safari/537.36";
    private const string ReducedAndroidChrome = "Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/118.0.0.0 Mobile Safari/537.36";
    private const string MacChrome = "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/119.0.0.0 Safari/537.36";

    private readonly DeviceDetector _detector = new(cacheCapacity: 64);

    private static string Uadata(string platform, string platformVersion, string brands, bool mobile = false, string model = "") =>
        $$"""{"brands":[],"fullVersionList":[{{brands}}],"mobile":{{(mobile ? "true" : "false")}},"model":"{{model}}","platform":"{{platform}}","platformVersion":"{{platformVersion}}"}""";

    private const string ChromeBrands = """{"brand":"Chromium","version":"118.0.5993.118"},{"brand":"Google Chrome","version":"118.0.5993.118"},{"brand":"Not=A?Brand","version":"99.0.0.0"}""";

    [Theory]
    [InlineData("15.0.0", "11")]
    [InlineData("13.0.0", "11")]
    [InlineData("10.0.0", "10")]
    [InlineData("1.0.0", "10")]
    [InlineData("0.3.0", "8.1")]
    [InlineData("0.2.0", "8")]
    [InlineData("0.1.0", "7")]
    public void Windows_version_comes_from_the_platform_version(string platformVersion, string windows)
    {
        var info = _detector.Detect(WindowsChrome, Uadata("Windows", platformVersion, ChromeBrands));
        Assert.Equal(("WIN", windows), (info.ConfigOs, info.ConfigOsVersion));
        Assert.Equal("Windows " + windows, DeviceNames.Default.OsVersionLabel(info.ConfigOs, info.ConfigOsVersion));
    }

    [Fact]
    public void Without_hints_windows_11_reads_as_windows_10_like_its_user_agent()
    {
        var info = _detector.Detect(WindowsChrome, (string?)null);
        Assert.Equal(("WIN", "10"), (info.ConfigOs, info.ConfigOsVersion));
    }

    [Fact]
    public void Browser_version_comes_from_the_full_version_list()
    {
        var info = _detector.Detect(WindowsChrome, Uadata("Windows", "15.0.0", ChromeBrands));
        Assert.Equal(("CH", "118.0", "Blink", 1), (info.ConfigBrowserName, info.ConfigBrowserVersion, info.ConfigBrowserEngine, info.ConfigClientType));
    }

    [Fact]
    public void A_browser_named_only_by_the_hints_wins_over_the_chrome_user_agent()
    {
        // Brave sends Chrome's User-Agent; only its client hints name it.
        var brave = """{"brand":"Brave","version":"119.1.60.118"},{"brand":"Chromium","version":"119.0.6045.163"},{"brand":"Not?A_Brand","version":"24.0.0.0"}""";
        var info = _detector.Detect(WindowsChrome, Uadata("Windows", "15.0.0", brave));
        Assert.Equal(("BR", "119.1", "Blink"), (info.ConfigBrowserName, info.ConfigBrowserVersion, info.ConfigBrowserEngine));
    }

    [Fact]
    public void Microsoft_edge_is_named_by_its_brand()
    {
        var edge = """{"brand":"Chromium","version":"118.0.5993.118"},{"brand":"Microsoft Edge","version":"118.0.2088.76"},{"brand":"Not=A?Brand","version":"99.0.0.0"}""";
        var ua = WindowsChrome + " Edg/118.0.2088.76";
        var info = _detector.Detect(ua, Uadata("Windows", "15.0.0", edge));
        Assert.Equal(("PS", "118.0", "WIN", "11"), (info.ConfigBrowserName, info.ConfigBrowserVersion, info.ConfigOs, info.ConfigOsVersion));
    }

    [Fact]
    public void Mac_version_comes_from_the_hints_because_the_user_agent_is_frozen_at_10_15()
    {
        var brands = """{"brand":"Google Chrome","version":"119.0.6045.159"},{"brand":"Chromium","version":"119.0.6045.159"},{"brand":"Not?A_Brand","version":"24.0.0.0"}""";
        Assert.Equal(("MAC", "10.15"), (_detector.Detect(MacChrome, (string?)null).ConfigOs, _detector.Detect(MacChrome, (string?)null).ConfigOsVersion));
        var info = _detector.Detect(MacChrome, Uadata("macOS", "14.1.1", brands));
        Assert.Equal(("MAC", "14.1", "CH", "119.0", "AP"), (info.ConfigOs, info.ConfigOsVersion, info.ConfigBrowserName, info.ConfigBrowserVersion, info.ConfigDeviceBrand));
    }

    [Fact]
    public void The_model_in_the_hints_restores_a_reduced_android_user_agent()
    {
        var withoutHints = _detector.Detect(ReducedAndroidChrome, (string?)null);
        Assert.Equal(("AND", "10", "", "generic smartphone", 1), (withoutHints.ConfigOs, withoutHints.ConfigOsVersion, withoutHints.ConfigDeviceBrand, withoutHints.ConfigDeviceModel, withoutHints.ConfigDeviceType));

        var info = _detector.Detect(ReducedAndroidChrome, Uadata("Android", "14.0.0", ChromeBrands, mobile: true, model: "Pixel 8"));
        Assert.Equal(("AND", "14.0", "CM", "118.0"), (info.ConfigOs, info.ConfigOsVersion, info.ConfigBrowserName, info.ConfigBrowserVersion));
        Assert.Equal(("GO", "Pixel 8", 1), (info.ConfigDeviceBrand, info.ConfigDeviceModel, info.ConfigDeviceType));
    }

    [Fact]
    public void A_samsung_model_in_the_hints_gives_the_brand()
    {
        var info = _detector.Detect(ReducedAndroidChrome, Uadata("Android", "13.0.0", ChromeBrands, mobile: true, model: "SM-G991B"));
        Assert.Equal(("SA", "Galaxy S21 5G"), (info.ConfigDeviceBrand, info.ConfigDeviceModel));
        Assert.Equal("Samsung", DeviceNames.Default.BrandLabel(info.ConfigDeviceBrand));
    }

    [Fact]
    public void An_unknown_model_in_the_hints_is_stored_as_is()
    {
        var info = _detector.Detect(ReducedAndroidChrome, Uadata("Android", "14.0.0", ChromeBrands, mobile: true, model: "Zorglub 3000"));
        Assert.Equal(("Zorglub 3000", 1), (info.ConfigDeviceModel, info.ConfigDeviceType));
    }

    [Theory]
    [InlineData("")]
    [InlineData("not json")]
    [InlineData("[1,2,3]")]
    [InlineData("{\"platform\":42}")]
    public void Unusable_uadata_is_ignored(string uadata)
    {
        var info = _detector.Detect(WindowsChrome, uadata);
        Assert.Equal(("WIN", "10", "CH", "118.0"), (info.ConfigOs, info.ConfigOsVersion, info.ConfigBrowserName, info.ConfigBrowserVersion));
    }

    [Fact]
    public void The_same_user_agent_with_other_hints_is_detected_again()
    {
        var win11 = _detector.Detect(WindowsChrome, Uadata("Windows", "15.0.0", ChromeBrands));
        var win10 = _detector.Detect(WindowsChrome, Uadata("Windows", "10.0.0", ChromeBrands));
        var none = _detector.Detect(WindowsChrome, (string?)null);
        Assert.Equal(("11", "10", "10"), (win11.ConfigOsVersion, win10.ConfigOsVersion, none.ConfigOsVersion));
        Assert.Same(win11, _detector.Detect(WindowsChrome, Uadata("Windows", "15.0.0", ChromeBrands)));
    }

    [Fact]
    public void Headers_are_read_in_structured_field_syntax()
    {
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            ["Sec-CH-UA"] = "\"Chromium\";v=\"118\", \"Google Chrome\";v=\"118\", \"Not=A?Brand\";v=\"99\"",
            ["Sec-CH-UA-Full-Version-List"] = "\"Chromium\";v=\"118.0.5993.118\", \"Google Chrome\";v=\"118.0.5993.118\", \"Not=A?Brand\";v=\"99.0.0.0\"",
            ["Sec-CH-UA-Platform"] = "\"Windows\"",
            ["Sec-CH-UA-Platform-Version"] = "\"15.0.0\"",
            ["Sec-CH-UA-Mobile"] = "?0",
        };

        var hints = ClientHints.FromHeaders(name => headers.GetValueOrDefault(name));
        Assert.NotNull(hints);
        Assert.Equal(("Windows", "15.0.0", false), (hints.Platform, hints.PlatformVersion, hints.Mobile));
        Assert.Equal(new KeyValuePair<string, string>("Google Chrome", "118.0.5993.118"), hints.Brands[1]);

        var info = _detector.Detect(WindowsChrome, hints);
        Assert.Equal(("WIN", "11", "CH", "118.0"), (info.ConfigOs, info.ConfigOsVersion, info.ConfigBrowserName, info.ConfigBrowserVersion));
        Assert.Null(ClientHints.FromHeaders(_ => null));
    }
}
