using System.Globalization;
using Makoto.Core.Sites;
using Makoto.Plugins.UserCountry;
using Makoto.Reporting.Api;
using Makoto.Reporting.Metrics;

namespace Makoto.Plugins.SitesManager;

/// <summary>
/// The choices a website's settings offer, as Matomo's SitesManager lists them: time zones grouped by
/// continent and named after their country (and city, where a country has several), the fixed UTC
/// offsets, and the ISO 4217 currencies with their English names and symbols.
/// </summary>
public static class SiteChoices
{
    /// <summary>The UTC offsets (hours) Matomo offers besides the IANA zones.</summary>
    private static readonly double[] s_utcOffsets =
    [
        -12, -11.5, -11, -10.5, -10, -9.5, -9, -8.5, -8, -7.5, -7, -6.5, -6, -5.5, -5, -4.5, -4, -3.5, -3, -2.5, -2, -1.5, -1, -0.5,
        0, 0.5, 1, 1.5, 2, 2.5, 3, 3.5, 4, 4.5, 5, 5.5, 5.75, 6, 6.5, 7, 7.5, 8, 8.5, 8.75, 9, 9.5, 10, 10.5, 11, 11.5, 12, 12.75, 13, 13.75, 14,
    ];

    private static readonly Lazy<PlainObject> s_timezones = new(BuildTimezones);
    private static readonly Lazy<List<(string Code, string Name)>> s_currencies = new(BuildCurrencies);

    /// <summary>
    /// <c>SitesManager.getTimezonesList</c>: continent name → (zone → "Country" or "Country - City"), continents
    /// and names sorted, then <c>UTC</c> → (<c>UTC+5.5</c> → <c>UTC+5:30</c>, …).
    /// </summary>
    public static PlainObject Timezones => s_timezones.Value;

    /// <summary><c>SitesManager.getCurrencyList</c>: code → "English name (symbol)", sorted by that text.</summary>
    public static PlainObject CurrencyList()
    {
        var list = s_currencies.Value.Select(c => (c.Code, Text: $"{c.Name} ({CurrencySymbols.For(c.Code)})")).ToList();
        list.Sort((a, b) => string.CompareOrdinal(a.Text, b.Text));
        var result = new PlainObject();
        foreach (var (code, text) in list)
        {
            result[code] = text;
        }

        return result;
    }

    /// <summary><c>SitesManager.getCurrencySymbols</c>: code → symbol, in the order of the currency table.</summary>
    public static PlainObject CurrencySymbolList()
    {
        var result = new PlainObject();
        foreach (var (code, _) in s_currencies.Value)
        {
            result[code] = CurrencySymbols.For(code);
        }

        return result;
    }

    /// <summary>The zones of each country as the tz database's <c>zone.tab</c> lists them (upper-case codes).</summary>
    private static Dictionary<string, List<string>> ZonesByCountry()
    {
        using var stream = typeof(SiteChoices).Assembly.GetManifestResourceStream("Makoto.Plugins.SitesManager.Data.zone.tab")
            ?? throw new InvalidOperationException("The embedded time zone table SitesManager/Data/zone.tab is missing.");
        using var reader = new StreamReader(stream);
        var result = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        while (reader.ReadLine() is { } line)
        {
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            var tab = line.IndexOf('\t', StringComparison.Ordinal);
            var zone = line[(tab + 1)..];
            if (SiteTimeZones.IsValid(zone))
            {
                var country = line[..tab];
                if (!result.TryGetValue(country, out var zones))
                {
                    result[country] = zones = [];
                }

                zones.Add(zone);
            }
        }

        return result;
    }

    private static PlainObject BuildTimezones()
    {
        var byContinent = new SortedDictionary<string, List<(string Zone, string Name)>>(StringComparer.Ordinal);
        var zonesByCountry = ZonesByCountry();
        foreach (var code in Countries.Codes)
        {
            if (!zonesByCountry.TryGetValue(code.ToUpperInvariant(), out var zones))
            {
                continue;
            }

            var continent = Continents.NameOf(Countries.ContinentOf(code));
            if (!byContinent.TryGetValue(continent, out var entries))
            {
                byContinent[continent] = entries = [];
            }

            foreach (var zone in zones)
            {
                var name = Countries.NameOf(code);
                entries.Add((zone, zones.Count > 1 ? name + " - " + City(zone) : name));
            }
        }

        var result = new PlainObject();
        foreach (var (continent, entries) in byContinent)
        {
            entries.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
            var group = new PlainObject();
            foreach (var (zone, name) in entries)
            {
                group[zone] = name;
            }

            result[continent] = group;
        }

        var utc = new PlainObject();
        foreach (var hours in s_utcOffsets)
        {
            var text = hours.ToString(CultureInfo.InvariantCulture);
            var id = "UTC" + (hours > 0 ? "+" + text : hours < 0 ? text : "");
            utc[id] = id.Replace(".25", ":15", StringComparison.Ordinal)
                .Replace(".5", ":30", StringComparison.Ordinal)
                .Replace(".75", ":45", StringComparison.Ordinal);
        }

        result["UTC"] = utc;
        return result;
    }

    /// <summary>The city of a zone: its last part with spaces for underscores (<c>America/Argentina/Buenos_Aires</c> → Buenos Aires).</summary>
    private static string City(string zone) => zone[(zone.LastIndexOf('/') + 1)..].Replace('_', ' ');

    /// <summary>The currencies of the world's regions (ISO 4217 code and English name, from the runtime's CLDR data), by code.</summary>
    private static List<(string Code, string Name)> BuildCurrencies()
    {
        var names = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var culture in CultureInfo.GetCultures(CultureTypes.SpecificCultures))
        {
            RegionInfo region;
            try
            {
                region = new RegionInfo(culture.Name);
            }
            catch (ArgumentException)
            {
                continue;
            }

            var code = region.ISOCurrencySymbol;
            if (code.Length == 3 && code != "XXX" && !string.IsNullOrEmpty(region.CurrencyEnglishName))
            {
                names.TryAdd(code, region.CurrencyEnglishName);
            }
        }

        return [.. names.Select(n => (n.Key, n.Value))];
    }
}
