using Microsoft.Playwright;

namespace Makoto.Ui.Tests;

/// <summary>Moving and removing dashboard widgets in a real browser: the layout is saved for the user (user_dashboard) and for nobody else.</summary>
[Collection(SeededServer.Collection)]
[Trait("Category", "Browser")]
public sealed class DashboardLayoutTests(SeededServer seeded)
{
    [Fact]
    public async Task Moved_and_removed_widgets_stay_so_after_a_reload_and_only_for_that_user()
    {
        // A user of its own: the other tests read the super user's default dashboard.
        Assert.Contains("success", await seeded.Server.ApiAsync("method=UsersManager.addUser&userLogin=heidi&password=heidi-secret&email=heidi%40example.org"), StringComparison.Ordinal);
        Assert.Contains("success", await seeded.Server.ApiAsync("method=UsersManager.setUserAccess&userLogin=heidi&access=view&idSites=1"), StringComparison.Ordinal);
        var context = await seeded.Browser.NewContextAsync(new() { BaseURL = seeded.Server.Address.ToString(), ViewportSize = new() { Width = 1366, Height = 900 } });
        context.SetDefaultTimeout(30_000);
        var page = await context.NewPageAsync();
        var errors = new List<string>();
        page.PageError += (_, error) => errors.Add(error);
        await page.GotoAsync("/login");
        await page.FillAsync("#login", "heidi");
        await page.FillAsync("#password", "heidi-secret");
        await page.ClickAsync("button[type=submit]");
        await page.WaitForAddressAsync(url => !url.Contains("/login", StringComparison.Ordinal));
        await page.GotoAsync("/dashboard?idSite=1&period=day&date=yesterday");
        await Assertions.Expect(page.GetByTestId("dashboard")).ToBeVisibleAsync();

        // Matomo's default layout: 2, 3 and 3 widgets in three columns.
        var before = await ColumnsAsync(page);
        Assert.Equal([2, 3, 3], before.Select(c => c.Length));
        var (first, second) = (before[0][0], before[0][1]);
        var removed = before[2][0];

        // The second widget of the first column goes up, the first column's (now second) widget goes to the middle column.
        await page.Locator($"[data-widget='{second}'] button[aria-label$=' up']").ClickAsync();
        await Assertions.Expect(page.Locator("[data-column='0'] [data-widget]").First).ToHaveAttributeAsync("data-widget", second);
        await page.Locator($"[data-widget='{first}'] button[aria-label$=' to the right column']").ClickAsync();
        await Assertions.Expect(page.Locator($"[data-column='1'] [data-widget='{first}']")).ToHaveCountAsync(1);
        await page.Locator($"[data-widget='{removed}'] [data-testid=remove-widget]").ClickAsync();
        await Assertions.Expect(page.Locator($"[data-widget='{removed}']")).ToHaveCountAsync(0);

        // Column 1 was [m1, m2, m3]: the moved widget keeps its row (index 1) there.
        string[][] expected = [[second], [before[1][0], first, before[1][1], before[1][2]], [before[2][1], before[2][2]]];
        Assert.Equal(expected, await ColumnsAsync(page));

        await page.ReloadAsync();
        await Assertions.Expect(page.GetByTestId("dashboard")).ToBeVisibleAsync();
        Assert.Equal(expected, await ColumnsAsync(page));

        // The stored layout, read through the API: seven widgets for heidi, the default eight for the super user.
        var heidi = await seeded.Server.ApiJsonAsync("method=Dashboard.getDashboards&login=heidi");
        Assert.Equal(7, heidi[0].GetProperty("widgets").GetArrayLength());
        var admin = await seeded.Server.ApiJsonAsync("method=Dashboard.getDashboards&login=" + Makoto.EndToEnd.Tests.TestServer.Login);
        Assert.Equal(8, admin[0].GetProperty("widgets").GetArrayLength());

        Assert.Empty(errors);
        await context.CloseAsync();
    }

    /// <summary>The widget ids of each dashboard column, top to bottom.</summary>
    private static async Task<string[][]> ColumnsAsync(IPage page)
    {
        var columns = new List<string[]>();
        foreach (var column in await page.Locator(".mk-dashboard-column").AllAsync())
        {
            columns.Add(await column.Locator("[data-widget]").EvaluateAllAsync<string[]>("widgets => widgets.map(w => w.getAttribute('data-widget'))"));
        }

        return [.. columns];
    }
}
