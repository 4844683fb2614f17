using Microsoft.Playwright;

namespace Makoto.Ui.Tests;

/// <summary>The UI in a real headless Chromium against a real server with tracked visits (see <see cref="SeededServer"/>).</summary>
[Collection(SeededServer.Collection)]
[Trait("Category", "Browser")]
public sealed class BrowserTests(SeededServer seeded)
{
    private static string View => "idSite=1&period=day&date=yesterday";

    [Fact]
    public async Task Dashboard_shows_the_default_widgets_with_the_days_numbers()
    {
        var (page, errors) = await seeded.LoggedInPageAsync();
        await page.GotoAsync("/dashboard?" + View);

        var dashboard = page.GetByTestId("dashboard");
        await Assertions.Expect(dashboard).ToBeVisibleAsync();
        var visits = page.Locator("[data-testid=sparklines] [data-metric=nb_visits] .mk-sparkline-value");
        await Assertions.Expect(visits).ToHaveTextAsync("3");
        await Assertions.Expect(page.Locator("[data-testid=sparklines] [data-metric=nb_actions] .mk-sparkline-value")).ToHaveTextAsync("5");
        await Assertions.Expect(page.Locator(".mk-widget-title").First).ToBeVisibleAsync();
        var titles = await page.Locator(".mk-widget-title").AllInnerTextsAsync();
        Assert.Contains("Visits overview", titles);
        Assert.Contains("Real-time visitors", titles);

        await SeededServer.ScreenshotAsync(page, "dashboard");
        Assert.Empty(errors);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Pages_report_expands_a_folder_into_its_pages()
    {
        var (page, errors) = await seeded.LoggedInPageAsync();
        await page.GotoAsync("/reports/behaviour/pages?" + View);

        var report = page.Locator("[data-report='Actions.getPageUrls']");
        var folder = report.Locator("tr[data-label='products']");
        await Assertions.Expect(folder).ToBeVisibleAsync();
        // Columns: label, then the main metrics; pageviews of the folder: shoe twice, boot once.
        await Assertions.Expect(folder.Locator("td").Nth(1)).ToHaveTextAsync("3");

        await folder.GetByTestId("expand").ClickAsync();
        await Assertions.Expect(report.Locator("tr[data-label='/shoe'] td").Nth(1)).ToHaveTextAsync("2");
        await Assertions.Expect(report.Locator("tr[data-label='/boot'] td").Nth(1)).ToHaveTextAsync("1");

        await SeededServer.ScreenshotAsync(page, "report-pages");
        Assert.Empty(errors);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Visitor_log_lists_each_visit_with_its_actions()
    {
        var (page, errors) = await seeded.LoggedInPageAsync();
        await page.GotoAsync("/reports/visitors/visits-log?" + View);

        var visits = page.Locator("[data-testid=visit-list] article");
        await Assertions.Expect(visits).ToHaveCountAsync(3);
        // Newest first: the Safari visit (Home, then the shoe), ..., the Chrome visit that converted.
        await Assertions.Expect(visits.Nth(0).Locator("ol li")).ToHaveCountAsync(2);
        await Assertions.Expect(visits.Nth(0)).ToContainTextAsync("Safari");
        await Assertions.Expect(visits.Nth(0)).ToContainTextAsync("blog.example.com");
        await Assertions.Expect(visits.Nth(1)).ToContainTextAsync("Firefox");
        await Assertions.Expect(visits.Nth(2)).ToContainTextAsync("Google");
        await Assertions.Expect(visits.Nth(2)).ToContainTextAsync("Converted");
        await Assertions.Expect(visits.Nth(2).Locator("ol li").Nth(1)).ToContainTextAsync("Signup");

        await SeededServer.ScreenshotAsync(page, "visitor-log");
        Assert.Empty(errors);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Period_and_segment_change_the_numbers()
    {
        var (page, errors) = await seeded.LoggedInPageAsync();
        await page.GotoAsync("/reports/visitors/overview?" + View);
        var visits = page.Locator("[data-testid=sparklines] [data-metric=nb_visits] .mk-sparkline-value");
        await Assertions.Expect(visits).ToHaveTextAsync("3");

        // The day before: no visit.
        await page.GetByLabel("Previous period").ClickAsync();
        var before = SeededServer.Day.AddDays(-1).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        await page.WaitForAddressAsync(url => url.Contains("date=" + before, StringComparison.Ordinal));
        await Assertions.Expect(visits).ToHaveTextAsync("0");

        // Back to the seeded day with a segment: only the Firefox visit, or, while the server has no segments, its explanation.
        var segment = Uri.EscapeDataString("browserCode==FF");
        await page.GotoAsync("/reports/visitors/overview?" + View + "&segment=" + segment);
        await Assertions.Expect(page.GetByTestId("segment-selector").GetByLabel("Segment", new() { Exact = true })).ToHaveValueAsync("browserCode==FF");
        var answer = await seeded.Server.ApiAsync("method=VisitsSummary.get&idSite=1&period=day&date=yesterday&segment=" + segment);
        if (answer.Contains("\"result\":\"error\"", StringComparison.Ordinal))
        {
            await Assertions.Expect(page.Locator("[data-testid=sparklines] .mud-alert")).ToContainTextAsync("Segments are not supported");
        }
        else
        {
            await Assertions.Expect(visits).ToHaveTextAsync("1");
        }

        Assert.Empty(errors);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Every_report_page_of_the_menu_opens_without_an_error()
    {
        var (page, errors) = await seeded.LoggedInPageAsync();
        await page.GotoAsync("/dashboard?" + View);
        await Assertions.Expect(page.GetByTestId("dashboard")).ToBeVisibleAsync();
        var links = await page.Locator("nav a[href*='/reports/']").EvaluateAllAsync<string[]>("links => links.map(a => a.getAttribute('href'))");
        // Closed menu groups render no links: open them all first.
        foreach (var group in await page.Locator(".mud-nav-group > button").AllAsync())
        {
            if (await group.GetAttributeAsync("aria-expanded") == "false")
            {
                await group.ClickAsync();
            }
        }

        links = await page.Locator("nav a[href*='/reports/']").EvaluateAllAsync<string[]>("links => links.map(a => a.getAttribute('href'))");
        foreach (var category in new[] { "/reports/visitors/", "/reports/behaviour/", "/reports/acquisition/", "/reports/goals/" })
        {
            Assert.Contains(links, l => l.StartsWith(category, StringComparison.Ordinal));
        }

        foreach (var link in links.Distinct())
        {
            await page.GotoAsync(link);
            await Assertions.Expect(page.Locator(".mk-report-page, h1:has-text('Report not found')").First).ToBeVisibleAsync();
            await Assertions.Expect(page.Locator("h1")).Not.ToHaveTextAsync("Report not found");
            await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
            var loading = page.Locator(".mud-progress-linear.mud-progress-indeterminate");
            for (var wait = 0; wait < 40 && await loading.CountAsync() > 0; wait++)
            {
                await Task.Delay(500);
            }

            Assert.True(await loading.CountAsync() == 0, $"{link} is still loading after 20 seconds.");
            var alerts = await page.Locator(".mud-alert").AllInnerTextsAsync();
            Assert.True(alerts.Count == 0, $"{link}: {string.Join(" | ", alerts)}");
        }

        Assert.Empty(errors);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task At_phone_width_the_dashboard_and_a_report_fit_the_screen()
    {
        var (page, errors) = await seeded.LoggedInPageAsync(width: 390, height: 844);
        foreach (var path in new[] { "/dashboard?", "/reports/behaviour/pages?" })
        {
            await page.GotoAsync(path + View);
            await Assertions.Expect(page.Locator(".mk-widget").First).ToBeVisibleAsync();
            // Measured once every widget has rendered its report (no loading bar left), not after a fixed time.
            await Assertions.Expect(page.Locator(".mud-progress-linear.mud-progress-indeterminate")).ToHaveCountAsync(0);
            // Wide tables scroll inside their widget; the page itself never scrolls sideways.
            var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - window.innerWidth");
            Assert.True(overflow <= 0, $"{path}: the page is {overflow}px wider than the phone's screen.");
        }

        await SeededServer.ScreenshotAsync(page, "phone-report");
        Assert.Empty(errors);
        await page.Context.CloseAsync();
    }
}
