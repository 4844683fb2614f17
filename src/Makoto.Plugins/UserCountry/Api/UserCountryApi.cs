using System.Net;
using Makoto.Archiving;
using Makoto.Core.DataTables;
using Makoto.Core.Security;
using Makoto.Plugins.UserCountry.Tracking;
using Makoto.Reporting.Api;
using Makoto.Reporting.Filters;
using Makoto.Reporting.Reports;
using static Makoto.Plugins.UserCountry.RecordBuilders.UserCountryRecordBuilder;

namespace Makoto.Plugins.UserCountry.Api;

/// <summary>
/// UserCountry.getCountry, getContinent (the country table grouped by continent), getRegion, getCity,
/// getNumberOfDistinctCountries, getCountryCodeMapping and getLocationFromIP (reporting-api.md §7), with
/// Matomo's labels, flags and metadata. Tibet's old code <c>ti</c> (and region <c>1|ti</c>) is reported as
/// China, as in Matomo.
/// </summary>
internal sealed class UserCountryApi(Archiver archiver, GeoIpDatabase database) : IApiModule
{
    private const string Module = "UserCountry";
    private const string FlagPath = "plugins/Morpheus/icons/dist/flags/";

    /// <summary>Matomo's provider that guesses the country from the browser language.</summary>
    private const string DefaultProvider = "default";

    /// <summary>Matomo's provider that reads a MaxMind-format database.</summary>
    private const string DatabaseProvider = "geoip2php";

    /// <summary>What Matomo's region and city reports add to their documentation about geolocation databases.</summary>
    private const string GeoIpDocumentation =
        "<br/>Set up GeoIP in the Geolocation admin tab to provide data for this report. The commercial <a rel=\"noreferrer noopener\" target=\"_blank\" href=\"http://www.maxmind.com/?rId=piwik\">MaxMind</a> GeoIP databases are more accurate than the gratis ones. <a rel=\"noreferrer noopener\" target=\"_blank\" href=\"http://www.maxmind.com/en/city_accuracy?rId=piwik\">Click here</a> to see how accurate they are.";

    /// <summary>Matomo's provider that locates nothing.</summary>
    private const string DisabledProvider = "disabled";

    public IEnumerable<ApiMethod> Methods()
    {
        string[] parameters = ["idSite", "period", "date", "segment"];
        yield return Report("getCountry", CountryRecord, Countries, new ReportPresentation { Presentation = (table, _) => AddLogoHeight(table) }, Location(
            "Country", order: 5, "Shows which country your visitors connected from when accessing your website."));
        yield return Report("getContinent", CountryRecord, Continents, new ReportPresentation { Presentation = (table, _) => AddCodes(table) }, Location(
            "Continent", order: 6, "Shows which continent your visitors connected from when accessing your website."));
        yield return Report("getRegion", RegionRecord, Regions, new ReportPresentation(), Location(
            "Region", order: 7, "Shows which region your visitors connected from when accessing website." + GeoIpDocumentation));
        yield return Report("getCity", CityRecord, Cities, new ReportPresentation(), Location(
            "City", order: 10, "Shows the cities your visitors connected from when accessing your website." + GeoIpDocumentation));
        yield return new ApiMethod(Module, "getNumberOfDistinctCountries", call => call.ForEachSiteAndPeriod((site, period) =>
            new ApiValue(call.Records(archiver, site, period).GetNumeric(DistinctCountries) ?? 0)))
        {
            ParameterNames = parameters,
        };
        yield return new ApiMethod(Module, "getCountryCodeMapping", _ => CountryCodeMapping());
        yield return new ApiMethod(Module, "getLocationFromIP", LocationFromIp) { ParameterNames = ["ip", "provider"] };
    }

    /// <summary>
    /// Where the current provider (or <c>provider</c>) puts <c>ip</c>: the database's answer, or the
    /// country guessed from the caller's browser language (<c>default</c>), completed with continent and
    /// country names as Matomo completes them, and the IP.
    /// </summary>
    private object LocationFromIp(ApiCall call)
    {
        if (!call.Access.IsSuperUser && !call.Access.Sites.Values.Any(level => level >= AccessLevel.View))
        {
            throw new ApiException(
                "You can't access this resource as it requires view access for at least one website.", call.Access.IsAnonymous ? 401 : 200);
        }

        var ip = call.Parameters.Require("ip");
        var provider = call["provider"] is { Length: > 0 } requested ? requested : database.IsAvailable ? DatabaseProvider : DefaultProvider;
        var location = provider switch
        {
            DefaultProvider => [new("country_code", LanguageCountryGuess.Guess(call.Parameters.BrowserLanguage))],
            DatabaseProvider when database.IsAvailable => database.Lookup(ParseIp(ip)),
            DisabledProvider => null,
            _ => throw new ApiException(
                $"Cannot find the '{provider}' provider. It is either an invalid provider ID or the ID of a provider that is not working."),
        };
        if (location is null || location.Count == 0)
        {
            throw new ApiException($"Could not geolocate '{ip}'!");
        }

        var result = new PlainObject();
        foreach (var (key, value) in location)
        {
            result[key] = value;
        }

        CompleteLocation(result);
        result["ip"] = ip;
        return result;
    }

    /// <summary>Matomo's <c>completeLocationResult</c>: continent code and name, and country name, where missing.</summary>
    private static void CompleteLocation(PlainObject location)
    {
        var country = Text(location, "country_code").ToLowerInvariant();
        if (IsEmpty(Text(location, "continent_code")) && !IsEmpty(country))
        {
            location["continent_code"] = UserCountry.Countries.ContinentOf(country == "ti" ? "cn" : country);
        }

        var continent = Text(location, "continent_code").ToLowerInvariant();
        if (IsEmpty(Text(location, "continent_name")) && !IsEmpty(continent))
        {
            location["continent_name"] = UserCountry.Continents.NameOf(continent);
        }

        if (IsEmpty(Text(location, "country_name")) && !IsEmpty(country))
        {
            location["country_name"] = CountryName(country);
        }

        static string Text(PlainObject location, string key) => location.TryGetValue(key, out var value) ? value as string ?? "" : "";

        static bool IsEmpty(string value) => value.Length == 0 || value == "0";
    }

    private static IPAddress ParseIp(string ip) =>
        IPAddress.TryParse(ip.Trim(), out var address) ? address : throw new ApiException($"The value \"{ip}\" is not a valid IP address.");

    private ApiMethod Report(string action, string record, Action<DataTable> present, ReportPresentation presentation, ReportMetadata metadata) =>
        new(Module, action, call => call.ArchivedTable(archiver, record, present))
        {
            IsReport = true,
            Report = presentation,
            ParameterNames = ["idSite", "period", "date", "segment"],
            Metadata = metadata,
        };

    /// <summary>A location report's metadata: visit metrics without users, with goal metrics.</summary>
    private static ReportMetadata Location(string dimension, int order, string documentation) =>
        ReportMetadata.VisitDimension(ReportCategories.Visitors, ReportCategories.Locations, dimension, dimension, order, documentation, users: false) with
        {
            GoalMetrics = GoalMetricSet.Visits,
        };

    /// <summary>Every country Matomo knows, code → English name.</summary>
    private static PlainObject CountryCodeMapping()
    {
        var mapping = new PlainObject();
        foreach (var code in UserCountry.Countries.Codes)
        {
            mapping[code] = UserCountry.Countries.NameOf(code);
        }

        return mapping;
    }

    private static void Countries(DataTable table)
    {
        if (table.FindRow("ti") is not null)
        {
            table.GroupByLabel(label => label == "ti" ? "cn" : label);
        }

        foreach (var row in table.Rows)
        {
            var code = row.Label ?? "";
            row.Metadata[ReportFilters.SegmentValue] = code;
            row.Metadata["code"] = code;
            row.Metadata["logo"] = Flag(code);
            row.Label = CountryName(code);
        }

        table.AddSegmentFromSegmentValue("countryCode");
    }

    private static void AddLogoHeight(DataTable table)
    {
        foreach (var row in table.AllRows)
        {
            row.Metadata["logoHeight"] = 16L;
        }
    }

    private static void Continents(DataTable table)
    {
        table.GroupByLabel(label => UserCountry.Countries.ContinentOf(label == "ti" ? "cn" : label));
        foreach (var row in table.Rows)
        {
            row.Label = UserCountry.Continents.NameOf(row.Label);
        }
    }

    /// <summary>Matomo adds the <c>code</c> metadata in a queued filter, after the label became the continent's name.</summary>
    private static void AddCodes(DataTable table)
    {
        foreach (var row in table.AllRows)
        {
            row.Metadata["code"] = row.Label;
        }
    }

    private static void Regions(DataTable table)
    {
        if (table.FindRow("1|ti") is not null)
        {
            table.GroupByLabel(label => label == "1|ti" ? "14|cn" : label);
        }

        foreach (var row in table.Rows)
        {
            var label = row.Label ?? "";
            var parts = label.Split(Separator);
            if (label.Length > 0 && parts.Length == 2)
            {
                row.Metadata["segment"] =
                    SegmentMetadata.Condition("regionCode", parts[0]) + ";" + SegmentMetadata.Condition("countryCode", parts[1]);
            }

            var region = Part(parts, 0) ?? UserCountry.Countries.Unknown;
            var country = Part(parts, 1) ?? UserCountry.Countries.Unknown;
            row.Metadata["region"] = region;
            row.Metadata["country"] = country;
            row.Metadata["country_name"] = CountryName(country);
            row.Metadata["region_name"] = label.Length == 0 ? UserCountry.Countries.UnknownName : UserCountry.Regions.NameOf(Part(parts, 1), Part(parts, 0));
            row.Metadata["logo"] = Flag(country);
            row.Label = PrettyRegion(label);
        }
    }

    private static void Cities(DataTable table)
    {
        table.GroupByLabel(label => label.EndsWith("|1|ti", StringComparison.Ordinal) ? label[..^"|1|ti".Length] + "|14|cn" : label);
        foreach (var row in table.Rows)
        {
            var label = row.Label ?? "";
            var parts = label.Split(Separator);
            if (label.Length > 0 && parts.Length == 3)
            {
                row.Metadata["segment"] = SegmentMetadata.Condition("city", parts[0]) + ";"
                    + SegmentMetadata.Condition("regionCode", parts[1]) + ";"
                    + SegmentMetadata.Condition("countryCode", parts[2]);
            }

            var cityName = Part(parts, 0) ?? UserCountry.Countries.UnknownName;
            row.Metadata["city_name"] = cityName;
            if (cityName == UserCountry.Countries.UnknownName)
            {
                row.Metadata["city"] = UserCountry.Countries.Unknown;
            }

            var region = Part(parts, 1) ?? UserCountry.Countries.Unknown;
            var country = Part(parts, 2) ?? UserCountry.Countries.Unknown;
            row.Metadata["region"] = region;
            row.Metadata["country"] = country;
            row.Metadata["country_name"] = CountryName(country);
            row.Metadata["region_name"] = UserCountry.Regions.NameOf(country, region);
            row.Metadata["logo"] = Flag(country);
            row.Label = PrettyCity(parts, label);
        }
    }

    /// <summary>"Bayern, Germany" for <c>BY|de</c>; "Unknown" for the empty label.</summary>
    private static string PrettyRegion(string label)
    {
        if (label.Length == 0)
        {
            return UserCountry.Countries.UnknownName;
        }

        var parts = label.Split(Separator);
        var country = parts.Length > 1 ? parts[1] : "";
        var name = UserCountry.Regions.NameOf(country, parts[0]);
        return IsKnownCode(country) ? name + ", " + CountryName(country) : name;
    }

    /// <summary>"Munich, Bayern, Germany" for <c>Munich|BY|de</c>; "Unknown" for the empty label.</summary>
    private static string PrettyCity(string[] parts, string label)
    {
        if (label.Length == 0)
        {
            return UserCountry.Countries.UnknownName;
        }

        var city = parts[0];
        var region = parts.Length > 1 ? parts[1] : "";
        var country = parts.Length > 2 ? parts[2] : "";
        var result = city.Length == 0 || city == UserCountry.Countries.Unknown ? UserCountry.Countries.UnknownName : city;
        if (IsKnownCode(country))
        {
            if (IsKnownCode(region))
            {
                result += ", " + UserCountry.Regions.NameOf(country, region);
            }

            result += ", " + CountryName(country);
        }

        return result;
    }

    /// <summary>Matomo's country name: "Unknown" for <c>xx</c>, the empty code and codes it has no name for; <c>ti</c> is China.</summary>
    private static string CountryName(string code) => UserCountry.Countries.NameOf(code.Equals("ti", StringComparison.OrdinalIgnoreCase) ? "cn" : code);

    /// <summary>The country's flag; the unknown flag for codes without one.</summary>
    private static string Flag(string code)
    {
        var flag = code.Equals("ti", StringComparison.OrdinalIgnoreCase) ? "cn" : code;
        return FlagPath + (UserCountry.Countries.IsKnown(flag) ? flag : UserCountry.Countries.Unknown) + ".png";
    }

    /// <summary>A part of a split label, or null when missing or empty (PHP's <c>empty()</c>, so <c>"0"</c> too).</summary>
    private static string? Part(string[] parts, int index) =>
        index < parts.Length && parts[index].Length > 0 && parts[index] != "0" ? parts[index] : null;

    private static bool IsKnownCode(string code) => code.Length > 0 && code != UserCountry.Countries.Unknown;
}
