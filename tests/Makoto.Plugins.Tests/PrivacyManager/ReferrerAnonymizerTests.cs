using Makoto.Plugins.PrivacyManager;

namespace Makoto.Plugins.Tests.PrivacyManager;

/// <summary>The referrer URL as each anonymizeReferrer option keeps it (Matomo's ReferrerAnonymizer rules).</summary>
public sealed class ReferrerAnonymizerTests
{
    [Theory]
    [InlineData("", "https://foo.com/bar/baz?hello=world", "https://foo.com/bar/baz?hello=world")]
    [InlineData("exclude_query", "https://foo.com/bar/baz?hello=world", "https://foo.com/bar/baz")]
    [InlineData("exclude_query", "https://foo.com/bar/baz/?hello=world&x=1", "https://foo.com/bar/baz/")]
    [InlineData("exclude_query", "https://foo.com/bar", "https://foo.com/bar")]
    [InlineData("exclude_path", "https://foo.com/bar/baz?hello=world", "https://foo.com/")]
    [InlineData("exclude_path", "http://user@Foo.com:8080/a", "http://Foo.com/")]
    [InlineData("exclude_path", "http://[2001:db8::1]:8080/a", "http://[2001:db8::1]/")]
    [InlineData("exclude_path", "//foo.com/bar", "//foo.com/")]
    [InlineData("exclude_path", "https://foo.com", "https://foo.com")]
    [InlineData("exclude_path", "https://foo.com?q=1", "https://foo.com?q=1")]
    [InlineData("exclude_path", "not a url", "not a url")]
    [InlineData("exclude_all", "https://foo.com/bar/baz?hello=world", "")]
    public void The_url_keeps_what_the_option_allows(string option, string url, string expected) =>
        Assert.Equal(expected, ReferrerAnonymizer.Url(url, option));

    [Fact]
    public void An_empty_url_stays_as_it_is() => Assert.Null(ReferrerAnonymizer.Url(null, "exclude_all"));
}
