using Microsoft.Playwright;

namespace Makoto.EndToEnd.Tests.Browser;

/// <summary>
/// Our JavaScript tracker in Debian's headless Chromium against the real server: pages carry the
/// standard snippet, the test drives the browser (real clicks, consent calls, …), then reads what
/// arrived through the Live API and the log tables. Expected values come from the page's own content
/// and js-tracker.md / tracking-api.md.
/// </summary>
public sealed class JavaScriptTrackerBrowserTests(BrowserFixture fixture) : BrowserTestBase(fixture), IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task Standard_snippet_records_a_page_view_with_url_title_referrer_visitor_cookie_and_browser_features()
    {
        RequireBrowser();
        var idSite = await NewSite("Page view");
        var url = AddPage(idSite, "/pageview/index.html?lang=en", "Welcome home");
        await using var context = await NewContext();
        var page = await context.NewPageAsync();
        var sent = new List<IRequest>();
        page.Request += (_, request) =>
        {
            if (IsTrackingRequest(request))
            {
                sent.Add(request);
            }
        };

        await page.GotoAsync(url, new PageGotoOptions { Referer = "https://www.google.com/search?q=green+tea" });
        await WaitFor(() => Actions(idSite).Count == 1, "the page view");

        var action = Assert.Single(Actions(idSite));
        Assert.Equal("localhost:" + Pages.Port + "/pageview/index.html?lang=en", action["url"]);
        Assert.Equal("Welcome home", action["name"]);
        Assert.Matches("^[0-9a-zA-Z]{6}$", (string)action["idpageview"]!);
        Assert.NotNull(action["time_server"]); // page performance from Navigation Timing
        Assert.NotNull(action["time_on_load"]);

        var visit = Assert.Single(Visits(idSite));
        Assert.Equal("1920x1080", visit["config_resolution"]);
        Assert.Equal(1L, visit["config_cookie"]);
        Assert.Equal(2L, visit["referer_type"]); // a search engine (tracking-api.md §7)
        Assert.Equal("Google", visit["referer_name"]);
        Assert.Equal("green tea", visit["referer_keyword"]);

        // The visitor id cookie: _pk_id.<idsite>.<hash> = <16 hex>.<creation ts>. ; its id is the visit's idvisitor.
        var cookies = await context.CookiesAsync([Pages.Origin]);
        var id = Assert.Single(cookies, c => c.Name == CookieName("id", idSite));
        Assert.Matches(@"^[0-9a-f]{16}\.\d{10}\.$", id.Value);
        Assert.Equal(id.Value[..16].ToUpperInvariant(), visit["visitor_hex"]);
        Assert.Equal("1", Assert.Single(cookies, c => c.Name == CookieName("ses", idSite)).Value);
        Assert.Equal("Lax", Assert.Single(cookies, c => c.Name == CookieName("id", idSite)).SameSite.ToString());

        var parameters = TrackingParameters(Assert.Single(sent));
        Assert.Equal("1", parameters["_idn"]); // a new visitor
        Assert.Equal("0", parameters["send_image"]);
        Assert.Equal(action["idpageview"], parameters["pv_id"]);
        Assert.Equal("https://www.google.com/search?q=green+tea", parameters["urlref"]);
        Assert.Equal("POST", Assert.Single(sent).Method); // sendBeacon by default
    }
}
