using System.Text.Json;
using Microsoft.Playwright;

namespace Makoto.Ui.Tests;

/// <summary>The segment editor in a real browser: a segment built from the dimension list, saved, applied, changed and deleted.</summary>
[Collection(SeededServer.Collection)]
[Trait("Category", "Browser")]
public sealed class SegmentEditorTests(SeededServer seeded)
{
    private const string View = "idSite=1&period=day&date=yesterday";

    [Fact]
    public async Task A_segment_built_from_the_dimension_list_is_saved_applied_changed_and_deleted()
    {
        var (page, errors) = await seeded.LoggedInPageAsync();
        await page.GotoAsync("/reports/visitors/overview?" + View);
        var visits = page.Locator("[data-testid=sparklines] [data-metric=nb_visits] .mk-sparkline-value");
        await Assertions.Expect(visits).ToHaveTextAsync("3");

        // Browser code is Firefox: only the second seeded visit.
        await page.GetByTestId("segment-edit").ClickAsync();
        var dialog = page.Locator(".mud-dialog");
        await ChooseAsync(page, dialog.Locator(".mk-segment-dimension").First, "Browser code");
        await dialog.GetByLabel("Value").FillAsync("FF");
        await Assertions.Expect(dialog.GetByLabel("Segment definition")).ToHaveValueAsync("browserCode==FF");
        await dialog.GetByTestId("segment-save").ClickAsync();
        await Assertions.Expect(dialog.GetByTestId("segment-save-error")).ToContainTextAsync("Give the segment a name");
        await dialog.GetByLabel("Name (to save the segment)").FillAsync("Firefox visitors");
        // The screenshot only: let the field's label settle after the round trip to the server.
        await page.WaitForTimeoutAsync(500);
        await SeededServer.ScreenshotAsync(page, "segment-editor");
        await dialog.GetByTestId("segment-save").ClickAsync();

        await page.WaitForAddressAsync(url => url.Contains("segment=browserCode%3D%3DFF", StringComparison.Ordinal));
        await Assertions.Expect(visits).ToHaveTextAsync("1");
        await Assertions.Expect(page.GetByTestId("segment-selector").GetByLabel("Segment", new() { Exact = true })).ToHaveValueAsync("Firefox visitors");
        var stored = await StoredAsync("Firefox visitors");
        Assert.Equal("browserCode==FF", stored.GetProperty("definition").GetString());
        Assert.Equal("1", stored.GetProperty("enable_only_idsite").ToString());
        var id = stored.GetProperty("idsegment").ToString();

        // Editing the applied stored segment changes it in place: Chrome, the first visit.
        await page.GetByTestId("segment-edit").ClickAsync();
        await Assertions.Expect(dialog.GetByLabel("Name (to save the segment)")).ToHaveValueAsync("Firefox visitors");
        await dialog.GetByLabel("Value").FillAsync("CH");
        await dialog.GetByLabel("Name (to save the segment)").FillAsync("Chrome visitors");
        await dialog.GetByTestId("segment-save").ClickAsync();
        await page.WaitForAddressAsync(url => url.Contains("segment=browserCode%3D%3DCH", StringComparison.Ordinal));
        await Assertions.Expect(visits).ToHaveTextAsync("1");
        await Assertions.Expect(page.GetByTestId("segment-selector").GetByLabel("Segment", new() { Exact = true })).ToHaveValueAsync("Chrome visitors");
        stored = await StoredAsync("Chrome visitors");
        Assert.Equal(id, stored.GetProperty("idsegment").ToString());
        Assert.Equal("browserCode==CH", stored.GetProperty("definition").GetString());

        // Deleting it goes back to all visits.
        await page.GetByTestId("segment-edit").ClickAsync();
        await dialog.GetByTestId("segment-delete").ClickAsync();
        await page.WaitForAddressAsync(url => !url.Contains("segment=", StringComparison.Ordinal));
        await Assertions.Expect(visits).ToHaveTextAsync("3");
        var all = await seeded.Server.ApiJsonAsync("method=SegmentEditor.getAll&idSite=1");
        Assert.DoesNotContain(all.EnumerateArray(), s => s.GetProperty("idsegment").ToString() == id);

        Assert.Empty(errors);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Conditions_in_two_groups_are_joined_with_and_and_applied_without_saving()
    {
        var (page, errors) = await seeded.LoggedInPageAsync();
        await page.GotoAsync("/reports/visitors/overview?" + View);
        var visits = page.Locator("[data-testid=sparklines] [data-metric=nb_visits] .mk-sparkline-value");
        await Assertions.Expect(visits).ToHaveTextAsync("3");

        // Actions at least 2 (the Chrome and the Safari visits) AND browser is not Chrome: the Safari visit.
        await page.GetByTestId("segment-edit").ClickAsync();
        var dialog = page.Locator(".mud-dialog");
        await ChooseAsync(page, dialog.Locator(".mk-segment-dimension").First, "Number of actions");
        await ChooseAsync(page, dialog.Locator(".mk-segment-operator").First, "At least");
        await dialog.GetByLabel("Value").First.FillAsync("2");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "And", Exact = true }).ClickAsync();
        await ChooseAsync(page, dialog.Locator(".mk-segment-dimension").Nth(1), "Browser code");
        await ChooseAsync(page, dialog.Locator(".mk-segment-operator").Nth(1), "Is not");
        await dialog.GetByLabel("Value").Nth(1).FillAsync("CH");
        await Assertions.Expect(dialog.GetByLabel("Segment definition")).ToHaveValueAsync("actions>=2;browserCode!=CH");
        await dialog.GetByTestId("segment-apply").ClickAsync();

        await page.WaitForAddressAsync(url => Uri.UnescapeDataString(url).Contains("segment=actions>=2;browserCode!=CH", StringComparison.Ordinal));
        await Assertions.Expect(visits).ToHaveTextAsync("1");
        Assert.Empty(errors);
        await page.Context.CloseAsync();
    }

    /// <summary>Opens a MudSelect and picks the item whose text is exactly <paramref name="text"/>.</summary>
    private static async Task ChooseAsync(IPage page, ILocator select, string text)
    {
        await select.ClickAsync();
        var item = page.Locator(".mud-popover-open .mud-list-item").Filter(new() { HasTextRegex = new System.Text.RegularExpressions.Regex("^\\s*" + System.Text.RegularExpressions.Regex.Escape(text) + "\\s*$") });
        await item.First.ClickAsync();
        await Assertions.Expect(page.Locator(".mud-popover-open .mud-list-item")).ToHaveCountAsync(0);
    }

    private async Task<JsonElement> StoredAsync(string name)
    {
        var all = await seeded.Server.ApiJsonAsync("method=SegmentEditor.getAll&idSite=1");
        return all.EnumerateArray().Single(s => s.GetProperty("name").GetString() == name);
    }
}
