using Makoto.Archiving;
using Makoto.Core.Plugins;
using Makoto.Plugins.UserCountry.Api;
using Makoto.Plugins.UserCountry.RecordBuilders;
using Makoto.Plugins.UserCountry.Tracking;
using Makoto.Reporting.Api;
using Makoto.Storage.Segments;
using Makoto.Tracking.Pipeline;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Makoto.Plugins.UserCountry;

/// <summary>Geolocation settings (section <c>Makoto:Geolocation</c>).</summary>
public sealed class GeolocationOptions
{
    /// <summary>
    /// A MaxMind-format database (GeoIP2, GeoLite2 or DB-IP, City or Country edition, <c>.mmdb</c>);
    /// a relative path is relative to the data folder. Empty (default): the country is guessed from
    /// the browser language, as Matomo does without a database.
    /// </summary>
    public string? DatabasePath { get; set; }

    /// <summary>The full path of the database, or null when none is configured.</summary>
    public string? ResolveDatabasePath(string dataFolder) =>
        string.IsNullOrWhiteSpace(DatabasePath)
            ? null
            : Path.GetFullPath(DatabasePath.Trim(), Path.GetFullPath(dataFolder));
}

/// <summary>
/// The visitor's location: country (from a geolocation database or guessed from the browser
/// language), region, city and coordinates, the country and continent reference data, and the
/// reports of visits by country, continent, region and city.
/// </summary>
public sealed class UserCountryPlugin(GeolocationOptions options, string dataFolder) : IMakotoPlugin
{
    public string Name => "UserCountry";

    public void Register(IServiceCollection services)
    {
        services.AddSegments(UserCountrySegments.All);
        var path = options.ResolveDatabasePath(dataFolder);
        services.AddSingleton(provider => GeoIpDatabase.Open(
            path,
            provider.GetService<ILoggerFactory>()?.CreateLogger("Makoto.Geolocation") ?? NullLogger.Instance));
        services.AddSingleton(provider =>
        {
            var database = provider.GetRequiredService<GeoIpDatabase>();
            return new GeolocationStatus(database.IsAvailable, database.Status);
        });
        services.AddSingleton<ITrackingProcessor, LocationProcessor>();
        services.AddHostedService<GeolocationStartup>();
        services.AddSingleton<IRecordBuilder, UserCountryRecordBuilder>();
        services.AddSingleton<IApiModule, UserCountryApi>();
    }
}

/// <summary>Whether visitors are located with a geolocation database, and which (for the system check).</summary>
public sealed record GeolocationStatus(bool Available, string Description);

/// <summary>
/// Opens the geolocation database when the server starts (not at the first hit), so that the log says
/// at start-up which database is used or why none is.
/// </summary>
internal sealed class GeolocationStartup(GeoIpDatabase database) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        // Being constructed with the database has opened it and logged its state.
        GC.KeepAlive(database);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
