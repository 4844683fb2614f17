using System.Globalization;

namespace Makoto.Plugins.UserLanguage;

/// <summary>
/// Matomo's English name of a stored browser language (<c>location_browser_lang</c>, its first
/// code): a bare language code that the language list knows is named (<c>de</c> → "German"); any
/// other code, including one with a region (<c>de-at</c>), reads "Language code de-at"; none reads "Unknown".
/// </summary>
/// <remarks>Names come from the runtime's CLDR data, as Matomo's own come from CLDR.</remarks>
public static class LanguageNames
{
    public static string NameOf(string? code)
    {
        if (string.IsNullOrEmpty(code) || code == "xx")
        {
            return "Unknown";
        }

        if (code.Length is 2 or 3 && code.AsSpan().IndexOfAnyExceptInRange('a', 'z') < 0)
        {
            try
            {
                var culture = CultureInfo.GetCultureInfo(code, predefinedOnly: true);
                if (culture.IsNeutralCulture)
                {
                    return culture.EnglishName;
                }
            }
            catch (CultureNotFoundException)
            {
                // Not a language the runtime knows: shown by its code, as Matomo shows codes it does not know.
            }
        }

        return "Language code " + code;
    }
}
