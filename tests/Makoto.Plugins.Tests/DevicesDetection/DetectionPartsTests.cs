using Makoto.Plugins.DevicesDetection.Detection;

namespace Makoto.Plugins.Tests.DevicesDetection;

/// <summary>The small parts of the detector: PCRE translation, versions, the cache, the report names.</summary>
public class DetectionPartsTests
{
    [Theory]
    [InlineData(@"MicroMax[ \-\_]?([a-z0-9]+)", @"MicroMax[ \-_]?([a-z0-9]+)")]
    [InlineData(@"a\_b", "a_b")]
    [InlineData(@"(?P<model>X[0-9]+)", @"(?<model>X[0-9]+)")]
    [InlineData(@"Foo/(\d++)", @"Foo/(\d+)")]
    [InlineData(@"a*+b", "a*b")]
    [InlineData(@"\x{41}B", @"\u0041B")]
    [InlineData(@"[[:alpha:]]+", @"[a-zA-Z]+")]
    [InlineData(@"a\hb", @"a[ \t]b")]
    [InlineData(@"\+\+", @"\+\+")]
    [InlineData(@"(?:Build|\))", @"(?:Build|\))")]
    [InlineData(@"[+]+", @"[+]+")]
    public void Pcre_patterns_are_translated_for_dotnet(string pcre, string dotnet) =>
        Assert.Equal(dotnet, UaPattern.Translate(pcre));

    [Fact]
    public void Patterns_match_only_at_the_start_of_a_token()
    {
        var pattern = new UaPattern("Pixel", compiled: false);
        Assert.NotNull(pattern.Match("Android 14; Pixel 8"));
        Assert.NotNull(pattern.Match("Pixel 8"));
        Assert.NotNull(pattern.Match("(;_Pixel"));
        Assert.Null(pattern.Match("x_Pixel"));
        Assert.Null(pattern.Match("SuperPixel 8"));
        Assert.Null(pattern.Match("Super-Pixel"));
        Assert.NotNull(new UaPattern("iPhone", compiled: false).Match("MOZILLA (IPHONE; CPU)"));
    }

    [Theory]
    [InlineData("118.0.5993.111", "118.0")]
    [InlineData("17_0_3", "17.0")]
    [InlineData("14", "14")]
    [InlineData("10.15", "10.15")]
    [InlineData(".5.", "5")]
    [InlineData("Server 2003", "Server 2003")]
    public void Versions_keep_major_and_minor(string raw, string stored) =>
        Assert.Equal(stored, VersionText.Truncate(raw.Replace('_', '.')));

    [Theory]
    [InlineData("1.9", "2.0", -1)]
    [InlineData("3.2", "3.0", 1)]
    [InlineData("4.0", "4", 1)]
    [InlineData("10", "8", 1)]
    [InlineData("8.1", "8", 1)]
    [InlineData("XP", "8", -1)]
    [InlineData("1.0rc1", "1.0", -1)]
    [InlineData("1.0", "1.0", 0)]
    [InlineData("28", "28", 0)]
    [InlineData("27.0.1453", "28", -1)]
    public void Versions_compare_like_php(string left, string right, int sign) =>
        Assert.Equal(sign, Math.Sign(VersionText.Compare(left, right)));

    [Fact]
    public void The_cache_is_bounded_and_keeps_what_is_used()
    {
        var detector = new DeviceDetector(cacheCapacity: 4);
        var hot = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:118.0) Gecko/20100101 Firefox/118.0";
        var first = detector.Detect(hot, (string?)null);
        for (var i = 0; i < 50; i++)
        {
            detector.Detect($"Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:{i}.0) Gecko/20100101 Firefox/{i}.0", (string?)null);
            Assert.Same(first, detector.Detect(hot, (string?)null));
            Assert.True(detector.CachedCount <= 4);
        }
    }

    [Fact]
    public void The_cache_is_safe_under_concurrency()
    {
        var detector = new DeviceDetector(cacheCapacity: 8);
        var userAgents = Enumerable.Range(0, 40).Select(i => $"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/{60 + i}.0.0.0 Safari/537.36").ToArray();
        Parallel.For(0, 4000, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i =>
        {
            var ua = userAgents[i % userAgents.Length];
            var info = detector.Detect(ua, (string?)null);
            Assert.Equal($"{60 + (i % userAgents.Length)}.0", info.ConfigBrowserVersion);
        });
        Assert.True(detector.CachedCount <= 8);
    }

    [Fact]
    public void Report_labels_follow_matomo()
    {
        var names = DeviceNames.Default;
        Assert.Equal("Windows 10", names.OsVersionLabel("WIN", "10"));
        Assert.Equal("iOS 17.0", names.OsVersionLabel("IPA", "17.0"));
        Assert.Equal("GNU/Linux", names.OsVersionLabel("LIN", ""));
        Assert.Equal("Unknown", names.OsVersionLabel("UNK", "UNK"));
        Assert.Equal("Bot", names.OsFamilyLabel("BOT"));
        Assert.Equal("Windows", names.OsFamilyLabel("WIN"));
        Assert.Equal("iOS", names.OsFamilyLabel("IPA"));
        Assert.Equal("Unknown", names.OsFamilyLabel("UNK"));
        Assert.Equal("Chrome", names.BrowserLabel("CH"));
        Assert.Equal("Unknown", names.BrowserLabel("UNK"));
        Assert.Equal("Facebook", names.BrowserLabel("Facebook"));
        Assert.Equal("Chrome", names.BrowserFamily("CM"));
        Assert.Equal("Apple", names.BrandLabel("AP"));
        Assert.Equal("Unknown", names.BrandLabel(""));
        Assert.Equal("Smartphone", names.DeviceTypeLabel(1));
        Assert.Equal("Tv", names.DeviceTypeLabel(5));
        Assert.Equal("Unknown", names.DeviceTypeLabel((int?)null));
        Assert.Equal("Apple - iPhone", names.ModelLabel("AP", "iPhone"));
        Assert.Equal("Generic Desktop", names.ModelLabel("", "generic desktop"));
        Assert.Equal("Generic Mobile device", names.ModelLabel("", "generic mobile"));
        Assert.Equal("Blink (Chrome, Opera)", names.EngineLabel("Blink"));
        Assert.Equal("Unknown", names.EngineLabel(""));
        Assert.Equal("Mobile App", names.ClientTypeLabel(5));
        Assert.Contains("CH", names.BrowserFamilies()["Chrome"]);
        Assert.Contains("UBT", names.OsFamilies()["GNU/Linux"]);
        Assert.Equal("WIN", names.OsCode("windows"));
        Assert.Equal("AP", names.BrandCode("Apple"));
    }

    [Fact]
    public void Device_types_are_matomos_numbers()
    {
        Assert.Equal(14, DeviceTypes.All.Count);
        Assert.Equal(DeviceTypes.CarBrowser, DeviceTypes.FromName("car browser"));
        Assert.Equal("portable media player", DeviceTypes.Name(DeviceTypes.PortableMediaPlayer));
        Assert.Equal((0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13), (DeviceTypes.Desktop, DeviceTypes.Smartphone, DeviceTypes.Tablet, DeviceTypes.FeaturePhone, DeviceTypes.Console, DeviceTypes.Tv, DeviceTypes.CarBrowser, DeviceTypes.SmartDisplay, DeviceTypes.Camera, DeviceTypes.PortableMediaPlayer, DeviceTypes.Phablet, DeviceTypes.SmartSpeaker, DeviceTypes.Wearable, DeviceTypes.Peripheral));
    }
}
