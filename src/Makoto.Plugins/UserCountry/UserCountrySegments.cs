using Makoto.Core.Segments;
using Makoto.Storage.Segments;
using static Makoto.Storage.Segments.SegmentFactory;

namespace Makoto.Plugins.UserCountry;

/// <summary>
/// The segments of the visit's location. <c>countryName</c> is written with the English name and compared
/// by code (Matomo's <c>sqlFilterValue</c>: an unknown name matches no visit); <c>continentCode</c>
/// selects the visits from the continent's countries.
/// </summary>
internal static class UserCountrySegments
{
    private const string Location = "Visit Location";

    /// <summary>What Matomo compares for a country name it does not know: a code no visit has.</summary>
    private const string NoCountry = "UNK";

    public static SegmentDimension[] All { get; } =
    [
        Column(SegmentScope.Visit, "countryCode", "Country code", Location, "location_country", map: value => value.ToLowerInvariant())
            with { AcceptedValues = "ISO 3166-1 alpha-2 country codes (de, us, fr, in, es, etc.)" },
        Column(SegmentScope.Visit, "countryName", "Country", Location, "location_country", map: value => Countries.CodeOfName(value) ?? NoCountry)
            with { AcceptedValues = "Germany, France, Spain, ...", SuggestedNames = () => Countries.NamesByCode },
        new SegmentDimension
        {
            Segment = "continentCode",
            Name = "Continent",
            Category = Location,
            Scope = SegmentScope.Visit,
            Sql = new CustomSql(ContinentCondition),
            SqlSegment = "log_visit.location_country",
            AcceptedValues = "eur, asi, amc, amn, ams, afr, ant, oce",
            // Matomo suggests the continents of recent visits, most frequent first (no fixed list).
            SuggestFrom = _ => "log_visit.location_country",
            SuggestionLabel = stored => Countries.ContinentOf(stored as string),
        },
        Column(SegmentScope.Visit, "regionCode", "Region code", Location, "location_region"),
        Column(SegmentScope.Visit, "city", "City", Location, "location_city"),
        Column(SegmentScope.Visit, "latitude", "Latitude", Location, "location_latitude", SegmentValueType.Number),
        Column(SegmentScope.Visit, "longitude", "Longitude", Location, "location_longitude", SegmentValueType.Number),
    ];

    /// <summary>
    /// Matomo's <c>getCountriesForContinent</c>: <c>==</c> keeps the visits whose country is one of the
    /// continent's, <c>!=</c> the others (and the visits without a country); other operators have no meaning.
    /// </summary>
    private static Func<SegmentSqlWriter, string> ContinentCondition(SegmentOperator op, string value)
    {
        const string Column = "log_visit.location_country";
        switch (op)
        {
            case SegmentOperator.IsNullOrEmpty:
                return _ => $"({Column} IS NULL OR {Column} = '')";
            case SegmentOperator.IsNotNullNorEmpty:
                return _ => $"({Column} IS NOT NULL AND {Column} <> '')";
            case not (SegmentOperator.Equals or SegmentOperator.NotEquals):
                throw new SegmentException(
                    $"The segment continentCode only accepts == and != (continent codes: eur, asi, amc, amn, ams, afr, ant, oce), not {SegmentCondition.Symbol(op)}.");
        }

        var countries = Countries.OfContinent(value.Trim());
        return w =>
        {
            if (countries.Count == 0)
            {
                return op == SegmentOperator.Equals ? "1 = 0" : "1 = 1";
            }

            var names = new string[countries.Count];
            for (var i = 0; i < names.Length; i++)
            {
                names[i] = w.Bind(countries[i]);
            }

            var list = string.Join(", ", names);
            return op == SegmentOperator.Equals
                ? $"{Column} IN ({list})"
                : $"({Column} IS NULL OR {Column} NOT IN ({list}))";
        };
    }
}
