using System.Collections.Frozen;
using System.Globalization;

namespace Makoto.Plugins.UserCountry;

/// <summary>
/// Matomo's continents: the 3-letter codes stored nowhere in the logs but derived from the country,
/// used by the <c>continentCode</c> segment and the continent report. Central America and the
/// Caribbean (<c>amc</c>) are a continent of their own, apart from North America (<c>amn</c>).
/// </summary>
public static class Continents
{
    /// <summary>The continent of an unknown country.</summary>
    public const string Unknown = "unk";

    public const string Africa = "afr";
    public const string CentralAmerica = "amc";
    public const string NorthAmerica = "amn";
    public const string SouthAmerica = "ams";
    public const string Antarctica = "ant";
    public const string Asia = "asi";
    public const string Europe = "eur";
    public const string Oceania = "oce";

    private static readonly FrozenDictionary<string, string> s_names = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [Africa] = "Africa",
        [CentralAmerica] = "Central America",
        [NorthAmerica] = "North America",
        [SouthAmerica] = "South America",
        [Antarctica] = "Antarctica",
        [Asia] = "Asia",
        [Europe] = "Europe",
        [Oceania] = "Oceania",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>The eight continent codes (without <see cref="Unknown"/>).</summary>
    public static IReadOnlyList<string> Codes { get; } =
        [NorthAmerica, CentralAmerica, SouthAmerica, Europe, Africa, Asia, Oceania, Antarctica];

    /// <summary>The English name, as Matomo shows it; <c>Unknown</c> for <c>unk</c>, empty or unrecognized codes.</summary>
    public static string NameOf(string? continentCode) =>
        continentCode is not null && s_names.TryGetValue(continentCode, out var name) ? name : "Unknown";
}

/// <summary>
/// The countries Matomo knows (ISO 3166-1 alpha-2, lower case, as stored in <c>location_country</c>):
/// their continent and English name. <c>xx</c> is the unknown country.
/// </summary>
/// <remarks>
/// The country → continent assignment is Matomo's (MaxMind's, with Central America and the Caribbean
/// apart). Names come from the runtime's CLDR data (<see cref="RegionInfo.EnglishName"/>), which gives
/// Matomo's English names, except where <see cref="s_nameCorrections"/> says otherwise.
/// </remarks>
public static class Countries
{
    /// <summary>The country of a visit that could not be located.</summary>
    public const string Unknown = "xx";

    /// <summary>What Matomo shows for an unknown country, region or city.</summary>
    public const string UnknownName = "Unknown";

    /// <summary>Countries by continent; each is listed once.</summary>
    private static readonly (string Continent, string Codes)[] s_byContinent =
    [
        (Continents.Europe,
            "ad al at ax ba be bg by ch cy cz de dk ee es fi fo fr gb gg gi gr hr hu ie im is it je li lt lu lv " +
            "mc md me mk mt nl no pl pt ro rs ru se si sj sk sm tr ua va"),
        (Continents.Asia,
            "ae af am az bd bh bn bt cc cn cx ge hk id il in io iq ir jo jp kg kh kp kr kw kz la lb lk mm mn mo " +
            "mv my np om ph pk ps qa sa sg sy th tj tl tm tw uz vn ye"),
        (Continents.Africa,
            "ao bf bi bj bw cd cf cg ci cm cv dj dz eg eh er et ga gh gm gn gq gw ke km lr ls ly ma mg ml mr mu " +
            "mw mz na ne ng re rw sc sd sh sl sn so ss st sz td tg tn tz ug yt za zm zw"),
        (Continents.NorthAmerica, "ca gl mx pm us"),
        (Continents.CentralAmerica,
            "ag ai aw bb bl bm bq bs bz cr cu cw dm do gd gp gt hn ht jm kn ky lc mf mq ms ni pa pr sv sx tc tt " +
            "vc vg vi"),
        (Continents.SouthAmerica, "ar bo br cl co ec fk gf gy pe py sr uy ve"),
        (Continents.Oceania, "as au ck fj fm gu ki mh mp nc nf nr nu nz pf pg pn pw sb tk to tv um vu wf ws"),
        (Continents.Antarctica, "aq bv gs hm tf"),
    ];

    /// <summary>
    /// Where Matomo's English name (CLDR as Matomo ships it) differs from the runtime's, or where the
    /// runtime has none (ICU treats <c>EH</c> as a language, not a region).
    /// </summary>
    private static readonly (string Code, string Name)[] s_nameCorrections =
    [
        ("eh", "Western Sahara"),
        ("tr", "Türkiye"),
    ];

    /// <summary>For each two-letter code (<c>(a−'a')·26 + (b−'a')</c>): its continent, or null when not a country.</summary>
    private static readonly string?[] s_continentByIndex = new string?[26 * 26];

    /// <summary>The interned lower-case code of each known country, by the same index.</summary>
    private static readonly string?[] s_codeByIndex = new string?[26 * 26];

    private static readonly FrozenDictionary<string, string> s_names;

    private static readonly FrozenDictionary<string, string> s_codesByName;

    private static readonly FrozenDictionary<string, string[]> s_codesByContinent;

    static Countries()
    {
        var codes = new List<string>(256);
        foreach (var (continent, list) in s_byContinent)
        {
            foreach (var code in list.Split(' '))
            {
                var index = Index(code);
                s_continentByIndex[index] = continent;
                s_codeByIndex[index] = code;
                codes.Add(code);
            }
        }

        codes.Sort(StringComparer.Ordinal);
        Codes = codes;

        var names = new Dictionary<string, string>(codes.Count, StringComparer.Ordinal);
        foreach (var code in codes)
        {
            names[code] = RuntimeEnglishName(code);
        }

        foreach (var (code, name) in s_nameCorrections)
        {
            names[code] = name;
        }

        s_names = names.ToFrozenDictionary(StringComparer.Ordinal);

        var byName = new Dictionary<string, string>(names.Count, StringComparer.Ordinal);
        foreach (var code in codes)
        {
            byName.TryAdd(s_names[code], code);
        }

        s_codesByName = byName.ToFrozenDictionary(StringComparer.Ordinal);

        var byContinent = new Dictionary<string, string[]>(StringComparer.Ordinal);
        foreach (var (continent, list) in s_byContinent)
        {
            byContinent[continent] = list.Split(' ');
        }

        s_codesByContinent = byContinent.ToFrozenDictionary(StringComparer.Ordinal);
    }

    /// <summary>The known country codes, lower case, sorted.</summary>
    public static IReadOnlyList<string> Codes { get; }

    /// <summary>True when <paramref name="code"/> is a known country code (lower case).</summary>
    public static bool IsKnown(ReadOnlySpan<char> code) => TryGetCode(code, out _);

    /// <summary>The interned code string of a known country (lower case); no allocation.</summary>
    public static bool TryGetCode(ReadOnlySpan<char> code, out string value)
    {
        if (code.Length == 2 && code[0] is >= 'a' and <= 'z' && code[1] is >= 'a' and <= 'z')
        {
            var known = s_codeByIndex[((code[0] - 'a') * 26) + (code[1] - 'a')];
            if (known is not null)
            {
                value = known;
                return true;
            }
        }

        value = Unknown;
        return false;
    }

    /// <summary>Matomo's continent code of a country (case-insensitive); <c>unk</c> for <c>xx</c> and unknown codes.</summary>
    public static string ContinentOf(string? countryCode)
    {
        if (countryCode is { Length: 2 })
        {
            var a = char.ToLowerInvariant(countryCode[0]);
            var b = char.ToLowerInvariant(countryCode[1]);
            if (a is >= 'a' and <= 'z' && b is >= 'a' and <= 'z')
            {
                return s_continentByIndex[((a - 'a') * 26) + (b - 'a')] ?? Continents.Unknown;
            }
        }

        return Continents.Unknown;
    }

    /// <summary>The English name (case-insensitive code); <c>Unknown</c> for <c>xx</c>, empty and unknown codes, as in Matomo.</summary>
    public static string NameOf(string? countryCode)
    {
        if (countryCode is { Length: 2 } && s_names.TryGetValue(countryCode.ToLowerInvariant(), out var name))
        {
            return name;
        }

        return UnknownName;
    }

    /// <summary>The code of the country with this exact English name (as <see cref="NameOf"/> writes it), or null.</summary>
    public static string? CodeOfName(string name) => s_codesByName.GetValueOrDefault(name);

    /// <summary>The codes of the countries of a continent (case-insensitive code); none for unknown continents.</summary>
    public static IReadOnlyList<string> OfContinent(string continentCode) =>
        s_codesByContinent.GetValueOrDefault(continentCode.ToLowerInvariant()) ?? [];

    /// <summary>The English name of each known country, by its lower-case code.</summary>
    public static IReadOnlyDictionary<string, string> NamesByCode => s_names;

    /// <summary>The flag icon of a country (<c>plugins/Morpheus/icons/dist/flags/de.png</c>), the <c>xx</c> flag for unknown codes.</summary>
    public static string FlagIcon(string? countryCode) =>
        "plugins/Morpheus/icons/dist/flags/" + (countryCode is not null && TryGetCode(countryCode.ToLowerInvariant(), out var code) ? code : Unknown) + ".png";

    private static int Index(string code) => ((code[0] - 'a') * 26) + (code[1] - 'a');

    private static string RuntimeEnglishName(string code)
    {
        try
        {
            return new RegionInfo(code.ToUpperInvariant()).EnglishName;
        }
        catch (ArgumentException)
        {
            // No CLDR data for this region (or invariant globalization): the code stands for the name.
            return code.ToUpperInvariant();
        }
    }
}
