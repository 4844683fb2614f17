using Makoto.Plugins.PrivacyManager;
using Makoto.Plugins.UserCountry;
using Makoto.Plugins.UserCountry.Tracking;
using Makoto.Tracking.Pipeline;
using Makoto.Tracking.Requests;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;

namespace Makoto.Plugins.Tests.UserCountry;

/// <summary>The location columns of a hit: database, language guess and authenticated overrides.</summary>
public sealed class LocationProcessorTests : IDisposable
{
    private readonly TempFolder _folder = new();
    private readonly GeoIpDatabase _noDatabase = GeoIpDatabase.Open(null, NullLogger.Instance);

    public void Dispose()
    {
        _noDatabase.Dispose();
        _folder.Dispose();
    }

    private GeoIpDatabase CityDatabase()
    {
        var path = _folder.File("GeoLite2-City.mmdb");
        if (!File.Exists(path))
        {
            TestSupport.TestNetworks("GeoLite2-City").Write(path);
        }

        return GeoIpDatabase.Open(path, NullLogger.Instance);
    }

    private static HitContext Run(GeoIpDatabase database, HitContext hit)
    {
        new LocationProcessor(database).Process(hit);
        return hit;
    }

    [Fact]
    public void Without_database_the_country_comes_from_the_language_and_nothing_else_is_known()
    {
        var visit = Run(_noDatabase, TestSupport.Hit("81.2.69.142", "de-at,de;q=0.9")).Visit;

        Assert.Equal("at", visit.LocationCountry);
        Assert.Null(visit.LocationRegion);
        Assert.Null(visit.LocationCity);
        Assert.Null(visit.LocationLatitude);
        Assert.Null(visit.LocationLongitude);
    }

    [Fact]
    public void Without_database_an_unguessable_language_gives_xx()
    {
        Assert.Equal("xx", Run(_noDatabase, TestSupport.Hit("81.2.69.142", "en")).Visit.LocationCountry);
        Assert.Equal("xx", Run(_noDatabase, TestSupport.Hit("81.2.69.142", "")).Visit.LocationCountry);
    }

    [Fact]
    public void With_a_database_the_ip_decides_not_the_language()
    {
        using var database = CityDatabase();
        var visit = Run(database, TestSupport.Hit("81.2.69.142", "de-at")).Visit;

        Assert.Equal("gb", visit.LocationCountry);
        Assert.Equal("WSM", visit.LocationRegion);
        Assert.Equal("London", visit.LocationCity);
        Assert.Equal(51.514, visit.LocationLatitude);
        Assert.Equal(-0.093, visit.LocationLongitude);
    }

    [Fact]
    public void An_ip_missing_from_the_database_falls_back_to_the_language()
    {
        using var database = CityDatabase();
        var visit = Run(database, TestSupport.Hit("8.8.8.8", "fr-ca,fr")).Visit;

        Assert.Equal("ca", visit.LocationCountry);
        Assert.Null(visit.LocationRegion);
        Assert.Null(visit.LocationCity);
        Assert.Null(visit.LocationLatitude);
    }

    [Fact]
    public void A_corrupt_database_falls_back_to_the_language()
    {
        var path = _folder.File("broken.mmdb");
        File.WriteAllText(path, "not a database");
        using var database = GeoIpDatabase.Open(path, NullLogger.Instance);

        Assert.Equal("de", Run(database, TestSupport.Hit("81.2.69.142", "de-de,de")).Visit.LocationCountry);
    }

    [Fact]
    public void Location_uses_the_full_ip_unless_the_settings_ask_for_the_anonymized_one()
    {
        using var database = CityDatabase();
        var location = new LocationProcessor(database);
        var store = new Makoto.Storage.Sqlite.SqliteDatabase(_folder.Path);
        store.Migrate();
        var settings = new Makoto.Storage.Options.StoredSettings(
            PrivacySettings.Declarations(new PrivacyOptions { IpAnonymizationBytes = 2 }), new Makoto.Storage.Options.OptionStore(store), TimeProvider.System);
        var anonymizer = new IpAnonymizer(new PrivacySettings(settings));
        Assert.True(anonymizer.Order < location.Order);
        var pipeline = new TrackingPipeline([location, anonymizer]);

        // 89.160.0.0 (what is stored) is outside 89.160.20.112/28; the full IP is inside.
        var hit = TestSupport.Hit("89.160.20.115", "de");
        pipeline.Run(hit);
        Assert.Equal("se", hit.Visit.LocationCountry);
        Assert.Equal("Linköping", hit.Visit.LocationCity);
        Assert.Equal([89, 160, 0, 0], hit.Visit.LocationIp);

        // With the anonymized IP for enrichment, 89.160.0.0 is not in the database: the language decides (de).
        settings.Set(PrivacySettings.UseAnonymizedIpForVisitEnrichment, "1");
        hit = TestSupport.Hit("89.160.20.115", "de");
        pipeline.Run(hit);
        Assert.Equal("de", hit.Visit.LocationCountry);
        Assert.Null(hit.Visit.LocationCity);
        Assert.Equal([89, 160, 0, 0], hit.Visit.LocationIp);
        Assert.Equal("89.160.0.0", hit.EnrichmentIp.ToString());

        // Without anonymization, the setting changes nothing.
        settings.Set(PrivacySettings.IpAnonymizerEnabled, "0");
        hit = TestSupport.Hit("89.160.20.115", "de");
        pipeline.Run(hit);
        Assert.Equal("Linköping", hit.Visit.LocationCity);
        Assert.Equal([89, 160, 20, 115], hit.Visit.LocationIp);
    }

    [Fact]
    public void Authenticated_overrides_replace_the_providers_values()
    {
        using var database = CityDatabase();
        var hit = TestSupport.Hit(
            "81.2.69.142",
            "de-at",
            authenticated: true,
            ("country", "FR"),
            ("region", "IDF"),
            ("city", "Paris"),
            ("lat", "48.8566"),
            ("long", "2.3522"));

        var visit = Run(database, hit).Visit;

        Assert.Equal("fr", visit.LocationCountry);
        Assert.Equal("IDF", visit.LocationRegion);
        Assert.Equal("Paris", visit.LocationCity);
        Assert.Equal(48.8566, visit.LocationLatitude);
        Assert.Equal(2.3522, visit.LocationLongitude);
    }

    [Fact]
    public void An_override_replaces_only_its_own_column()
    {
        using var database = CityDatabase();
        var visit = Run(database, TestSupport.Hit("81.2.69.142", "de", authenticated: true, ("city", "Camden"))).Visit;

        Assert.Equal("gb", visit.LocationCountry);
        Assert.Equal("WSM", visit.LocationRegion);
        Assert.Equal("Camden", visit.LocationCity);
        Assert.Equal(51.514, visit.LocationLatitude);
    }

    [Fact]
    public void A_country_override_also_applies_without_database()
    {
        var visit = Run(_noDatabase, TestSupport.Hit("81.2.69.142", "de-de", authenticated: true, ("country", "ch"))).Visit;
        Assert.Equal("ch", visit.LocationCountry);
    }

    [Fact]
    public void Overrides_are_cut_to_the_column_widths()
    {
        var city = new string('a', 300);
        var visit = Run(_noDatabase, TestSupport.Hit(
            "81.2.69.142", "de", authenticated: true, ("country", "Catalonia"), ("region", "ABCD"), ("city", city))).Visit;

        Assert.Equal("cat", visit.LocationCountry);
        Assert.Equal("ABC", visit.LocationRegion);
        Assert.Equal(255, visit.LocationCity!.Length);
    }

    [Theory]
    [InlineData("0")] // PHP's empty("0")
    [InlineData("")]
    public void Empty_overrides_are_ignored_even_without_authentication(string value)
    {
        var visit = Run(_noDatabase, TestSupport.Hit(
            "81.2.69.142", "de-at", authenticated: false, ("country", value), ("lat", value), ("long", value))).Visit;

        Assert.Equal("at", visit.LocationCountry);
        Assert.Null(visit.LocationLatitude);
    }

    [Fact]
    public void A_coordinate_that_is_no_number_is_ignored()
    {
        var visit = Run(_noDatabase, TestSupport.Hit(
            "81.2.69.142", "de", authenticated: true, ("lat", "north"), ("long", "1e9"))).Visit;

        Assert.Null(visit.LocationLatitude);
        Assert.Null(visit.LocationLongitude);
    }

    [Theory]
    [InlineData("country", "de")]
    [InlineData("region", "BE")]
    [InlineData("city", "Berlin")]
    [InlineData("lat", "52.52")]
    [InlineData("long", "13.40")]
    public void An_override_without_authentication_makes_the_request_invalid(string name, string value)
    {
        var hit = TestSupport.Hit("81.2.69.142", "de-at", authenticated: false, (name, value));

        var error = Assert.Throws<TrackingRequestException>(() => new LocationProcessor(_noDatabase).Process(hit));

        Assert.Equal($"Tracker API '{name}' was used, requires valid token_auth", error.Message);
        Assert.Equal("location_requires_token", error.Reason);
    }

    [Fact]
    public void Relative_database_path_is_resolved_against_the_data_folder()
    {
        var options = new GeolocationOptions { DatabasePath = "GeoLite2-City.mmdb" };
        Assert.Equal(Path.Combine(_folder.Path, "GeoLite2-City.mmdb"), options.ResolveDatabasePath(_folder.Path));

        var absolute = Path.Combine(_folder.Path, "elsewhere", "db.mmdb");
        Assert.Equal(absolute, new GeolocationOptions { DatabasePath = absolute }.ResolveDatabasePath("/data"));
        Assert.Null(new GeolocationOptions().ResolveDatabasePath(_folder.Path));
        Assert.Null(new GeolocationOptions { DatabasePath = "  " }.ResolveDatabasePath(_folder.Path));
    }

    [Fact]
    public void Plugin_registers_the_processor_and_opens_the_configured_database_at_start()
    {
        TestSupport.TestNetworks("GeoLite2-City").Write(_folder.File("GeoLite2-City.mmdb"));
        var services = new ServiceCollection();
        services.AddLogging();
        new UserCountryPlugin(new GeolocationOptions { DatabasePath = "GeoLite2-City.mmdb" }, _folder.Path).Register(services);

        using var provider = services.BuildServiceProvider();
        Assert.Single(provider.GetServices<IHostedService>());
        var processor = Assert.Single(provider.GetServices<ITrackingProcessor>());
        Assert.Equal(TrackingStage.Location, processor.Order);

        var hit = TestSupport.Hit("2a02:8100::1", "fr");
        processor.Process(hit);
        Assert.Equal("de", hit.Visit.LocationCountry);
        Assert.Equal("BE", hit.Visit.LocationRegion);
    }

    [Fact]
    public void Plugin_is_one_of_the_default_plugins()
    {
        var plugins = PluginCatalog.Defaults(new PrivacyOptions(), new GeolocationOptions(), _folder.Path);
        Assert.Contains(plugins, plugin => plugin is UserCountryPlugin { Name: "UserCountry" });
    }
}
