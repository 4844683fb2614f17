using Makoto.Plugins.DevicesDetection.Detection;

namespace Makoto.Plugins.Tests.DevicesDetection;

/// <summary>The embedded database: every pattern compiles in .NET, and every name has its short code.</summary>
public class DeviceDatabaseTests
{
    private static readonly DeviceDatabase s_db = DeviceDatabase.Default;

    [Fact]
    public void The_whole_database_is_embedded()
    {
        Assert.True(s_db.Bots.Rules.Count > 300, $"{s_db.Bots.Rules.Count} bots");
        Assert.True(s_db.OperatingSystems.Rules.Count > 200);
        Assert.True(s_db.Browsers.Rules.Count > 300);
        Assert.True(s_db.Mobiles.Rules.Count > 900);
        Assert.True(s_db.BrandNames.Count > 2000);
        Assert.Equal(6, s_db.Clients.Count);
    }

    [Fact]
    public void Every_pattern_compiles()
    {
        var failures = new List<string>();
        var count = 0;
        foreach (var pattern in s_db.AllPatterns())
        {
            count++;
            try
            {
                // Creating the interpreted form is enough to validate the syntax.
                _ = new System.Text.RegularExpressions.Regex(UaPattern.Translate(pattern.Source));
            }
            catch (ArgumentException e)
            {
                failures.Add($"{pattern.Source}: {e.Message}");
            }
        }

        Assert.True(count > 9000, $"{count} patterns");
        Assert.Empty(failures);
    }

    [Fact]
    public void Every_browser_of_the_patterns_has_a_short_code()
    {
        var missing = s_db.Browsers.Rules.Select(r => r.Name).Where(n => !n.Contains('$', StringComparison.Ordinal) && !s_db.BrowserCodes.ContainsKey(n)).Distinct().ToList();
        Assert.True(missing.Count == 0, "No short code for: " + string.Join(", ", missing));
    }

    [Fact]
    public void Every_brand_of_the_device_lists_has_a_short_code()
    {
        var lists = new[] { s_db.Televisions, s_db.Notebooks, s_db.Consoles, s_db.CarBrowsers, s_db.Cameras, s_db.PortableMediaPlayers, s_db.Mobiles, s_db.VendorFragments };
        var brands = lists.SelectMany(l => l.Rules).SelectMany(r => r.Models.Select(m => m.Brand).Append(r.Brand)).OfType<string>().Where(b => b.Length > 0 && b != "Unknown").Distinct();
        var missing = brands.Where(b => !s_db.BrandCodes.ContainsKey(b)).ToList();
        Assert.True(missing.Count == 0, "No short code for: " + string.Join(", ", missing));
    }

    [Theory]
    [InlineData("Apple", "AP")]
    [InlineData("Samsung", "SA")]
    [InlineData("Google", "GO")]
    [InlineData("Xiaomi", "XI")]
    [InlineData("Huawei", "HU")]
    [InlineData("Wortmann", "WR")]
    [InlineData("CHIA", "HG")]
    public void Brand_names_map_to_matomos_short_codes(string name, string code) =>
        Assert.Equal(code, s_db.BrandCodes[name]);

    [Theory]
    [InlineData("WIN", "Windows", "Windows")]
    [InlineData("MAC", "Mac", "Mac")]
    [InlineData("AND", "Android", "Android")]
    [InlineData("IOS", "iOS", "iOS")]
    [InlineData("IPA", "iPadOS", "iOS")]
    [InlineData("LIN", "GNU/Linux", "GNU/Linux")]
    [InlineData("UBT", "Ubuntu", "GNU/Linux")]
    [InlineData("COS", "Chrome OS", "Chrome OS")]
    [InlineData("KOS", "KaiOS", "Firefox OS")]
    public void Operating_systems_have_names_and_families(string code, string name, string family)
    {
        Assert.Equal(name, s_db.OsNames[code]);
        Assert.Equal(family, s_db.OsFamilies[code]);
    }

    [Theory]
    [InlineData("CH", "Chrome")]
    [InlineData("CM", "Chrome Mobile")]
    [InlineData("FF", "Firefox")]
    [InlineData("SF", "Safari")]
    [InlineData("MF", "Mobile Safari")]
    [InlineData("PS", "Microsoft Edge")]
    [InlineData("SB", "Samsung Browser")]
    [InlineData("YA", "Yandex Browser")]
    [InlineData("UC", "UC Browser")]
    public void Browsers_have_matomos_short_codes(string code, string name) => Assert.Equal(name, s_db.BrowserNames[code]);
}
