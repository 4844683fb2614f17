using Microsoft.Playwright;

namespace Makoto.EndToEnd.Tests.Browser;

/// <summary>
/// What the browser tests share: the Makoto server, the tracked website (<see cref="PageServer"/>) and
/// Debian's headless Chromium driven by Playwright (no browser is downloaded; MAKOTO_CHROMIUM overrides
/// /usr/bin/chromium). Without Chromium the tests are skipped with <see cref="SkipReason"/> on a
/// developer's machine, and fail in CI (CI=true, as .ci/run runs), where .ci/run installs Chromium.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    /// <summary>
    /// The browser tests' collection: they share this fixture and run one at a time, after the other tests of
    /// the assembly (a browser and the server competing with parallel tests for 2 cores made waits time out).
    /// </summary>
    public const string Collection = "Browser";

    /// <summary>The trait of every browser test; .ci/run runs them in a step of their own (--filter-trait Category=Browser).</summary>
    public const string Category = "Browser";

    public static string ChromiumPath => Environment.GetEnvironmentVariable("MAKOTO_CHROMIUM") is { Length: > 0 } path ? path : "/usr/bin/chromium";

    private IPlaywright? _playwright;

    /// <summary>Playwright, for tests that launch a browser of their own (a persistent profile with other settings).</summary>
    public IPlaywright Playwright => _playwright!;

    /// <summary>The arguments every Chromium of the tests is launched with.</summary>
    public static readonly string[] ChromiumArgs =
    [
        "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic", "--disable-background-networking",
        // *.makoto.test are more host names of the tracked website (PageServer), for cookie domain tests.
        "--host-resolver-rules=MAP *.makoto.test 127.0.0.1",
    ];

    /// <summary>Whether a missing Chromium fails the browser tests instead of skipping them (CI sets CI=true).</summary>
    public static bool BrowserRequired =>
        string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase)
        || Environment.GetEnvironmentVariable("MAKOTO_REQUIRE_BROWSER") == "1";

    /// <summary>Why the browser tests cannot run here; null when they can.</summary>
    public string? SkipReason { get; private set; }

    public TestServer Server { get; private set; } = null!;

    public PageServer Pages { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            SkipReason = $"Chromium is not installed at {ChromiumPath} (Debian: apt-get install -y chromium; .ci/run installs it). Set MAKOTO_CHROMIUM to use another Chromium.";
            return;
        }

        // No background archiving: these tests read the log tables, not reports (see the report of issue 7:
        // today's background archiving made concurrent hits fail with 'database is locked').
        // CustomVariables is optional (off by default, as in Matomo 5): on here, for the custom variable test.
        Server = await TestServer.StartAsync(null, "--Makoto:Archiving:BackgroundIntervalSeconds=0", "--Makoto:Plugins:Enabled:0=CustomVariables");
        Pages = await PageServer.StartAsync();
        // Playwright's expectations wait for their condition as long as the other waits (BrowserTestBase.TimeoutMs).
        Assertions.SetDefaultExpectTimeout(BrowserTestBase.TimeoutMs);
        _playwright = await Microsoft.Playwright.Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ChromiumArgs,
        });
    }

    public async ValueTask DisposeAsync()
    {
        if (SkipReason is not null)
        {
            return;
        }

        await Browser.DisposeAsync();
        _playwright?.Dispose();
        await Pages.DisposeAsync();
        await Server.DisposeAsync();
    }
}

/// <summary>The browser tests share one <see cref="BrowserFixture"/> and never run in parallel with other tests.</summary>
[CollectionDefinition(BrowserFixture.Collection, DisableParallelization = true)]
public sealed class BrowserCollection : ICollectionFixture<BrowserFixture>;
