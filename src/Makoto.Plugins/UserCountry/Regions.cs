using System.Collections.Frozen;

namespace Makoto.Plugins.UserCountry;

/// <summary>
/// The names of the regions (ISO 3166-2 subdivisions) that <c>location_region</c> holds by code, as
/// the region and city reports show them (<c>de</c> + <c>BY</c> → "Bayern"); data from iso-codes
/// (<c>Data/region-names.tsv</c>, see its README).
/// </summary>
public static class Regions
{
    private static readonly Lazy<FrozenDictionary<string, string>> s_names = new(Load);

    /// <summary>The region's name (country and region codes in any case), or "Unknown" as Matomo says for a region it does not know.</summary>
    public static string NameOf(string? countryCode, string? regionCode)
    {
        if (string.IsNullOrEmpty(countryCode) || string.IsNullOrEmpty(regionCode))
        {
            return Countries.UnknownName;
        }

        var key = countryCode.ToUpperInvariant() + "-" + regionCode.ToUpperInvariant();
        return s_names.Value.TryGetValue(key, out var name) ? name : Countries.UnknownName;
    }

    private static FrozenDictionary<string, string> Load()
    {
        const string resource = "Makoto.Plugins.UserCountry.Data.region-names.tsv";
        using var stream = typeof(Regions).Assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"The region names ({resource}) are not embedded in {typeof(Regions).Assembly.GetName().Name}.");
        using var reader = new StreamReader(stream, System.Text.Encoding.UTF8);
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        while (reader.ReadLine() is { } line)
        {
            var parts = line.Split('\t');
            if (parts.Length == 3)
            {
                names[parts[0] + "-" + parts[1]] = parts[2];
            }
        }

        return names.ToFrozenDictionary(StringComparer.Ordinal);
    }
}
