using System.Globalization;
using Makoto.EndToEnd.Tests;
using Microsoft.Playwright;

namespace Makoto.Ui.Tests;

/// <summary>
/// One Makoto server for the browser tests, seeded with three visits on the day before today (the UI's
/// default date), and one headless Chromium (Debian's, <c>/usr/bin/chromium</c>, or <c>MAKOTO_CHROMIUM</c>).
/// </summary>
/// <remarks>
/// The visits, all on site 1 "Shop" (UTC) on <see cref="Day"/>:
/// 1. Chrome on Windows, 10.1.0.1, from a Google search for "shoes": /products/shoe ("Products / Red shoe"),
///    then /signup ("Signup"), which converts the goal "Signup".
/// 2. Firefox on Linux, 10.2.0.2, direct: /products/boot ("Products / Boot").
/// 3. Safari on macOS, 10.3.0.3, from https://blog.example.com/post: / ("Home"), then /products/shoe.
/// So: 3 visits, 5 pageviews; the folder "products" has 3 pageviews (shoe 2, boot 1).
/// </remarks>
public sealed class SeededServer : IAsyncLifetime
{
    public const string SiteName = "Shop";

    /// <summary>
    /// The browser tests' collection: one page at a time, because the tests share the server and its data, and on a
    /// busy machine parallel pages slow each other down to timeouts. Its tests carry the trait Category=Browser, which
    /// .ci/run runs in a step of their own.
    /// </summary>
    public const string Collection = "Browser";

    /// <summary>How long a page, a navigation or an expectation may take on a loaded machine (ends as soon as it holds).</summary>
    private const int TimeoutMs = 120_000;

    private const string Chrome = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36";
    private const string Firefox = "Mozilla/5.0 (X11; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0";
    private const string Safari = "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Safari/605.1.15";

    private IPlaywright? _playwright;

    public TestServer Server { get; private set; } = default!;

    /// <summary>
    /// The headless browser. Without Chromium a test that asks for it is skipped with the reason, except in
    /// CI (<c>CI=true</c>) or with <c>MAKOTO_REQUIRE_BROWSER=1</c>, where the fixture fails instead.
    /// </summary>
    public IBrowser Browser
    {
        get
        {
            if (_skipReason is { } reason)
            {
                Assert.Skip(reason);
            }

            return _browser!;
        }
    }

    private IBrowser? _browser;
    private string? _skipReason;

    public static DateOnly Day { get; } = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-1);

    /// <summary>Where screenshots are written (the test output folder).</summary>
    public static string Screenshots { get; } = Path.Combine(AppContext.BaseDirectory, "screenshots");

    public async ValueTask InitializeAsync()
    {
        Server = await TestServer.StartAsync();
        var site = await Server.AddSiteAsync(SiteName, "http://shop.example.org");
        await Server.ApiAsync($"method=Goals.addGoal&idSite={site}&name=Signup&matchAttribute=url&pattern=signup&patternType=contains");
        var day = Day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        string Hit(string ip, string ua, string time, string url, string title, string referrer = "") =>
            $"idsite={site}&rec=1&cip={ip}&token_auth={TestServer.Token}&cdt={day}%20{time}&ua={Uri.EscapeDataString(ua)}&lang=en-us"
            + $"&url={Uri.EscapeDataString("http://shop.example.org" + url)}&action_name={Uri.EscapeDataString(title)}"
            + (referrer.Length > 0 ? "&urlref=" + Uri.EscapeDataString(referrer) : "");
        var answer = await Server.TrackBulkAsync(
        [
            Hit("10.1.0.1", Chrome, "09:00:00", "/products/shoe", "Products / Red shoe", "https://www.google.com/search?q=shoes"),
            Hit("10.1.0.1", Chrome, "09:01:00", "/signup", "Signup"),
            Hit("10.2.0.2", Firefox, "11:00:00", "/products/boot", "Products / Boot"),
            Hit("10.3.0.3", Safari, "14:00:00", "/", "Home", "https://blog.example.com/post"),
            Hit("10.3.0.3", Safari, "14:02:00", "/products/shoe", "Products / Red shoe"),
        ]);
        Assert.Equal(5, answer.GetProperty("tracked").GetInt32());

        var chromium = Environment.GetEnvironmentVariable("MAKOTO_CHROMIUM") is { Length: > 0 } configured ? configured : "/usr/bin/chromium";
        if (!File.Exists(chromium))
        {
            var reason = $"The browser tests need Chromium at {chromium}: install Debian's package (apt-get install chromium) or set MAKOTO_CHROMIUM.";
            var required = string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase)
                || Environment.GetEnvironmentVariable("MAKOTO_REQUIRE_BROWSER") == "1";
            Assert.False(required, reason);
            _skipReason = reason;
            return;
        }

        // The machines that run the tests may be busy: wait for the UI longer than Playwright's 5 seconds.
        Assertions.SetDefaultExpectTimeout(TimeoutMs);
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new() { ExecutablePath = chromium, Headless = true });
        Directory.CreateDirectory(Screenshots);
    }

    /// <summary>A new browser page logged in as the super user, with its console errors collected.</summary>
    public async Task<(IPage Page, List<string> Errors)> LoggedInPageAsync(int width = 1366, int height = 900)
    {
        var context = await Browser.NewContextAsync(new() { BaseURL = Server.Address.ToString(), ViewportSize = new() { Width = width, Height = height } });
        context.SetDefaultTimeout(TimeoutMs);
        context.SetDefaultNavigationTimeout(TimeoutMs);
        var page = await context.NewPageAsync();
        var errors = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                errors.Add(message.Text);
            }
        };
        page.PageError += (_, error) => errors.Add(error);
        await page.GotoAsync("/login");
        await page.FillAsync("#login", TestServer.Login);
        await page.FillAsync("#password", TestServer.Password);
        await page.ClickAsync("button[type=submit]");
        await page.WaitForAddressAsync(url => !url.Contains("/login", StringComparison.Ordinal));
        return (page, errors);
    }

    public static async Task ScreenshotAsync(IPage page, string name)
    {
        var path = Path.Combine(Screenshots, name + ".png");
        await page.ScreenshotAsync(new() { Path = path, FullPage = true });
        TestContext.Current.AddAttachment(name, await File.ReadAllBytesAsync(path), "image/png");
    }

    public async ValueTask DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }

        _playwright?.Dispose();
        if (Server is not null)
        {
            await Server.DisposeAsync();
        }
    }
}

/// <summary>The browser tests share one <see cref="SeededServer"/> and run one at a time.</summary>
[CollectionDefinition(SeededServer.Collection, DisableParallelization = true)]
public sealed class BrowserCollection : ICollectionFixture<SeededServer>;
