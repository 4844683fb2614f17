using Makoto.Plugins.UserCountry.Tracking;

namespace Makoto.Plugins.Tests.UserCountry;

/// <summary>
/// Matomo's default location provider (no GeoIP database): the country guessed from the browser
/// language. Expected values follow the rules of Matomo's <c>Common::extractCountryCodeFromBrowserLanguage</c>
/// worked out by hand; the corpus values are those of the conformance run (de-at → Austria, …).
/// </summary>
public class LanguageCountryGuessTests
{
    [Theory]
    // A region subtag gives the country.
    [InlineData("de-de", "de")]
    [InlineData("de-at", "at")]
    [InlineData("en-us", "us")]
    [InlineData("fr-ca,fr", "ca")]
    [InlineData("zh-hant-tw", "tw")] // "-ha" (from "-hant") is no country; "-tw" is
    [InlineData("zh-Hant-TW,zh-Hant;q=0.9,zh;q=0.8", "tw")]
    [InlineData("en,de-de", "de")] // English is not guessed, so the first region in the list counts
    [InlineData("es-419,es", "xx")] // a numeric region is no country
    [InlineData("en-uk", "xx")] // "uk" is not an ISO country code
    [InlineData("sr-latn-rs", "la")] // Matomo's quirk: the script subtag "latn" starts like Laos
    // A bare language first in the list: its default country, for the languages Matomo guesses.
    [InlineData("de", "de")]
    [InlineData("de,en", "de")]
    [InlineData("fr,fr-ca", "fr")]
    [InlineData("cs", "cz")]
    [InlineData("ca", "es")]
    [InlineData("sv", "se")]
    [InlineData("nn", "no")]
    [InlineData("pt", "br")] // CLDR: Brazil; Matomo's own table says Portugal (docs/differences.md)
    [InlineData("en", "xx")] // English and Chinese are spoken in too many countries to guess
    [InlineData("zh", "xx")]
    [InlineData("deu", "xx")] // three letters, not a guessed language
    // Nothing usable.
    [InlineData("", "xx")]
    [InlineData("x", "xx")]
    [InlineData("xx", "xx")]
    [InlineData("%%%;;--", "xx")]
    [InlineData("12345,-,--", "xx")]
    [InlineData("<script>", "xx")]
    [InlineData("garbage-in", "in")] // any "-xx" counts, whatever precedes it: "-in" is India
    public void Country_is_guessed_from_the_browser_language(string language, string country) =>
        Assert.Equal(country, LanguageCountryGuess.Guess(language));

    [Theory]
    // The nine lang values of the conformance corpus (requests.txt) and the countries Matomo stored.
    [InlineData("de-at,de;q=0.9", "at")]
    [InlineData("de-de,de;q=0.9,en;q=0.5", "de")]
    [InlineData("en-gb,en;q=0.8", "gb")]
    [InlineData("en-us,en;q=0.9", "us")]
    [InlineData("fr-fr,fr;q=0.9", "fr")]
    [InlineData("it-it,it;q=0.9", "it")]
    [InlineData("ja-jp,ja;q=0.9", "jp")]
    [InlineData("nl-nl,nl;q=0.9,en;q=0.7", "nl")]
    [InlineData("pl-pl,pl;q=0.9", "pl")]
    public void Conformance_corpus_languages_give_matomos_countries(string language, string country) =>
        Assert.Equal(country, LanguageCountryGuess.Guess(language));

    [Theory]
    // Matomo's cleaning of the header comes first.
    [InlineData("de_AT", "at")] // underscore from a locale name
    [InlineData("en_CA.UTF-8", "ca")] // a LANG variable with a charset
    [InlineData(" de - AT ", "at")]
    [InlineData("(comment)de-at", "at")]
    [InlineData("de;q=0.8", "de")]
    [InlineData("en-securid,de-at", "at")] // the bogus "en-securid" tag is dropped, not read as Sweden
    [InlineData("sr-sp", "rs")] // the unofficial "sp" is Serbia
    [InlineData("chrome://global/locale/intl.properties", "xx")]
    public void Language_list_is_cleaned_as_matomo_cleans_it(string language, string country) =>
        Assert.Equal(country, LanguageCountryGuess.Guess(language));

    [Theory]
    [InlineData("de-DE,de;q=0.9,en;q=0.8", "de-de,de,en")]
    [InlineData("en_CA.UTF-8", "en-ca")]
    [InlineData("fr (France), en ;q=0.5", "fr,en")]
    [InlineData("de,en-securid,fr", "de,fr")]
    [InlineData("en-securid,fr", "fr")]
    [InlineData("de,en-securid", "de")]
    [InlineData("de,chrome:x,fr", "de")]
    [InlineData("sr-SP,sr-sp", "sr-rs,sr-rs")]
    [InlineData("a\\,b", "ab")]
    public void Cleaning_matches_matomos_getBrowserLanguage(string raw, string cleaned)
    {
        var buffer = new char[raw.Length];
        var length = LanguageCountryGuess.Clean(raw, buffer);
        Assert.Equal(cleaned, new string(buffer, 0, length));
    }

    [Fact]
    public void The_whole_language_list_is_read_not_the_stored_20_characters()
    {
        // location_browser_lang keeps 20 characters ("en,zh,ar,hi,bn,sw,ja"); Matomo guesses from the full list.
        Assert.Equal("jp", LanguageCountryGuess.Guess("en,zh,ar,hi,bn,sw,ja-jp"));
    }

    [Fact]
    public void Long_language_lists_are_handled()
    {
        var list = string.Join(',', Enumerable.Repeat("en", 400)) + ",de-ch";
        Assert.Equal("ch", LanguageCountryGuess.Guess(list));
    }

    [Fact]
    public void Default_countries_come_from_cldr_for_every_guessed_language()
    {
        // Spot checks of the CLDR defaults against the countries where each language is mainly spoken.
        var expected = new Dictionary<string, string>
        {
            ["bo"] = "cn", ["da"] = "dk", ["el"] = "gr", ["et"] = "ee", ["fa"] = "ir", ["he"] = "il",
            ["ja"] = "jp", ["ko"] = "kr", ["ms"] = "my", ["nb"] = "no", ["no"] = "no", ["sl"] = "si",
            ["sq"] = "al", ["sr"] = "rs", ["uk"] = "ua",
        };
        foreach (var (language, country) in expected)
        {
            Assert.Equal(country, LanguageCountryGuess.DefaultCountries[language]);
        }

        Assert.Equal(LanguageCountryGuess.GuessedLanguages.Length, LanguageCountryGuess.DefaultCountries.Count);
    }

    [Fact]
    public void Guessing_does_not_allocate()
    {
        const string language = "zh-Hant-TW,zh-Hant;q=0.9,zh;q=0.8,en;q=0.7";

        // The first rounds may allocate once (type initializers, the runtime's tiering of this loop); the
        // rounds after them must not.
        GuessBoth(language, 200);
        var before = GC.GetAllocatedBytesForCurrentThread();
        GuessBoth(language, 100);
        Assert.Equal(before, GC.GetAllocatedBytesForCurrentThread());
    }

    private static void GuessBoth(string language, int rounds)
    {
        for (var i = 0; i < rounds; i++)
        {
            LanguageCountryGuess.Guess(language);
            LanguageCountryGuess.Guess("de");
        }
    }
}
