using Makoto.Plugins.Referrers.Tracking;

namespace Makoto.Plugins.Tests.Referrers;

/// <summary>The embedded search engine and social network lists and their lookups.</summary>
public class ReferrerDefinitionsTests
{
    private static readonly ReferrerDefinitions s_lists = ReferrerDefinitions.Default;

    [Fact]
    public void Embedded_lists_are_loaded()
    {
        // Distinct "urls" entries of SearchEngines.yml and domains of Socials.yml, counted in the
        // YAML text with a separate script; they change when the vendored list is updated.
        Assert.Equal(637, s_lists.SearchEngines.Count);
        Assert.Equal(99, s_lists.SocialNetworks.Count);
    }

    [Theory]
    [InlineData("www.google.co.uk", "google.{}")]
    [InlineData("www.google.de", "google.{}")]
    [InlineData("www.google.com.br", "google.{}")]
    [InlineData("www.google.com", "google.com")]
    [InlineData("de.search.yahoo.com", "{}.search.yahoo.com")]
    [InlineData("search.example.de", "example.{}")]
    [InlineData("www2.example.org", "example.org")]
    [InlineData("m.facebook.com", "facebook.com")]
    [InlineData("t.co", "t.{}")]
    public void Lossy_host_replaces_country_codes_like_matomo(string host, string lossy) =>
        Assert.Equal(lossy, SearchEngines.LossyHost(host));

    [Theory]
    [InlineData("https://www.google.com/search?as_q=green+tea&as_epq=loose+leaf&as_eq=bags", "green tea \"loose leaf\" -bags")]
    [InlineData("https://www.google.com/#q=coffee", "coffee")]
    [InlineData("https://www.google.com/search?q=tea#q=coffee", "coffee")] // the fragment is appended to the query; the last q wins (PHP)
    [InlineData("https://www.google.com/search?q=0", "0")] // "0" is PHP-empty: not a keyword, yet returned as it is
    public void Google_keyword_variants(string url, string? keyword)
    {
        var match = s_lists.SearchEngines.Match(url);
        Assert.NotNull(match);
        Assert.Equal(keyword, match.Value.Keyword);
    }

    [Theory]
    [InlineData("https://www.google.com/search?tbm=isch&q=teapot", "Google Images")]
    [InlineData("https://www.google.com/search?tbm=vid&q=teapot", "Google Video")]
    [InlineData("https://www.google.com/search?tbm=shop&q=teapot", "Google Shopping")]
    [InlineData("https://images.google.de/imgres?imgurl=x", "Google Images")]
    [InlineData("https://www.google.com/cse?cx=partner-pub-1&q=tea", "Google Custom Search")]
    public void Google_verticals_are_named_after_them(string url, string name) =>
        Assert.Equal(name, s_lists.SearchEngines.Match(url)?.Name);

    [Theory]
    [InlineData("https://www.example.com/?q=tea")]
    [InlineData("https://www.google.com/partners.html")]
    [InlineData("https://www.facebook.com/groups/tea")]
    [InlineData("not a url")]
    [InlineData("")]
    public void Not_a_search_engine(string url) => Assert.Null(s_lists.SearchEngines.Match(url));

    [Theory]
    [InlineData("twitter.com", "Twitter")]
    [InlineData("mobile.twitter.com", "Twitter")]
    [InlineData("WWW.LinkedIn.com", "LinkedIn")]
    [InlineData("org.telegram.messenger", "Telegram")]
    [InlineData("notfacebook.com", null)]
    [InlineData("facebook.com.example.org", null)]
    [InlineData("", null)]
    public void Social_network_by_host_or_parent_domain(string host, string? name) =>
        Assert.Equal(name, s_lists.SocialNetworks.Match(host));

    [Fact]
    public void A_url_belongs_to_its_last_engine_and_a_name_listed_twice_keeps_its_last_definition()
    {
        const string engines = """
            Early:
              -
                urls:
                  - early.example
                  - shared.example
                params:
                  - q
            Late:
              -
                urls:
                  - shared.example
                params:
                  - s
            Twice:
              -
                urls:
                  - first.example
                params:
                  - q
            Twice:
              -
                urls:
                  - second.example
                params:
                  - k
            """;
        var lists = ReferrerDefinitions.Parse(engines, "Net:\n  - net.example\n");
        Assert.Equal(new SearchEngineMatch("Early", "x"), lists.SearchEngines.Match("https://early.example/?q=x"));
        Assert.Equal(new SearchEngineMatch("Late", "y"), lists.SearchEngines.Match("https://shared.example/?s=y"));
        Assert.Null(lists.SearchEngines.Match("https://first.example/?q=x"));
        Assert.Equal(new SearchEngineMatch("Twice", "z"), lists.SearchEngines.Match("https://second.example/?k=z"));
        Assert.Equal("Net", lists.SocialNetworks.Match("www.net.example"));
    }
}
