using Makoto.Plugins.Referrers;
using static Makoto.Plugins.Tests.Referrers.ReferrerTestKit;

namespace Makoto.Plugins.Tests.Referrers;

/// <summary>
/// tracking-api.md §6.4 rule 6 as the detector hands it to the visit recorder
/// (<c>HitContext.ForcesNewVisit</c>): a campaign hit whose type, name or keyword differs from the
/// last visit's (any case) starts a new visit, unless that visit is a direct entry.
/// </summary>
public class CampaignChangeTests
{
    private const string SummerMail = "http://shop.example.org/?pk_campaign=Summer&pk_kwd=Mail";

    [Fact]
    public void Hit_without_campaign_never_forces_a_new_visit()
    {
        Assert.Null(Process(Request(Shop, "http://shop.example.org/", "https://www.google.com/search?q=tea")).ForcesNewVisit);
        Assert.Null(Process(Request(Shop, "http://shop.example.org/", "")).ForcesNewVisit);
    }

    [Fact]
    public void Campaign_hit_continues_a_direct_visit()
    {
        var hit = Process(Request(Shop, SummerMail));
        Assert.False(hit.ForcesNewVisit!(Visit(ReferrerType.Direct, null, null)));
        Assert.False(hit.ForcesNewVisit!(Visit(null, null, null)));
    }

    [Theory]
    [InlineData(ReferrerType.Campaign, "summer", "mail", false)]
    [InlineData(ReferrerType.Campaign, "SUMMER", "Mail", false)]
    [InlineData(ReferrerType.Campaign, "summer", "footer", true)]
    [InlineData(ReferrerType.Campaign, "summer", null, true)]
    [InlineData(ReferrerType.Campaign, "winter", "mail", true)]
    [InlineData(ReferrerType.Website, "summer", "mail", true)]
    [InlineData(ReferrerType.SearchEngine, "Google", "tea", true)]
    [InlineData(ReferrerType.Social, "Twitter", "", true)]
    public void Different_campaign_forces_a_new_visit(int type, string name, string? keyword, bool forced)
    {
        var hit = Process(Request(Shop, SummerMail));
        Assert.Equal(forced, hit.ForcesNewVisit!(Visit(type, name, keyword)));
    }

    [Fact]
    public void Same_campaign_without_keyword_keeps_the_visits_keyword()
    {
        // The campaign page is reloaded from the site itself: no keyword, so the referrer host
        // (shop.example.org) would be the keyword; the visit's keyword is kept instead.
        var hit = Process(Request(Shop, "http://shop.example.org/shop/?pk_campaign=Summer", "http://shop.example.org/"));
        Assert.Equal("shop.example.org", hit.Visit.RefererKeyword);
        Assert.False(hit.ForcesNewVisit!(Visit(ReferrerType.Campaign, "summer", "mail")));
        Assert.True(hit.ForcesNewVisit!(Visit(ReferrerType.Campaign, "winter", "mail")));
    }

    [Fact]
    public void Rule_can_be_switched_off()
    {
        var hit = new Makoto.Tracking.Pipeline.HitContext(Request(Shop, SummerMail));
        Detector(options: new ReferrerOptions { CreateNewVisitWhenCampaignChanges = false }).Process(hit);
        Assert.Equal(ReferrerType.Campaign, hit.Visit.RefererType);
        Assert.Null(hit.ForcesNewVisit);
    }
}
