using Makoto.Archiving;
using Makoto.Archiving.Reports;
using Makoto.Core.DataTables;
using Makoto.Storage.Logs;

namespace Makoto.Plugins.UserCountry.RecordBuilders;

/// <summary>
/// Visits by location (metrics-and-archiving.md §4): country (<c>de</c>), region (<c>BY|de</c>) and city
/// (<c>Munich|BY|de</c>) tables with goal metrics, and the number of distinct countries. As in Matomo the
/// visits are grouped once by country, region and city together and every group is added to the three
/// tables; a region or city that is empty has the empty label. Cities carry the coordinates (rounded to
/// three decimals) of the first group of theirs that has some.
/// </summary>
internal sealed class UserCountryRecordBuilder : IRecordBuilder
{
    public const string CountryRecord = "UserCountry_country";
    public const string RegionRecord = "UserCountry_region";
    public const string CityRecord = "UserCountry_city";
    public const string DistinctCountries = "UserCountry_distinctCountries";

    /// <summary>Separates city, region and country in the region and city labels.</summary>
    public const char Separator = '|';

    private static readonly string[] s_tables = [CountryRecord, RegionRecord, CityRecord];

    public string Plugin => "UserCountry";

    public LogNeeds Needs { get; } = new()
    {
        VisitColumns = [.. VisitMetrics.LogColumns, "location_country", "location_region", "location_city", "location_latitude", "location_longitude"],
        ConversionColumns = [.. GoalMetrics.LogColumns, "location_country", "location_region", "location_city"],
    };

    public IReadOnlyList<ArchiveRecord> Records { get; } =
    [
        new TableRecord(CountryRecord),
        new TableRecord(RegionRecord),
        new TableRecord(CityRecord),
        new NumericRecord(DistinctCountries, NumericAggregation.None),
    ];

    public IDayAggregator StartDay(ArchiveContext context) => new Day();

    /// <summary>A period counts the countries of its merged table, as Matomo does.</summary>
    public void CompletePeriod(ArchiveContext context, ArchiveRecords records)
    {
        foreach (var name in s_tables)
        {
            if (records.GetTable(name) is { } table)
            {
                GoalsByDimension<Location>.WriteTotals(table);
            }
        }

        if (records.GetTable(CountryRecord) is { } countries)
        {
            records.SetNumeric(DistinctCountries, countries.Rows.Count);
        }
    }

    /// <summary>
    /// The three labels of a location, made as Matomo makes them: separators removed from the parts,
    /// the city label <c>city|region|country</c> and the region label <c>region|country</c> when the
    /// city or region is not empty (PHP's <c>empty()</c>: <c>""</c> and <c>"0"</c> are empty).
    /// </summary>
    public static (string Country, string Region, string City) Labels(string? country, string? region, string? city)
    {
        var c = Clean(country);
        var r = Clean(region);
        var ci = Clean(city);
        var cityLabel = IsEmpty(ci) ? ci : ci + Separator + r + Separator + c;
        var regionLabel = IsEmpty(r) ? r : r + Separator + c;
        return (c, regionLabel, cityLabel);

        static string Clean(string? value) => value is null ? "" : value.Replace(Separator.ToString(), "", StringComparison.Ordinal);

        static bool IsEmpty(string value) => value.Length == 0 || value == "0";
    }

    /// <summary>One SQL group: country, region and city as stored (null for SQL NULL).</summary>
    internal readonly record struct Location(string? Country, string? Region, string? City)
    {
        public (string Country, string Region, string City) Labels() => UserCountryRecordBuilder.Labels(Country, Region, City);
    }

    /// <summary>MySQL's grouping and order of <c>GROUP BY location_country, location_region, location_city</c>: without case, NULL first.</summary>
    internal sealed class LocationOrder : IEqualityComparer<Location>, IComparer<Location>
    {
        public static readonly LocationOrder Instance = new();

        public bool Equals(Location x, Location y) => Same(x.Country, y.Country) && Same(x.Region, y.Region) && Same(x.City, y.City);

        public int GetHashCode(Location obj) => HashCode.Combine(Hash(obj.Country), Hash(obj.Region), Hash(obj.City));

        public int Compare(Location x, Location y)
        {
            var order = Part(x.Country, y.Country);
            if (order == 0)
            {
                order = Part(x.Region, y.Region);
            }

            return order != 0 ? order : Part(x.City, y.City);
        }

        private static bool Same(string? a, string? b) => a is null ? b is null : b is not null && StringComparer.OrdinalIgnoreCase.Equals(a, b);

        private static int Hash(string? value) => value is null ? 0 : StringComparer.OrdinalIgnoreCase.GetHashCode(value);

        private static int Part(string? a, string? b) =>
            a is null ? (b is null ? 0 : -1) : b is null ? 1 : StringComparer.OrdinalIgnoreCase.Compare(a, b);
    }

    private sealed class Day : IDayAggregator
    {
        private readonly VisitsByDimension<Location> _visits = new(LocationOrder.Instance);
        private readonly GoalsByDimension<Location> _goals = new(LocationOrder.Instance);
        private readonly Dictionary<Location, (double? Latitude, double? Longitude)> _coordinates = new(LocationOrder.Instance);

        public void OnVisit(VisitLog log)
        {
            if (log.Visit is { } visit)
            {
                var location = new Location(visit.LocationCountry, visit.LocationRegion, visit.LocationCity);
                _visits.Add(location, visit);
                _coordinates[location] = _coordinates.TryGetValue(location, out var known)
                    ? (Max(known.Latitude, visit.LocationLatitude), Max(known.Longitude, visit.LocationLongitude))
                    : (visit.LocationLatitude, visit.LocationLongitude);
            }

            foreach (var conversion in log.Conversions)
            {
                _goals.Add(new Location(conversion.LocationCountry, conversion.LocationRegion, conversion.LocationCity), conversion);
            }
        }

        public void Finish(ArchiveRecords records)
        {
            var countries = new TableAccumulator();
            var regions = new TableAccumulator();
            var cities = new TableAccumulator();
            var cityCoordinates = new Dictionary<string, (double Latitude, double Longitude)>(StringComparer.Ordinal);
            foreach (var (location, metrics) in _visits.Groups(LocationOrder.Instance))
            {
                var (country, region, city) = location.Labels();
                var columns = metrics.Columns();
                countries.SumRow(country, columns);
                regions.SumRow(region, columns);
                cities.SumRow(city, columns);
                if (city.Length > 0 && city != "0" && _coordinates[location] is { Latitude: { } latitude, Longitude: { } longitude })
                {
                    cityCoordinates.TryAdd(city, (latitude, longitude));
                }
            }

            _goals.AddTo(countries, location => location.Labels().Country);
            _goals.AddTo(regions, location => location.Labels().Region);
            _goals.AddTo(cities, location => location.Labels().City);

            var cityTable = cities.ToTable();
            foreach (var row in cityTable.Rows)
            {
                if (cityCoordinates.TryGetValue(row.Label ?? "", out var coordinates))
                {
                    row.Metadata["lat"] = Round(coordinates.Latitude);
                    row.Metadata["long"] = Round(coordinates.Longitude);
                }
            }

            var countryTable = countries.ToTable();
            foreach (var (name, table) in new[] { (CountryRecord, countryTable), (RegionRecord, regions.ToTable()), (CityRecord, cityTable) })
            {
                GoalsByDimension<Location>.WriteTotals(table);
                records.SetTable(name, table);
            }

            records.SetNumeric(DistinctCountries, countryTable.Rows.Count);
        }

        private static double? Max(double? a, double? b) => a is null ? b : b is null ? a : Math.Max(a.Value, b.Value);

        /// <summary>PHP's <c>round($x, 3)</c> of the stored decimal.</summary>
        private static double Round(double value) => (double)Math.Round((decimal)value, 3, MidpointRounding.AwayFromZero);
    }
}
