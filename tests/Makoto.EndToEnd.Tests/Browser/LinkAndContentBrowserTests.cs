using Microsoft.Playwright;

namespace Makoto.EndToEnd.Tests.Browser;

/// <summary>
/// The tracker's link classification options and its content methods that need a real page, in Debian's headless
/// Chromium against the real server (js-tracker.md §3.1, §3.2, §5): download and link classes, ignore classes,
/// added and removed download extensions, links added after the page loaded, middle clicks with
/// enableLinkTracking(true); impressions of visible blocks only (and on scroll), within a node added later, and an
/// interaction sent for a node. What was stored is read from the log tables.
/// </summary>
[Collection(BrowserFixture.Collection)]
[Trait("Category", BrowserFixture.Category)]
public sealed class LinkAndContentBrowserTests(BrowserFixture fixture) : BrowserTestBase(fixture)
{
    private const long Outlink = 2;
    private const long Download = 3;

    [Fact]
    public async Task Link_options_classify_clicks_and_later_links_and_middle_clicks_are_tracked()
    {
        RequireBrowser();
        var idSite = await NewSite("Link options");
        const string Setup = """
            _paq.push(['setDownloadClasses', 'get-file']);
            _paq.push(['setLinkClasses', ['leave']]);
            _paq.push(['setIgnoreClasses', 'no-track']);
            _paq.push(['addDownloadExtensions', 'tea']);
            _paq.push(['removeDownloadExtensions', 'zip']);
            _paq.push(['enableLinkTracking', true]);
            """;
        const string Stay = "onclick=\"event.preventDefault()\" onauxclick=\"event.preventDefault()\"";
        var url = AddPage(idSite, "/link-options.html", "Link options", setup: Setup, body: $"""
            <a id="ignored" class="no-track" href="https://partner.example.com/ignored" {Stay}>Ignored by class</a>
            <a id="zip" href="/files/archive.zip" {Stay}>No longer a download</a>
            <a id="by-class" class="get-file" href="/plain-page" {Stay}>Download by class</a>
            <a id="leave" class="leave" href="/internal-page" {Stay}>Outlink by class</a>
            <a id="tea" href="/leaves/green.tea" {Stay}>Added extension</a>
            <a id="middle" href="https://partner.example.com/middle" {Stay}>Middle click</a>
            <div id="later"></div>
            """);
        await using var context = await NewContext();
        var page = await context.NewPageAsync();
        await page.GotoAsync(url);
        await WaitFor(() => Actions(idSite).Count >= 1, "the page view");
        await WaitForTracker(page);

        await page.ClickAsync("#ignored");
        await page.ClickAsync("#zip");
        await page.ClickAsync("#by-class");
        await WaitFor(() => Actions(idSite).Count >= 2, "the download marked by its class");
        await page.ClickAsync("#leave");
        await WaitFor(() => Actions(idSite).Count >= 3, "the outlink marked by its class");
        await page.ClickAsync("#tea");
        await WaitFor(() => Actions(idSite).Count >= 4, "the download by an added extension");
        await page.ClickAsync("#middle", new PageClickOptions { Button = MouseButton.Middle });
        await WaitFor(() => Actions(idSite).Count >= 5, "the middle click");
        // A link the page adds after loading is tracked too (the tracker listens on the document).
        await page.EvaluateAsync("""
            () => {
                const link = document.createElement('a');
                link.id = 'late';
                link.href = 'https://partner.example.com/late';
                link.textContent = 'Late';
                link.addEventListener('click', (event) => event.preventDefault());
                document.getElementById('later').appendChild(link);
            }
            """);
        await page.ClickAsync("#late");
        await WaitFor(() => Actions(idSite).Count >= 6 && SentHits().Count >= 6, "the link added later");

        // Six hits left the browser: the ignored link and the zip file (clicked first) sent nothing.
        Assert.Equal(6, SentHits().Count);
        var actions = Actions(idSite).Skip(1).Select(a => ((long?)a["url_type"], (string?)a["url"])).ToList();
        var origin = "localhost:" + Pages.Port;
        Assert.Equal(
            [
                (Download, origin + "/plain-page"),
                (Outlink, origin + "/internal-page"),
                (Download, origin + "/leaves/green.tea"),
                (Outlink, "https://partner.example.com/middle"),
                (Outlink, "https://partner.example.com/late"),
            ],
            actions.Select(a => (a.Item1 ?? 0, a.Item2!.Replace("http://", "", StringComparison.Ordinal))));
    }

    [Fact]
    public async Task Visible_content_is_counted_when_seen_content_added_later_by_node_and_an_interaction_by_node()
    {
        RequireBrowser();
        var idSite = await NewSite("Visible content");
        var url = AddPage(idSite, "/visible-content.html", "Visible content", setup: "_paq.push(['trackVisibleContentImpressions', true, 750]);", body: """
            <div data-track-content data-content-name="Top banner" data-content-piece="top.png">Top</div>
            <div style="height: 4000px">Long text</div>
            <div data-track-content data-content-name="Bottom banner" data-content-piece="bottom.png">Bottom</div>
            <div id="later"></div>
            """);
        await using var context = await NewContext();
        var page = await context.NewPageAsync();
        await page.GotoAsync(url);
        await WaitFor(() => ContentNames(idSite).Contains("Top banner"), "the impression of the visible block");
        Assert.DoesNotContain("Bottom banner", ContentNames(idSite)); // below the fold: not seen yet
        Assert.DoesNotContain(SentHits(), h => h.GetValueOrDefault("c_n") == "Bottom banner");

        // Scrolling to it makes it seen.
        await page.EvaluateAsync("() => window.scrollTo(0, document.body.scrollHeight)");
        await WaitFor(() => ContentNames(idSite).Contains("Bottom banner"), "the impression after scrolling");

        // A block the page adds later is counted by trackContentImpressionsWithinNode, and an interaction is sent
        // for it by trackContentInteractionNode.
        await page.EvaluateAsync("""
            () => {
                document.getElementById('later').innerHTML =
                    '<div id="late-block" data-track-content data-content-name="Late offer" data-content-piece="late.png" data-content-target="/offer">Late</div>';
                _paq.push(['trackContentImpressionsWithinNode', document.getElementById('later')]);
                _paq.push(['trackContentInteractionNode', document.getElementById('late-block'), 'hover']);
            }
            """);
        await WaitFor(() => Actions(idSite).Count(a => (string?)a["content_name"] == "Late offer") >= 2, "the late block's impression and interaction");
        var late = Actions(idSite).Where(a => (string?)a["content_name"] == "Late offer").ToList();
        Assert.Equal([null, "hover"], late.Select(a => (string?)a["content_interaction"]).Order());
        Assert.All(late, a => Assert.Equal("late.png", a["content_piece"]));
        Assert.All(late, a => Assert.Equal("/offer", a["content_target"]));
        Assert.Equal(["Bottom banner", "Late offer", "Top banner"], ContentNames(idSite).Distinct().Order());
    }

    private List<string> ContentNames(int idSite) =>
        Actions(idSite).Where(a => a["content_name"] is string).Select(a => (string)a["content_name"]!).ToList();
}
