using System.Net;
using System.Text.Json;

namespace Makoto.EndToEnd.Tests.Reports;

/// <summary>
/// Referrers reports over HTTP, against counts worked out by hand. Monday 2026-10-12 has nine visits:
/// one direct (2 pages); Google "Green Tea" (1 page); Bing "green tea" (3 pages, converts goal 1 worth
/// 5); Google without keyword (1 page); two from blog.example.net (2 pages and 1 page); Hacker News
/// (1 page); the campaign Autumn-Sale with keyword Mail (2 pages); Instagram (1 page). Tuesday has
/// three: Google "green tea" (2 pages); Autumn-Sale without keyword (1 page); a direct visit (1 page)
/// whose conversion of goal 1 the tracker credits to an earlier Bing search for "Kettle".
/// </summary>
public sealed class ReferrersReportTests : IAsyncLifetime
{
    private const string Monday = "2026-10-12";
    private const string Tuesday = "2026-10-13";
    private const string Site = "https://shop.example.org";
    private TestServer _server = null!;
    private int _idSite;

    public async ValueTask InitializeAsync()
    {
        _server = await TestServer.StartAsync();
        _idSite = await _server.AddSiteAsync("Referrers", Site, extra: "&startDate=2026-01-01");
        var goal = await _server.ApiJsonAsync($"method=Goals.addGoal&idSite={_idSite}&name=Signup&matchAttribute=manually&pattern=manually&patternType=contains&revenue=5");
        Assert.Equal(1, goal.GetProperty("value").GetInt32());

        await Visit(1, Monday, pages: 2);
        await Visit(2, Monday, pages: 1, referrer: "https://www.google.com/search?q=Green+Tea");
        await Visit(3, Monday, pages: 3, referrer: "https://www.bing.com/search?q=green+tea", goal: "");
        await Visit(4, Monday, pages: 1, referrer: "https://www.google.de/");
        await Visit(5, Monday, pages: 2, referrer: "https://blog.example.net/posts/tea?ref=1");
        await Visit(6, Monday, pages: 1, referrer: "https://blog.example.net/");
        await Visit(7, Monday, pages: 1, referrer: "https://news.ycombinator.com/item?id=1");
        await Visit(8, Monday, pages: 2, landing: "?pk_campaign=Autumn-Sale&pk_kwd=Mail");
        await Visit(9, Monday, pages: 1, referrer: "https://l.instagram.com/?u=x");
        await Visit(10, Tuesday, pages: 2, referrer: "https://www.google.com/search?q=green+tea");
        await Visit(11, Tuesday, pages: 1, landing: "?pk_campaign=autumn-sale");
        await Visit(12, Tuesday, pages: 1, goal: "&_ref=" + Uri.EscapeDataString("https://www.bing.com/search?q=Kettle"));
    }

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    /// <summary>One visit: its pages a minute apart (the referrer and landing parameters on the first), then a conversion of goal 1 if asked.</summary>
    private async Task Visit(int visitor, string day, int pages, string? referrer = null, string landing = "", string? goal = null)
    {
        var start = DateTimeOffset.Parse(day + "T08:00:00Z", System.Globalization.CultureInfo.InvariantCulture).AddHours(visitor);
        var common = $"idsite={_idSite}&rec=1&_id={visitor:x16}&cip=10.7.0.{visitor}&token_auth={TestServer.Token}";
        for (var page = 0; page < pages; page++)
        {
            var url = Uri.EscapeDataString($"{Site}/p{page}{(page == 0 ? landing : "")}");
            var urlref = page == 0 && referrer is not null ? "&urlref=" + Uri.EscapeDataString(referrer) : "";
            var cdt = start.AddMinutes(page).ToUnixTimeSeconds();
            Assert.Equal(HttpStatusCode.OK, await _server.TrackAsync($"{common}&cdt={cdt}&url={url}{urlref}"));
        }

        if (goal is not null)
        {
            var cdt = start.AddMinutes(pages).ToUnixTimeSeconds();
            Assert.Equal(HttpStatusCode.OK, await _server.TrackAsync($"{common}&cdt={cdt}&url={Uri.EscapeDataString(Site + "/signup")}&idgoal=1{goal}"));
        }
    }

    private async Task<Dictionary<string, JsonElement>> Rows(string method, string period = "day", string date = Monday, string extra = "")
    {
        var rows = await _server.ApiJsonAsync($"method=Referrers.{method}&idSite={_idSite}&period={period}&date={date}&filter_limit=-1{extra}");
        Assert.Equal(JsonValueKind.Array, rows.ValueKind);
        return rows.EnumerateArray().ToDictionary(r => r.GetProperty("label").GetString()!);
    }

    private static int Int(JsonElement row, string column) => row.GetProperty(column).GetInt32();

    private static string Text(JsonElement row, string name) => row.GetProperty(name).GetString()!;

    [Fact]
    public async Task Referrer_types_count_visits_and_link_each_type_to_its_report()
    {
        var rows = await Rows("getReferrerType");
        Assert.Equal(["Campaigns", "Direct Entry", "Search Engines", "Social Networks", "Websites"], rows.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("Search Engines", rows.Keys.First()); // sorted by visits

        var direct = rows["Direct Entry"];
        Assert.Equal(1, Int(direct, "nb_visits"));
        Assert.Equal(2, Int(direct, "nb_actions"));
        Assert.Equal("referrerType==direct", Text(direct, "segment"));
        Assert.Equal(1, Int(direct, "referrer_type"));
        Assert.False(direct.TryGetProperty("idsubdatatable", out _));

        // Google with keyword, Bing, Google without keyword: 1 + 3 + 1 actions, two bounces, Bing converted.
        var search = rows["Search Engines"];
        Assert.Equal(3, Int(search, "nb_visits"));
        Assert.Equal(3, Int(search, "nb_uniq_visitors"));
        Assert.Equal(5, Int(search, "nb_actions"));
        Assert.Equal(3, Int(search, "max_actions"));
        Assert.Equal(2, Int(search, "bounce_count"));
        Assert.Equal(1, Int(search, "nb_visits_converted"));
        Assert.Equal(JsonValueKind.Number, search.GetProperty("nb_actions").ValueKind);
        var goal = search.GetProperty("goals").GetProperty("idgoal=1");
        Assert.Equal(1, Int(goal, "nb_conversions"));
        Assert.Equal(5, Int(goal, "revenue"));
        Assert.Equal(1, Int(search, "nb_conversions"));
        Assert.Equal(5, Int(search, "revenue"));
        Assert.Equal("referrerType==search", Text(search, "segment"));
        Assert.Equal(2, Int(search, "idsubdatatable"));

        Assert.Equal(2, Int(rows["Websites"], "nb_visits"));
        Assert.Equal(3, Int(rows["Websites"], "nb_actions"));
        Assert.Equal(3, Int(rows["Websites"], "idsubdatatable"));
        Assert.Equal(2, Int(rows["Social Networks"], "nb_visits"));
        Assert.Equal(7, Int(rows["Social Networks"], "idsubdatatable"));
        Assert.Equal(1, Int(rows["Campaigns"], "nb_visits"));
        Assert.Equal(6, Int(rows["Campaigns"], "idsubdatatable"));
        Assert.False(rows["Campaigns"].TryGetProperty("goals", out _));
    }

    [Fact]
    public async Task The_subtable_of_a_referrer_type_is_the_report_of_that_type()
    {
        var websites = await Rows("getReferrerType", extra: "&idSubtable=3");
        var blog = Assert.Single(websites).Value;
        Assert.Equal("blog.example.net", blog.GetProperty("label").GetString());
        Assert.Equal(2, Int(blog, "nb_visits"));
        Assert.False(blog.TryGetProperty("idsubdatatable", out _));

        var expanded = await _server.ApiJsonAsync($"method=Referrers.getReferrerType&idSite={_idSite}&period=day&date={Monday}&expanded=1");
        var social = expanded.EnumerateArray().Single(r => r.GetProperty("label").GetString() == "Social Networks");
        var networks = social.GetProperty("subtable").EnumerateArray().Select(r => r.GetProperty("label").GetString()).Order(StringComparer.Ordinal);
        Assert.Equal(["Hacker News", "Instagram"], networks);
    }

    [Fact]
    public async Task Keywords_and_search_engines_list_each_other()
    {
        var keywords = await Rows("getKeywords");
        Assert.Equal(["Keyword not defined", "green tea"], keywords.Keys.Order(StringComparer.Ordinal));
        var greenTea = keywords["green tea"];
        Assert.Equal(2, Int(greenTea, "nb_visits"));
        Assert.Equal(4, Int(greenTea, "nb_actions"));
        Assert.Equal("referrerType==search;referrerKeyword==green+tea", Text(greenTea, "segment"));
        Assert.Equal("referrerType==search;referrerKeyword==", Text(keywords["Keyword not defined"], "segment"));

        // MySQL's group order: Bing's "green tea" comes first, then Google's empty keyword.
        Assert.Equal(1, Int(greenTea, "idsubdatatable"));
        Assert.Equal(2, Int(keywords["Keyword not defined"], "idsubdatatable"));

        var engines = await Rows("getSearchEnginesFromKeywordId", extra: "&idSubtable=1");
        Assert.Equal(["Bing", "Google"], engines.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("referrerKeyword==green tea;referrerType==search;referrerName==Bing", Text(engines["Bing"], "segment"));
        Assert.Equal("http://bing.com/search?q=green+tea", Text(engines["Bing"], "url"));
        Assert.Equal("plugins/Morpheus/icons/dist/searchEngines/bing.com.png", Text(engines["Bing"], "logo"));
        Assert.Equal(3, Int(engines["Bing"], "nb_actions"));

        var flat = await Rows("getKeywords", extra: "&flat=1");
        Assert.Equal(["Keyword not defined - Google", "green tea - Bing", "green tea - Google"], flat.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("http://bing.com/search?q=green+tea", Text(flat["green tea - Bing"], "url"));

        var searchEngines = await Rows("getSearchEngines");
        var google = searchEngines["Google"];
        Assert.Equal(2, Int(google, "nb_visits"));
        Assert.Equal("referrerType==search;referrerName==Google", Text(google, "segment"));
        Assert.Equal("http://google.com", Text(google, "url"));
        Assert.Equal("plugins/Morpheus/icons/dist/searchEngines/google.com.png", Text(google, "logo"));

        var googleKeywords = await Rows("getKeywordsFromSearchEngineId", extra: $"&idSubtable={Int(google, "idsubdatatable")}");
        Assert.Equal(["Keyword not defined", "green tea"], googleKeywords.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("http://google.com/search?q=green+tea", Text(googleKeywords["green tea"], "url"));
        Assert.Equal("referrerName==Google;referrerType==search;referrerKeyword==green+tea", Text(googleKeywords["green tea"], "segment"));
        Assert.Equal("https://matomo.org/faq/general/faq_144", Text(googleKeywords["Keyword not defined"], "url"));
    }

    [Fact]
    public async Task Websites_list_their_referring_urls_by_path()
    {
        var websites = await Rows("getWebsites");
        var blog = Assert.Single(websites).Value;
        Assert.Equal(2, Int(blog, "nb_visits"));
        Assert.Equal(2, Int(blog, "nb_uniq_visitors"));
        Assert.Equal("referrerName==blog.example.net", Text(blog, "segment"));

        var urls = await Rows("getUrlsFromWebsiteId", extra: $"&idSubtable={Int(blog, "idsubdatatable")}");
        Assert.Equal(["index", "posts/tea?ref=1"], urls.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("https://blog.example.net/posts/tea?ref=1", Text(urls["posts/tea?ref=1"], "url"));
        Assert.Equal("referrerUrl==https%3A%2F%2Fblog.example.net%2Fposts%2Ftea%3Fref%3D1", Text(urls["posts/tea?ref=1"], "segment"));
        Assert.Equal(2, Int(urls["posts/tea?ref=1"], "nb_actions"));
    }

    [Fact]
    public async Task Social_networks_are_named_as_matomo_names_them()
    {
        var socials = await Rows("getSocials");
        Assert.Equal(["Hacker News", "Instagram"], socials.Keys.Order(StringComparer.Ordinal));
        var instagram = socials["Instagram"];
        Assert.Equal("instagram.com", Text(instagram, "url"));
        Assert.Equal("plugins/Morpheus/icons/dist/socials/instagram.com.png", Text(instagram, "logo"));
        Assert.Equal("referrerType==social;referrerName==Instagram", Text(instagram, "segment"));
        Assert.Equal("referrerType==social;referrerName==Hacker+News", Text(socials["Hacker News"], "segment"));

        var urls = await Rows("getUrlsForSocial");
        Assert.Equal(["l.instagram.com/?u=x", "news.ycombinator.com/item?id=1"], urls.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("https://news.ycombinator.com/item?id=1", Text(urls["news.ycombinator.com/item?id=1"], "url"));

        var hackerNews = await Rows("getUrlsForSocial", extra: $"&idSubtable={Int(socials["Hacker News"], "idsubdatatable")}");
        Assert.Equal("news.ycombinator.com/item?id=1", Assert.Single(hackerNews).Key);
    }

    [Fact]
    public async Task Campaigns_are_lower_case_with_their_keywords()
    {
        var campaigns = await Rows("getCampaigns");
        var autumn = Assert.Single(campaigns);
        Assert.Equal("autumn-sale", autumn.Key);
        Assert.Equal(2, Int(autumn.Value, "nb_actions"));
        Assert.Equal("referrerType==campaign;referrerName==autumn-sale", Text(autumn.Value, "segment"));

        var keywords = await Rows("getKeywordsFromCampaignId", extra: $"&idSubtable={Int(autumn.Value, "idsubdatatable")}");
        var mail = Assert.Single(keywords);
        Assert.Equal("mail", mail.Key);
        Assert.Equal("referrerName==autumn-sale;referrerType==campaign;referrerKeyword==mail", Text(mail.Value, "segment"));
    }

    [Fact]
    public async Task All_referrers_carry_their_type()
    {
        var all = await Rows("getAll");
        Assert.Equal(
            ["Hacker News", "Instagram", "Keyword not defined", "autumn-sale", "blog.example.net", "green tea"],
            all.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(2, Int(all["green tea"], "referer_type"));
        Assert.Equal(3, Int(all["blog.example.net"], "referer_type"));
        Assert.Equal(6, Int(all["autumn-sale"], "referer_type"));
        Assert.Equal(7, Int(all["Instagram"], "referer_type"));
        Assert.Equal("referrerType==search;referrerKeyword==green+tea", Text(all["green tea"], "segment"));
        Assert.False(all["green tea"].TryGetProperty("idsubdatatable", out _));
    }

    [Fact]
    public async Task Overview_counts_visits_by_type_and_distinct_referrers()
    {
        var overview = await _server.ApiJsonAsync($"method=Referrers.get&idSite={_idSite}&period=day&date={Monday}");
        Assert.Equal(3, Int(overview, "Referrers_visitorsFromSearchEngines"));
        Assert.Equal(2, Int(overview, "Referrers_visitorsFromSocialNetworks"));
        Assert.Equal(1, Int(overview, "Referrers_visitorsFromDirectEntry"));
        Assert.Equal(2, Int(overview, "Referrers_visitorsFromWebsites"));
        Assert.Equal(1, Int(overview, "Referrers_visitorsFromCampaigns"));
        Assert.Equal(2, Int(overview, "Referrers_distinctSearchEngines"));
        Assert.Equal(2, Int(overview, "Referrers_distinctSocialNetworks"));
        Assert.Equal(2, Int(overview, "Referrers_distinctKeywords"));
        Assert.Equal(1, Int(overview, "Referrers_distinctWebsites"));
        Assert.Equal(2, Int(overview, "Referrers_distinctWebsitesUrls"));
        Assert.Equal(1, Int(overview, "Referrers_distinctCampaigns"));

        // Shares of the nine visits: 3/9 = 0.33, 2/9 = 0.22, 1/9 = 0.11.
        Assert.Equal("33%", Text(overview, "Referrers_visitorsFromSearchEngines_percent"));
        Assert.Equal("22%", Text(overview, "Referrers_visitorsFromWebsites_percent"));
        Assert.Equal("11%", Text(overview, "Referrers_visitorsFromDirectEntry_percent"));
        var unformatted = await _server.ApiJsonAsync($"method=Referrers.get&idSite={_idSite}&period=day&date={Monday}&format_metrics=0");
        Assert.Equal(0.22, unformatted.GetProperty("Referrers_visitorsFromSocialNetworks_percent").GetDouble());

        var empty = await _server.ApiJsonAsync($"method=Referrers.get&idSite={_idSite}&period=day&date=2026-10-20");
        Assert.Equal(0, Int(empty, "Referrers_visitorsFromDirectEntry"));
        Assert.Equal(0, Int(empty, "Referrers_distinctKeywords"));
        Assert.Equal("0%", Text(empty, "Referrers_visitorsFromDirectEntry_percent"));

        var keywords = await _server.ApiJsonAsync($"method=Referrers.getNumberOfDistinctKeywords&idSite={_idSite}&period=day&date={Monday}");
        Assert.Equal(2, keywords.GetProperty("value").GetInt32());
    }

    [Fact]
    public async Task Conversions_are_credited_to_the_referrer_recorded_with_them()
    {
        // Tuesday's converting visit is a direct entry, but its conversion belongs to Bing's "kettle".
        var types = await Rows("getReferrerType", date: Tuesday);
        var direct = types["Direct Entry"];
        Assert.Equal(1, Int(direct, "nb_visits_converted"));
        Assert.False(direct.TryGetProperty("goals", out _));
        var search = types["Search Engines"];
        Assert.Equal(0, Int(search, "nb_visits_converted"));
        Assert.Equal(1, Int(search, "nb_conversions"));

        var keywords = await Rows("getKeywords", date: Tuesday);
        var kettle = keywords["kettle"];
        Assert.Equal(0, Int(kettle, "nb_visits"));
        Assert.Equal(1, Int(kettle.GetProperty("goals").GetProperty("idgoal=1"), "nb_conversions"));
        Assert.Equal(5, Int(kettle, "revenue"));
        Assert.False(kettle.TryGetProperty("nb_actions", out _));
        Assert.Equal(0, Int((await Rows("getSearchEngines", date: Tuesday))["Bing"], "nb_visits"));
    }

    [Fact]
    public async Task A_week_merges_the_days()
    {
        var keywords = await Rows("getKeywords", period: "week");
        Assert.Equal(["Keyword not defined", "green tea", "kettle"], keywords.Keys.Order(StringComparer.Ordinal));
        var greenTea = keywords["green tea"];
        Assert.Equal(3, Int(greenTea, "nb_visits"));
        Assert.Equal(6, Int(greenTea, "nb_actions"));
        Assert.Equal(3, Int(greenTea, "sum_daily_nb_uniq_visitors"));
        Assert.False(greenTea.TryGetProperty("nb_uniq_visitors", out _));
        Assert.Equal(1, Int(greenTea, "nb_conversions"));

        var campaign = (await Rows("getCampaigns", period: "week"))["autumn-sale"];
        Assert.Equal(2, Int(campaign, "nb_visits"));
        Assert.Equal(3, Int(campaign, "nb_actions"));

        var types = await Rows("getReferrerType", period: "week");
        Assert.Equal(4, Int(types["Search Engines"], "nb_visits"));
        Assert.Equal(2, Int(types["Search Engines"], "nb_conversions"));
        Assert.Equal(10, Int(types["Search Engines"], "revenue"));
        Assert.Equal(2, Int(types["Direct Entry"], "nb_visits"));

        var overview = await _server.ApiJsonAsync($"method=Referrers.get&idSite={_idSite}&period=week&date={Monday}");
        Assert.Equal(3, Int(overview, "Referrers_distinctKeywords"));
        Assert.Equal(2, Int(overview, "Referrers_distinctSearchEngines"));
        Assert.Equal(2, Int(overview, "Referrers_distinctWebsitesUrls"));
    }

    [Fact]
    public async Task A_subtable_id_that_is_in_no_report_is_an_error()
    {
        var answer = await _server.ApiJsonAsync($"method=Referrers.getKeywordsFromCampaignId&idSite={_idSite}&period=day&date={Monday}&idSubtable=99");
        Assert.Equal("error", answer.GetProperty("result").GetString());
        Assert.Contains("idSubtable=99", answer.GetProperty("message").GetString(), StringComparison.Ordinal);

        var missing = await _server.ApiJsonAsync($"method=Referrers.getKeywordsFromCampaignId&idSite={_idSite}&period=day&date={Monday}");
        Assert.Equal("Please specify a value for 'idSubtable'.", missing.GetProperty("message").GetString());

        var all = await _server.ApiJsonAsync($"method=Referrers.getAll&idSite={_idSite}&period=day&date={Monday},{Tuesday}");
        Assert.Equal("error", all.GetProperty("result").GetString());
    }
}
