using System.Diagnostics;
using Microsoft.Playwright;

namespace Makoto.Tests.Browser;

/// <summary>Waiting for a page's address by asking the browser, not by catching a navigation event.</summary>
/// <remarks>
/// <c>IPage.WaitForURLAsync</c> checks the address, then subscribes to navigations; a navigation that lands in
/// between is missed and the wait runs out its whole timeout although the page is already there
/// (microsoft/playwright-dotnet#3364, open in 1.64). A Blazor <c>NavigateTo</c> after a server round trip lands
/// there often enough to fail a CI run now and then. Asking <c>location.href</c> until it matches has no such window.
/// The page having loaded is asked the same way (<c>document.readyState</c> of the document now in the page):
/// <c>WaitForLoadStateAsync</c> once waited out its whole timeout after the address had matched (CI, 24 Nov 2026,
/// after a login's redirect), its "load" state belonging to a navigation it had seen start.
/// </remarks>
public static class PageAddress
{
    private const int PollMs = 50;

    /// <summary>Waits until the page's address satisfies <paramref name="matches"/> and that page has loaded.</summary>
    public static async Task WaitForAddressAsync(this IPage page, Func<string, bool> matches, int timeoutMs = 120_000)
    {
        var clock = Stopwatch.StartNew();
        var last = page.Url;
        while (true)
        {
            var loaded = false;
            try
            {
                // Both from the same document: its address, and whether it has loaded (readyState becomes
                // "complete" in the task that fires its load event).
                var state = await page.EvaluateAsync<string[]>("() => [location.href, document.readyState]");
                last = state[0];
                loaded = state[1] == "complete";
            }
            catch (PlaywrightException)
            {
                // The document is being replaced (a full navigation): ask again on the next one.
            }

            if (matches(last) && loaded)
            {
                return;
            }

            if (clock.ElapsedMilliseconds > timeoutMs)
            {
                throw new TimeoutException(matches(last)
                    ? $"The page reached {last} but did not finish loading within {timeoutMs} ms."
                    : $"The page did not reach the expected address within {timeoutMs} ms; it stayed at {last}.");
            }

            await Task.Delay(PollMs);
        }
    }
}
