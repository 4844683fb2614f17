using System.Globalization;
using System.Net;
using System.Net.Sockets;
using MaxMind.Db;
using Microsoft.Extensions.Logging;

namespace Makoto.Plugins.UserCountry.Tracking;

/// <summary>What a geolocation database knows about an IP, in the form of the <c>location_*</c> columns.</summary>
/// <param name="Country">Lower-case ISO code, <c>xx</c> when the record has none.</param>
/// <param name="Region">The ISO 3166-2 subdivision code without its country part (<c>BE</c> for DE-BE).</param>
/// <param name="City">The English city name.</param>
/// <param name="Latitude">Rounded to 3 decimals, as Matomo does.</param>
/// <param name="Longitude">Rounded to 3 decimals, as Matomo does.</param>
internal readonly record struct GeoLocation(string Country, string? Region, string? City, double? Latitude, double? Longitude);

/// <summary>What a database can tell: the country only, or also region, city and coordinates.</summary>
internal enum GeoIpDatabaseKind
{
    None,
    Country,
    City,
}

/// <summary>
/// A MaxMind-format database (GeoIP2 / GeoLite2 / DB-IP <c>.mmdb</c>, City or Country edition), opened
/// once at start-up and shared by all requests. A missing, unreadable or unsuitable file is logged and
/// leaves the database unavailable: tracking then guesses the country from the browser language.
/// </summary>
internal sealed partial class GeoIpDatabase : IDisposable
{
    /// <summary>The database types Matomo reads locations from (<c>metadata.database_type</c>).</summary>
    private static readonly HashSet<string> s_countryTypes = new(StringComparer.Ordinal)
    {
        "GeoLite2-Country", "GeoIP2-Country", "DBIP-Country-Lite", "DBIP-Country", "DBIP-Location (compat=Country)",
    };

    private static readonly HashSet<string> s_cityTypes = new(StringComparer.Ordinal)
    {
        "GeoLite2-City", "GeoIP2-City", "GeoIP2-City-Africa", "GeoIP2-City-Asia-Pacific", "GeoIP2-City-Europe",
        "GeoIP2-City-North-America", "GeoIP2-City-South-America", "DBIP-City-Lite", "DBIP-City",
        "DBIP-Location (compat=City)", "GeoIP2-Enterprise", "DBIP-Enterprise", "DBIP-Location-ISP (compat=Enterprise)",
    };

    private readonly Reader? _reader;
    private readonly bool _ipv4Only;
    private readonly ILogger _logger;
    private int _lookupErrorLogged;

    private GeoIpDatabase(Reader? reader, GeoIpDatabaseKind kind, ILogger logger, string status)
    {
        Status = status;
        _reader = reader;
        _ipv4Only = reader?.Metadata.IPVersion == 4;
        Kind = kind;
        _logger = logger;
    }

    public GeoIpDatabaseKind Kind { get; }

    public bool IsAvailable => _reader is not null;

    /// <summary>What was opened, or why nothing was, in a sentence for the system check.</summary>
    public string Status { get; }

    /// <summary>Opens <paramref name="path"/> (null: no database configured) and logs the outcome.</summary>
    public static GeoIpDatabase Open(string? path, ILogger logger)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            LogNotConfigured(logger);
            return new GeoIpDatabase(null, GeoIpDatabaseKind.None, logger, "No database is configured (Makoto:Geolocation:DatabasePath): the country is guessed from the browser language.");
        }

        if (!File.Exists(path))
        {
            LogMissing(logger, path);
            return new GeoIpDatabase(null, GeoIpDatabaseKind.None, logger, $"{path} does not exist: the country is guessed from the browser language.");
        }

        Reader reader;
        try
        {
            reader = new Reader(path);
        }
        catch (Exception error) when (error is InvalidDatabaseException or IOException or UnauthorizedAccessException
            or ArgumentException or InvalidOperationException or NotSupportedException or DeserializationException)
        {
            LogUnreadable(logger, path, error.Message);
            return new GeoIpDatabase(null, GeoIpDatabaseKind.None, logger, $"{path} cannot be read ({error.Message}): the country is guessed from the browser language.");
        }

        var metadata = reader.Metadata;
        var kind = KindOf(metadata.DatabaseType);
        if (kind == GeoIpDatabaseKind.None)
        {
            reader.Dispose();
            LogUnsuitable(logger, path, metadata.DatabaseType);
            return new GeoIpDatabase(null, GeoIpDatabaseKind.None, logger, $"{path} is of type '{metadata.DatabaseType}', which holds no locations: the country is guessed from the browser language.");
        }

        LogOpened(logger, path, metadata.DatabaseType, metadata.BuildDate);
        return new GeoIpDatabase(reader, kind, logger, string.Create(CultureInfo.InvariantCulture, $"{path} ({metadata.DatabaseType}, built {metadata.BuildDate:yyyy-MM-dd})."));
    }

    internal static GeoIpDatabaseKind KindOf(string databaseType) =>
        s_cityTypes.Contains(databaseType) ? GeoIpDatabaseKind.City
        : s_countryTypes.Contains(databaseType) ? GeoIpDatabaseKind.Country
        : GeoIpDatabaseKind.None;

    /// <summary>
    /// Looks <paramref name="ip"/> up. False when there is no database or the IP is not in it (the
    /// caller then guesses from the language, as Matomo falls back to its default provider).
    /// </summary>
    public bool TryLocate(IPAddress ip, out GeoLocation location)
    {
        location = default;
        if (_reader is null)
        {
            return false;
        }

        // The reader would walk an IPv6 address's first bits through an IPv4 tree and find a wrong network.
        if (_ipv4Only && ip.AddressFamily == AddressFamily.InterNetworkV6)
        {
            return false;
        }

        try
        {
            if (Kind == GeoIpDatabaseKind.City)
            {
                var record = _reader.Find<MmdbCityRecord>(ip);
                if (record is null)
                {
                    return false;
                }

                location = new GeoLocation(
                    CountryCode(record.Country?.IsoCode),
                    RegionCode(record),
                    NullIfEmpty(record.City?.Names?.English),
                    Round(record.Location?.Latitude),
                    Round(record.Location?.Longitude));
                return true;
            }

            var country = _reader.Find<MmdbCountryRecord>(ip);
            if (country is null)
            {
                return false;
            }

            location = new GeoLocation(CountryCode(country.Country?.IsoCode), null, null, null, null);
            return true;
        }
        catch (Exception error) when (error is InvalidDatabaseException or DeserializationException or ArgumentException
            or InvalidOperationException or IndexOutOfRangeException)
        {
            // A damaged record: no location for this hit.
            if (Interlocked.Exchange(ref _lookupErrorLogged, 1) == 0)
            {
                LogLookupFailed(_logger, ip.AddressFamily.ToString(), error.Message);
            }

            return false;
        }
    }

    public void Dispose() => _reader?.Dispose();

    private static string CountryCode(string? isoCode)
    {
        if (string.IsNullOrEmpty(isoCode))
        {
            return Countries.Unknown;
        }

        Span<char> lower = stackalloc char[2];
        if (isoCode.Length == 2 && isoCode.AsSpan().ToLowerInvariant(lower) == 2 && Countries.TryGetCode(lower, out var code))
        {
            return code;
        }

        return isoCode.ToLowerInvariant();
    }

    /// <summary>Matomo takes the first subdivision (the largest), but the last one for the United Kingdom.</summary>
    private static MmdbPlace? Subdivision(MmdbCityRecord record)
    {
        var subdivisions = record.Subdivisions;
        if (subdivisions is null || subdivisions.Count == 0)
        {
            return null;
        }

        return record.Country?.IsoCode == "GB" ? subdivisions[^1] : subdivisions[0];
    }

    /// <summary>
    /// The code of <see cref="Subdivision"/>, upper case; a code that repeats the country (<c>AE-DU</c>,
    /// as some databases write it) loses that part, as in Matomo.
    /// </summary>
    private static string? RegionCode(MmdbCityRecord record)
    {
        if (Subdivision(record)?.IsoCode is not { Length: > 0 } isoCode)
        {
            return null;
        }

        var code = isoCode.ToUpperInvariant();
        var country = record.Country?.IsoCode?.ToUpperInvariant();
        return country is { Length: > 0 } && code.StartsWith(country + "-", StringComparison.Ordinal) ? code[(country.Length + 1)..] : code;
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;

    /// <summary>PHP's <c>round($x, 3)</c>: half away from zero, on the decimal value as written.</summary>
    private static double? Round(double? value) =>
        value is { } v && double.IsFinite(v) ? (double)Math.Round((decimal)v, 3, MidpointRounding.AwayFromZero) : null;

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Geolocation: no database configured (Makoto:Geolocation:DatabasePath); the country is guessed from the browser language.")]
    private static partial void LogNotConfigured(ILogger logger);

    [LoggerMessage(Level = LogLevel.Error,
        Message = "Geolocation database {Path} does not exist; the country is guessed from the browser language until the file is there and Makoto is restarted.")]
    private static partial void LogMissing(ILogger logger, string path);

    [LoggerMessage(Level = LogLevel.Error,
        Message = "Geolocation database {Path} cannot be read ({Reason}); the country is guessed from the browser language. Replace it with a MaxMind-format (.mmdb) City or Country database and restart Makoto.")]
    private static partial void LogUnreadable(ILogger logger, string path, string reason);

    [LoggerMessage(Level = LogLevel.Error,
        Message = "Geolocation database {Path} is of type '{DatabaseType}', which holds no locations; the country is guessed from the browser language. Use a City or Country database (GeoIP2, GeoLite2 or DB-IP).")]
    private static partial void LogUnsuitable(ILogger logger, string path, string databaseType);

    [LoggerMessage(Level = LogLevel.Information, Message = "Geolocation: visitors are located with {Path} ({DatabaseType}, built {BuildDate:yyyy-MM-dd}).")]
    private static partial void LogOpened(ILogger logger, string path, string databaseType, DateTime buildDate);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Geolocation lookup of an {AddressFamily} address failed ({Reason}); such hits are located by browser language. Logged once.")]
    private static partial void LogLookupFailed(ILogger logger, string addressFamily, string reason);
}

/// <summary>The parts of a GeoIP2 City record that Matomo stores or shows.</summary>
internal sealed class MmdbCityRecord
{
    [MapKey("continent")]
    public MmdbPlace? Continent { get; init; }

    [MapKey("country")]
    public MmdbPlace? Country { get; init; }

    [MapKey("postal")]
    public MmdbPlace? Postal { get; init; }

    [MapKey("subdivisions")]
    public IReadOnlyList<MmdbPlace>? Subdivisions { get; init; }

    [MapKey("city")]
    public MmdbPlace? City { get; init; }

    [MapKey("location")]
    public MmdbCoordinates? Location { get; init; }
}

/// <summary>The continent and country of a GeoIP2 Country record.</summary>
internal sealed class MmdbCountryRecord
{
    [MapKey("continent")]
    public MmdbPlace? Continent { get; init; }

    [MapKey("country")]
    public MmdbPlace? Country { get; init; }
}

/// <summary>
/// A continent, country, subdivision, city or postal area: its ISO code (countries and subdivisions),
/// code (continents, postal areas) and English name, where it has them.
/// </summary>
internal sealed class MmdbPlace
{
    [MapKey("iso_code")]
    public string? IsoCode { get; init; }

    [MapKey("code")]
    public string? Code { get; init; }

    [MapKey("names")]
    public MmdbNames? Names { get; init; }
}

/// <summary>Only the English name is read (Matomo's GeoIP2 reader uses the locale <c>en</c>).</summary>
internal sealed class MmdbNames
{
    [MapKey("en")]
    public string? English { get; init; }
}

internal sealed class MmdbCoordinates
{
    [MapKey("latitude")]
    public double? Latitude { get; init; }

    [MapKey("longitude")]
    public double? Longitude { get; init; }
}
