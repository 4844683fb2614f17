using Makoto.Plugins.UserLanguage;

namespace Makoto.Plugins.Tests.Live;

/// <summary>
/// The main code of a browser language list, with the examples of Matomo's own tests of
/// Common::extractLanguageAndRegionCodeFromBrowserLanguage, and the language names Matomo shows.
/// </summary>
public class LanguageNamesTests
{
    [Theory]
    [InlineData("de-de,de,en", "de-de")]
    [InlineData("fr-fr,fr-ca", "fr-fr")]
    [InlineData("fr-fr;q=1.0,fr-ca;q=0.9", "fr-fr")]
    [InlineData("es,en,fr;q=0.7,de;q=0.3", "es")]
    [InlineData("r5,fr;q=1,de", "fr")]
    [InlineData("zh-hans-cn", "zh-cn")]
    [InlineData("-ca", "xx")]
    [InlineData("de-at", "de-at")]
    [InlineData("", "")]
    public void Main_code_is_the_first_known_language_with_its_region(string languages, string expected)
    {
        Assert.Equal(expected, LanguageNames.MainCode(languages));
    }

    [Theory]
    [InlineData("de", "German")]
    [InlineData("fr", "French")]
    [InlineData("de-at", "Language code de-at")]
    [InlineData("xx", "Unknown")]
    [InlineData("", "Unknown")]
    public void Names_of_bare_language_codes_only(string code, string expected)
    {
        Assert.Equal(expected, LanguageNames.NameOf(code));
    }
}
