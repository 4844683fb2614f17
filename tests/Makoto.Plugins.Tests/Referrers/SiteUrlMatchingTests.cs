using Makoto.Core.Sites;
using Makoto.Plugins.Referrers;
using static Makoto.Plugins.Tests.Referrers.ReferrerTestKit;

namespace Makoto.Plugins.Tests.Referrers;

/// <summary>
/// Direct entry versus website with several sites sharing hosts. The sites and the expected types
/// are those of Matomo's own test (plugins/Referrers/tests/Integration/Columns/ReferrerTypeTest.php):
/// the deepest site URL path decides which site a referrer belongs to, the request's own host counts
/// as a URL of its site, and excluded referrers count as URLs of the site that excludes them.
/// </summary>
public class SiteUrlMatchingTests
{
    private const string PageUrl = "http://piwik.org/foo/bar";
    private const string PiwikOrg = "http://piwik.org";

    private static readonly Site[] s_sites =
    [
        NewSite(1, "http://piwik.org/foo/bar"),
        NewSite(2, "http://piwik.org/"),
        NewSite(3, "http://piwik.xyz/"),
        NewSite(4, "http://google.com/subdir/") with { ExcludeUnknownUrls = true },
        NewSite(5, null),
        NewSite(6, "http://matomo.org/") with { ExcludedReferrers = "paypal.com,http://payments.amazon.com/proceed" },
    ];

    [Theory]
    [InlineData(ReferrerType.Direct, 1, PageUrl, PiwikOrg)]
    [InlineData(ReferrerType.Direct, 1, PageUrl, PiwikOrg + "/")]
    [InlineData(ReferrerType.Direct, 2, PageUrl, PiwikOrg)]
    [InlineData(ReferrerType.Direct, 2, PageUrl, PiwikOrg + "/")]
    [InlineData(ReferrerType.Direct, 3, PageUrl, PiwikOrg)]
    [InlineData(ReferrerType.Direct, 3, PageUrl, PiwikOrg + "/")]
    [InlineData(ReferrerType.Direct, 1, PageUrl, PiwikOrg + "/foo/bar/baz")]
    [InlineData(ReferrerType.Direct, 1, PageUrl, PiwikOrg + "/foo/bar/baz/")]
    [InlineData(ReferrerType.Direct, 1, PageUrl, PiwikOrg + "/foo/bar/baz?x=5")]
    [InlineData(ReferrerType.Direct, 1, PageUrl, PiwikOrg + "/not/xyz")]
    [InlineData(ReferrerType.Direct, 2, PageUrl, PiwikOrg + "/not/xyz")]
    [InlineData(ReferrerType.Website, 2, PageUrl, PiwikOrg + "/foo/bar/baz")]
    [InlineData(ReferrerType.Website, 3, PageUrl, PiwikOrg + "/foo/bar/baz")]
    [InlineData(ReferrerType.Campaign, 1, PageUrl + "?pk_campaign=test", PiwikOrg)]
    [InlineData(ReferrerType.Campaign, 2, PageUrl + "?pk_campaign=test", PiwikOrg)]
    [InlineData(ReferrerType.Campaign, 3, PageUrl + "?pk_campaign=test", PiwikOrg)]
    [InlineData(ReferrerType.SearchEngine, 3, PageUrl, "http://google.com/search?q=piwik")]
    [InlineData(ReferrerType.Social, 3, PageUrl, "https://twitter.com/matomo_org")]
    [InlineData(ReferrerType.Direct, 3, "http://example.com/foo", "http://example.com/bar")]
    [InlineData(ReferrerType.Direct, 3, "http://example.com/foo", "http://example.com")]
    [InlineData(ReferrerType.Direct, 3, "http://example.com", "http://example.com/bar")]
    [InlineData(ReferrerType.Website, 3, "http://example.org", "http://example.com/bar")]
    [InlineData(ReferrerType.Direct, 4, "http://google.com/subdir/site", "http://google.com/base")]
    [InlineData(ReferrerType.Direct, 4, "http://google.com/subdir/page", "http://google.com/subdir/x")]
    [InlineData(ReferrerType.Direct, 4, "http://google.com/subdir/", "http://google.com/subdir/?q=test")]
    [InlineData(ReferrerType.Direct, 4, "http://google.com/subdir/index.html", "http://google.com/search?q=test")]
    [InlineData(ReferrerType.SearchEngine, 4, "http://google.com/subdir/index.html", "http://google.fr/search?q=test")]
    [InlineData(ReferrerType.Direct, 5, PageUrl, PiwikOrg + "/")]
    [InlineData(ReferrerType.Direct, 6, "https://matomo.org/faq", "http://www.paypal.com/subdir/site")]
    [InlineData(ReferrerType.Direct, 6, "https://matomo.org/faq", "https://paypal.com/subdir/site")]
    [InlineData(ReferrerType.Website, 6, "https://matomo.org/faq", "http://shop.paypal.com/subdir/site")]
    [InlineData(ReferrerType.Website, 6, "https://matomo.org/faq", "http://payments.amazon.com/")]
    [InlineData(ReferrerType.Direct, 6, "https://matomo.org/faq", "https://payments.amazon.com/proceed/with/payment")]
    public void Referrer_type_as_matomo_detects_it(int type, int idSite, string url, string urlref)
    {
        var hit = Process(Request(s_sites[idSite - 1], url, urlref), s_sites);
        Assert.Equal(type, hit.Visit.RefererType);
    }

    [Theory]
    [InlineData(2, PiwikOrg + "/foo/bar/baz", "piwik.org/foo/bar")]
    [InlineData(3, PiwikOrg + "/fOo/BaR", "piwik.org/foo/bar")]
    [InlineData(3, "http://www.piwik.org/foo/bar/x", "www.piwik.org/foo/bar")]
    [InlineData(3, "http://example.com/bar", "example.com")]
    public void Website_on_a_path_of_another_site_is_named_with_that_path(int idSite, string urlref, string name)
    {
        var url = idSite == 3 ? "http://piwik.xyz/page" : PageUrl;
        var hit = Process(Request(s_sites[idSite - 1], url, urlref), s_sites);
        Assert.Equal(ReferrerType.Website, hit.Visit.RefererType);
        Assert.Equal(name, hit.Visit.RefererName);
    }
}
