using Makoto.Plugins.UserCountry;
using Makoto.Plugins.UserCountry.RecordBuilders;

namespace Makoto.Plugins.Tests.UserCountry;

/// <summary>The labels of the location tables and the region names, as Matomo makes them.</summary>
public sealed class LocationLabelsTests
{
    [Theory]
    [InlineData("de", "BY", "Munich", "de", "BY|de", "Munich|BY|de")]
    [InlineData("de", null, "Munich", "de", "", "Munich||de")]
    [InlineData("fr", null, null, "fr", "", "")]
    [InlineData(null, null, null, "", "", "")]
    [InlineData("us", "CA", "A|B", "us", "CA|us", "AB|CA|us")]
    [InlineData("de", "0", "0", "de", "0", "0")]
    public void Labels_join_the_parts_of_non_empty_cities_and_regions(
        string? country, string? region, string? city, string countryLabel, string regionLabel, string cityLabel)
    {
        var labels = UserCountryRecordBuilder.Labels(country, region, city);
        Assert.Equal((countryLabel, regionLabel, cityLabel), labels);
    }

    [Theory]
    [InlineData("de", "BY", "Bayern")]
    [InlineData("DE", "by", "Bayern")]
    [InlineData("us", "CA", "California")]
    [InlineData("de", "ZZ", "Unknown")]
    [InlineData("", "BY", "Unknown")]
    [InlineData("de", null, "Unknown")]
    public void Region_names_come_from_iso_3166_2(string? country, string? region, string name) =>
        Assert.Equal(name, Regions.NameOf(country, region));
}
