using System.Net;
using Makoto.Plugins.UserCountry.Tracking;

namespace Makoto.Plugins.Tests.UserCountry;

/// <summary>
/// The database's full answer for UserCountry.getLocationFromIP, with the keys and order of Matomo's
/// GeoIP 2 provider; expected values are the test records' own (see <see cref="TestSupport.CityRecord"/>).
/// </summary>
public sealed class GeoIpLookupTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private GeoIpDatabase Open(string databaseType, MmdbWriter? writer = null)
    {
        var path = _folder.File(databaseType + ".mmdb");
        (writer ?? TestSupport.TestNetworks(databaseType)).Write(path);
        return GeoIpDatabase.Open(path, new ListLogger());
    }

    [Fact]
    public void A_city_record_gives_every_key_with_upper_case_codes_and_raw_coordinates()
    {
        using var database = Open("GeoLite2-City");
        var result = database.Lookup(IPAddress.Parse("89.160.20.115"));
        Assert.NotNull(result);
        Assert.Equal(
            [
                new("continent_name", "Europe"), new("continent_code", "EU"), new("country_code", "SE"),
                new("country_name", "Name of SE"), new("city_name", "Linköping"), new("lat", 58.4167), new("long", 15.6167),
                new("postal_code", null), new("region_code", "E"), new("region_name", "Subdivision E"),
            ],
            result);
    }

    [Fact]
    public void A_country_record_gives_continent_and_country()
    {
        using var database = Open("GeoLite2-Country");
        var result = database.Lookup(IPAddress.Parse("2a02:8100:1234::1"));
        Assert.Equal(
            [new("continent_name", "Europe"), new("continent_code", "EU"), new("country_code", "DE"), new("country_name", "Name of DE")],
            result);
    }

    [Fact]
    public void A_region_code_that_repeats_the_country_loses_it()
    {
        var writer = new MmdbWriter("GeoLite2-City").Add("198.51.100.0/24", TestSupport.CityRecord("AE", "Dubai", 25.2, 55.3, "AE-DU"));
        using var database = Open("GeoLite2-City", writer);
        Assert.True(database.TryLocate(IPAddress.Parse("198.51.100.7"), out var location));
        Assert.Equal("DU", location.Region);
        Assert.Contains(new KeyValuePair<string, object?>("region_code", "DU"), database.Lookup(IPAddress.Parse("198.51.100.7"))!);
    }

    [Fact]
    public void An_ip_outside_the_database_gives_nothing()
    {
        using var database = Open("GeoLite2-City");
        Assert.Null(database.Lookup(IPAddress.Parse("8.8.8.8")));
    }
}
