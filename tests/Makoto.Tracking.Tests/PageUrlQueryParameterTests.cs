using Makoto.Tracking.Urls;

namespace Makoto.Tracking.Tests;

/// <summary>
/// A query parameter's value as site search reads it (tracking-api.md §4.2): the first parameter whose decoded
/// name equals the wanted one case-insensitively, its value URL-decoded with <c>+</c> as a space.
/// </summary>
public class PageUrlQueryParameterTests
{
    [Theory]
    [InlineData("q=green+tea&page=2", "q", "green tea")]
    [InlineData("page=2&Q=green%20tea", "q", "green tea")]
    [InlineData("%71=encoded+name", "q", "encoded name")]
    [InlineData("search+term=a&search term=b", "search term", "a")]
    [InlineData("q&page=2", "q", "")]
    [InlineData("q=&page=2", "q", "")]
    [InlineData("q=first&q=second", "q", "first")]
    [InlineData("&&q=after+empty+parts", "q", "after empty parts")]
    [InlineData("q=100%", "q", "100%")]
    public void Finds_the_first_matching_parameter(string query, string name, string expected) =>
        Assert.Equal(expected, PageUrl.QueryParameter(query, name));

    [Theory]
    [InlineData("", "q")]
    [InlineData("query=x&qq=y", "q")]
    [InlineData("page=2", "q")]
    public void Is_null_when_the_parameter_is_absent(string query, string name) =>
        Assert.Null(PageUrl.QueryParameter(query, name));
}
