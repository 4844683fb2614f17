using System.Globalization;
using Makoto.Tracking.Pipeline;
using Makoto.Tracking.Requests;

namespace Makoto.Plugins.UserCountry.Tracking;

/// <summary>
/// The visit's location (<c>location_country</c>, <c>_region</c>, <c>_city</c>, <c>_latitude</c>,
/// <c>_longitude</c>): from the geolocation database by the hit's enrichment IP (the full IP unless
/// PrivacyManager's useAnonymizedIpForVisitEnrichment is on) when one is configured and knows
/// the IP, else the country guessed from the browser language (Matomo's default provider). Requests
/// authenticated with write access may set any of them (<c>country</c>, <c>region</c>, <c>city</c>,
/// <c>lat</c>, <c>long</c>); without authentication those parameters make the request invalid, as in
/// Matomo (<c>Tracker API 'country' was used, requires valid token_auth</c>).
/// </summary>
internal sealed class LocationProcessor(GeoIpDatabase database) : ITrackingProcessor
{
    private const int MaxCodeLength = 3;
    private const int MaxCityLength = 255;

    public string Name => "user-country";

    public int Order => TrackingStage.Location;

    public void Process(HitContext hit)
    {
        var request = hit.Request;
        var country = Override(request, "country");
        var region = Override(request, "region");
        var city = Override(request, "city");
        var latitude = Coordinate(Override(request, "lat"));
        var longitude = Coordinate(Override(request, "long"));

        var located = country is null || region is null || city is null || latitude is null || longitude is null
            ? Locate(request, hit.EnrichmentIp)
            : default;

        var visit = hit.Visit;
        visit.LocationCountry = country is null ? located.Country : Truncate(country, MaxCodeLength).ToLowerInvariant();
        visit.LocationRegion = region is null ? located.Region : Truncate(region, MaxCodeLength);
        visit.LocationCity = city is null ? located.City : Truncate(city, MaxCityLength);
        visit.LocationLatitude = latitude ?? located.Latitude;
        visit.LocationLongitude = longitude ?? located.Longitude;
    }

    /// <summary>The provider's location: the database's when it knows the IP, else the language guess.</summary>
    private GeoLocation Locate(TrackingRequest request, System.Net.IPAddress ip) =>
        database.TryLocate(ip, out var location)
            ? location
            : new GeoLocation(LanguageCountryGuess.Guess(request.BrowserLanguage), null, null, null, null);

    /// <summary>
    /// An override parameter's value, or null when absent or empty (PHP's <c>empty()</c>: <c>""</c> and
    /// <c>"0"</c> do not count). Present without write access, it makes the request invalid.
    /// </summary>
    private static string? Override(TrackingRequest request, string name)
    {
        var value = request.Parameters.Get(name);
        if (string.IsNullOrEmpty(value) || value == "0")
        {
            return null;
        }

        if (!request.IsAuthenticated)
        {
            ThrowRequiresToken(name);
        }

        return value;
    }

    /// <summary>A coordinate as stored in <c>DECIMAL(9,6)</c>; null when it is not a number that fits.</summary>
    private static double? Coordinate(string? value) =>
        value is not null
        && double.TryParse(value.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var number)
        && Math.Abs(number) < 1000
            ? Math.Round(number, 6, MidpointRounding.AwayFromZero)
            : null;

    private static string Truncate(string value, int length) => value.Length <= length ? value : value[..length];

    [System.Diagnostics.CodeAnalysis.DoesNotReturn]
    private static void ThrowRequiresToken(string name) =>
        throw new TrackingRequestException("location_requires_token", $"Tracker API '{name}' was used, requires valid token_auth");
}
