using System.Globalization;
using Microsoft.Playwright;

namespace Makoto.Ui.Tests;

/// <summary>Administration pages in a real browser: websites and their tracking code.</summary>
[Collection(SeededServer.Collection)]
[Trait("Category", "Browser")]
public sealed class AdministrationTests(SeededServer seeded)
{
    [Fact]
    public async Task Adding_a_website_shows_its_tracking_code_and_editing_it_saves_the_changes()
    {
        var (page, errors) = await seeded.LoggedInPageAsync();
        await page.GotoAsync("/admin/websites");
        await Assertions.Expect(page.Locator($"[data-testid=websites] tr[data-site='1']")).ToContainTextAsync(SeededServer.SiteName);

        await page.GetByTestId("add-website").ClickAsync();
        await page.WaitForAddressAsync(url => url.EndsWith("/admin/websites/new", StringComparison.Ordinal));
        await page.GetByLabel("Name", new() { Exact = true }).FillAsync("Blog");
        await page.GetByLabel("URLs", new() { Exact = true }).FillAsync("https://blog.example.net\nwww.blog.example.net");
        await page.GetByTestId("save-website").ClickAsync();

        await page.WaitForAddressAsync(url => url.Contains("/admin/websites/", StringComparison.Ordinal) && !url.Contains("/new", StringComparison.Ordinal));
        var id = int.Parse(new Uri(page.Url).AbsolutePath.Split('/')[^1], CultureInfo.InvariantCulture);
        var code = page.GetByTestId("tracking-code-js");
        await Assertions.Expect(code).ToContainTextAsync($"_paq.push(['setSiteId', '{id}']);");
        await Assertions.Expect(code).ToContainTextAsync($"var u = \"//{seeded.Server.Address.Authority}/\";");

        var site = await seeded.Server.ApiJsonAsync($"method=SitesManager.getSiteFromId&idSite={id}");
        Assert.Equal("Blog", site.GetProperty("name").GetString());
        Assert.Equal("https://blog.example.net", site.GetProperty("main_url").GetString());
        var urls = await seeded.Server.ApiAsync($"method=SitesManager.getSiteUrlsFromId&idSite={id}");
        Assert.Equal("""["https://blog.example.net","http://www.blog.example.net"]""", urls);

        // Edit: rename, switch ecommerce on, exclude an IP.
        await page.GetByLabel("Name", new() { Exact = true }).FillAsync("Our blog");
        await page.GetByLabel("Ecommerce site").CheckAsync();
        await page.GetByLabel("Excluded IPs").FillAsync("10.9.9.9");
        await page.GetByTestId("save-website").ClickAsync();
        await Assertions.Expect(page.GetByText("The website is saved.")).ToBeVisibleAsync();
        site = await seeded.Server.ApiJsonAsync($"method=SitesManager.getSiteFromId&idSite={id}");
        Assert.Equal("Our blog", site.GetProperty("name").GetString());
        Assert.Equal(1, site.GetProperty("ecommerce").GetInt32());
        Assert.Equal("10.9.9.9", site.GetProperty("excluded_ips").GetString());

        await SeededServer.ScreenshotAsync(page, "admin-website");
        Assert.Empty(errors);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_website_without_a_url_is_refused_with_the_reason()
    {
        var (page, errors) = await seeded.LoggedInPageAsync();
        await page.GotoAsync("/admin/websites/new");
        await page.GetByLabel("Name", new() { Exact = true }).FillAsync("Broken");
        await page.GetByLabel("URLs", new() { Exact = true }).FillAsync("http://");
        await page.GetByTestId("save-website").ClickAsync();
        await Assertions.Expect(page.GetByTestId("save-error")).ToContainTextAsync("is not a valid URL");
        Assert.Empty(errors);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_goal_added_in_the_administration_is_stored_and_listed_in_the_menu()
    {
        var (page, errors) = await seeded.LoggedInPageAsync();
        await page.GotoAsync("/admin/goals?idSite=1&period=day&date=yesterday");
        await Assertions.Expect(page.Locator("[data-testid=goals] tr[data-goal]").First).ToContainTextAsync("Signup");

        await page.GetByTestId("add-goal").ClickAsync();
        var form = page.GetByTestId("goal-form");
        await form.GetByLabel("Goal name").FillAsync("Read the prices");
        await form.GetByLabel("Pattern", new() { Exact = true }).FillAsync("/pricing");
        await page.GetByTestId("save-goal").ClickAsync();
        await Assertions.Expect(page.GetByText("The goal Read the prices is added.")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("[data-testid=goals]")).ToContainTextAsync("visits a URL that contains \"/pricing\"");

        var goals = await seeded.Server.ApiJsonAsync("method=Goals.getGoals&idSite=1");
        var added = goals.EnumerateArray().Single(g => g.GetProperty("name").GetString() == "Read the prices");
        Assert.Equal("url", added.GetProperty("match_attribute").GetString());
        Assert.Equal("/pricing", added.GetProperty("pattern").GetString());
        Assert.Equal("contains", added.GetProperty("pattern_type").GetString());

        // The report menu lists the site's goals: the new one is there after the next navigation.
        await page.GotoAsync("/reports/goals/overview?idSite=1&period=day&date=yesterday");
        await Assertions.Expect(page.Locator("nav a", new() { HasTextString = "Read the prices" })).ToHaveCountAsync(1);
        Assert.Empty(errors);
        await page.Context.CloseAsync();
    }
}
