using Makoto.Storage.Segments;
using static Makoto.Storage.Segments.SegmentFactory;

namespace Makoto.Plugins.UserCountry;

/// <summary>The segments of the visit's location.</summary>
internal static class UserCountrySegments
{
    private const string Location = "Visit Location";

    public static SegmentDimension[] All { get; } =
    [
        Column(SegmentScope.Visit, "countryCode", "Country code", Location, "location_country", map: value => value.ToLowerInvariant()),
        Column(SegmentScope.Visit, "regionCode", "Region code", Location, "location_region"),
        Column(SegmentScope.Visit, "city", "City", Location, "location_city"),
        Column(SegmentScope.Visit, "latitude", "Latitude", Location, "location_latitude", SegmentValueType.Number),
        Column(SegmentScope.Visit, "longitude", "Longitude", Location, "location_longitude", SegmentValueType.Number),
    ];
}
