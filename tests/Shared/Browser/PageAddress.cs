using System.Diagnostics;
using Microsoft.Playwright;

namespace Makoto.Tests.Browser;

/// <summary>Waiting for a page's address by asking the browser, not by catching a navigation event.</summary>
/// <remarks>
/// <c>IPage.WaitForURLAsync</c> checks the address, then subscribes to navigations; a navigation that lands in
/// between is missed and the wait runs out its whole timeout although the page is already there
/// (microsoft/playwright-dotnet#3364, open in 1.64). A Blazor <c>NavigateTo</c> after a server round trip lands
/// there often enough to fail a CI run now and then. Asking <c>location.href</c> until it matches has no such window.
/// </remarks>
public static class PageAddress
{
    private const int PollMs = 50;

    /// <summary>Waits until the page's address satisfies <paramref name="matches"/>, then until that page has loaded.</summary>
    public static async Task WaitForAddressAsync(this IPage page, Func<string, bool> matches, int timeoutMs = 120_000)
    {
        var clock = Stopwatch.StartNew();
        var last = page.Url;
        while (true)
        {
            try
            {
                last = await page.EvaluateAsync<string>("() => location.href");
            }
            catch (PlaywrightException)
            {
                // The document is being replaced (a full navigation): ask again on the next one.
            }

            if (matches(last))
            {
                var left = Math.Max(1_000, timeoutMs - (int)clock.ElapsedMilliseconds);
                await page.WaitForLoadStateAsync(LoadState.Load, new() { Timeout = left });
                return;
            }

            if (clock.ElapsedMilliseconds > timeoutMs)
            {
                throw new TimeoutException($"The page did not reach the expected address within {timeoutMs} ms; it stayed at {last}.");
            }

            await Task.Delay(PollMs);
        }
    }
}
