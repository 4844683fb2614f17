using System.Net;
using System.Net.Sockets;
using MaxMind.Db;

namespace Makoto.Plugins.UserCountry.Tracking;

/// <summary>The database's full answer for one IP, as Matomo's GeoIP 2 provider gives it to <c>UserCountry.getLocationFromIP</c>.</summary>
internal sealed partial class GeoIpDatabase
{
    /// <summary>
    /// What the database says about <paramref name="ip"/>, with Matomo's keys in its order:
    /// <c>continent_name</c>, <c>continent_code</c> and <c>country_code</c> (upper case), <c>country_name</c>,
    /// and for City databases <c>city_name</c>, <c>lat</c>, <c>long</c>, <c>postal_code</c>, <c>region_code</c>,
    /// <c>region_name</c>. Null when there is no database or the IP is not in it.
    /// </summary>
    public List<KeyValuePair<string, object?>>? Lookup(IPAddress ip)
    {
        if (_reader is null || (_ipv4Only && ip.AddressFamily == AddressFamily.InterNetworkV6))
        {
            return null;
        }

        try
        {
            if (Kind == GeoIpDatabaseKind.City)
            {
                var record = _reader.Find<MmdbCityRecord>(ip);
                if (record is null)
                {
                    return null;
                }

                var result = CountryPart(record.Continent, record.Country);
                result.Add(new("city_name", record.City?.Names?.English));
                result.Add(new("lat", record.Location?.Latitude));
                result.Add(new("long", record.Location?.Longitude));
                result.Add(new("postal_code", record.Postal?.Code));
                if (Subdivision(record) is { } subdivision)
                {
                    result.Add(new("region_code", RegionCode(record) ?? ""));
                    result.Add(new("region_name", subdivision.Names?.English));
                }

                return result;
            }

            var country = _reader.Find<MmdbCountryRecord>(ip);
            return country is null ? null : CountryPart(country.Continent, country.Country);
        }
        catch (Exception error) when (error is InvalidDatabaseException or DeserializationException or ArgumentException
            or InvalidOperationException or IndexOutOfRangeException)
        {
            if (Interlocked.Exchange(ref _lookupErrorLogged, 1) == 0)
            {
                LogLookupFailed(_logger, ip.AddressFamily.ToString(), error.Message);
            }

            return null;
        }
    }

    private static List<KeyValuePair<string, object?>> CountryPart(MmdbPlace? continent, MmdbPlace? country) =>
    [
        new("continent_name", continent?.Names?.English),
        new("continent_code", (continent?.Code ?? "").ToUpperInvariant()),
        new("country_code", (country?.IsoCode ?? "").ToUpperInvariant()),
        new("country_name", country?.Names?.English),
    ];
}
