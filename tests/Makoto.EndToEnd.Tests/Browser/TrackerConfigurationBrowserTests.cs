using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Makoto.EndToEnd.Tests.Browser;

/// <summary>
/// The tracker's configuration methods in Debian's headless Chromium against the real server: custom URL,
/// title and referrer; setDomains and cross-domain linking; cookie domain and path; Do Not Track; cookie
/// consent; the transports (XHR POST, sendBeacon with the query in the body); the request queue; the heart
/// beat. Expected values come from the pages' own content and js-tracker.md; what the browser sent is read
/// from its request log, what the server stored from the log tables and the Live API.
/// </summary>
[Collection(BrowserFixture.Collection)]
[Trait("Category", BrowserFixture.Category)]
public sealed class TrackerConfigurationBrowserTests(BrowserFixture fixture) : BrowserTestBase(fixture)
{
    /// <summary>The same page server under another host name (the fixture maps *.makoto.test to 127.0.0.1).</summary>
    private string OnHost(string url, string host) => url.Replace(Pages.Origin, $"http://{host}:{Pages.Port}", StringComparison.Ordinal);

    private static string Id(int idSite) => idSite.ToString(CultureInfo.InvariantCulture);

    [Fact]
    public async Task Custom_url_title_and_referrer_replace_the_page_s_own_and_a_single_page_app_tracks_each_view()
    {
        RequireBrowser();
        var idSite = await NewSite("Custom URL");
        var url = AddPage(idSite, "/app.html", "The app's shell", setup: """
            _paq.push(['setCustomUrl', '/virtual/checkout?step=2']);
            _paq.push(['setDocumentTitle', 'Checkout step 2']);
            _paq.push(['setReferrerUrl', 'https://www.bing.com/search?q=white+tea']);
            """);
        await using var context = await NewContext();
        var page = await context.NewPageAsync();
        await page.GotoAsync(url);
        await WaitFor(() => Actions(idSite).Count >= 1, "the page view");

        // The relative custom URL is resolved against the page's URL.
        var host = "localhost:" + Pages.Port.ToString(CultureInfo.InvariantCulture);
        Assert.Equal($"http://{host}/virtual/checkout?step=2", await page.EvaluateAsync<string>("() => Matomo.getAsyncTracker().getCurrentUrl()"));
        var first = Assert.Single(Actions(idSite));
        Assert.Equal(host + "/virtual/checkout?step=2", first["url"]);
        Assert.Equal("Checkout step 2", first["name"]);
        var visit = Assert.Single(Visits(idSite));
        Assert.Equal(2L, visit["referer_type"]); // the custom referrer: a search engine
        Assert.Equal("Bing", visit["referer_name"]);
        Assert.Equal("white tea", visit["referer_keyword"]);

        // A single-page app's next view: new URL, title and referrer (the previous view), a new page view id.
        await page.EvaluateAsync("""
            () => {
                _paq.push(['setReferrerUrl', location.origin + '/virtual/checkout?step=2']);
                _paq.push(['setCustomUrl', '/virtual/checkout?step=3']);
                _paq.push(['setDocumentTitle', 'Checkout step 3']);
                _paq.push(['trackPageView']);
            }
            """);
        await WaitFor(() => Actions(idSite).Count >= 2 && SentHits().Count >= 2, "the second view");

        var actions = Actions(idSite);
        Assert.Equal(2, actions.Count);
        Assert.Equal(host + "/virtual/checkout?step=3", actions[1]["url"]);
        Assert.Equal("Checkout step 3", actions[1]["name"]);
        Assert.NotEqual(actions[0]["idpageview"], actions[1]["idpageview"]);
        Assert.Single(actions.Select(a => a["idvisit"]).Distinct());
        var hits = SentHits();
        Assert.Equal("https://www.bing.com/search?q=white+tea", hits[0]["urlref"]);
        Assert.Equal($"http://{host}/virtual/checkout?step=2", hits[1]["urlref"]);
        // The visit keeps the referrer it started with.
        Assert.Equal("Bing", Assert.Single(Visits(idSite))["referer_name"]);
    }

    [Fact]
    public async Task SetDomains_keeps_links_to_aliases_internal_and_cross_domain_linking_carries_the_visitor_id_to_them()
    {
        RequireBrowser();
        var idSite = await NewSite("Cross-domain");
        const string Setup = "_paq.push(['setDomains', ['127.0.0.1', '*.example.com']]); _paq.push(['enableCrossDomainLinking']);";
        var other = OnHost(AddPage(idSite, "/cross/b.html", "Our other domain", setup: Setup), "127.0.0.1");
        var url = AddPage(idSite, "/cross/a.html", "First domain", setup: Setup, body: $"""
            <a id="alias" href="{other}">Our other domain</a>
            <a id="partner" href="https://partner.example.com/welcome" onclick="event.preventDefault()">Partner (an alias)</a>
            <a id="outlink" href="https://elsewhere.example.net/page" onclick="event.preventDefault()">Elsewhere</a>
            """);
        await using var context = await NewContext();
        var page = await context.NewPageAsync();
        await page.GotoAsync(url);
        await WaitFor(() => Actions(idSite).Count >= 1, "the first domain's page view");
        var visitorId = Assert.Single(await context.CookiesAsync([Pages.Origin]), c => c.Name == CookieName("id", idSite)).Value[..16];

        // A link to an alias (*.example.com) is internal: not an outlink, but it carries the visitor id:
        // pk_vid = 16 hex visitor id, 10-digit timestamp, 6 hex of the browser's hash (js-tracker.md §3.2).
        await page.ClickAsync("#partner");
        var decorated = await page.GetAttributeAsync("#partner", "href");
        Assert.Matches("^https://partner\\.example\\.com/welcome\\?pk_vid=" + visitorId + "[0-9]{10}[0-9a-f]{6}$", decorated);
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        Assert.InRange(long.Parse(decorated![^16..^6], CultureInfo.InvariantCulture), now - 300, now + 60);
        // A link to another website is an outlink and carries nothing.
        await page.ClickAsync("#outlink");
        Assert.Equal("https://elsewhere.example.net/page", await page.GetAttributeAsync("#outlink", "href"));
        await WaitFor(() => Actions(idSite).Count >= 2, "the outlink");

        // The other domain (127.0.0.1, cookies of its own) adopts the visitor id the link brought.
        await page.ClickAsync("#alias");
        await page.WaitForAddressAsync(u => u.StartsWith(other, StringComparison.Ordinal));
        Assert.Contains("pk_vid=" + visitorId, page.Url, StringComparison.Ordinal);
        await WaitFor(() => Actions(idSite).Count >= 3 && SentHits().Count >= 3, "the other domain's page view");

        var actions = Actions(idSite);
        Assert.Equal(3, actions.Count);
        Assert.Equal(2L, actions[1]["url_type"]);
        Assert.Equal("https://elsewhere.example.net/page", actions[1]["url"]);
        Assert.Equal("127.0.0.1:" + Pages.Port.ToString(CultureInfo.InvariantCulture) + "/cross/b.html", actions[2]["url"]); // pk_vid removed
        var hits = SentHits();
        Assert.Equal(visitorId, hits[2]["_id"]);
        Assert.DoesNotContain("pk_vid", hits[2]["url"], StringComparison.Ordinal);
        var otherCookie = Assert.Single(await context.CookiesAsync([OnHost(Pages.Origin, "127.0.0.1")]), c => c.Name == CookieName("id", idSite, "127.0.0.1"));
        Assert.StartsWith(visitorId + ".", otherCookie.Value, StringComparison.Ordinal);
        var visit = Assert.Single(Visits(idSite));
        Assert.Equal(visitorId.ToUpperInvariant(), visit["visitor_hex"]);
    }

    [Fact]
    public async Task Cookie_domain_and_path_put_the_visitor_cookies_on_every_sub_domain_under_the_path()
    {
        RequireBrowser();
        var idSite = await NewSite("Cookie domain");
        const string Setup = "_paq.push(['setCookieDomain', '*.makoto.test']); _paq.push(['setCookiePath', '/shop']);";
        var shop = OnHost(AddPage(idSite, "/shop/index.html", "Shop", setup: Setup), "www.makoto.test");
        var blog = OnHost(AddPage(idSite, "/shop/blog.html", "Shop blog", setup: Setup), "blog.makoto.test");
        await using var context = await NewContext();
        var page = await context.NewPageAsync();
        await page.GotoAsync(shop);
        await WaitFor(() => Actions(idSite).Count >= 1, "the first page view");

        // The name's hash is of the cookie domain and path: SHA-1(".makoto.test" + "/shop"), first 4 hex digits.
        var hash = Convert.ToHexStringLower(SHA1.HashData(Encoding.UTF8.GetBytes(".makoto.test/shop")))[..4];
        Assert.Equal("Shop", Assert.Single(Actions(idSite))["name"]);
        var cookies = await context.CookiesAsync();
        var id = Assert.Single(cookies, c => c.Name == $"_pk_id.{idSite}.{hash}");
        Assert.Equal(".makoto.test", id.Domain);
        Assert.Equal("/shop", id.Path);
        var ses = Assert.Single(cookies, c => c.Name == $"_pk_ses.{idSite}.{hash}");
        Assert.Equal(".makoto.test", ses.Domain);
        Assert.Equal("/shop", ses.Path);

        // Another sub-domain reads the same visitor cookie: a returning visitor with the same id.
        await page.GotoAsync(blog);
        await WaitFor(() => Actions(idSite).Count >= 2 && SentHits().Count >= 2, "the other sub-domain's page view");
        var hits = SentHits();
        Assert.Equal(id.Value[..16], hits[0]["_id"]);
        Assert.Equal(id.Value[..16], hits[1]["_id"]);
        Assert.Equal("0", hits[1]["_idn"]);
        Assert.Single(Visits(idSite));
        Assert.Equal(2, Actions(idSite).Count);
    }

    [Fact]
    public async Task With_the_browser_s_Do_Not_Track_on_setDoNotTrack_sends_nothing_and_sets_no_cookie()
    {
        RequireBrowser();
        var idSite = await NewSite("Do Not Track");
        var respecting = AddPage(idSite, "/dnt.html", "Respects DNT", setup: "_paq.push(['setDoNotTrack', true]);");
        var ignoring = AddPage(idSite, "/no-dnt.html", "Ignores DNT");
        await using var context = await NewContext();
        await context.AddInitScriptAsync("Object.defineProperty(Navigator.prototype, 'doNotTrack', { get: () => '1' });");
        var page = await context.NewPageAsync();
        await page.GotoAsync(respecting);
        await WaitForTracker(page);
        Assert.Empty(SentRequests());
        Assert.Empty(await context.CookiesAsync([Pages.Origin]));
        Assert.False(await page.EvaluateAsync<bool>("() => Matomo.getAsyncTracker().areCookiesEnabled()"));

        // A page without setDoNotTrack is tracked: whatever the first page had sent would have left before.
        await page.GotoAsync(ignoring);
        await WaitFor(() => Actions(idSite).Count >= 1 && SentHits().Count >= 1, "the page view of the page without setDoNotTrack");
        Assert.Equal(["Ignores DNT"], SentHits().Select(h => h["action_name"]));

        // Without Do Not Track in the browser, setDoNotTrack changes nothing.
        await using var other = await NewContext();
        var second = await other.NewPageAsync();
        await second.GotoAsync(respecting);
        await WaitFor(() => Actions(idSite).Count >= 2, "the page view of a browser without Do Not Track");
        Assert.Equal(["Ignores DNT", "Respects DNT"], Actions(idSite).Select(a => (string?)a["name"]));
    }

    [Fact]
    public async Task Required_cookie_consent_tracks_without_cookies_until_given_then_the_remembered_consent_keeps_the_visitor_id()
    {
        RequireBrowser();
        var idSite = await NewSite("Cookie consent");
        var url = AddPage(idSite, "/cookie-consent.html", "Cookie consent", setup: "_paq.push(['requireCookieConsent']);");
        await using var context = await NewContext();
        var page = await context.NewPageAsync();
        await page.GotoAsync(url);
        await WaitFor(() => Actions(idSite).Count >= 1 && SentHits().Count >= 1, "the page view without cookies");

        var withoutCookies = Assert.Single(SentHits());
        Assert.Equal("0", withoutCookies["cookie"]);
        Assert.False(withoutCookies.ContainsKey("_id"));
        Assert.DoesNotContain(await context.CookiesAsync([Pages.Origin]), c => c.Name.StartsWith("_pk_", StringComparison.Ordinal));
        Assert.False(await page.EvaluateAsync<bool>("() => Matomo.getAsyncTracker().areCookiesEnabled()"));

        // Consent to cookies, remembered: mtm_cookie_consent, the visitor cookies at once, and a ping that
        // tells the server the visit's visitor id (as Matomo's setCookieConsentGiven does).
        await page.EvaluateAsync("() => _paq.push(['rememberCookieConsentGiven'])");
        await WaitFor(() => SentHits().Count >= 2, "the ping after the cookie consent");
        var cookies = await context.CookiesAsync([Pages.Origin]);
        Assert.Matches(@"^\d{13}$", Assert.Single(cookies, c => c.Name == "mtm_cookie_consent").Value);
        var visitorId = Assert.Single(cookies, c => c.Name == CookieName("id", idSite)).Value[..16];
        var ping = SentHits()[1];
        Assert.Equal("1", ping["ping"]);
        Assert.Equal(visitorId, ping["_id"]);
        Assert.Equal("1", ping["cookie"]);

        // The next page requires cookie consent again; the remembered consent lets the tracker use its cookies.
        await page.GotoAsync(url);
        await WaitFor(() => Actions(idSite).Count >= 2 && SentHits().Count >= 3, "the next page view");
        var next = SentHits()[2];
        Assert.Equal(visitorId, next["_id"]);
        Assert.Equal("0", next["_idn"]);
        Assert.Equal("1", next["cookie"]);
        Assert.True(await page.EvaluateAsync<bool>("() => Matomo.getAsyncTracker().areCookiesEnabled()"));
        Assert.Equal(2, Actions(idSite).Count);
    }

    [Fact]
    public async Task POST_sends_by_XHR_with_the_query_in_the_body_and_a_long_beacon_carries_its_query_in_the_body()
    {
        RequireBrowser();
        var idSite = await NewSite("Transports");
        var xhrPage = AddPage(idSite, "/xhr.html", "By XHR", setup: "_paq.push(['setRequestMethod', 'POST']); _paq.push(['disableAlwaysUseSendBeacon']);");
        await using var context = await NewContext();
        var page = await context.NewPageAsync();
        await page.GotoAsync(xhrPage);
        await WaitFor(() => Actions(idSite).Count >= 1, "the page view");

        // An event with a callback: the XHR answer (CORS with credentials) reaches the callback as a success.
        await page.EvaluateAsync("""
            () => new Promise(resolve => _paq.push(['trackEvent', 'Form', 'Submit', undefined, undefined, undefined,
                result => { window.eventResult = result.success; resolve(); }]))
            """);
        Assert.True(await page.EvaluateAsync<bool>("() => window.eventResult"));
        await WaitFor(() => Actions(idSite).Count >= 2 && SentRequests().Count >= 2, "the event");
        foreach (var request in SentRequests())
        {
            Assert.Equal("POST", request.Method);
            Assert.Equal("xhr", request.ResourceType);
            Assert.Equal(Server.Address + "matomo.php", request.Url); // the query is in the body
            Assert.Equal("application/x-www-form-urlencoded; charset=UTF-8", await request.HeaderValueAsync("content-type"));
        }

        Assert.Equal("By XHR", SentHits()[0]["action_name"]);
        Assert.Equal("Submit", SentHits()[1]["e_a"]);

        // By beacon (the default), a short request has its query in the URL; one of more than 2000 characters
        // sends it in the body.
        var padding = new string('x', 2100);
        var beaconPage = AddPage(idSite, "/beacon.html", "By beacon", setup: $"_paq.push(['appendToTrackingUrl', 'padding={padding}']);");
        await page.GotoAsync(beaconPage);
        await WaitFor(() => Actions(idSite).Count >= 3 && SentRequests().Count >= 3, "the long page view");
        await page.EvaluateAsync("() => { _paq.push(['appendToTrackingUrl', '']); _paq.push(['trackEvent', 'Short', 'Beacon']); }");
        await WaitFor(() => Actions(idSite).Count >= 4 && SentRequests().Count >= 4, "the short event");

        var requests = SentRequests();
        var longRequest = requests[2];
        Assert.Equal("POST", longRequest.Method);
        Assert.Equal(Server.Address + "matomo.php", longRequest.Url);
        Assert.Equal(padding, TrackingParameters(longRequest)["padding"]);
        var shortRequest = requests[3];
        Assert.Equal("POST", shortRequest.Method);
        Assert.StartsWith(Server.Address + "matomo.php?", shortRequest.Url, StringComparison.Ordinal);
        Assert.True(string.IsNullOrEmpty(shortRequest.PostData));
        Assert.Equal(["By XHR", null, "By beacon", null], Actions(idSite).Select(a => a["event_category"] is null ? (string?)a["name"] : null));
        Assert.Equal("Beacon", Actions(idSite)[3]["event_action"]);
    }

    [Fact]
    public async Task Custom_variables_of_the_visit_and_of_the_page_are_stored_in_their_slots()
    {
        RequireBrowser();
        var idSite = await NewSite("Custom variables");
        var url = AddPage(idSite, "/variables.html", "Variables", setup:
            "_paq.push(['setCustomVariable', 1, 'Plan', 'Gold', 'visit']);" +
            "_paq.push(['setCustomVariable', 2, 'Language', 'fr']);" + // scope defaults to the visit
            "_paq.push(['setCustomVariable', 1, 'Section', 'News', 'page']);");
        await using var context = await NewContext();
        var page = await context.NewPageAsync();
        await page.GotoAsync(url);
        await WaitFor(() => Actions(idSite).Count >= 1, "the page view");

        // The page view carries both scopes: _cvar for the visit, cvar for the page (JSON keyed by slot).
        var hit = SentHits()[0];
        Assert.Equal("""{"1":["Plan","Gold"],"2":["Language","fr"]}""", hit["_cvar"]);
        Assert.Equal("""{"1":["Section","News"]}""", hit["cvar"]);

        var visit = Assert.Single(Visits(idSite));
        Assert.Equal(("Plan", "Gold"), ((string?)visit["custom_var_k1"], (string?)visit["custom_var_v1"]));
        Assert.Equal(("Language", "fr"), ((string?)visit["custom_var_k2"], (string?)visit["custom_var_v2"]));
        var action = Assert.Single(LogTables.Query(Server, $"SELECT custom_var_k1, custom_var_v1 FROM log_link_visit_action WHERE idsite = {idSite}"));
        Assert.Equal(("Section", "News"), ((string?)action["custom_var_k1"], (string?)action["custom_var_v1"]));
    }

    [Fact]
    public async Task Queued_requests_go_out_as_one_bulk_request_after_the_interval_or_when_the_page_is_left()
    {
        RequireBrowser();
        var idSite = await NewSite("Request queue");
        var url = AddPage(idSite, "/queue.html", "Queue", setup: "_paq.push(['setRequestQueueInterval', 1000]);");
        await using var context = await NewContext();
        var page = await context.NewPageAsync();
        await page.GotoAsync(url);
        await WaitFor(() => Actions(idSite).Count >= 1, "the page view");

        // Three queued requests: one bulk request after the interval.
        await page.EvaluateAsync("""
            () => {
                _paq.push(['queueRequest', 'e_c=Queue&e_a=First&ca=1']);
                _paq.push(['queueRequest', 'e_c=Queue&e_a=Second&ca=1']);
                _paq.push(['queueRequest', 'e_c=Queue&e_a=Third&ca=1']);
            }
            """);
        await WaitFor(() => Actions(idSite).Count >= 4 && SentRequests().Count >= 2, "the bulk request");
        var bulk = SentRequests()[1];
        Assert.Equal("POST", bulk.Method);
        Assert.StartsWith("{\"requests\":[\"?", bulk.PostData, StringComparison.Ordinal);

        // One queued request goes alone, as an ordinary request.
        await page.EvaluateAsync("() => _paq.push(['queueRequest', 'e_c=Queue&e_a=Alone&ca=1'])");
        await WaitFor(() => Actions(idSite).Count >= 5 && SentRequests().Count >= 3, "the single queued request");
        Assert.False(SentRequests()[2].PostData?.StartsWith('{') ?? false);

        // Two queued requests and the page is left before the interval: they leave with the page.
        await page.EvaluateAsync("""
            () => {
                _paq.push(['setRequestQueueInterval', 60000]);
                _paq.push(['queueRequest', 'e_c=Queue&e_a=Leaving1&ca=1']);
                _paq.push(['queueRequest', 'e_c=Queue&e_a=Leaving2&ca=1']);
            }
            """);
        await page.GotoAsync(AddPage(idSite, "/queue-2.html", "Next page"));
        // Counted from what the server stored: a beacon sent by a page being left is not always in the browser's
        // request log (seen in CI: neither its body nor the request itself), so the log is only checked when it has it.
        await WaitFor(
            () => Actions(idSite).Count >= 8 && SentRequests().Any(r => r.Url.Contains("queue-2.html", StringComparison.Ordinal)),
            "the requests queued when the page was left and the next page view");

        var sent = SentRequests(); // page view, bulk of 3, single, [bulk of 2,] page view
        Assert.InRange(sent.Count, 4, 5);
        if (sent.Count == 5)
        {
            Assert.Equal("POST", sent[3].Method);
        }

        Assert.Equal(["First", "Second", "Third", "Alone"], SentHits().Skip(1).Take(4).Select(h => h["e_a"]));
        var actions = Actions(idSite);
        Assert.Equal(8, actions.Count);
        Assert.Equal(["Alone", "First", "Leaving1", "Leaving2", "Second", "Third"],
            actions.Where(a => a["event_category"] is not null).Select(a => (string)a["event_action"]!).Order(StringComparer.Ordinal));
        Assert.Equal(["Next page", "Queue"], actions.Where(a => a["event_category"] is null).Select(a => (string)a["name"]!).Order(StringComparer.Ordinal));
        Assert.Single(Visits(idSite));
    }

    [Fact]
    public async Task The_heart_beat_pings_when_the_tab_is_hidden_or_left_after_being_viewed_and_not_after_a_moment_of_focus()
    {
        RequireBrowser();
        var idSite = await NewSite("Heart beat visibility");
        var url = AddPage(idSite, "/story.html", "Story", setup: "_paq.push(['enableHeartBeatTimer', 1]);");
        await using var context = await NewContext();
        var page = await context.NewPageAsync();
        await page.GotoAsync(url);
        await WaitFor(() => Actions(idSite).Count >= 1 && SentHits().Count >= 1, "the page view");

        // More than the heart beat's second after the page view, the tab gets the focus and loses it at once:
        // viewed for a moment only, no ping.
        await Task.Delay(1500);
        await page.EvaluateAsync("() => { window.dispatchEvent(new Event('focus')); window.dispatchEvent(new Event('blur')); }");

        // Focused for more than a second, then hidden: a ping.
        await Task.Delay(1500);
        await page.EvaluateAsync("""
            () => {
                Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => 'hidden' });
                document.dispatchEvent(new Event('visibilitychange'));
            }
            """);
        await WaitFor(() => SentHits().Count >= 2, "the ping of the hidden tab");

        // Visible again for more than a second, then the page is left: a ping as it goes.
        await page.EvaluateAsync("""
            () => {
                Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => 'visible' });
                document.dispatchEvent(new Event('visibilitychange'));
            }
            """);
        await Task.Delay(1500);
        await page.GotoAsync(AddPage(idSite, "/story-2.html", "Next story"));
        await WaitFor(() => Actions(idSite).Count >= 2 && SentHits().Count >= 4, "the ping when leaving and the next page view");

        Assert.Equal(["Story", "ping", "ping", "Next story"], SentHits().Select(h => h.ContainsKey("ping") ? "ping" : h["action_name"]));
        Assert.Equal(2, Actions(idSite).Count); // pings are no actions
        var visit = Assert.Single(Visits(idSite));
        Assert.True(Convert.ToInt64(visit["visit_total_time"], CultureInfo.InvariantCulture) >= 3);
    }
}
