using System.Globalization;
using System.Net;
using Microsoft.Playwright;

namespace Makoto.EndToEnd.Tests.Browser;

/// <summary>
/// The server's opt-out iframe (index.php?module=CoreAdminHome&amp;action=optOut, js-tracker.md §3.3) embedded in a
/// page of another site, in Debian's headless Chromium, over HTTP: the tracked site is http://localhost:port, the
/// server http://127.0.0.1:port, a third site http://other.makoto.test:port (the fixture maps *.makoto.test to
/// 127.0.0.1). As in Matomo, the choice is kept twice:
/// <list type="bullet">
/// <item>in the site's own cookies (mtm_consent_removed) by the page's tracker, which the frame tells by postMessage
/// and asks for the state to show; this works in every browser;</item>
/// <item>in the server's <c>matomo_ignore</c> cookie, a third-party cookie in the frame, which excludes the visitor's
/// hits on every site. The server sets it <c>SameSite=None; Secure</c>: Chromium accepts Secure cookies from
/// http://127.0.0.1 (a loopback host is a secure origin). Chromium keeps it only where third-party cookies are
/// allowed, and Debian's Chromium 156 blocks them by default: in Playwright's browser contexts and in a new
/// persistent profile alike the cookie is refused with the reason "UserPreferences" (seen with DevTools'
/// Network.responseReceivedExtraInfo; DevTools' Network.setCookieControls does not lift it). So the cross-site test
/// runs in a profile of its own whose preference profile.cookie_controls_mode is 0 (third-party cookies allowed),
/// as a visitor's browser with that setting.</item>
/// </list>
/// </summary>
[Collection(BrowserFixture.Collection)]
[Trait("Category", BrowserFixture.Category)]
public sealed class OptOutIframeBrowserTests(BrowserFixture fixture) : BrowserTestBase(fixture)
{
    private const string OptedOutLabel = "Your visits are not counted. Check this box to be counted again.";
    private const string CountedLabel = "Your visits are counted. Uncheck this box to opt out.";

    private static string Id(int idSite) => idSite.ToString(CultureInfo.InvariantCulture);

    /// <summary>A page of the tracked site carrying the snippet and the server's opt-out iframe.</summary>
    private string PrivacyPage(int idSite, string path) =>
        AddPage(idSite, path, "Privacy", body: $"""
            <iframe id="optout" style="border: 0; width: 600px; height: 200px"
                src="{WebUtility.HtmlEncode($"{Server.Address}index.php?module=CoreAdminHome&action=optOut&language=auto")}"></iframe>
            """);

    [Fact]
    public async Task Where_third_party_cookies_are_blocked_the_opt_out_iframe_keeps_the_choice_in_the_site_s_cookies()
    {
        RequireBrowser();
        var idSite = await NewSite("Opt-out iframe");
        var privacy = PrivacyPage(idSite, "/privacy-frame.html");
        await using var context = await NewContext();
        var page = await context.NewPageAsync();
        await page.GotoAsync(privacy);
        await WaitFor(() => Actions(idSite).Count >= 1 && SentRequests().Count >= 1, "the page view");
        var frame = page.FrameLocator("#optout");
        await Assertions.Expect(frame.Locator("#trackVisits")).ToBeCheckedAsync(); // counted so far
        await Assertions.Expect(frame.Locator("#label")).ToHaveTextAsync(CountedLabel);

        // Opting out in the frame: the page's tracker, told by the frame, keeps the choice in the site's
        // mtm_consent_removed; the server's cookie is refused by this browser context (third-party).
        await frame.Locator("#trackVisits").ClickAsync();
        await WaitFor(async () => (await context.CookiesAsync([Pages.Origin])).Any(c => c.Name == "mtm_consent_removed"), "the site's opt-out cookie");
        await Assertions.Expect(frame.Locator("#label")).ToHaveTextAsync(OptedOutLabel);
        Assert.DoesNotContain(await context.CookiesAsync([Server.Address.ToString()]), c => c.Name == "matomo_ignore");

        // The site's next page sends nothing, and the frame, which has no cookie of its own, shows the visitor
        // opted out: the page's tracker answered its question.
        await page.GotoAsync(privacy);
        await WaitForTracker(page);
        await Assertions.Expect(frame.Locator("#label")).ToHaveTextAsync(OptedOutLabel);
        await Assertions.Expect(frame.Locator("#trackVisits")).Not.ToBeCheckedAsync();
        Assert.Single(SentHits());
        Assert.Single(Actions(idSite));

        // Opting back in in the frame: the page view held on this page goes out (as Matomo's rememberConsentGiven
        // sends the held requests), consent is remembered in mtm_consent, and the next page is tracked.
        await frame.Locator("#trackVisits").ClickAsync();
        await WaitFor(async () => !(await context.CookiesAsync([Pages.Origin])).Any(c => c.Name == "mtm_consent_removed"), "the site's opt-out cookie to be removed");
        await Assertions.Expect(frame.Locator("#label")).ToHaveTextAsync(CountedLabel);
        Assert.Contains(await context.CookiesAsync([Pages.Origin]), c => c.Name == "mtm_consent");
        await WaitFor(() => Actions(idSite).Count >= 2, "the held page view after opting back in");
        await page.GotoAsync(privacy);
        await WaitFor(() => Actions(idSite).Count >= 3 && SentHits().Count >= 3, "the page view after opting back in");
        Assert.Equal(3, Actions(idSite).Count);
        Assert.Equal(3, SentHits().Count);
    }

    [Fact]
    public async Task Where_third_party_cookies_are_allowed_the_opt_out_iframe_s_cookie_excludes_the_visitor_on_every_site()
    {
        RequireBrowser();
        var idSite = await NewSite("Opt-out iframe, third-party cookies");
        var otherSite = await NewSite("Other site");
        var privacy = PrivacyPage(idSite, "/privacy-frame-3p.html");
        // A page of a third site: its tracker has no first-party opt-out, only the server's cookie can exclude it.
        // It sends images (GET), so that the test can wait for each hit's answer.
        var other = AddPage(otherSite, "/other.html", "Other", setup: "_paq.push(['setRequestMethod', 'GET']);")
            .Replace(Pages.Origin, $"http://other.makoto.test:{Pages.Port}", StringComparison.Ordinal);

        // A browser profile of its own whose preferences allow third-party cookies (cookie_controls_mode 0: no blocking;
        // without it this Chromium refuses the frame's cookie, see the class's remarks).
        var profile = Directory.CreateTempSubdirectory("makoto-chromium-");
        try
        {
            Directory.CreateDirectory(Path.Combine(profile.FullName, "Default"));
            await File.WriteAllTextAsync(Path.Combine(profile.FullName, "Default", "Preferences"), """{"profile":{"cookie_controls_mode":0}}""", TestContext.Current.CancellationToken);
            await using var context = await Fixture.Playwright.Chromium.LaunchPersistentContextAsync(profile.FullName, new BrowserTypeLaunchPersistentContextOptions
            {
                ExecutablePath = BrowserFixture.ChromiumPath,
                Headless = true,
                Args = BrowserFixture.ChromiumArgs,
            });
            await Observe(context);
            List<IRequest> answered = [];
            context.RequestFinished += (_, request) =>
            {
                if (IsTrackingRequest(request))
                {
                    lock (answered)
                    {
                        answered.Add(request);
                    }
                }
            };
            List<IRequest> AnsweredFor(int site)
            {
                IRequest[] all;
                lock (answered)
                {
                    all = [.. answered];
                }

                return all.Where(r => TrackingParameters(r).GetValueOrDefault("idsite") == Id(site)).ToList();
            }

            var page = await context.NewPageAsync();
            await page.GotoAsync(privacy);
            await WaitFor(() => Actions(idSite).Count >= 1, "the page view");
            var frame = page.FrameLocator("#optout");
            await Assertions.Expect(frame.Locator("#label")).ToHaveTextAsync(CountedLabel);

            // Opting out in the frame sets the server's cookie, kept as a third-party cookie: SameSite=None; Secure.
            await frame.Locator("#trackVisits").ClickAsync();
            await WaitFor(async () => (await context.CookiesAsync([Pages.Origin])).Any(c => c.Name == "mtm_consent_removed"), "the site's opt-out cookie");
            var ignore = Assert.Single(await context.CookiesAsync([Server.Address.ToString()]), c => c.Name == "matomo_ignore");
            Assert.Equal("1", ignore.Value);
            Assert.True(ignore.Secure);
            Assert.Equal(SameSiteAttribute.None, ignore.SameSite);

            // Another site: its hit leaves the browser carrying the server's cookie and is not recorded. A hit of
            // another browser (no cookie), sent after the first one was answered, is: the server, which writes the
            // hits it keeps in order, kept only that one.
            await page.GotoAsync(other);
            await WaitFor(() => AnsweredFor(otherSite).Count >= 1, "the answer to the other site's hit");
            var excluded = Assert.Single(AnsweredFor(otherSite));
            Assert.Contains("matomo_ignore=1", await excluded.HeaderValueAsync("cookie") ?? "", StringComparison.Ordinal);
            await using (var control = await NewContext())
            {
                var controlPage = await control.NewPageAsync();
                await controlPage.GotoAsync(other + "?control=1");
                await WaitFor(() => Actions(otherSite).Count >= 1, "the other browser's page view");
            }

            Assert.Equal([$"other.makoto.test:{Pages.Port}/other.html?control=1"], Actions(otherSite).Select(a => (string?)a["url"]));

            // Opting back in in the frame removes the server's cookie: the other site is tracked again.
            await page.GotoAsync(privacy);
            await Assertions.Expect(frame.Locator("#label")).ToHaveTextAsync(OptedOutLabel);
            await frame.Locator("#trackVisits").ClickAsync();
            await Assertions.Expect(frame.Locator("#label")).ToHaveTextAsync(CountedLabel);
            await WaitFor(async () => !(await context.CookiesAsync([Server.Address.ToString()])).Any(c => c.Name == "matomo_ignore"), "the server's cookie to be removed");
            await page.GotoAsync(other);
            await WaitFor(() => Actions(otherSite).Count >= 2 && AnsweredFor(otherSite).Count >= 2, "the other site's page view after opting back in");
            Assert.Equal(2, Actions(otherSite).Count);
            Assert.DoesNotContain("matomo_ignore", await AnsweredFor(otherSite)[^1].HeaderValueAsync("cookie") ?? "", StringComparison.Ordinal);
        }
        finally
        {
            profile.Delete(recursive: true);
        }
    }
}
