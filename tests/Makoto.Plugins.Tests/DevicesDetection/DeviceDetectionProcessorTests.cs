using System.Net;
using Makoto.Core.Sites;
using Makoto.Plugins.DevicesDetection.Detection;
using Makoto.Plugins.DevicesDetection.Tracking;
using Makoto.Tracking.Pipeline;
using Makoto.Tracking.Requests;

namespace Makoto.Plugins.Tests.DevicesDetection;

/// <summary>The tracking step: visit columns as Matomo stores them, and the bot exclusion with its <c>bots=1</c> switch.</summary>
public class DeviceDetectionProcessorTests
{
    private const string Googlebot = "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)";
    private const string WindowsChrome = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/118.0.0.0 Safari/537.36";

    private static readonly Site s_site = new()
    {
        IdSite = 1,
        Name = "Test",
        MainUrl = "http://example.org",
        TsCreated = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc),
    };

    private readonly DeviceDetectionProcessor _processor = new(new DeviceDetector(cacheCapacity: 64));

    private static HitContext Hit(string userAgent, string ip = "81.138.210.109", params (string Name, string Value)[] parameters)
    {
        var values = new TrackingParameters();
        values.Set("idsite", "1");
        values.Set("rec", "1");
        foreach (var (name, value) in parameters)
        {
            values.Set(name, value);
        }

        return new HitContext(new TrackingRequest
        {
            Parameters = values,
            Site = s_site,
            Timestamp = new DateTime(2026, 10, 12, 10, 0, 0, DateTimeKind.Utc),
            Ip = IPAddress.Parse(ip),
            Rec = true,
            UserAgent = userAgent,
        });
    }

    [Fact]
    public void Runs_at_the_device_stage()
    {
        Assert.Equal(TrackingStage.Device, _processor.Order);
        Assert.Equal("devices-detection", _processor.Name);
    }

    [Fact]
    public void A_desktop_browser_gets_matomos_columns()
    {
        var hit = Hit(WindowsChrome);
        _processor.Process(hit);
        var v = hit.Visit;
        Assert.False(hit.IsExcluded);
        Assert.Equal(("WIN", "10", "CH", "118.0", "Blink", 1), (v.ConfigOs, v.ConfigOsVersion, v.ConfigBrowserName, v.ConfigBrowserVersion, v.ConfigBrowserEngine, v.ConfigClientType));
        Assert.Equal((DeviceTypes.Desktop, "", "generic desktop"), (v.ConfigDeviceType, v.ConfigDeviceBrand, v.ConfigDeviceModel));
    }

    [Fact]
    public void A_phone_gets_its_brand_code_and_model()
    {
        var hit = Hit("Mozilla/5.0 (iPhone; CPU iPhone OS 17_0_3 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1");
        _processor.Process(hit);
        var v = hit.Visit;
        Assert.Equal(("IOS", "17.0", "MF", "17.0", "WebKit"), (v.ConfigOs, v.ConfigOsVersion, v.ConfigBrowserName, v.ConfigBrowserVersion, v.ConfigBrowserEngine));
        Assert.Equal((DeviceTypes.Smartphone, "AP", "iPhone"), (v.ConfigDeviceType, v.ConfigDeviceBrand, v.ConfigDeviceModel));
    }

    [Fact]
    public void The_ua_parameter_and_uadata_are_used()
    {
        var hit = Hit(WindowsChrome, parameters: ("uadata", """{"platform":"Windows","platformVersion":"15.0.0","fullVersionList":[{"brand":"Google Chrome","version":"118.0.5993.118"}],"mobile":false}"""));
        _processor.Process(hit);
        Assert.Equal(("WIN", "11"), (hit.Visit.ConfigOs, hit.Visit.ConfigOsVersion));
    }

    /// <summary>Chrome on Windows 11 as it sends its client hints headers (Microsoft: platform version 13 and later = Windows 11).</summary>
    private static readonly Dictionary<string, string> s_windows11Headers = new(StringComparer.Ordinal)
    {
        ["sec-ch-ua"] = "\"Chromium\";v=\"118\", \"Google Chrome\";v=\"118\", \"Not=A?Brand\";v=\"99\"",
        ["sec-ch-ua-mobile"] = "?0",
        ["sec-ch-ua-platform"] = "\"Windows\"",
        ["sec-ch-ua-platform-version"] = "\"15.0.0\"",
    };

    private static HitContext HitWithHeaders(Dictionary<string, string> headers, params (string Name, string Value)[] parameters)
    {
        var hit = Hit(WindowsChrome, parameters: parameters);
        return new HitContext(new TrackingRequest
        {
            Parameters = hit.Request.Parameters,
            Site = s_site,
            Timestamp = hit.Request.Timestamp,
            Ip = hit.Request.Ip,
            Rec = true,
            UserAgent = WindowsChrome,
            Client = new TrackingClient(hit.Request.Ip, WindowsChrome, null, null) { Headers = headers },
        });
    }

    [Fact]
    public void Client_hint_headers_are_used_when_the_tracker_sends_no_uadata()
    {
        var hit = HitWithHeaders(s_windows11Headers);
        _processor.Process(hit);
        Assert.Equal(("WIN", "11", "CH"), (hit.Visit.ConfigOs, hit.Visit.ConfigOsVersion, hit.Visit.ConfigBrowserName));

        // An empty uadata counts as not sent (Matomo then falls back to the headers too).
        var empty = HitWithHeaders(s_windows11Headers, ("uadata", ""));
        _processor.Process(empty);
        Assert.Equal("11", empty.Visit.ConfigOsVersion);
    }

    [Fact]
    public void Uadata_wins_over_client_hint_headers()
    {
        // The headers say Windows 11; uadata says Windows 8.1 (platform version 0.3.0): uadata is used.
        var hit = HitWithHeaders(s_windows11Headers, ("uadata", """{"platform":"Windows","platformVersion":"0.3.0","brands":[{"brand":"Google Chrome","version":"118"}],"mobile":false}"""));
        _processor.Process(hit);
        Assert.Equal(("WIN", "8.1"), (hit.Visit.ConfigOs, hit.Visit.ConfigOsVersion));
    }

    [Fact]
    public void A_bot_is_excluded()
    {
        var hit = Hit(Googlebot);
        _processor.Process(hit);
        Assert.Equal("bot", hit.ExcludedBy);
    }

    [Theory]
    [InlineData("1")]
    [InlineData("2")]
    public void A_bot_is_kept_with_bots_1_and_stored_with_the_os_bot(string bots)
    {
        var hit = Hit(Googlebot, parameters: ("bots", bots));
        _processor.Process(hit);
        var v = hit.Visit;
        Assert.False(hit.IsExcluded);
        Assert.Equal(("BOT", "UNK", "UNK", "", "", (int?)null), (v.ConfigOs, v.ConfigOsVersion, v.ConfigBrowserName, v.ConfigBrowserVersion, v.ConfigBrowserEngine, v.ConfigClientType));
        Assert.Equal(((int?)null, "", ""), (v.ConfigDeviceType, v.ConfigDeviceBrand, v.ConfigDeviceModel));
        Assert.Equal("Bot", DeviceNames.Default.OsVersionLabel(v.ConfigOs, v.ConfigOsVersion));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("")]
    [InlineData("yes")]
    public void Other_values_of_bots_do_not_keep_bots(string bots)
    {
        var hit = Hit(Googlebot, parameters: ("bots", bots));
        _processor.Process(hit);
        Assert.Equal("bot", hit.ExcludedBy);
    }

    [Theory]
    [InlineData("66.249.81.1")] // Google's crawlers
    [InlineData("157.55.39.1")] // Bing
    [InlineData("::ffff:66.249.81.1")]
    public void Hits_from_crawler_ranges_are_bots_whatever_their_user_agent(string ip)
    {
        var hit = Hit(WindowsChrome, ip);
        _processor.Process(hit);
        Assert.Equal("bot", hit.ExcludedBy);

        var kept = Hit(WindowsChrome, ip, ("bots", "1"));
        _processor.Process(kept);
        Assert.False(kept.IsExcluded);
        Assert.Equal("WIN", kept.Visit.ConfigOs);
    }

    [Theory]
    [InlineData("81.138.210.109")]
    [InlineData("66.249.96.1")]
    [InlineData("2001:db8::1")]
    public void Other_addresses_are_not_bots(string ip)
    {
        var hit = Hit(WindowsChrome, ip);
        _processor.Process(hit);
        Assert.False(hit.IsExcluded);
    }

    [Theory]
    [InlineData("")]
    [InlineData("12345")]
    [InlineData("-")]
    public void Nothing_detected_is_stored_as_unknown(string userAgent)
    {
        var hit = Hit(userAgent);
        _processor.Process(hit);
        var v = hit.Visit;
        Assert.False(hit.IsExcluded);
        Assert.Equal(("UNK", "UNK", "UNK", "", "", (int?)null), (v.ConfigOs, v.ConfigOsVersion, v.ConfigBrowserName, v.ConfigBrowserVersion, v.ConfigBrowserEngine, v.ConfigClientType));
        Assert.Equal(((int?)null, "", ""), (v.ConfigDeviceType, v.ConfigDeviceBrand, v.ConfigDeviceModel));
    }

    [Fact]
    public void A_library_is_stored_by_name_with_its_client_type()
    {
        var hit = Hit("curl/8.4.0");
        _processor.Process(hit);
        var v = hit.Visit;
        Assert.Equal(("curl", "8.4", (int)ClientType.Library, "UNK"), (v.ConfigBrowserName, v.ConfigBrowserVersion, v.ConfigClientType, v.ConfigOs));
        Assert.Equal("curl", DeviceNames.Default.BrowserLabel(v.ConfigBrowserName));
    }

    [Fact]
    public void A_mobile_app_is_stored_by_name_with_its_client_type()
    {
        var hit = Hit("Mozilla/5.0 (Linux; Android 13; SM-G991B Build/TP1A.220624.014; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/118.0.5993.111 Mobile Safari/537.36 [FB_IAB/FB4A;FBAV/438.0.0.33.118;]");
        _processor.Process(hit);
        var v = hit.Visit;
        Assert.Equal(("Facebook", "438.0", (int)ClientType.MobileApp, ""), (v.ConfigBrowserName, v.ConfigBrowserVersion, v.ConfigClientType, v.ConfigBrowserEngine));
        Assert.Equal(("AND", "13", DeviceTypes.Smartphone, "SA"), (v.ConfigOs, v.ConfigOsVersion, v.ConfigDeviceType, v.ConfigDeviceBrand));
    }

    [Fact]
    public void An_unidentified_phone_is_a_generic_mobile()
    {
        // Opera Mini only runs on mobile devices, but nothing says which kind.
        var hit = Hit("Opera/9.80 (Android; Opera Mini/36.2.2254/119.132; U; id) Presto/2.12.423 Version/12.16");
        _processor.Process(hit);
        Assert.Equal(((int?)null, "generic mobile"), (hit.Visit.ConfigDeviceType, hit.Visit.ConfigDeviceModel));
    }

    [Fact]
    public void The_plugin_registers_the_processor()
    {
        var services = new Microsoft.Extensions.DependencyInjection.ServiceCollection();
        new Makoto.Plugins.DevicesDetection.DevicesDetectionPlugin().Register(services);
        Assert.Contains(services, s => s.ServiceType == typeof(ITrackingProcessor) && s.ImplementationType == typeof(DeviceDetectionProcessor));
        Assert.Contains(services, s => s.ServiceType == typeof(DeviceDetector));
    }
}
