using System.Net;
using Makoto.Plugins.UserCountry.Tracking;
using Microsoft.Extensions.Logging;

namespace Makoto.Plugins.Tests.UserCountry;

/// <summary>
/// Geolocation with a MaxMind-format database, read by the real reader (MaxMind.Db) from files that
/// <see cref="MmdbWriter"/> writes. Expected values are the test records' own, rounded by hand to 3
/// decimals half away from zero as PHP's <c>round()</c> does.
/// </summary>
public sealed class GeoIpDatabaseTests : IDisposable
{
    private readonly TempFolder _folder = new();
    private readonly ListLogger _log = new();

    public void Dispose() => _folder.Dispose();

    private GeoIpDatabase OpenTestDatabase(string databaseType = "GeoLite2-City")
    {
        var path = _folder.File(databaseType + ".mmdb");
        TestSupport.TestNetworks(databaseType).Write(path);
        return GeoIpDatabase.Open(path, _log);
    }

    private static GeoLocation Locate(GeoIpDatabase database, string ip)
    {
        Assert.True(database.TryLocate(IPAddress.Parse(ip), out var location), $"{ip} should be in the database");
        return location;
    }

    [Fact]
    public void City_database_locates_an_IPv4_visitor()
    {
        using var database = OpenTestDatabase();
        Assert.True(database.IsAvailable);
        Assert.Equal(GeoIpDatabaseKind.City, database.Kind);

        // Sweden: the first (only) subdivision.
        Assert.Equal(new GeoLocation("se", "E", "Linköping", 58.417, 15.617), Locate(database, "89.160.20.115"));
    }

    [Fact]
    public void United_kingdom_takes_the_last_subdivision_as_matomo_does()
    {
        using var database = OpenTestDatabase();
        Assert.Equal(new GeoLocation("gb", "WSM", "London", 51.514, -0.093), Locate(database, "81.2.69.142"));
    }

    [Fact]
    public void City_database_locates_an_IPv6_visitor()
    {
        using var database = OpenTestDatabase();

        // 52.5244 → 52.524; 13.4105 is a midpoint → 13.411 (PHP rounds half away from zero).
        Assert.Equal(new GeoLocation("de", "BE", "Berlin", 52.524, 13.411), Locate(database, "2a02:8100:1234::1"));

        // Negative midpoints go away from zero too: −34.6025 → −34.603, −58.3845 → −58.385.
        Assert.Equal(new GeoLocation("ar", "C", "Buenos Aires", -34.603, -58.385), Locate(database, "2001:db8:1:ffff::9"));
    }

    [Fact]
    public void A_record_without_city_or_subdivision_gives_the_country_and_coordinates()
    {
        using var database = OpenTestDatabase();
        Assert.Equal(new GeoLocation("cn", null, null, 34.773, 113.722), Locate(database, "175.16.199.200"));
    }

    [Fact]
    public void A_record_without_country_gives_xx()
    {
        using var database = OpenTestDatabase();
        Assert.Equal(new GeoLocation("xx", null, null, null, null), Locate(database, "192.0.2.1"));
    }

    [Theory]
    [InlineData("8.8.8.8")]
    [InlineData("81.2.70.1")]
    [InlineData("2a03::1")]
    [InlineData("::1")]
    public void An_address_outside_every_network_is_a_miss(string ip)
    {
        using var database = OpenTestDatabase();
        Assert.False(database.TryLocate(IPAddress.Parse(ip), out _));
    }

    [Fact]
    public void Country_database_gives_only_the_country()
    {
        using var database = OpenTestDatabase("GeoLite2-Country");
        Assert.Equal(GeoIpDatabaseKind.Country, database.Kind);
        Assert.Equal(new GeoLocation("gb", null, null, null, null), Locate(database, "81.2.69.142"));
        Assert.Equal(new GeoLocation("de", null, null, null, null), Locate(database, "2a02:8100::42"));
    }

    [Fact]
    public void Opening_a_database_is_logged()
    {
        using var database = OpenTestDatabase();
        var (level, message) = Assert.Single(_log.Entries);
        Assert.Equal(LogLevel.Information, level);
        Assert.Contains("GeoLite2-City", message, StringComparison.Ordinal);
        Assert.Contains("2026-10-01", message, StringComparison.Ordinal);
    }

    [Fact]
    public void No_configured_database_is_logged_and_locates_nothing()
    {
        using var database = GeoIpDatabase.Open(null, _log);
        Assert.False(database.IsAvailable);
        Assert.False(database.TryLocate(IPAddress.Parse("81.2.69.142"), out _));
        var (level, message) = Assert.Single(_log.Entries);
        Assert.Equal(LogLevel.Information, level);
        Assert.Contains("browser language", message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_file_is_logged_as_an_error()
    {
        var path = _folder.File("GeoLite2-City.mmdb");
        using var database = GeoIpDatabase.Open(path, _log);
        Assert.False(database.IsAvailable);
        var (level, message) = Assert.Single(_log.Entries);
        Assert.Equal(LogLevel.Error, level);
        Assert.Contains(path, message, StringComparison.Ordinal);
        Assert.Contains("does not exist", message, StringComparison.Ordinal);
    }

    public static TheoryData<string, byte[]> CorruptFiles()
    {
        var valid = TestSupport.TestNetworks("GeoLite2-City").Build();
        var random = new byte[4096];
        new Random(7).NextBytes(random);
        return new TheoryData<string, byte[]>
        {
            { "empty", [] },
            { "random bytes", random },
            { "text", "this is not a database"u8.ToArray() },
            { "cut before the metadata", valid[..(valid.Length / 2)] },
        };
    }

    [Theory]
    [MemberData(nameof(CorruptFiles))]
    public void A_corrupt_file_is_logged_as_an_error_and_locates_nothing(string kind, byte[] content)
    {
        var path = _folder.File(kind.Replace(' ', '-') + ".mmdb");
        File.WriteAllBytes(path, content);

        using var database = GeoIpDatabase.Open(path, _log);

        Assert.False(database.IsAvailable);
        Assert.False(database.TryLocate(IPAddress.Parse("81.2.69.142"), out _));
        var (level, message) = Assert.Single(_log.Entries);
        Assert.Equal(LogLevel.Error, level);
        Assert.Contains("cannot be read", message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_database_without_locations_is_refused()
    {
        using var database = OpenTestDatabase("GeoLite2-ASN");
        Assert.False(database.IsAvailable);
        var (level, message) = Assert.Single(_log.Entries);
        Assert.Equal(LogLevel.Error, level);
        Assert.Contains("'GeoLite2-ASN'", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("GeoIP2-City", "City")]
    [InlineData("GeoIP2-City-Europe", "City")]
    [InlineData("DBIP-City-Lite", "City")]
    [InlineData("GeoIP2-Enterprise", "City")]
    [InlineData("GeoIP2-Country", "Country")]
    [InlineData("DBIP-Country-Lite", "Country")]
    [InlineData("GeoIP2-ISP", "None")]
    [InlineData("GeoIP2-Anonymous-IP", "None")]
    public void Database_types_are_read_as_matomo_reads_them(string type, string kind) =>
        Assert.Equal(kind, GeoIpDatabase.KindOf(type).ToString());

    [Fact]
    public void An_IPv4_only_database_answers_IPv6_lookups_with_a_miss()
    {
        var path = _folder.File("ipv4.mmdb");
        new MmdbWriter("GeoIP2-Country", ipVersion: 4)
            .Add("0.0.0.0/1", TestSupport.CityRecord("US", null, null, null))
            .Write(path);
        using var database = GeoIpDatabase.Open(path, _log);
        Assert.True(database.IsAvailable);

        Assert.Equal(new GeoLocation("us", null, null, null, null), Locate(database, "10.1.2.3"));
        Assert.False(database.TryLocate(IPAddress.Parse("128.0.0.1"), out _));
        Assert.False(database.TryLocate(IPAddress.Parse("2a02:8100::1"), out _));
        Assert.False(database.TryLocate(IPAddress.Parse("::1"), out _));
    }
}
