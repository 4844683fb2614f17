using System.Net;
using Makoto.Core.Sites;
using Makoto.Tracking.Pipeline;
using Makoto.Tracking.Requests;
using Microsoft.Extensions.Logging;

namespace Makoto.Plugins.Tests.UserCountry;

/// <summary>Builds hits and geolocation databases for the UserCountry tests.</summary>
internal static class TestSupport
{
    private static readonly Site s_site = new()
    {
        IdSite = 1,
        Name = "Test",
        MainUrl = "http://example.org",
        TsCreated = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc),
    };

    /// <summary>A hit from <paramref name="ip"/> with browser language <paramref name="lang"/> and extra parameters.</summary>
    public static HitContext Hit(string ip, string lang, bool authenticated = false, params (string Name, string Value)[] parameters)
    {
        var values = new TrackingParameters();
        values.Set("idsite", "1");
        values.Set("rec", "1");
        values.Set("lang", lang);
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
            IsAuthenticated = authenticated,
            Rec = true,
            BrowserLanguage = lang,
        });
    }

    /// <summary>A GeoIP2-style record: continent, country, optional city, coordinates and subdivisions.</summary>
    public static Dictionary<string, object> CityRecord(
        string? countryIso, string? city, double? latitude, double? longitude, params string[] subdivisions)
    {
        var record = new Dictionary<string, object>
        {
            ["continent"] = new Dictionary<string, object>
            {
                ["code"] = "EU",
                ["geoname_id"] = 6255148u,
                ["names"] = new Dictionary<string, object> { ["de"] = "Europa", ["en"] = "Europe" },
            },
        };
        if (countryIso is not null)
        {
            record["country"] = new Dictionary<string, object>
            {
                ["geoname_id"] = 2921044u,
                ["is_in_european_union"] = true,
                ["iso_code"] = countryIso,
                ["names"] = new Dictionary<string, object> { ["en"] = "Name of " + countryIso },
            };
            record["registered_country"] = new Dictionary<string, object> { ["iso_code"] = countryIso };
        }

        if (city is not null)
        {
            record["city"] = new Dictionary<string, object>
            {
                ["geoname_id"] = 2950159u,
                ["names"] = new Dictionary<string, object> { ["de"] = city + " (de)", ["en"] = city, ["fr"] = city + " (fr)" },
            };
        }

        if (latitude is not null && longitude is not null)
        {
            record["location"] = new Dictionary<string, object>
            {
                ["accuracy_radius"] = (ushort)20,
                ["latitude"] = latitude.Value,
                ["longitude"] = longitude.Value,
                ["time_zone"] = "Europe/Berlin",
            };
        }

        if (subdivisions.Length > 0)
        {
            record["subdivisions"] = subdivisions
                .Select(code => (object)new Dictionary<string, object>
                {
                    ["geoname_id"] = 2950157u,
                    ["iso_code"] = code,
                    ["names"] = new Dictionary<string, object> { ["en"] = "Subdivision " + code },
                })
                .ToArray();
        }

        return record;
    }

    /// <summary>The networks of the test databases (addresses from documentation and test ranges).</summary>
    public static MmdbWriter TestNetworks(string databaseType) =>
        new MmdbWriter(databaseType)
            .Add("81.2.69.0/24", CityRecord("GB", "London", 51.5142, -0.0931, "ENG", "WSM"))
            .Add("89.160.20.112/28", CityRecord("SE", "Linköping", 58.4167, 15.6167, "E"))
            .Add("175.16.199.0/24", CityRecord("CN", null, 34.7732, 113.722))
            .Add("192.0.2.0/24", CityRecord(null, null, null, null))
            .Add("2a02:8100::/32", CityRecord("DE", "Berlin", 52.5244, 13.4105, "BE"))
            .Add("2001:db8:1::/48", CityRecord("AR", "Buenos Aires", -34.6025, -58.3845, "C"));
}

/// <summary>A temporary folder, deleted at the end of the test.</summary>
internal sealed class TempFolder : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("makoto-usercountry-").FullName;

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose() => Directory.Delete(Path, recursive: true);
}

/// <summary>A logger that keeps what it is given.</summary>
internal sealed class ListLogger : ILogger
{
    public List<(LogLevel Level, string Message)> Entries { get; } = [];

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        Entries.Add((logLevel, formatter(state, exception)));
}
