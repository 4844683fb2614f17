using Makoto.Plugins.Referrers;
using static Makoto.Plugins.Tests.Referrers.ReferrerTestKit;

namespace Makoto.Plugins.Tests.Referrers;

/// <summary>
/// referer_type/name/keyword/url of single hits on the shop site (main URL
/// <c>http://shop.example.org</c>, alias <c>http://www.shop.example.org</c>). Expected values follow
/// tracking-api.md §7 and Matomo's Referrers plugin, worked out by hand.
/// </summary>
public class ReferrerDetectorTests
{
    private const string Home = "http://shop.example.org/";

    [Fact]
    public void No_referrer_is_a_direct_entry() =>
        Assert.Equal(R(ReferrerType.Direct, null, null, ""), Referrer(Home, ""));

    [Theory]
    [InlineData("http://shop.example.org/shop/")]
    [InlineData("https://shop.example.org/faq?x=1")]
    [InlineData("http://SHOP.Example.org/about")]
    public void Referrer_on_the_sites_main_host_is_a_direct_entry(string urlref) =>
        Assert.Equal(ReferrerType.Direct, Referrer(Home, urlref).Type);

    [Fact]
    public void Referrer_on_the_alias_host_is_a_direct_entry_and_keeps_its_url()
    {
        var referrer = Referrer("http://shop.example.org/faq", "http://www.shop.example.org/magazine/");
        Assert.Equal(R(ReferrerType.Direct, null, null, "http://www.shop.example.org/magazine/"), referrer);
    }

    [Fact]
    public void Referrer_host_is_lower_cased_in_referer_url() =>
        Assert.Equal("http://shop.example.org/About?X=1", Referrer(Home, "http://SHOP.Example.org/About?X=1").Url);

    [Fact]
    public void Referrer_on_the_pages_own_host_is_a_direct_entry_even_when_no_site_uses_the_host()
    {
        var site = NewSite(7, "http://example.org");
        var hit = Process(Request(site, "http://preview.example.net/new", "http://preview.example.net/old"), [site]);
        Assert.Equal(ReferrerType.Direct, hit.Visit.RefererType);
        Assert.Null(hit.Visit.RefererName);
    }

    [Fact]
    public void Referrer_on_another_host_of_the_same_domain_is_a_website()
    {
        var referrer = Referrer(Home, "http://blog.shop.example.org/post");
        Assert.Equal(R(ReferrerType.Website, "blog.shop.example.org", null, "http://blog.shop.example.org/post"), referrer);
    }

    [Theory]
    [InlineData("http://www.paypal.com/checkout", ReferrerType.Direct)]
    [InlineData("https://paypal.com/", ReferrerType.Direct)]
    [InlineData("http://shop.paypal.com/x", ReferrerType.Website)]
    [InlineData("https://payments.example.net/proceed/with/card", ReferrerType.Direct)]
    [InlineData("https://payments.example.net/other", ReferrerType.Website)]
    public void Site_excluded_referrers_are_direct_entries(string urlref, int type)
    {
        var site = NewSite(3, "http://shop.example.org") with { ExcludedReferrers = "paypal.com,https://payments.example.net/proceed" };
        var hit = Process(Request(site, Home, urlref), [site]);
        Assert.Equal(type, hit.Visit.RefererType);
    }

    [Fact]
    public void Excluded_referrer_keeps_the_referrer_url()
    {
        var site = NewSite(3, "http://shop.example.org") with { ExcludedReferrers = "paypal.com" };
        var visit = Process(Request(site, Home, "https://www.paypal.com/checkout?token=1"), [site]).Visit;
        Assert.Equal(R3(ReferrerType.Direct, null, "https://www.paypal.com/checkout?token=1"), (visit.RefererType, visit.RefererName, visit.RefererUrl));
    }

    [Theory]
    [InlineData("https://blog.example.com/post", ReferrerType.Direct)]
    [InlineData("https://example.com/", ReferrerType.Direct)]
    [InlineData("https://notexample.com/", ReferrerType.Website)]
    public void Global_excluded_referrer_with_a_leading_dot_covers_subdomains(string urlref, int type)
    {
        var classifier = Classifier(globalExcludedReferrers: ".example.com");
        Assert.Equal(type, classifier.Detect(Request(Shop, Home, urlref), urlref, Home).Type);
    }

    [Theory]
    [InlineData("http://shop.example.org/?ignore_referrer=1")]
    [InlineData("http://shop.example.org/?ignore_referer=1")]
    public void Ignore_referrer_in_the_page_url_makes_a_direct_entry(string url) =>
        Assert.Equal(R(ReferrerType.Direct, null, null, ""), Referrer(url, "https://www.google.com/search?q=tea"));

    [Fact]
    public void Ignore_referrer_zero_keeps_the_referrer() =>
        Assert.Equal(ReferrerType.SearchEngine, Referrer("http://shop.example.org/?ignore_referrer=0", "https://www.google.com/search?q=tea").Type);

    [Theory]
    [InlineData("https://twitter.com", "not a url")]
    [InlineData("https://twitter.com", "javascript:alert(1)")]
    [InlineData("https://twitter.com", "www.twitter.com/someone")]
    [InlineData("https://twitter.com", "android-app:/broken")]
    public void Referrer_that_is_not_a_url_is_ignored(string unused, string urlref)
    {
        _ = unused;
        Assert.Equal(R(ReferrerType.Direct, null, null, ""), Referrer(Home, urlref));
    }

    // Campaigns (§7.3)

    [Theory]
    [InlineData("pk_campaign")]
    [InlineData("pk_cpn")]
    [InlineData("piwik_campaign")]
    [InlineData("mtm_campaign")]
    [InlineData("matomo_campaign")]
    [InlineData("utm_campaign")]
    [InlineData("utm_source")]
    [InlineData("utm_medium")]
    public void Every_campaign_name_parameter_is_recognized(string parameter)
    {
        var referrer = Referrer($"http://shop.example.org/?{parameter}=Autumn-Sale&pk_kwd=Footer", "");
        Assert.Equal(R(ReferrerType.Campaign, "autumn-sale", "footer", ""), referrer);
    }

    [Theory]
    [InlineData("pk_kwd")]
    [InlineData("pk_keyword")]
    [InlineData("piwik_kwd")]
    [InlineData("mtm_kwd")]
    [InlineData("mtm_keyword")]
    [InlineData("matomo_kwd")]
    [InlineData("utm_term")]
    public void Every_campaign_keyword_parameter_is_recognized(string parameter) =>
        Assert.Equal("green tea", Referrer($"http://shop.example.org/?pk_campaign=x&{parameter}=Green%20Tea", "").Keyword);

    [Theory]
    [InlineData("utm_campaign=U&pk_campaign=P&utm_term=T&pk_kwd=K", "p", "k")]
    [InlineData("utm_medium=email&utm_source=newsletter", "newsletter", "")]
    [InlineData("utm_medium=email&utm_campaign=Tea_Week&utm_source=instagram", "tea_week", "")]
    [InlineData("mtm_campaign=M&pk_cpn=C&mtm_kwd=mk&pk_keyword=pk", "c", "pk")]
    [InlineData("pk_campaign=&mtm_campaign=Second&pk_kwd=&utm_term=Term", "second", "term")]
    [InlineData("pk_campaign=+Padded+&pk_kwd=%20Kw%20", "padded", "kw")]
    public void Campaign_parameters_follow_the_configured_precedence(string query, string name, string keyword)
    {
        var referrer = Referrer("http://shop.example.org/landing?" + query, "");
        Assert.Equal(R3(ReferrerType.Campaign, name, keyword), (referrer.Type, referrer.Name, referrer.Keyword));
    }

    [Theory]
    [InlineData("http://shop.example.org/?PK_CAMPAIGN=x")]
    [InlineData("http://shop.example.org/?pk_campaign=0")]
    [InlineData("http://shop.example.org/?pk_kwd=only-a-keyword")]
    public void No_campaign_without_an_exact_non_empty_name_parameter(string url) =>
        Assert.Equal(ReferrerType.Direct, Referrer(url, "").Type);

    [Fact]
    public void Campaign_in_the_fragment_is_recognized() =>
        Assert.Equal(R(ReferrerType.Campaign, "spring", "mail", ""), Referrer("http://shop.example.org/#pk_campaign=Spring&pk_kwd=Mail", ""));

    [Fact]
    public void Campaign_in_the_fragment_completes_a_query_campaign_without_keyword()
    {
        Assert.Equal(("fragment", "kw"), NameAndKeyword(Referrer("http://shop.example.org/?pk_campaign=Query#pk_campaign=Fragment&pk_kwd=KW", "")));
        Assert.Equal(("query", ""), NameAndKeyword(Referrer("http://shop.example.org/?pk_campaign=Query#section-2", "")));
        Assert.Equal(("query", "qk"), NameAndKeyword(Referrer("http://shop.example.org/?pk_campaign=Query&pk_kwd=QK#pk_campaign=Fragment&pk_kwd=FK", "")));
    }

    [Fact]
    public void Campaign_given_as_tracking_parameters_is_used_when_the_url_has_none()
    {
        var referrer = Referrer(Home, "", ("pk_campaign", "Spring Mailing"), ("pk_kwd", "Header"));
        Assert.Equal(R(ReferrerType.Campaign, "spring mailing", "header", ""), referrer);
    }

    [Fact]
    public void Campaign_in_the_url_wins_over_campaign_tracking_parameters() =>
        Assert.Equal("from-url", Referrer("http://shop.example.org/?pk_campaign=From-Url", "", ("pk_campaign", "From-Parameter")).Name);

    [Fact]
    public void Tracker_campaign_values_rcn_rck_win_over_the_url()
    {
        var referrer = Referrer("http://shop.example.org/?pk_campaign=Url&pk_kwd=UrlKw", "", ("_rcn", "Cookie%20Campaign"), ("_rck", "Cookie-Kw"));
        Assert.Equal(("cookie campaign", "cookie-kw"), NameAndKeyword(referrer));
    }

    [Fact]
    public void Campaign_without_keyword_takes_the_referrer_host()
    {
        var referrer = Referrer("http://shop.example.org/?utm_campaign=Tea_Week&utm_source=instagram", "https://Partner.Example.net/page?id=4");
        Assert.Equal(R(ReferrerType.Campaign, "tea_week", "partner.example.net", "https://partner.example.net/page?id=4"), referrer);
    }

    [Fact]
    public void Campaign_without_keyword_takes_the_search_keyword_of_a_search_engine_referrer() =>
        Assert.Equal("green tea", Referrer("http://shop.example.org/?pk_campaign=Ads", "https://www.google.com/search?q=Green+Tea").Keyword);

    [Fact]
    public void Campaign_wins_over_a_referrer_from_the_site_itself()
    {
        var referrer = Referrer("http://shop.example.org/shop/?pk_campaign=Newsletter-Oct", "http://www.shop.example.org/");
        Assert.Equal(R(ReferrerType.Campaign, "newsletter-oct", "www.shop.example.org", "http://www.shop.example.org/"), referrer);
    }

    [Fact]
    public void Google_ads_referrer_is_an_adwords_campaign()
    {
        var urlref = "https://googleads.g.doubleclick.net/pagead/ads?ad_type=text&url=https%3A%2F%2Fnews.example.com%2Farticle";
        var referrer = Referrer(Home, urlref);
        Assert.Equal(R3(ReferrerType.Campaign, "adwords (text)", "(adwords) news.example.com"), (referrer.Type, referrer.Name, referrer.Keyword));
    }

    [Fact]
    public void Campaign_name_and_keyword_are_cut_to_255_characters()
    {
        var referrer = Referrer("http://shop.example.org/?pk_campaign=" + new string('A', 300) + "&pk_kwd=" + new string('B', 256), "");
        Assert.Equal(new string('a', 255), referrer.Name);
        Assert.Equal(new string('b', 255), referrer.Keyword);
    }

    // Search engines

    [Theory]
    [InlineData("https://www.google.com/search?q=Green+Tea", "Google", "green tea")]
    [InlineData("https://www.google.com/search?q=Tea%20Shop", "Google", "tea shop")]
    [InlineData("https://www.google.de/search?q=espresso&hl=de", "Google", "espresso")]
    [InlineData("https://www.google.co.uk/search?q=tea", "Google", "tea")]
    [InlineData("https://www.google.com.br/search?q=cha", "Google", "cha")]
    [InlineData("https://www.bing.com/search?q=chai+latte", "Bing", "chai latte")]
    [InlineData("https://www.bing.com/images/search?q=teapot", "Bing Images", "teapot")]
    [InlineData("https://duckduckgo.com/?q=gift+card", "DuckDuckGo", "gift card")]
    [InlineData("https://search.yahoo.com/search?p=decaf", "Yahoo!", "decaf")]
    [InlineData("https://de.search.yahoo.com/search?p=tee", "Yahoo!", "tee")]
    [InlineData("https://www.ecosia.org/search?q=loose+leaf+tea", "Ecosia", "loose leaf tea")]
    [InlineData("https://yandex.ru/search/?text=%D1%87%D0%B0%D0%B9", "Yandex", "чай")]
    [InlineData("https://go.mail.ru/search?q=%EF%F0%E8%E2%E5%F2", "Mailru", "привет")]
    [InlineData("https://1.cz/s/tea", "1.cz", "tea")]
    public void Search_engine_and_keyword_are_recognized(string urlref, string name, string keyword)
    {
        var referrer = Referrer(Home, urlref);
        Assert.Equal(R3(ReferrerType.SearchEngine, name, keyword), (referrer.Type, referrer.Name, referrer.Keyword));
    }

    [Theory]
    [InlineData("https://www.google.de/", "Google")]
    [InlineData("https://www.google.com", "Google")]
    [InlineData("https://www.google.com/search?q=", "Google")]
    [InlineData("https://www.google.com/url?sa=t&url=https%3A%2F%2Fshop.example.org", "Google")]
    [InlineData("https://duckduckgo.com/", "DuckDuckGo")]
    [InlineData("https://www.bing.com/", "Bing")]
    [InlineData("https://www.facebook.com/", "Facebook")]
    public void Search_engine_without_keyword_stores_a_null_keyword(string urlref, string name)
    {
        var referrer = Referrer(Home, urlref);
        Assert.Equal(R3(ReferrerType.SearchEngine, name, null), (referrer.Type, referrer.Name, referrer.Keyword));
    }

    [Fact]
    public void Search_engine_url_without_keyword_on_another_path_is_a_website() =>
        Assert.Equal(R(ReferrerType.Website, "www.google.com", null, "https://www.google.com/partners.html"), Referrer(Home, "https://www.google.com/partners.html"));

    [Fact]
    public void Facebook_home_page_is_a_search_engine_but_other_facebook_pages_are_the_social_network()
    {
        Assert.Equal(R2(ReferrerType.SearchEngine, "Facebook"), TypeAndName(Referrer(Home, "https://www.facebook.com/")));
        Assert.Equal(R2(ReferrerType.SearchEngine, "Facebook"), TypeAndName(Referrer(Home, "https://www.facebook.com/search/?q=Tea")));
        Assert.Equal(R2(ReferrerType.Social, "Facebook"), TypeAndName(Referrer(Home, "https://m.facebook.com/story.php")));
        Assert.Equal(R2(ReferrerType.Social, "Facebook"), TypeAndName(Referrer(Home, "https://l.facebook.com/l.php?u=x")));
    }

    // Social networks

    [Theory]
    [InlineData("https://twitter.com/someone/status/1", "Twitter")]
    [InlineData("https://t.co/XyZ987", "Twitter")]
    [InlineData("https://www.linkedin.com/feed/", "LinkedIn")]
    [InlineData("https://lnkd.in/abc", "LinkedIn")]
    [InlineData("https://news.ycombinator.com/item?id=39100002", "Hacker News")]
    [InlineData("https://www.reddit.com/r/tea/comments/xyz789/", "reddit")]
    [InlineData("https://www.pinterest.com/pin/1234567/", "Pinterest")]
    [InlineData("https://l.instagram.com/?u=https%3A%2F%2Fshop.example.org%2F", "instagram")]
    [InlineData("https://github.com/matomo-org", "GitHub")]
    public void Social_network_is_recognized_with_an_empty_keyword(string urlref, string name) =>
        Assert.Equal(R(ReferrerType.Social, name, "", urlref), Referrer(Home, urlref));

    // Websites

    [Theory]
    [InlineData("https://blog.coffee-lovers.test/2026/09/review", "blog.coffee-lovers.test")]
    [InlineData("https://WWW.Example.COM/gift-guide.html", "www.example.com")]
    [InlineData("https://user:secret@forum.example.net:8443/thread", "forum.example.net")]
    public void Other_hosts_are_websites_named_by_their_lower_case_host(string urlref, string name)
    {
        var referrer = Referrer(Home, urlref);
        Assert.Equal(R3(ReferrerType.Website, name, null), (referrer.Type, referrer.Name, referrer.Keyword));
    }

    // referer_url

    [Theory]
    [InlineData("https://www.google.com/search?client=firefox-b-d&q=tee&sa=X&ved=2ahUKE&ei=abc&usg=1", "https://www.google.com/search?q=tee")]
    [InlineData("https://www.bing.com/search?q=chai+latte&form=QBLH&cvid=123&PC=U531&qs=n", "https://www.bing.com/search?q=chai+latte")]
    [InlineData("https://l.instagram.com/?u=https%3A%2F%2Fshop.example.org%2F&e=ATX&s=1", "https://l.instagram.com/?u=https%3A%2F%2Fshop.example.org%2F")]
    [InlineData("https://www.youtube.com/watch?v=abc&feature=share", "https://www.youtube.com/watch?v=abc")]
    [InlineData("https://www.facebook.com/?h=AT0&p=1&ref=bookmarks", "https://www.facebook.com/?ref=bookmarks")]
    [InlineData("https://partner.example.net/landing?gclid=123&fbclid=4&x=1", "https://partner.example.net/landing?x=1")]
    [InlineData("https://partner.example.net/landing?utm_source=x&id=5&pk_kwd=k", "https://partner.example.net/landing?id=5")]
    [InlineData("https://blog.example.net/post?sa=1&client=2", "https://blog.example.net/post?sa=1&client=2")]
    [InlineData("https://blog.example.net/post#comments", "https://blog.example.net/post")]
    [InlineData("https://blog.example.net/page;session=1;lang=de", "https://blog.example.net/page?session=1&lang=de")]
    public void Referrer_url_loses_excluded_and_noise_parameters_and_the_fragment(string urlref, string stored) =>
        Assert.Equal(stored, Referrer(Home, urlref).Url);

    [Fact]
    public void Referrer_url_loses_the_sites_and_the_global_excluded_parameters()
    {
        var site = NewSite(1, "http://shop.example.org") with { ExcludedParameters = "sessionKey" };
        var classifier = Classifier([site], globalExcludedParameters: "tracking_id");
        var urlref = "https://blog.example.net/?SESSIONKEY=abc&id=1&tracking_id=9";
        Assert.Equal("https://blog.example.net/?id=1", classifier.Detect(Request(site, Home, urlref), urlref, Home).Url);
    }

    [Fact]
    public void Referrer_url_keeps_the_fragment_when_the_site_keeps_fragments()
    {
        var site = NewSite(1, "http://shop.example.org") with { KeepUrlFragment = 1 };
        var hit = Process(Request(site, Home, "https://blog.example.net/#gclid=1&part=2"), [site]);
        Assert.Equal("https://blog.example.net/#part=2", hit.Visit.RefererUrl);
    }

    private static (int? Type, string? Name, string? Keyword, string? Url) R(int type, string? name, string? keyword, string? url) => (type, name, keyword, url);

    private static (int? Type, string? Name, string? Keyword) R3(int type, string? name, string? keyword) => (type, name, keyword);

    private static (int? Type, string? Name) R2(int type, string? name) => (type, name);

    private static (string? Name, string? Keyword) NameAndKeyword((int? Type, string? Name, string? Keyword, string? Url) referrer) =>
        (referrer.Name, referrer.Keyword);

    private static (int? Type, string? Name) TypeAndName((int? Type, string? Name, string? Keyword, string? Url) referrer) =>
        (referrer.Type, referrer.Name);
}
