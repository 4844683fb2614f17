using System.Buffers;
using System.Collections.Frozen;
using System.Globalization;

namespace Makoto.Plugins.UserCountry.Tracking;

/// <summary>
/// Matomo's default location provider: without a geolocation database, the country is guessed from
/// the browser language (the <c>lang</c> parameter or the Accept-Language header).
/// </summary>
/// <remarks>
/// <para>The language list is first cleaned as Matomo cleans it (lower case, <c>_</c> → <c>-</c>, no
/// white space, comments or quality values; nothing after a <c>.</c>; <c>sr-sp</c> → <c>sr-rs</c>), then:</para>
/// <list type="number">
/// <item>when the list <b>starts</b> with a bare language (<c>de</c>, <c>de,en</c>, <c>de;…</c>) that is
/// one of <see cref="GuessedLanguages"/>, that language's default country (from CLDR) is the answer;</item>
/// <item>otherwise the first <c>-xx</c> in the whole list (a hyphen and two letters, wherever it stands)
/// that is a known country code is the answer: <c>de-at</c> → <c>at</c>, <c>zh-hant-tw</c> → <c>tw</c>
/// (<c>-ha</c> is no country), <c>en,de-de</c> → <c>de</c>;</item>
/// <item>otherwise <c>xx</c> (unknown).</item>
/// </list>
/// <para>Like Matomo, a script subtag can look like a country: <c>sr-latn-rs</c> gives <c>la</c> (Laos).</para>
/// </remarks>
internal static class LanguageCountryGuess
{
    private const int StackBufferLength = 256;

    /// <summary>
    /// The languages for which a bare language tag is taken as a country: those Matomo guesses for,
    /// chosen there for being spoken mainly in one country (English, Chinese, Arabic, … are not).
    /// </summary>
    internal static readonly string[] GuessedLanguages =
    [
        "bg", "bo", "ca", "cs", "da", "de", "el", "es", "et", "fa", "fi", "fr", "he", "hr", "hu", "id", "is",
        "it", "ja", "ko", "lt", "lv", "mk", "ms", "nb", "nl", "nn", "no", "pl", "pt", "ro", "ru", "sk", "sl",
        "sq", "sr", "sv", "th", "tr", "uk",
    ];

    private static readonly FrozenDictionary<string, string> s_defaultCountry = BuildDefaultCountries();

    private static readonly FrozenDictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> s_defaultCountryBySpan =
        s_defaultCountry.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>The default country of each guessed language, as the runtime's CLDR data has it.</summary>
    internal static IReadOnlyDictionary<string, string> DefaultCountries => s_defaultCountry;

    /// <summary>The guessed country (lower case, e.g. <c>at</c>) or <c>xx</c>; allocation-free.</summary>
    public static string Guess(string? browserLanguage)
    {
        if (string.IsNullOrEmpty(browserLanguage))
        {
            return Countries.Unknown;
        }

        char[]? rented = null;
        Span<char> buffer = browserLanguage.Length <= StackBufferLength
            ? stackalloc char[StackBufferLength]
            : (rented = ArrayPool<char>.Shared.Rent(browserLanguage.Length));
        try
        {
            var length = Clean(browserLanguage, buffer);
            return GuessFromCleaned(buffer[..length]);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<char>.Shared.Return(rented);
            }
        }
    }

    /// <summary>The country of an already cleaned language list (see <see cref="Clean"/>).</summary>
    internal static string GuessFromCleaned(ReadOnlySpan<char> languages)
    {
        if (languages.Length < 2 || languages.SequenceEqual(Countries.Unknown))
        {
            return Countries.Unknown;
        }

        // 1. A bare language at the start of the list: its default country.
        var letters = 0;
        while (letters < languages.Length && languages[letters] is >= 'a' and <= 'z')
        {
            letters++;
        }

        if (letters is 2 or 3
            && (letters == languages.Length || languages[letters] is ',' or ';')
            && s_defaultCountryBySpan.TryGetValue(languages[..letters], out var country))
        {
            return country;
        }

        // 2. The first "-xx" anywhere that is a country code.
        var i = 0;
        while (i + 2 < languages.Length)
        {
            if (languages[i] == '-' && languages[i + 1] is >= 'a' and <= 'z' && languages[i + 2] is >= 'a' and <= 'z')
            {
                if (Countries.TryGetCode(languages.Slice(i + 1, 2), out var code))
                {
                    return code;
                }

                i += 3;
                continue;
            }

            i++;
        }

        return Countries.Unknown;
    }

    /// <summary>
    /// Cleans a browser language list as Matomo does before guessing (<c>Common::getBrowserLanguage</c>):
    /// <c>de-DE,de;q=0.9</c> → <c>de-de,de</c>. Writes into <paramref name="destination"/> (at least as
    /// long as the input) and returns the length.
    /// </summary>
    internal static int Clean(ReadOnlySpan<char> raw, Span<char> destination)
    {
        // ASCII lower case and "_" → "-", dropping quoted pairs ("\x").
        var length = 0;
        for (var i = 0; i < raw.Length; i++)
        {
            var c = raw[i];
            if (c == '\\')
            {
                i++;
                continue;
            }

            destination[length++] = c switch
            {
                >= 'A' and <= 'Z' => (char)(c + 32),
                '_' => '-',
                _ => c,
            };
        }

        var text = destination[..length];
        length = RemoveWhiteSpace(text);
        length = RemoveComments(text[..length]);
        length = RemoveQualities(text[..length]);

        // A charset suffix ("en_CA.UTF-8" from a LANG variable): everything from the first dot.
        var dot = text[..length].IndexOf('.');
        if (dot >= 0)
        {
            length = dot;
        }

        length = RemoveFrom(text[..length], "chrome:", toEnd: true);
        length = RemoveFrom(text[..length], "en-securid", toEnd: false);
        ReplaceAll(text[..length], "sr-sp", "sr-rs");
        return length;
    }

    private static int RemoveWhiteSpace(Span<char> text)
    {
        var length = 0;
        foreach (var c in text)
        {
            if (c is not (' ' or '\t' or '\n' or '\v' or '\f' or '\r'))
            {
                text[length++] = c;
            }
        }

        return length;
    }

    /// <summary>Removes "(…)" comments that are closed.</summary>
    private static int RemoveComments(Span<char> text)
    {
        var length = 0;
        var i = 0;
        while (i < text.Length)
        {
            if (text[i] == '(')
            {
                var close = text[(i + 1)..].IndexOf(')');
                if (close >= 0)
                {
                    i += close + 2;
                    continue;
                }
            }

            text[length++] = text[i++];
        }

        return length;
    }

    /// <summary>Removes ";q=" followed by digits and dots.</summary>
    private static int RemoveQualities(Span<char> text)
    {
        var length = 0;
        var i = 0;
        while (i < text.Length)
        {
            if (text[i] == ';' && i + 3 < text.Length && text[i + 1] == 'q' && text[i + 2] == '=' && IsQualityChar(text[i + 3]))
            {
                i += 3;
                while (i < text.Length && IsQualityChar(text[i]))
                {
                    i++;
                }

                continue;
            }

            text[length++] = text[i++];
        }

        return length;
    }

    private static bool IsQualityChar(char c) => c is (>= '0' and <= '9') or '.';

    /// <summary>
    /// Removes the first list item equal to <paramref name="tag"/> (or, with <paramref name="toEnd"/>,
    /// starting with it, together with the rest of the list), with its separating comma.
    /// </summary>
    private static int RemoveFrom(Span<char> text, ReadOnlySpan<char> tag, bool toEnd)
    {
        for (var start = 0; start < text.Length; start++)
        {
            var atItemStart = start == 0 || text[start - 1] == ',';
            if (!atItemStart || !text[start..].StartsWith(tag))
            {
                continue;
            }

            var end = start + tag.Length;
            if (toEnd)
            {
                return start == 0 ? 0 : start - 1;
            }

            if (end < text.Length && text[end] != ',')
            {
                continue;
            }

            // "x,tag,y" → "x,y"; "tag,y" → "y"; "x,tag" → "x".
            int cutFrom;
            int cutTo;
            if (end < text.Length)
            {
                cutFrom = start;
                cutTo = end + 1;
            }
            else
            {
                cutFrom = start == 0 ? 0 : start - 1;
                cutTo = end;
            }

            text[cutTo..].CopyTo(text[cutFrom..]);
            return text.Length - (cutTo - cutFrom);
        }

        return text.Length;
    }

    private static void ReplaceAll(Span<char> text, ReadOnlySpan<char> from, ReadOnlySpan<char> to)
    {
        var i = 0;
        while (i + from.Length <= text.Length)
        {
            var found = text[i..].IndexOf(from);
            if (found < 0)
            {
                return;
            }

            to.CopyTo(text[(i + found)..]);
            i += found + from.Length;
        }
    }

    private static FrozenDictionary<string, string> BuildDefaultCountries()
    {
        var result = new Dictionary<string, string>(GuessedLanguages.Length, StringComparer.Ordinal);
        foreach (var language in GuessedLanguages)
        {
            if (DefaultCountryOf(language) is { } country)
            {
                result[language] = country;
            }
        }

        return result.ToFrozenDictionary(StringComparer.Ordinal);
    }

    /// <summary>CLDR's most likely country of a language (<c>de</c> → <c>de</c>, <c>pt</c> → <c>br</c>), or null.</summary>
    private static string? DefaultCountryOf(string language)
    {
        try
        {
            var culture = CultureInfo.CreateSpecificCulture(language);
            if (culture.Name.Length == 0)
            {
                return null;
            }

            var region = new RegionInfo(culture.Name).TwoLetterISORegionName.ToLowerInvariant();
            return Countries.TryGetCode(region, out var code) ? code : null;
        }
        catch (ArgumentException)
        {
            // No CLDR data for the language (e.g. invariant globalization): no guess for it.
            return null;
        }
    }
}
