using Makoto.Plugins.Referrers;
using Makoto.Tracking.Pipeline;
using static Makoto.Plugins.Tests.Referrers.ReferrerTestKit;

namespace Makoto.Plugins.Tests.Referrers;

/// <summary>
/// tracking-api.md §7.4: the referrer a conversion is credited to, from the tracker's attribution
/// values <c>_rcn</c>/<c>_rck</c>/<c>_ref</c> and the visit's referrer.
/// </summary>
public class ReferrerAttributionTests
{
    private const string Page = "http://shop.example.org/checkout/confirmation";

    private static readonly Makoto.Storage.Logs.VisitRow s_directVisit = Visit(ReferrerType.Direct, null, null);
    private static readonly Makoto.Storage.Logs.VisitRow s_campaignVisit = Visit(ReferrerType.Campaign, "newsletter-oct", "footer");
    private static readonly Makoto.Storage.Logs.VisitRow s_searchVisit = Visit(ReferrerType.SearchEngine, "Bing", "tea");

    [Fact]
    public void Without_attribution_values_the_visits_referrer_is_credited()
    {
        Assert.Equal(new ConversionReferrer(ReferrerType.SearchEngine, "Bing", "tea"), Credit(s_searchVisit));
        Assert.Null(Process(Request(Shop, Page)).ConversionAttribution);
    }

    [Fact]
    public void Tracker_campaign_is_credited_lower_case()
    {
        Assert.Equal(new ConversionReferrer(ReferrerType.Campaign, "summer sale", "mail"), Credit(s_searchVisit, ("_rcn", "Summer Sale"), ("_rck", "MAIL")));
        Assert.Equal(new ConversionReferrer(ReferrerType.Campaign, "summer", ""), Credit(s_directVisit, ("_rcn", "Summer")));
    }

    [Fact]
    public void Tracker_campaign_replaces_the_visits_campaign() =>
        Assert.Equal(new ConversionReferrer(ReferrerType.Campaign, "spring", "k"), Credit(s_campaignVisit, ("_rcn", "Spring"), ("_rck", "K")));

    [Fact]
    public void Visits_campaign_wins_over_a_stored_referrer_url_when_the_tracker_has_no_campaign() =>
        Assert.Equal(new ConversionReferrer(ReferrerType.Campaign, "newsletter-oct", "footer"), Credit(s_campaignVisit, ("_ref", "https://www.google.com/search?q=tea")));

    [Theory]
    [InlineData("https://www.google.com/search?q=Green+Tea", ReferrerType.SearchEngine, "Google", "green tea")]
    [InlineData("https://www.google.de/", ReferrerType.SearchEngine, "Google", null)]
    [InlineData("https://blog.coffee-lovers.test/2026/09/review", ReferrerType.Website, "blog.coffee-lovers.test", null)]
    [InlineData("https://news.ycombinator.com/item?id=1", ReferrerType.Social, "Hacker News", "")]
    public void Stored_referrer_url_is_credited_when_it_is_a_search_engine_website_or_social_network(string referrerUrl, int type, string name, string? keyword) =>
        Assert.Equal(new ConversionReferrer(type, name, keyword), Credit(s_directVisit, ("_ref", referrerUrl)));

    [Theory]
    [InlineData("http://www.shop.example.org/shop/")]
    [InlineData("http://shop.example.org/")]
    [InlineData("not a url")]
    public void Stored_referrer_url_that_is_a_direct_entry_leaves_the_visits_referrer(string referrerUrl) =>
        Assert.Equal(new ConversionReferrer(ReferrerType.SearchEngine, "Bing", "tea"), Credit(s_searchVisit, ("_ref", referrerUrl)));

    [Fact]
    public void Stored_referrer_url_ignores_the_pages_campaign()
    {
        // The landing URL is not part of the stored referrer: only _ref is classified.
        var hit = new HitContext(Request(Shop, "http://shop.example.org/?pk_campaign=Page", "", ("_ref", "https://www.bing.com/search?q=kettle")));
        var credited = Attribution().ForConversion(hit, s_directVisit);
        Assert.Equal(new ConversionReferrer(ReferrerType.SearchEngine, "Bing", "kettle"), credited);
    }

    [Fact]
    public void Detector_hands_the_attribution_to_the_recorder_when_the_tracker_sent_values()
    {
        var hit = Process(Request(Shop, Page, "http://shop.example.org/cart", ("_ref", "https://www.bing.com/search?q=kettle"), ("_refts", "1791670019")));
        Assert.NotNull(hit.ConversionAttribution);
        Assert.Equal(new ConversionReferrer(ReferrerType.SearchEngine, "Bing", "kettle"), hit.ConversionAttribution(s_directVisit));
    }

    private static ReferrerAttribution Attribution() => new(Classifier());

    private static ConversionReferrer Credit(Makoto.Storage.Logs.VisitRow visit, params (string Name, string Value)[] parameters) =>
        Attribution().ForConversion(new HitContext(Request(Shop, Page, "http://shop.example.org/cart", parameters)), visit);
}
