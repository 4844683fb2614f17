using System.Globalization;
using System.Net;
using System.Text.Json;
using Microsoft.Playwright;

namespace Makoto.EndToEnd.Tests.Browser;

/// <summary>
/// Our JavaScript tracker in Debian's headless Chromium against the real server: pages carry the
/// standard snippet, the test drives the browser (real clicks, consent calls, …), then reads what
/// arrived through the Live API and the log tables. Expected values come from the page's own content
/// and js-tracker.md / tracking-api.md.
/// </summary>
[Collection(BrowserFixture.Collection)]
[Trait("Category", BrowserFixture.Category)]
public sealed class JavaScriptTrackerBrowserTests(BrowserFixture fixture) : BrowserTestBase(fixture)
{
    [Fact]
    public async Task Standard_snippet_records_a_page_view_with_url_title_referrer_visitor_cookie_and_browser_features()
    {
        RequireBrowser();
        var idSite = await NewSite("Page view");
        var url = AddPage(idSite, "/pageview/index.html?lang=en", "Welcome home");
        await using var context = await NewContext();
        var page = await context.NewPageAsync();

        await page.GotoAsync(url, new PageGotoOptions { Referer = "https://www.google.com/search?q=green+tea" });
        await WaitFor(() => Actions(idSite).Count >= 1 && SentRequests().Count >= 1, "the page view");
        var sent = SentRequests();

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

    [Fact]
    public async Task Events_site_search_goals_user_id_and_custom_dimensions_pushed_after_load_arrive_in_the_same_visit()
    {
        RequireBrowser();
        var idSite = await NewSite("Commands");
        var goal = await Server.ApiJsonAsync($"method=Goals.addGoal&idSite={idSite}&name=Signup&matchAttribute=manually&pattern=manually&patternType=contains&revenue=3");
        var idGoal = goal.GetProperty("value").GetInt32();
        var dimension = await Server.ApiJsonAsync($"method=CustomDimensions.configureNewCustomDimension&idSite={idSite}&name=Plan&scope=visit&active=1");
        var idDimension = dimension.GetProperty("value").GetInt32();
        var url = AddPage(idSite, "/commands.html", "Commands",
            setup: $"_paq.push(['setUserId', 'alice@example.org']); _paq.push(['setCustomDimension', {idDimension}, 'Premium']);");
        await using var context = await NewContext();
        var page = await context.NewPageAsync();
        await page.GotoAsync(url);
        await WaitFor(() => Actions(idSite).Count >= 1, "the page view");

        // After the tracker loaded, _paq.push runs each command at once.
        await page.EvaluateAsync($$"""
            () => {
                _paq.push(['trackEvent', 'Video', 'Play', 'Intro', 12.5]);
                _paq.push(['trackEvent', 'Video', '']); // no action: not sent
                _paq.push(['trackSiteSearch', 'Green Tea', 'Shop', 7]);
                _paq.push(['trackGoal', {{idGoal}}, 9.99]);
            }
            """);
        await WaitFor(() => Actions(idSite).Count >= 3 && Conversions(idSite).Count >= 1 && SentHits().Count >= 4, "the event, the site search and the goal");

        // The browser sent the page view, the event, the site search and the goal: the event without an action
        // would have been sent before the site search.
        var hits = SentHits();
        Assert.Equal(["Commands", "Play", "Green Tea", idGoal.ToString(CultureInfo.InvariantCulture)],
            hits.Select(h => h.GetValueOrDefault("action_name") ?? h.GetValueOrDefault("e_a") ?? h.GetValueOrDefault("search") ?? h.GetValueOrDefault("idgoal")));

        var actions = Actions(idSite);
        Assert.Equal(3, actions.Count);
        Assert.Single(actions.Select(a => a["idvisit"]).Distinct());
        var pageView = actions[0];
        Assert.Equal("Commands", pageView["name"]);
        var ev = Assert.Single(actions, a => a["event_category"] is not null);
        Assert.Equal("Video", ev["event_category"]);
        Assert.Equal("Play", ev["event_action"]);
        Assert.Equal("Intro", ev["name"]);
        Assert.Equal(12.5, Convert.ToDouble(ev["custom_float"], CultureInfo.InvariantCulture));
        Assert.Equal(pageView["idpageview"], ev["idpageview"]); // pv_id of the page view
        var search = Assert.Single(actions, a => a["search_cat"] is not null);
        Assert.Equal("Green Tea", search["name"]);
        Assert.Equal("Shop", search["search_cat"]);
        Assert.Equal(7L, search["search_count"]);

        var conversion = Assert.Single(Conversions(idSite));
        Assert.Equal((long)idGoal, conversion["idgoal"]);
        Assert.Equal(9.99, Convert.ToDouble(conversion["revenue"], CultureInfo.InvariantCulture));

        var visit = Assert.Single(await LiveVisits(idSite));
        Assert.Equal("alice@example.org", visit.GetProperty("userId").GetString());
        Assert.Equal("Premium", visit.GetProperty("dimension" + idDimension.ToString(CultureInfo.InvariantCulture)).GetString());
    }

    [Fact]
    public async Task Clicks_on_a_download_and_an_outlink_are_tracked_and_internal_and_ignored_links_are_not()
    {
        RequireBrowser();
        var idSite = await NewSite("Links");
        var url = AddPage(idSite, "/links.html", "Links", body: """
            <a id="internal" href="/other.html" onclick="event.preventDefault()">Other page</a>
            <a id="ignored" class="matomo_ignore" href="https://partner.example.com/ignored" onclick="event.preventDefault()">Ignored</a>
            <a id="pdf" href="/files/Report.PDF?v=2" onclick="event.preventDefault()">Report</a>
            <a id="marked" class="matomo_download" href="/get?file=7" onclick="event.preventDefault()">Get</a>
            <a id="partner" href="https://partner.example.com/welcome">Partner</a>
            """);
        await using var context = await NewContext();
        var page = await context.NewPageAsync();
        await page.GotoAsync(url);
        await WaitFor(() => Actions(idSite).Count >= 1, "the page view");

        await page.ClickAsync("#internal");
        await page.ClickAsync("#ignored");
        await page.ClickAsync("#pdf");
        await WaitFor(() => Actions(idSite).Count >= 2, "the download");
        await page.ClickAsync("#marked");
        await WaitFor(() => Actions(idSite).Count >= 3, "the download marked by its class");
        // The outlink leaves the page: the beacon must still arrive.
        await page.ClickAsync("#partner");
        await page.WaitForAddressAsync(u => u == "https://partner.example.com/welcome");
        await WaitFor(() => Actions(idSite).Count >= 4 && SentHits().Count >= 4, "the outlink");

        // Four hits left the browser (the internal and the ignored link were clicked before the download).
        Assert.Equal(4, SentHits().Count);

        var actions = Actions(idSite);
        Assert.Equal(4, actions.Count);
        Assert.Equal(3L, actions[1]["url_type"]); // a download (tracking-api.md, log_action types)
        Assert.EndsWith("localhost:" + Pages.Port + "/files/Report.PDF?v=2", (string)actions[1]["url"]!);
        Assert.Equal(3L, actions[2]["url_type"]);
        Assert.EndsWith("/get?file=7", (string)actions[2]["url"]!);
        Assert.Equal(2L, actions[3]["url_type"]); // an outlink
        Assert.Equal("https://partner.example.com/welcome", actions[3]["url"]); // outlinks keep their prefix
    }

    [Fact]
    public async Task Content_impressions_are_sent_for_every_block_and_a_click_in_a_block_is_an_interaction()
    {
        RequireBrowser();
        var idSite = await NewSite("Content");
        var url = AddPage(idSite, "/content.html", "Content", setup: "_paq.push(['trackAllContentImpressions']);", body: """
            <div data-track-content data-content-name="Spring sale" data-content-piece="/img/banner.png" data-content-target="/sale.html">
              <p>Everything half price</p>
            </div>
            <div class="matomoTrackContent" data-content-name="Newsletter box">
              <button id="join" type="button">Join</button>
            </div>
            """);
        await using var context = await NewContext();
        var page = await context.NewPageAsync();
        await page.GotoAsync(url);
        await WaitFor(() => Actions(idSite).Count >= 3, "the page view and two impressions");

        await page.ClickAsync("#join");
        await WaitFor(() => Actions(idSite).Count >= 4 && SentHits().Count >= 4, "the interaction");
        Assert.Equal(4, SentHits().Count);
        Assert.Equal(4, Actions(idSite).Count);

        var content = Actions(idSite).Where(a => a["content_name"] is not null).ToList();
        Assert.Equal(3, content.Count);
        var sale = Assert.Single(content, a => (string)a["content_name"]! == "Spring sale");
        Assert.Equal("/img/banner.png", sale["content_piece"]);
        Assert.Equal("/sale.html", sale["content_target"]);
        Assert.Null(sale["content_interaction"]);
        var impression = Assert.Single(content, a => (string)a["content_name"]! == "Newsletter box" && a["content_interaction"] is null);
        Assert.Equal("Unknown", impression["content_piece"]);
        var interaction = Assert.Single(content, a => a["content_interaction"] is not null);
        Assert.Equal("click", interaction["content_interaction"]);
        Assert.Equal("Newsletter box", interaction["content_name"]);
    }

    [Fact]
    public async Task Ecommerce_product_view_cart_update_and_order_are_stored_with_their_items()
    {
        RequireBrowser();
        var idSite = await NewSite("Tea shop", "&ecommerce=1");
        var url = AddPage(idSite, "/tea/green.html", "Green tea",
            setup: "_paq.push(['setEcommerceView', 'TEA-1', 'Green tea', 'Tea', 12.5]);");
        await using var context = await NewContext();
        var page = await context.NewPageAsync();
        await page.GotoAsync(url);
        await WaitFor(() => Actions(idSite).Count >= 1, "the product page view");

        await page.EvaluateAsync("""
            () => {
                _paq.push(['addEcommerceItem', 'TEA-1', 'Green tea', 'Tea', 12.5, 2]);
                _paq.push(['addEcommerceItem', 'MUG-2', 'Mug', ['Kitchen', 'Cups'], 8]);
                _paq.push(['trackEcommerceCartUpdate', 33]);
            }
            """);
        await WaitFor(() => Conversions(idSite).Count >= 1, "the cart update");
        var cart = Assert.Single(Conversions(idSite));
        Assert.Equal(-1L, cart["idgoal"]); // an open (abandoned) cart
        Assert.Equal(33.0, Convert.ToDouble(cart["revenue"], CultureInfo.InvariantCulture));
        Assert.Equal(3L, cart["items"]);

        await page.EvaluateAsync("""
            () => {
                _paq.push(['removeEcommerceItem', 'MUG-2']);
                _paq.push(['trackEcommerceOrder', 'A-100', 30, 25, 2, 5, 2]);
            }
            """);
        await WaitFor(() => Conversions(idSite).Any(c => (long)c["idgoal"]! == 0), "the order");

        var view = Assert.Single(Actions(idSite));
        Assert.Equal("TEA-1", view["product_sku"]);
        Assert.Equal("Green tea", view["product_name"]);
        Assert.Equal("Tea", view["product_category"]);
        Assert.Equal(12.5, Convert.ToDouble(view["product_price"], CultureInfo.InvariantCulture));

        // The order takes the place of the visit's open cart.
        var order = Assert.Single(Conversions(idSite));
        Assert.Equal(0L, order["idgoal"]);
        Assert.Equal("A-100", order["idorder"]);
        Assert.Equal(30.0, Convert.ToDouble(order["revenue"], CultureInfo.InvariantCulture));
        Assert.Equal(25.0, Convert.ToDouble(order["revenue_subtotal"], CultureInfo.InvariantCulture));
        Assert.Equal(2.0, Convert.ToDouble(order["revenue_tax"], CultureInfo.InvariantCulture));
        Assert.Equal(5.0, Convert.ToDouble(order["revenue_shipping"], CultureInfo.InvariantCulture));
        Assert.Equal(2.0, Convert.ToDouble(order["revenue_discount"], CultureInfo.InvariantCulture));
        Assert.Equal(2L, order["items"]); // two of TEA-1; the mug was removed from the cart
        var items = LogTables.Query(Server, $"""
            SELECT sku.name AS sku, i.quantity, i.price FROM log_conversion_item i
            JOIN log_action sku ON sku.idaction = i.idaction_sku
            WHERE i.idsite = {idSite} AND i.idorder = 'A-100' AND i.deleted = 0
            """);
        var item = Assert.Single(items);
        Assert.Equal("TEA-1", item["sku"]);
        Assert.Equal(2L, item["quantity"]);
        Assert.Equal(12.5, Convert.ToDouble(item["price"], CultureInfo.InvariantCulture));

        // The order emptied the tracker's cart.
        Assert.Equal(0, await page.EvaluateAsync<int>("() => Matomo.getAsyncTracker().getEcommerceItems().length"));
    }

    [Fact]
    public async Task With_required_consent_nothing_is_sent_and_no_cookie_is_set_until_consent_is_given_and_remembered()
    {
        RequireBrowser();
        var idSite = await NewSite("Consent");
        var url = AddPage(idSite, "/consent.html", "Consent", setup: "_paq.push(['requireConsent']);");
        await using var context = await NewContext();
        var page = await context.NewPageAsync();
        await page.GotoAsync(url);
        await WaitForTracker(page);

        // The tracker has applied the page's commands: the page view is held, not sent.
        Assert.Empty(SentRequests());
        Assert.Empty(Actions(idSite));
        Assert.DoesNotContain(await context.CookiesAsync([Pages.Origin]), c => c.Name.StartsWith("_pk_", StringComparison.Ordinal) || c.Name.StartsWith("mtm_", StringComparison.Ordinal));
        Assert.True(await page.EvaluateAsync<bool>("() => Matomo.getAsyncTracker().isConsentRequired()"));

        // Consent given and remembered: the queued page view goes out, cookies are written.
        await page.EvaluateAsync("() => _paq.push(['rememberConsentGiven'])");
        await WaitFor(() => Actions(idSite).Count >= 1, "the queued page view");
        var cookies = await context.CookiesAsync([Pages.Origin]);
        Assert.Matches(@"^\d{13}$", Assert.Single(cookies, c => c.Name == "mtm_consent").Value);
        Assert.Contains(cookies, c => c.Name == CookieName("id", idSite));

        // A later page of the same visitor is tracked at once: the consent is remembered.
        var second = AddPage(idSite, "/consent-2.html", "Consent again", setup: "_paq.push(['requireConsent']);");
        await page.GotoAsync(second);
        await WaitFor(() => Actions(idSite).Count >= 2 && SentHits().Count >= 2, "the second page view");
        Assert.Single(Visits(idSite));
        Assert.Equal(2, Actions(idSite).Count);
        Assert.All(SentHits(), hit => Assert.Equal("1", hit["consent"]));
    }

    [Fact]
    public async Task Disabled_cookies_track_without_any_cookie_and_an_opted_out_user_is_not_tracked()
    {
        RequireBrowser();
        var idSite = await NewSite("No cookies");
        var url = AddPage(idSite, "/nocookies.html", "No cookies", setup: "_paq.push(['disableCookies']);");
        await using var context = await NewContext();
        var page = await context.NewPageAsync();
        await page.GotoAsync(url);
        await WaitFor(() => Actions(idSite).Count >= 1, "the page view");

        Assert.Empty(await context.CookiesAsync([Pages.Origin]));
        Assert.Equal(0L, Assert.Single(Visits(idSite))["config_cookie"]);

        // optUserOut on another site's page: the choice is kept in mtm_consent_removed, and this page
        // and the visitor's next pages send nothing more.
        var optedOutSite = await NewSite("Opt-out");
        var optOutPage = AddPage(optedOutSite, "/optout.html", "Opt-out");
        await page.GotoAsync(optOutPage);
        await WaitFor(() => Actions(optedOutSite).Count >= 1, "the page view before the opt-out");
        await page.EvaluateAsync("() => { _paq.push(['optUserOut']); _paq.push(['trackEvent', 'After', 'Opt-out']); }");
        Assert.True(await page.EvaluateAsync<bool>("() => Matomo.getAsyncTracker().isUserOptedOut()"));
        Assert.Contains(await context.CookiesAsync([Pages.Origin]), c => c.Name == "mtm_consent_removed");
        await page.GotoAsync(AddPage(optedOutSite, "/optout-2.html", "After the opt-out"));
        await WaitForTracker(page);
        Assert.True(await page.EvaluateAsync<bool>("() => Matomo.getAsyncTracker().isUserOptedOut()"));

        // A page of another host (127.0.0.1: the opt-out cookie is not sent there) is tracked; whatever the
        // opted-out pages had sent would have left the browser before it.
        var control = AddPage(optedOutSite, "/control.html", "Control").Replace(Pages.Origin, $"http://127.0.0.1:{Pages.Port}", StringComparison.Ordinal);
        await page.GotoAsync(control);
        await WaitFor(() => Actions(optedOutSite).Count >= 2 && SentHits().Count(h => h["idsite"] == optedOutSite.ToString(CultureInfo.InvariantCulture)) >= 2, "the control page's view");
        Assert.Equal(["Opt-out", "Control"], Actions(optedOutSite).Select(a => (string?)a["name"]));
        Assert.Equal(["Opt-out", "Control"], SentHits().Where(h => h["idsite"] == optedOutSite.ToString(CultureInfo.InvariantCulture)).Select(h => h.GetValueOrDefault("action_name")));
    }

    [Fact]
    public async Task The_snippet_from_getJavascriptTag_pasted_in_a_page_tracks_it_with_its_options()
    {
        RequireBrowser();
        var idSite = await NewSite("From the API");
        var answer = await Server.ApiJsonAsync($"method=SitesManager.getJavascriptTag&idSite={idSite}&disableCookies=1");
        var snippet = WebUtility.HtmlDecode(answer.GetProperty("value").GetString()!);
        var url = AddPage(idSite, "/from-api.html", "From the API", snippet: snippet);
        await using var context = await NewContext();
        var page = await context.NewPageAsync();
        await page.GotoAsync(url);
        await WaitFor(() => Actions(idSite).Count >= 1, "the page view");

        Assert.Equal("From the API", Assert.Single(Actions(idSite))["name"]);
        Assert.Empty(await context.CookiesAsync([Pages.Origin])); // the disableCookies option
    }

    [Fact]
    public async Task Without_JavaScript_the_snippet_s_noscript_image_records_the_page_given_by_its_Referer()
    {
        RequireBrowser();
        var idSite = await NewSite("No script");
        var answer = await Server.ApiJsonAsync($"method=SitesManager.getJavascriptTag&idSite={idSite}&trackNoScript=1");
        var snippet = WebUtility.HtmlDecode(answer.GetProperty("value").GetString()!);
        var url = AddPage(idSite, "/noscript/page.html?x=1", "No script", body: snippet, snippet: "");
        await using var context = await Fixture.Browser.NewContextAsync(new BrowserNewContextOptions { JavaScriptEnabled = false });
        await Observe(context);
        var page = await context.NewPageAsync();
        await page.GotoAsync(url);
        await WaitFor(() => Actions(idSite).Count >= 1 && SentRequests().Count >= 1, "the image's page view");

        // The image asks for matomo.php?idsite=N&rec=1 only; the server takes the page from the Referer header
        // (js-tracker.md §1), whatever part of the address the browser's referrer policy lets it send.
        var request = Assert.Single(SentRequests());
        Assert.Equal("image", request.ResourceType);
        Assert.Equal(new Dictionary<string, string> { ["idsite"] = idSite.ToString(CultureInfo.InvariantCulture), ["rec"] = "1" }, TrackingParameters(request));
        var referer = await request.HeaderValueAsync("referer");
        Assert.NotNull(referer);
        Assert.StartsWith(Pages.Origin + "/", referer, StringComparison.Ordinal);
        Assert.Equal(referer["http://".Length..], Assert.Single(Actions(idSite))["url"]);
        Assert.Single(Visits(idSite));
    }

    [Fact]
    public async Task The_opt_out_form_script_lets_a_visitor_opt_out_and_back_in()
    {
        RequireBrowser();
        var idSite = await NewSite("Opt-out form");
        var body = $"""
            <div id="matomo-opt-out"></div>
            <script src="{Server.Address}index.php?module=CoreAdminHome&amp;action=optOutJS&amp;divId=matomo-opt-out&amp;language=auto&amp;showIntro=1"></script>
            """;
        var url = AddPage(idSite, "/privacy.html", "Privacy", body: body);
        await using var context = await NewContext();
        var page = await context.NewPageAsync();
        await page.GotoAsync(url);
        await WaitFor(() => Actions(idSite).Count >= 1 && SentRequests().Count >= 1, "the page view");

        var checkbox = page.Locator("#matomo-opt-out-checkbox");
        await Assertions.Expect(checkbox).ToBeCheckedAsync(); // counted so far
        await checkbox.ClickAsync();
        await Assertions.Expect(checkbox).Not.ToBeCheckedAsync();
        await WaitFor(async () => (await context.CookiesAsync([Pages.Origin])).Any(c => c.Name == "mtm_consent_removed"), "the opt-out cookie");

        // The visitor's next page holds its page view: the form, shown once the tracker has applied the page's
        // commands, says the visitor is opted out, and nothing more has left the browser.
        await page.GotoAsync(url);
        await Assertions.Expect(page.Locator("#matomo-opt-out-checkbox")).Not.ToBeCheckedAsync();
        Assert.Single(SentRequests());
        Assert.Single(Actions(idSite));

        // Opting back in: the held page view goes out (as Matomo's forgetUserOptOut does), and the next page is
        // tracked again.
        await page.Locator("#matomo-opt-out-checkbox").ClickAsync();
        await Assertions.Expect(page.Locator("#matomo-opt-out-checkbox")).ToBeCheckedAsync();
        await WaitFor(async () => !(await context.CookiesAsync([Pages.Origin])).Any(c => c.Name == "mtm_consent_removed"), "the opt-out cookie to be removed");
        await WaitFor(() => Actions(idSite).Count >= 2, "the held page view after opting back in");
        await page.GotoAsync(url);
        await WaitFor(() => Actions(idSite).Count >= 3 && SentHits().Count >= 3, "the page view after opting back in");
        Assert.Equal(3, Actions(idSite).Count);
        Assert.Equal(3, SentHits().Count);
    }

    [Fact]
    public async Task A_campaign_landing_page_sets_the_visit_s_campaign_and_the_attribution_cookie_used_for_conversions()
    {
        RequireBrowser();
        var idSite = await NewSite("Campaigns");
        var goal = await Server.ApiJsonAsync($"method=Goals.addGoal&idSite={idSite}&name=Lead&matchAttribute=manually&pattern=manually&patternType=contains");
        var idGoal = goal.GetProperty("value").GetInt32();
        var url = AddPage(idSite, "/landing.html?mtm_campaign=Spring%20Sale&mtm_kwd=Green%20Tea", "Landing");
        await using var context = await NewContext();
        var page = await context.NewPageAsync();
        await page.GotoAsync(url, new PageGotoOptions { Referer = "https://news.example.net/article" });
        await WaitFor(() => Actions(idSite).Count >= 1, "the landing page view");

        // Campaign name and keyword are stored lowercase (tracking-api.md §7.3).
        var visit = Assert.Single(Visits(idSite));
        Assert.Equal(6L, visit["referer_type"]);
        Assert.Equal("spring sale", visit["referer_name"]);
        Assert.Equal("green tea", visit["referer_keyword"]);

        // _pk_ref: ["<campaign name>","<campaign keyword>",<ts seconds>,"<referrer url>"] (js-tracker.md §4).
        var cookie = Assert.Single(await context.CookiesAsync([Pages.Origin]), c => c.Name == CookieName("ref", idSite));
        var attribution = JsonDocument.Parse(Uri.UnescapeDataString(cookie.Value)).RootElement;
        Assert.Equal("Spring Sale", attribution[0].GetString());
        Assert.Equal("Green Tea", attribution[1].GetString());
        Assert.InRange(attribution[2].GetInt64(), DateTimeOffset.UtcNow.AddMinutes(-5).ToUnixTimeSeconds(), DateTimeOffset.UtcNow.AddMinutes(1).ToUnixTimeSeconds());
        Assert.Equal("https://news.example.net/article", attribution[3].GetString());

        // A conversion on a later page (no campaign in its URL) is attributed to the campaign.
        await page.GotoAsync(AddPage(idSite, "/contact.html", "Contact"));
        await WaitFor(() => Actions(idSite).Count >= 2, "the second page view");
        await page.EvaluateAsync($"() => _paq.push(['trackGoal', {idGoal}])");
        await WaitFor(() => Conversions(idSite).Count >= 1, "the conversion");
        var conversion = Assert.Single(Conversions(idSite));
        Assert.Equal(6L, conversion["referer_type"]);
        Assert.Equal("spring sale", conversion["referer_name"]);
        Assert.Equal("green tea", conversion["referer_keyword"]);
    }

    [Fact]
    public async Task A_second_tracker_added_with_addTracker_gets_the_same_page_view_and_GET_sends_images()
    {
        RequireBrowser();
        var first = await NewSite("First tracker");
        var second = await NewSite("Second tracker");
        var url = AddPage(first, "/two-trackers.html", "Two trackers",
            setup: $"_paq.push(['setRequestMethod', 'GET']); _paq.push(['addTracker', '{Server.Address}matomo.php', {second}]);");
        await using var context = await NewContext();
        var page = await context.NewPageAsync();
        await page.GotoAsync(url);
        await WaitFor(() => Actions(first).Count >= 1 && Actions(second).Count >= 1 && SentRequests().Count >= 2, "the page view of both trackers");

        Assert.Equal("Two trackers", Assert.Single(Actions(first))["name"]);
        Assert.Equal("Two trackers", Assert.Single(Actions(second))["name"]);
        var sent = SentRequests();
        Assert.Equal(2, sent.Count);
        Assert.All(sent, request => Assert.Equal("GET", request.Method));
        Assert.All(sent, request => Assert.Equal("image", request.ResourceType));
        Assert.Equal([first, second], sent.Select(r => int.Parse(TrackingParameters(r)["idsite"], CultureInfo.InvariantCulture)).Order());

        // Both trackers are reachable by the page's code.
        Assert.Equal(2, await page.EvaluateAsync<int>("() => Matomo.getAsyncTrackers().length"));
    }

    [Fact]
    public async Task The_heart_beat_pings_when_the_page_loses_focus_and_lengthens_the_visit_without_an_action()
    {
        RequireBrowser();
        var idSite = await NewSite("Heart beat");
        var url = AddPage(idSite, "/article.html", "Article", setup: "_paq.push(['enableHeartBeatTimer', 1]);");
        await using var context = await NewContext();
        var page = await context.NewPageAsync();
        await page.GotoAsync(url);
        await WaitFor(() => Actions(idSite).Count >= 1, "the page view");
        var before = Convert.ToInt64(Assert.Single(Visits(idSite))["visit_total_time"], CultureInfo.InvariantCulture);

        // Read for two seconds, then leave the tab: one ping.
        await Task.Delay(2000);
        await page.EvaluateAsync("() => window.dispatchEvent(new Event('blur'))");
        await WaitFor(() => Convert.ToInt64(Assert.Single(Visits(idSite))["visit_total_time"], CultureInfo.InvariantCulture) > before
            && SentHits().Any(hit => hit.GetValueOrDefault("ping") == "1"), "the ping");

        Assert.Single(SentHits(), hit => hit.GetValueOrDefault("ping") == "1");
        Assert.Single(Actions(idSite)); // a ping is no action
        Assert.True(Convert.ToInt64(Assert.Single(Visits(idSite))["visit_total_time"], CultureInfo.InvariantCulture) >= before + 2);
    }
}
