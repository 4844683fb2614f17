using Makoto.Plugins.CoreHome.Tracking;

namespace Makoto.Plugins.Tests.CoreHome;

public class VisitConfigurationTests
{
    [Theory]
    [InlineData("de-DE,de;q=0.9,en;q=0.8", "de-de,de,en")]
    [InlineData("en-US", "en-us")]
    [InlineData(" fr-CA , fr ;q=0.5", "fr-ca,fr")]
    [InlineData("", "")]
    [InlineData("zh-Hant-TW,zh-Hant;q=0.9,zh;q=0.8,en;q=0.7", "zh-hant-tw,zh-hant,z")]
    public void Browser_language_is_cleaned_like_matomo(string header, string stored) =>
        Assert.Equal(stored, VisitConfiguration.BrowserLanguage(header));
}
