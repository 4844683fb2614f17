using System.Collections.Concurrent;
using System.Globalization;
using System.Text.RegularExpressions;
using Makoto.Plugins.UserCountry;

namespace Makoto.Plugins.UserLanguage;

/// <summary>
/// Browser languages as Matomo reads them: the language (ISO 639) and region (ISO 3166) picked from an
/// Accept-Language list, and the English names of languages for reports. Language names come from the
/// ICU data of the runtime.
/// </summary>
public static partial class BrowserLanguages
{
    /// <summary>Matomo's code for a language it cannot tell.</summary>
    public const string Unknown = "xx";

    private static readonly ConcurrentDictionary<string, string?> s_names = new(StringComparer.Ordinal);

    /// <summary>Results of <see cref="LanguageAndRegion"/>: the same few lists come with every hit and every archived visit.</summary>
    private static readonly Makoto.Core.Caching.StringMemo<string> s_languageAndRegion = new(FirstLanguageAndRegion);

    /// <summary>
    /// The first usable entry of a (cleaned, lower-case) Accept-Language list as <c>language</c> or
    /// <c>language-region</c> (<c>de-de,de,en</c> → <c>de-de</c>); <see cref="Unknown"/> when no entry
    /// names a known language. This is what Matomo stores in <c>location_browser_lang</c>.
    /// </summary>
    public static string LanguageAndRegion(string? acceptLanguage) =>
        string.IsNullOrEmpty(acceptLanguage) ? Unknown : s_languageAndRegion.Get(acceptLanguage);

    private static string FirstLanguageAndRegion(string acceptLanguage)
    {
        foreach (Match match in EntryRegex().Matches(acceptLanguage.ToLowerInvariant()))
        {
            var language = match.Groups[1].Value;
            if (!IsLanguage(language))
            {
                continue;
            }

            return match.Groups[2].Success ? language + match.Groups[2].Value : language;
        }

        return Unknown;
    }

    /// <summary>
    /// The language of a stored value (<c>de-at</c> → <c>de</c>), or <see cref="Unknown"/>. Like Matomo,
    /// it keeps the first two letters of anything longer, so three-letter languages count as unknown
    /// unless their first two letters happen to be a language.
    /// </summary>
    public static string Language(string? stored)
    {
        var code = LanguageAndRegion(stored);
        var language = code.Length == 2 ? code : code[..2];
        return IsLanguage(language) ? language : Unknown;
    }

    /// <summary>True for a language code the runtime knows by name.</summary>
    public static bool IsLanguage(string code) => code.Length is 2 or 3 && Name(code) is not null;

    /// <summary>The English name of a language code (<c>de</c> → German), or "Unknown".</summary>
    public static string LanguageName(string code) => Name(code) ?? "Unknown";

    /// <summary>
    /// The <c>language</c> of the visitor log for a stored code: a bare known language is named
    /// (<c>de</c> → German), a code with a region reads "Language code de-at", nothing is "Unknown".
    /// </summary>
    public static string VisitorLogName(string? stored)
    {
        if (string.IsNullOrEmpty(stored) || stored == Unknown)
        {
            return "Unknown";
        }

        return Name(stored) ?? "Language code " + stored;
    }

    /// <summary>
    /// The label of a stored language code in Matomo's language-code report: <c>German - Austria (de-at)</c>,
    /// or <c>German (de)</c> when there is no region or the region repeats the language (<c>de-de</c>).
    /// </summary>
    public static string CodeLabel(string stored)
    {
        var dash = stored.IndexOf('-', StringComparison.Ordinal);
        if (dash < 0)
        {
            return $"{LanguageName(stored)} ({stored})";
        }

        var language = stored[..dash];
        var region = stored[(dash + 1)..];
        if (language == region)
        {
            return $"{LanguageName(language)} ({language})";
        }

        return $"{LanguageName(language)} - {Countries.NameOf(region)} ({stored})";
    }

    /// <summary>The English name of a language the runtime's CLDR data knows (a neutral culture), else null.</summary>
    private static string? Name(string code) => s_names.GetOrAdd(code, static c =>
    {
        if (c.Length is not (2 or 3) || c.AsSpan().IndexOfAnyExceptInRange('a', 'z') >= 0)
        {
            return null;
        }

        try
        {
            var culture = CultureInfo.GetCultureInfo(c, predefinedOnly: true);
            return culture.IsNeutralCulture ? NeutralName(culture.EnglishName) : null;
        }
        catch (CultureNotFoundException)
        {
            return null;
        }
    });

    /// <summary>ICU adds the script or variant in parentheses for a few languages; Matomo's names do not.</summary>
    private static string NeutralName(string englishName)
    {
        var parenthesis = englishName.IndexOf(" (", StringComparison.Ordinal);
        return parenthesis > 0 ? englishName[..parenthesis] : englishName;
    }

    /// <summary>
    /// An entry of the list: language of 2–3 letters at the start or after a comma, an optional script
    /// (skipped: <c>zh-hans-cn</c> → <c>zh-cn</c>) and an optional region.
    /// </summary>
    [GeneratedRegex("(?:^|,)([a-z]{2,3})(?:-[a-z]{4})?(-[a-z]{2})?", RegexOptions.CultureInvariant)]
    private static partial Regex EntryRegex();
}
