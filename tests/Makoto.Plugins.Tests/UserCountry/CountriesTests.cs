using System.Text.Json;
using Makoto.Plugins.UserCountry;

namespace Makoto.Plugins.Tests.UserCountry;

/// <summary>
/// The country and continent tables, checked against what Matomo 5.0.2 printed in the conformance
/// corpus (<c>TestData/Live.getLastVisitsDetails*.json</c>, copied unchanged from
/// <c>conformance/matomo-5.0.2/expected</c>) and against facts checked by hand.
/// </summary>
public class CountriesTests
{
    public static TheoryData<string, string, string, string> LiveVisits()
    {
        var data = new TheoryData<string, string, string, string>();
        var seen = new HashSet<string>();
        var folder = Path.Combine(AppContext.BaseDirectory, "UserCountry", "TestData");
        foreach (var file in Directory.GetFiles(folder, "Live.getLastVisitsDetails*.json"))
        {
            using var json = JsonDocument.Parse(File.ReadAllText(file));
            foreach (var visit in json.RootElement.EnumerateArray())
            {
                var row = (
                    visit.GetProperty("countryCode").GetString()!,
                    visit.GetProperty("country").GetString()!,
                    visit.GetProperty("continentCode").GetString()!,
                    visit.GetProperty("continent").GetString()!);
                if (seen.Add(row.ToString()))
                {
                    data.Add(row.Item1, row.Item2, row.Item3, row.Item4);
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(LiveVisits))]
    public void Names_and_continents_are_those_of_matomos_live_output(string countryCode, string country, string continentCode, string continent)
    {
        Assert.Equal(country, Countries.NameOf(countryCode));
        Assert.Equal(continentCode, Countries.ContinentOf(countryCode));
        Assert.Equal(continent, Continents.NameOf(continentCode));
    }

    [Fact]
    public void The_live_output_covers_several_countries_and_continents()
    {
        var visits = LiveVisits();
        Assert.True(visits.Count >= 7, $"{visits.Count} distinct countries");
    }

    [Theory]
    [InlineData("mx", "amn")] // Mexico is North America for MaxMind and Matomo
    [InlineData("us", "amn")]
    [InlineData("gl", "amn")]
    [InlineData("cr", "amc")] // Central America and the Caribbean apart
    [InlineData("cu", "amc")]
    [InlineData("pr", "amc")]
    [InlineData("br", "ams")]
    [InlineData("fk", "ams")]
    [InlineData("aq", "ant")]
    [InlineData("tf", "ant")]
    [InlineData("ru", "eur")]
    [InlineData("tr", "eur")]
    [InlineData("cy", "eur")]
    [InlineData("ge", "asi")]
    [InlineData("eg", "afr")]
    [InlineData("re", "afr")]
    [InlineData("au", "oce")]
    [InlineData("um", "oce")]
    [InlineData("DE", "eur")] // case-insensitive
    [InlineData("xx", "unk")]
    [InlineData("uk", "unk")] // not an ISO code
    [InlineData("eu", "unk")]
    [InlineData("", "unk")]
    [InlineData(null, "unk")]
    public void Continent_of_a_country(string? countryCode, string continent) =>
        Assert.Equal(continent, Countries.ContinentOf(countryCode));

    [Theory]
    [InlineData("de", "Germany")]
    [InlineData("gb", "United Kingdom")]
    [InlineData("us", "United States")]
    [InlineData("cz", "Czechia")]
    [InlineData("mk", "North Macedonia")]
    [InlineData("hk", "Hong Kong SAR China")]
    [InlineData("ci", "Côte d’Ivoire")]
    [InlineData("ba", "Bosnia & Herzegovina")]
    [InlineData("tr", "Türkiye")] // corrected: the runtime's CLDR may still say Turkey
    [InlineData("eh", "Western Sahara")] // corrected: ICU has no region named EH
    [InlineData("xx", "Unknown")]
    [InlineData("", "Unknown")]
    [InlineData(null, "Unknown")]
    [InlineData("zz", "Unknown")]
    [InlineData("FR", "France")]
    public void English_name_of_a_country(string? countryCode, string name) =>
        Assert.Equal(name, Countries.NameOf(countryCode));

    [Fact]
    public void Every_country_has_a_continent_and_a_name()
    {
        Assert.Equal(249, Countries.Codes.Count);
        Assert.Equal(Countries.Codes.Count, Countries.Codes.Distinct().Count());
        foreach (var code in Countries.Codes)
        {
            Assert.Contains(Countries.ContinentOf(code), Continents.Codes);
            var name = Countries.NameOf(code);
            Assert.False(string.IsNullOrWhiteSpace(name));
            Assert.NotEqual(code.ToUpperInvariant(), name); // a real name, not the code fallback
        }
    }

    [Fact]
    public void Continents_have_matomos_codes_and_english_names()
    {
        Assert.Equal(["amn", "amc", "ams", "eur", "afr", "asi", "oce", "ant"], Continents.Codes);
        Assert.Equal("Central America", Continents.NameOf("amc"));
        Assert.Equal("North America", Continents.NameOf("amn"));
        Assert.Equal("South America", Continents.NameOf("ams"));
        Assert.Equal("Antarctica", Continents.NameOf("ant"));
        Assert.Equal("Oceania", Continents.NameOf("oce"));
        Assert.Equal("Africa", Continents.NameOf("afr"));
        Assert.Equal("Unknown", Continents.NameOf("unk"));
        Assert.Equal("Unknown", Continents.NameOf(""));
    }

    [Theory]
    [InlineData("de", true)]
    [InlineData("ax", true)]
    [InlineData("ss", true)]
    [InlineData("xk", false)] // Kosovo has no ISO code; Matomo does not list it
    [InlineData("uk", false)]
    [InlineData("DE", false)] // codes are stored lower case
    [InlineData("d", false)]
    public void Known_country_codes(string code, bool known) =>
        Assert.Equal(known, Countries.IsKnown(code));
}
