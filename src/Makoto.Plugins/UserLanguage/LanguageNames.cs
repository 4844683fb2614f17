using System.Globalization;
using System.Text.RegularExpressions;

namespace Makoto.Plugins.UserLanguage;

/// <summary>
/// Browser languages as Matomo shows them: the main language code of an Accept-Language list
/// (<c>de-de,de;q=0.9,en</c> → <c>de-de</c>, the code Matomo stores in <c>location_browser_lang</c>)
/// and its English name (<c>de</c> → "German"; a code with a region reads "Language code de-at").
/// </summary>
/// <remarks>Language names and the known languages come from the runtime's CLDR data, as Matomo's own come from CLDR.</remarks>
public static partial class LanguageNames
{
    /// <summary>Matomo's code for an unknown language.</summary>
    public const string Unknown = "xx";

    /// <summary>
    /// The first code of the list whose language is known, with its region (Matomo's
    /// <c>extractLanguageAndRegionCodeFromBrowserLanguage</c>; script subtags are skipped:
    /// <c>zh-hans-cn</c> → <c>zh-cn</c>); <c>xx</c> when there is none, "" for an empty list.
    /// A single code is returned as it is, so stored main codes pass through unchanged.
    /// </summary>
    public static string MainCode(string? languages)
    {
        if (string.IsNullOrEmpty(languages))
        {
            return "";
        }

        foreach (Match match in LanguageRegex().Matches(languages.ToLowerInvariant()))
        {
            var language = match.Groups[1].Value;
            if (IsLanguage(language))
            {
                return language + match.Groups[2].Value;
            }
        }

        return Unknown;
    }

    /// <summary>The English name of a stored language code: a known bare language is named, anything else is "Language code …".</summary>
    public static string NameOf(string? code)
    {
        if (string.IsNullOrEmpty(code) || code == Unknown)
        {
            return "Unknown";
        }

        return IsLanguage(code) ? CultureInfo.GetCultureInfo(code, predefinedOnly: true).EnglishName : "Language code " + code;
    }

    private static bool IsLanguage(string code)
    {
        if (code.Length is not (2 or 3) || code.AsSpan().IndexOfAnyExceptInRange('a', 'z') >= 0)
        {
            return false;
        }

        try
        {
            return CultureInfo.GetCultureInfo(code, predefinedOnly: true).IsNeutralCulture;
        }
        catch (CultureNotFoundException)
        {
            return false;
        }
    }

    [GeneratedRegex(@"(?:^|,)([a-z]{2,3})(?:-[a-z]{4})?(-[a-z]{2})?")]
    private static partial Regex LanguageRegex();
}
