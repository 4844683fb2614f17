using Makoto.Plugins.Actions.RecordBuilders;

namespace Makoto.Plugins.Tests.Actions;

/// <summary>Where actions sit in the hierarchical reports (metrics-and-archiving.md §3.3), worked out from Matomo's rules.</summary>
public sealed class ActionLabelsTests
{
    private const int PageUrl = 1;
    private const int Outlink = 2;
    private const int Download = 3;
    private const int PageTitle = 4;
    private const int SiteSearch = 8;

    [Theory]
    [InlineData("example.org/", "/index")]
    [InlineData("example.org", "/index")]
    [InlineData("example.org/about", "/about")]
    [InlineData("example.org/blog/", "blog|/index")]
    [InlineData("example.org/blog/post?x=1&y=2", "blog|/post?x=1&y=2")]
    [InlineData("example.org/a#part", "/a#part")]
    [InlineData("example.org/a#part#", "/a#part")]
    [InlineData("example.org/a#0", "/a")]
    [InlineData("example.org//a///b", "a|/b")]
    [InlineData("example.org/ a /b ", "a|/b")]
    [InlineData("example.org/?x=1", "/?x=1")]
    public void Page_urls_split_into_folders_and_a_page(string name, string expected) =>
        Assert.Equal(expected.Split('|'), ActionLabels.Path(name, PageUrl, urlPrefix: 0));

    [Fact]
    public void Page_urls_stop_splitting_after_ten_levels() =>
        Assert.Equal(["1", "2", "3", "4", "5", "6", "7", "8", "9", "/10/11/12"], ActionLabels.Path("example.org/1/2/3/4/5/6/7/8/9/10/11/12", PageUrl, urlPrefix: 2));

    [Fact]
    public void A_missing_url_is_not_defined() =>
        Assert.Equal(["Page URL not defined"], ActionLabels.Path("", PageUrl, urlPrefix: null));

    [Theory]
    [InlineData("Home", " Home")]
    [InlineData("  Shop / Tea  ", " Shop / Tea")]
    [InlineData("", " Page Name not defined")]
    [InlineData("a\nb", " ab")]
    public void Page_titles_are_one_row_starting_with_a_blank(string name, string expected) =>
        Assert.Equal([expected], ActionLabels.Path(name, PageTitle, urlPrefix: null));

    [Theory]
    [InlineData("https://cdn.example.com/files/a.pdf", "cdn.example.com|/files/a.pdf")]
    [InlineData("http://example.com", "example.com|/")]
    [InlineData("HTTPS://Example.com/a b#top", "Example.com|/a b#top")]
    [InlineData("ftp://example.com/a", "ftp:|example.com|/a")]
    public void Downloads_and_outlinks_are_a_host_and_a_path(string name, string expected)
    {
        Assert.Equal(expected.Split('|'), ActionLabels.Path(name, Download, urlPrefix: null));
        Assert.Equal(expected.Split('|'), ActionLabels.Path(name, Outlink, urlPrefix: null));
    }

    [Fact]
    public void Site_search_keywords_are_kept_as_they_are() =>
        Assert.Equal([" tea / chai "], ActionLabels.Path(" tea / chai ", SiteSearch, urlPrefix: null));

    [Theory]
    [InlineData("example.org/a", 0, "http://example.org/a")]
    [InlineData("example.org/a", 1, "http://www.example.org/a")]
    [InlineData("example.org/a", 2, "https://example.org/a")]
    [InlineData("example.org/a", 3, "https://www.example.org/a")]
    public void Urls_are_rebuilt_from_their_prefix(string name, int prefix, string expected) =>
        Assert.Equal(expected, ActionLabels.Url(name, prefix));
}
