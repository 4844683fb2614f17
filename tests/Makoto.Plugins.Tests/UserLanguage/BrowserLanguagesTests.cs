using Makoto.Plugins.CoreHome.Tracking;
using Makoto.Plugins.UserLanguage;

namespace Makoto.Plugins.Tests.UserLanguage;

public class BrowserLanguagesTests
{
    [Theory]
    [InlineData("de-de,de,en", "de-de")]
    [InlineData("fr,en-us", "fr")]
    [InlineData("fr-fr,fr-ca", "fr-fr")]
    [InlineData("r5,fr,de", "fr")] // entries that are no language are skipped
    [InlineData("-ca", "xx")]
    [InlineData("*", "xx")]
    [InlineData("1234", "xx")]
    [InlineData("", "xx")]
    [InlineData("EN-GB,en", "en-gb")]
    public void The_first_usable_entry_is_the_language_and_region(string list, string expected) =>
        Assert.Equal(expected, BrowserLanguages.LanguageAndRegion(list));

    [Theory]
    [InlineData("de-at", "de")]
    [InlineData("en", "en")]
    [InlineData("xx", "xx")]
    [InlineData("", "xx")]
    public void The_language_of_a_stored_code(string stored, string expected) =>
        Assert.Equal(expected, BrowserLanguages.Language(stored));

    [Theory]
    [InlineData("de-at", "German - Austria (de-at)")]
    [InlineData("en-us", "English - United States (en-us)")]
    [InlineData("ja-jp", "Japanese - Japan (ja-jp)")]
    [InlineData("fr", "French (fr)")]
    [InlineData("de-de", "German (de)")]
    public void Language_code_labels_name_the_language_and_region(string stored, string expected) =>
        Assert.Equal(expected, BrowserLanguages.CodeLabel(stored));

    [Theory]
    [InlineData("de-DE,de;q=0.9,en;q=0.5", "de-de")]
    [InlineData("  ", "")]
    [InlineData("klingon", "xx")]
    public void Tracking_stores_only_the_first_language(string header, string stored) =>
        Assert.Equal(stored, VisitConfiguration.StoredLanguage(header));

    [Theory]
    [InlineData("fr-fr;q=1.0,fr-ca;q=0.9", "fr-fr")]
    [InlineData("es,en,fr;q=0.7,de;q=0.3", "es")]
    [InlineData("zh-hans-cn", "zh-cn")]
    public void Script_subtags_and_quality_values_are_skipped(string list, string expected) =>
        Assert.Equal(expected, BrowserLanguages.LanguageAndRegion(list));

    [Theory]
    [InlineData("de", "German")]
    [InlineData("fr", "French")]
    [InlineData("de-at", "Language code de-at")]
    [InlineData("xx", "Unknown")]
    [InlineData("", "Unknown")]
    public void The_visitor_log_names_bare_languages_only(string code, string expected) =>
        Assert.Equal(expected, BrowserLanguages.VisitorLogName(code));
}
