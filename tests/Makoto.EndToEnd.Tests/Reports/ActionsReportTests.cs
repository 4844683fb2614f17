using System.Net;
using System.Text.Json;

namespace Makoto.EndToEnd.Tests.Reports;

/// <summary>
/// Actions reports over HTTP: four visits on one day and one on the next, designed by hand.
/// <list type="bullet">
/// <item>A (10:00): Home <c>/</c>, +60 s Post 1 <c>/blog/post-1</c> (converts the goal "Blog post", revenue 10),
/// +90 s download <c>https://cdn.example.com/files/a.pdf</c>, +120 s site search "tea" (<c>/search?q=tea</c>),
/// +180 s Blog <c>/blog/</c>. Five actions, 181 s.</item>
/// <item>B (11:00): Post 1 (converts at once), +30 s Post 1 again, +50 s outlink <c>https://www.example.com/x</c>. Three actions, 51 s.</item>
/// <item>C (12:00): Home on <c>www.</c>, +20 s site search "coffee" in category Drinks with no result. Two actions, 21 s.</item>
/// <item>D (13:00): About <c>/about</c> only (a bounce).</item>
/// <item>E (next day 09:00): Home, +10 s site search "tea".</item>
/// </list>
/// Time on a page is the time until the visit's next action that refers to it: downloads and outlinks
/// do not change a visit's exit page, a search does.
/// </summary>
public sealed class ActionsReportTests : IAsyncLifetime
{
    private const string Day = "2026-10-12";
    private TestServer _server = null!;
    private int _idSite;

    public async ValueTask InitializeAsync()
    {
        _server = await TestServer.StartAsync();
        _idSite = await _server.AddSiteAsync("Actions", "https://shop.example.org", extra: "&startDate=2026-01-01");
        var goal = await _server.ApiJsonAsync($"method=Goals.addGoal&idSite={_idSite}&name=Blog+post&matchAttribute=url&pattern=%2Fblog%2Fpost&patternType=contains&revenue=10");
        Assert.Equal(1, goal.GetProperty("value").GetInt32());

        var a = new DateTimeOffset(2026, 10, 12, 10, 0, 0, TimeSpan.Zero);
        await Hit(1, a, "url=https%3A%2F%2Fshop.example.org%2F&action_name=Home");
        await Hit(1, a.AddSeconds(60), "url=https%3A%2F%2Fshop.example.org%2Fblog%2Fpost-1&action_name=Post+1");
        await Hit(1, a.AddSeconds(90), "url=https%3A%2F%2Fcdn.example.com%2Ffiles%2Fa.pdf&download=https%3A%2F%2Fcdn.example.com%2Ffiles%2Fa.pdf");
        await Hit(1, a.AddSeconds(120), "url=https%3A%2F%2Fshop.example.org%2Fsearch%3Fq%3Dtea");
        await Hit(1, a.AddSeconds(180), "url=https%3A%2F%2Fshop.example.org%2Fblog%2F&action_name=Blog");

        var b = new DateTimeOffset(2026, 10, 12, 11, 0, 0, TimeSpan.Zero);
        await Hit(2, b, "url=https%3A%2F%2Fshop.example.org%2Fblog%2Fpost-1&action_name=Post+1");
        await Hit(2, b.AddSeconds(30), "url=https%3A%2F%2Fshop.example.org%2Fblog%2Fpost-1&action_name=Post+1");
        await Hit(2, b.AddSeconds(50), "url=https%3A%2F%2Fwww.example.com%2Fx&link=https%3A%2F%2Fwww.example.com%2Fx");

        var c = new DateTimeOffset(2026, 10, 12, 12, 0, 0, TimeSpan.Zero);
        await Hit(3, c, "url=https%3A%2F%2Fwww.shop.example.org%2F&action_name=Home");
        await Hit(3, c.AddSeconds(20), "url=https%3A%2F%2Fshop.example.org%2Fsearch&search=coffee&search_cat=Drinks&search_count=0");

        await Hit(4, new DateTimeOffset(2026, 10, 12, 13, 0, 0, TimeSpan.Zero), "url=https%3A%2F%2Fshop.example.org%2Fabout&action_name=About");
        var e = new DateTimeOffset(2026, 10, 13, 9, 0, 0, TimeSpan.Zero);
        await Hit(5, e, "url=https%3A%2F%2Fshop.example.org%2F&action_name=Home");
        await Hit(5, e.AddSeconds(10), "url=https%3A%2F%2Fshop.example.org%2Fsearch%3Fq%3Dtea");
    }

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    private async Task Hit(int visitor, DateTimeOffset time, string parameters)
    {
        var status = await _server.TrackAsync(
            $"idsite={_idSite}&rec=1&_id={visitor:x16}&cip=10.4.0.{visitor}&token_auth={TestServer.Token}&cdt={time.ToUnixTimeSeconds()}&{parameters}");
        Assert.Equal(HttpStatusCode.OK, status);
    }

    private async Task<JsonElement> Api(string method, string query = "") =>
        await _server.ApiJsonAsync($"method=Actions.{method}&idSite={_idSite}&period=day&date={Day}&filter_limit=-1{query}");

    private static Dictionary<string, JsonElement> ByLabel(JsonElement rows) =>
        rows.EnumerateArray().ToDictionary(r => r.GetProperty("label").GetString()!);

    [Fact]
    public async Task Totals_count_page_views_downloads_outlinks_and_searches()
    {
        var totals = await Api("get");
        Assert.Equal(7, totals.GetProperty("nb_pageviews").GetInt32());
        Assert.Equal(6, totals.GetProperty("nb_uniq_pageviews").GetInt32()); // Home 2, Post 1 2, Blog 1, About 1
        Assert.Equal(1, totals.GetProperty("nb_downloads").GetInt32());
        Assert.Equal(1, totals.GetProperty("nb_outlinks").GetInt32());
        Assert.Equal(2, totals.GetProperty("nb_searches").GetInt32());
        Assert.Equal(2, totals.GetProperty("nb_keywords").GetInt32());
    }

    [Fact]
    public async Task Page_urls_are_folders_and_pages_with_entry_exit_and_time()
    {
        var rows = ByLabel(await Api("getPageUrls"));
        Assert.Equal(["/about", "/index", "blog"], rows.Keys.Order(StringComparer.Ordinal));

        // "/" of A and www. of C: one action (the prefix is not part of it), linked with the first URL seen.
        var home = rows["/index"];
        Assert.Equal(2, home.GetProperty("nb_hits").GetInt32());
        Assert.Equal(2, home.GetProperty("nb_visits").GetInt32());
        Assert.Equal(2, home.GetProperty("nb_uniq_visitors").GetInt32());
        Assert.Equal(80, home.GetProperty("sum_time_spent").GetInt32()); // 60 s before A's next page, 20 s before C's search
        Assert.Equal("2", home.GetProperty("entry_nb_visits").GetString()); // one SQL group: MySQL's SUM() text
        Assert.Equal("7", home.GetProperty("entry_nb_actions").GetString()); // 5 + 2
        Assert.Equal("202", home.GetProperty("entry_sum_visit_length").GetString()); // 181 + 21
        Assert.Equal("0", home.GetProperty("entry_bounce_count").GetString());
        Assert.False(home.TryGetProperty("exit_nb_visits", out _));
        Assert.False(home.TryGetProperty("nb_hits_following_search", out _));
        Assert.Equal(40, home.GetProperty("avg_time_on_page").GetInt32());
        Assert.Equal("0%", home.GetProperty("exit_rate").GetString());
        Assert.Equal("https://shop.example.org/", home.GetProperty("url").GetString());
        Assert.Equal("pageUrl==https%253A%252F%252Fshop.example.org%252F", home.GetProperty("segment").GetString());

        var about = rows["/about"];
        Assert.Equal("100%", about.GetProperty("bounce_rate").GetString());
        Assert.Equal("100%", about.GetProperty("exit_rate").GetString());

        // The folder sums its pages: Post 1 (3 hits in 2 visits) and Blog (1 hit after a search).
        var blog = rows["blog"];
        Assert.Equal(3, blog.GetProperty("nb_visits").GetInt32());
        Assert.Equal(4, blog.GetProperty("nb_hits").GetInt32());
        Assert.Equal(110, blog.GetProperty("sum_time_spent").GetInt32()); // 30 + 30 (A) + 30 + 20 (B) on Post 1
        Assert.Equal(1, blog.GetProperty("nb_hits_following_search").GetInt32());
        Assert.Equal(1, blog.GetProperty("entry_nb_visits").GetInt32());
        Assert.Equal(2, blog.GetProperty("exit_nb_visits").GetInt32());
        Assert.False(blog.TryGetProperty("nb_uniq_visitors", out _));
        Assert.Equal("pageUrl=^https%253A%252F%252Fshop.example.org%252Fblog", blog.GetProperty("segment").GetString());

        var pages = ByLabel(await Api("getPageUrls", "&idSubtable=" + blog.GetProperty("idsubdatatable").GetInt32()));
        Assert.Equal(["/index", "/post-1"], pages.Keys.Order(StringComparer.Ordinal));
        var post = pages["/post-1"];
        Assert.Equal(3, post.GetProperty("nb_hits").GetInt32());
        Assert.Equal(110, post.GetProperty("sum_time_spent").GetInt32());
        Assert.Equal("1", post.GetProperty("exit_nb_visits").GetString());
        Assert.Equal("https://shop.example.org/blog/post-1", post.GetProperty("url").GetString());
        Assert.Equal("1", pages["/index"].GetProperty("nb_hits_following_search").GetString());
    }

    [Fact]
    public async Task Flat_page_urls_are_paths()
    {
        var rows = ByLabel(await Api("getPageUrls", "&flat=1"));
        Assert.Equal(["/", "/about", "/blog/", "/blog/post-1"], rows.Keys.Order(StringComparer.Ordinal));
        Assert.False(rows["/blog/"].TryGetProperty("idsubdatatable", out _));
    }

    [Fact]
    public async Task Entry_and_exit_reports_keep_the_pages_visits_entered_and_left_on()
    {
        var entries = ByLabel(await Api("getEntryPageUrls"));
        Assert.Equal(["/about", "/index", "blog"], entries.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("entryPageUrl==https%253A%252F%252Fshop.example.org%252F", entries["/index"].GetProperty("segment").GetString());

        // C left on its search, which has no URL: the exit pages are About and the blog's.
        var exits = ByLabel(await Api("getExitPageUrls"));
        Assert.Equal(["/about", "blog"], exits.Keys.Order(StringComparer.Ordinal));

        var titles = ByLabel(await Api("getExitPageTitles"));
        Assert.Equal([" About", " Blog", " Post 1"], titles.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("exitPageTitle==Blog", titles[" Blog"].GetProperty("segment").GetString());
    }

    [Fact]
    public async Task Page_titles_are_not_split_and_start_with_a_blank()
    {
        var rows = ByLabel(await Api("getPageTitles"));
        Assert.Equal([" About", " Blog", " Home", " Post 1"], rows.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(80, rows[" Home"].GetProperty("sum_time_spent").GetInt32());
        Assert.Equal("pageTitle==Post%2B1", rows[" Post 1"].GetProperty("segment").GetString());

        var following = ByLabel(await Api("getPageTitlesFollowingSiteSearch"));
        Assert.Equal([" Blog"], following.Keys);

        var found = (await Api("getPageTitle", "&pageName=Post+1")).EnumerateArray().Single();
        Assert.Equal(3, found.GetProperty("nb_hits").GetInt32());
    }

    [Fact]
    public async Task Conversions_are_attributed_to_the_pages_viewed_before_and_to_the_entry_page()
    {
        var rows = ByLabel(await Api("getPageUrls", "&expanded=1"));

        // A converted on its second page view: one conversion to each of its two pages, half each.
        var home = rows["/index"].GetProperty("goals").GetProperty("idgoal=1");
        Assert.Equal(1, home.GetProperty("nb_conversions").GetInt32());
        Assert.Equal(10, home.GetProperty("revenue").GetDouble());
        Assert.Equal(2, home.GetProperty("nb_conv_pages_before").GetInt32());
        Assert.Equal(0.5, home.GetProperty("nb_conversions_attrib").GetDouble());
        Assert.Equal(5, home.GetProperty("revenue_attrib").GetDouble());

        // A entered on Home (one of Home's two entrances converted), B on Post 1.
        Assert.Equal(1, home.GetProperty("nb_conversions_entry").GetInt32());
        Assert.Equal(0.5, home.GetProperty("nb_conversions_entry_rate").GetDouble());
        Assert.Equal(5, home.GetProperty("revenue_per_entry").GetDouble());

        // Post 1: A's conversion (half) and B's, converted on its first page view (whole).
        var post = rows["blog"].GetProperty("subtable").EnumerateArray().Single(r => r.GetProperty("label").GetString() == "/post-1")
            .GetProperty("goals").GetProperty("idgoal=1");
        Assert.Equal(2, post.GetProperty("nb_conversions").GetInt32());
        Assert.Equal(2, post.GetProperty("nb_conv_pages_before").GetInt32()); // the larger of 2 and 1
        Assert.Equal(1.5, post.GetProperty("nb_conversions_attrib").GetDouble());
        Assert.Equal(15, post.GetProperty("revenue_attrib").GetDouble());
        Assert.Equal(1, post.GetProperty("nb_conversions_entry_rate").GetDouble());
    }

    [Fact]
    public async Task Downloads_and_outlinks_are_grouped_by_host()
    {
        var downloads = (await Api("getDownloads", "&expanded=1")).EnumerateArray().Single();
        Assert.Equal("cdn.example.com", downloads.GetProperty("label").GetString());
        Assert.Equal(1, downloads.GetProperty("nb_hits").GetInt32());
        var file = downloads.GetProperty("subtable").EnumerateArray().Single();
        Assert.Equal("/files/a.pdf", file.GetProperty("label").GetString());
        Assert.Equal("https://cdn.example.com/files/a.pdf", file.GetProperty("url").GetString());

        var outlinks = (await Api("getOutlinks", "&flat=1")).EnumerateArray().Single();
        Assert.Equal("www.example.com/x", outlinks.GetProperty("label").GetString());

        var found = (await Api("getDownload", "&downloadUrl=" + Uri.EscapeDataString("https://cdn.example.com/files/a.pdf"))).EnumerateArray().Single();
        Assert.Equal("/files/a.pdf", found.GetProperty("label").GetString());
    }

    [Fact]
    public async Task Site_search_keywords_categories_and_searches_without_result()
    {
        var keywords = ByLabel(await Api("getSiteSearchKeywords"));
        Assert.Equal(["coffee", "tea"], keywords.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(60, keywords["tea"].GetProperty("sum_time_spent").GetInt32()); // until A's Blog page
        Assert.Equal("1", keywords["coffee"].GetProperty("exit_nb_visits").GetString());
        Assert.Equal("100%", keywords["coffee"].GetProperty("exit_rate").GetString());
        Assert.Equal(1, keywords["tea"].GetProperty("nb_pages_per_search").GetDouble());
        Assert.Equal("siteSearchKeyword==tea", keywords["tea"].GetProperty("segment").GetString());

        var empty = ByLabel(await Api("getSiteSearchNoResultKeywords"));
        Assert.Equal(["coffee"], empty.Keys);

        var category = (await Api("getSiteSearchCategories")).EnumerateArray().Single();
        Assert.Equal("Drinks", category.GetProperty("label").GetString());
        Assert.Equal(1, category.GetProperty("nb_actions").GetInt32());
        Assert.False(category.TryGetProperty("nb_uniq_visitors", out _));
    }

    [Fact]
    public async Task A_week_sums_the_days_into_numbers()
    {
        var rows = ByLabel(await _server.ApiJsonAsync($"method=Actions.getPageUrls&idSite={_idSite}&period=week&date={Day}&filter_limit=-1"));
        var home = rows["/index"];
        Assert.Equal(3, home.GetProperty("nb_hits").GetInt32());
        Assert.Equal(3, home.GetProperty("entry_nb_visits").GetInt32()); // summed: a number now
        Assert.Equal(3, home.GetProperty("sum_daily_nb_uniq_visitors").GetInt32()); // 2 on Monday, 1 on Tuesday
        Assert.False(home.TryGetProperty("nb_uniq_visitors", out _));

        var totals = await _server.ApiJsonAsync($"method=Actions.get&idSite={_idSite}&period=week&date={Day}");
        Assert.Equal(8, totals.GetProperty("nb_pageviews").GetInt32());
        Assert.Equal(3, totals.GetProperty("nb_searches").GetInt32());
        Assert.Equal(2, totals.GetProperty("nb_keywords").GetInt32()); // distinct keywords of the week (tea, coffee), not 2 + 1
    }
}
