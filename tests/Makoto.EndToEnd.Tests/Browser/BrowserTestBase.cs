using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Makoto.Plugins.SitesManager;
using Microsoft.Playwright;

namespace Makoto.EndToEnd.Tests.Browser;

/// <summary>
/// Helpers of the browser tests: a site per test, pages carrying the standard snippet (built by
/// <see cref="JavaScriptTrackingCode"/>, as SitesManager.getJavascriptTag gives it), a fresh browser
/// context per test, and waiting for what the tracker sent to be stored.
/// </summary>
public abstract class BrowserTestBase(BrowserFixture fixture)
{
    /// <summary>
    /// How long a wait for the browser or the server may take before the test fails: generous, for a loaded
    /// 2-core CI machine; a passing wait ends as soon as its condition holds.
    /// </summary>
    public const int TimeoutMs = 120_000;

    private readonly List<IRequest> _sent = [];

    protected BrowserFixture Fixture { get; } = fixture;

    protected TestServer Server => Fixture.Server;

    protected PageServer Pages => Fixture.Pages;

    /// <summary>
    /// When Chromium is not installed: fails the test in CI (<see cref="BrowserFixture.BrowserRequired"/>),
    /// skips it with the reason elsewhere.
    /// </summary>
    protected void RequireBrowser()
    {
        if (Fixture.SkipReason is { } reason)
        {
            if (BrowserFixture.BrowserRequired)
            {
                Assert.Fail(reason);
            }

            Assert.Skip(reason);
        }
    }

    /// <summary>A site for one test, whose URL is the tracked website's origin.</summary>
    protected Task<int> NewSite(string name, string extra = "") => Server.AddSiteAsync(name, Pages.Origin, "UTC", extra);

    /// <summary>The standard snippet for a site, pointing at the Makoto server.</summary>
    protected string Snippet(int idSite) =>
        JavaScriptTrackingCode.Build(new JavaScriptTrackingCodeOptions { IdSite = idSite, ServerUrl = Server.Address.ToString() });

    /// <summary>
    /// Serves a page that carries the standard snippet; <paramref name="setup"/> is JavaScript run before it
    /// (typically _paq.push calls), <paramref name="body"/> the page's body. Returns the page's URL.
    /// </summary>
    protected string AddPage(int idSite, string path, string title, string setup = "", string body = "", string? snippet = null) =>
        Pages.AddHtml(path, $$"""
            <!DOCTYPE html>
            <html><head><meta charset="utf-8"><title>{{title}}</title>
            <script>var _paq = window._paq = window._paq || [];
            {{setup}}</script>
            {{snippet ?? Snippet(idSite)}}
            </head><body>{{body}}</body></html>
            """);

    /// <summary>
    /// A new browser context (its own cookies) with a 1920x1080 screen; the tracking requests its pages send
    /// are collected (<see cref="SentRequests"/>).
    /// </summary>
    protected async Task<IBrowserContext> NewContext()
    {
        var context = await Fixture.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            ScreenSize = new ScreenSize { Width = 1920, Height = 1080 },
            ViewportSize = new ViewportSize { Width = 1280, Height = 720 },
        });
        await Observe(context);
        return context;
    }

    /// <summary>
    /// Prepares a browser context as <see cref="NewContext"/> does (timeouts, the tracking requests collected, links to
    /// other websites answered locally), for a context a test made itself.
    /// </summary>
    protected async Task Observe(IBrowserContext context)
    {
        context.SetDefaultTimeout(TimeoutMs);
        context.SetDefaultNavigationTimeout(TimeoutMs);
        // Every tracking request the browser sends, in the order it sends them.
        context.Request += (_, request) =>
        {
            if (IsTrackingRequest(request))
            {
                lock (_sent)
                {
                    _sent.Add(request);
                }
            }
        };
        // Links to other websites are answered locally.
        await context.RouteAsync("https://partner.example.com/**", route => route.FulfillAsync(new RouteFulfillOptions
        {
            Status = 200,
            ContentType = "text/html",
            Body = "<html><body>partner</body></html>",
        }));
    }

    /// <summary>
    /// Waits until <paramref name="condition"/> holds (hits are sent asynchronously by the browser and stored
    /// by the server): polls it, up to <see cref="TimeoutMs"/>. Conditions should be monotone ("at least n
    /// actions"), so that a poll cannot miss the moment they held; exact counts are asserted afterwards.
    /// </summary>
    protected Task WaitFor(Func<bool> condition, string what) => WaitFor(() => Task.FromResult(condition()), what);

    /// <inheritdoc cref="WaitFor(Func{bool}, string)"/>
    protected async Task WaitFor(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddMilliseconds(TimeoutMs);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                // What the browser sent, to tell a hit that never left from one the server did not store.
                var sent = string.Join("\n", SentRequests().Select(r => $"{r.Method} {r.Url} {r.PostData}"));
                Assert.Fail($"Timed out after {TimeoutMs} ms waiting for {what}. The browser sent:\n{sent}");
            }

            await Task.Delay(100);
        }
    }

    /// <summary>Waits until the page's tracker script has run (window.Matomo.initialized) and its _paq queue is applied.</summary>
    protected static Task WaitForTracker(IPage page) =>
        page.WaitForFunctionAsync("() => window.Matomo !== undefined && window.Matomo.initialized === true");

    /// <summary>The tracking requests the browser sent so far, in order (see <see cref="NewContext"/>).</summary>
    protected List<IRequest> SentRequests()
    {
        lock (_sent)
        {
            return [.. _sent];
        }
    }

    /// <summary>The hits the browser sent so far, in order: each request of a bulk request separately.</summary>
    protected List<Dictionary<string, string>> SentHits()
    {
        var hits = new List<Dictionary<string, string>>();
        foreach (var request in SentRequests())
        {
            if (request.PostData is { } body && body.TrimStart().StartsWith('{'))
            {
                foreach (var query in JsonDocument.Parse(body).RootElement.GetProperty("requests").EnumerateArray())
                {
                    hits.Add(QueryParameters(query.GetString()!));
                }
            }
            else
            {
                hits.Add(TrackingParameters(request));
            }
        }

        return hits;
    }

    /// <summary>The site's actions in order, with their names resolved.</summary>
    protected List<Dictionary<string, object?>> Actions(int idSite) => LogTables.Query(Server, $"""
        SELECT a.idlink_va, a.idvisit, a.idpageview, a.custom_float, a.search_cat, a.search_count, a.product_price,
               url.name AS url, name.name AS name, url.type AS url_type,
               ec.name AS event_category, ea.name AS event_action,
               cn.name AS content_name, cp.name AS content_piece, ct.name AS content_target, ci.name AS content_interaction,
               sku.name AS product_sku, pn.name AS product_name, pc.name AS product_category,
               a.time_network, a.time_server, a.time_transfer, a.time_dom_processing, a.time_dom_completion, a.time_on_load,
               a.custom_dimension_1, a.custom_dimension_2
        FROM log_link_visit_action a
        LEFT JOIN log_action url ON url.idaction = a.idaction_url
        LEFT JOIN log_action name ON name.idaction = a.idaction_name
        LEFT JOIN log_action ec ON ec.idaction = a.idaction_event_category
        LEFT JOIN log_action ea ON ea.idaction = a.idaction_event_action
        LEFT JOIN log_action cn ON cn.idaction = a.idaction_content_name
        LEFT JOIN log_action cp ON cp.idaction = a.idaction_content_piece
        LEFT JOIN log_action ct ON ct.idaction = a.idaction_content_target
        LEFT JOIN log_action ci ON ci.idaction = a.idaction_content_interaction
        LEFT JOIN log_action sku ON sku.idaction = a.idaction_product_sku
        LEFT JOIN log_action pn ON pn.idaction = a.idaction_product_name
        LEFT JOIN log_action pc ON pc.idaction = a.idaction_product_cat
        WHERE a.idsite = {idSite}
        ORDER BY a.idlink_va
        """);

    protected List<Dictionary<string, object?>> Visits(int idSite) =>
        LogTables.Query(Server, $"SELECT *, hex(idvisitor) AS visitor_hex FROM log_visit WHERE idsite = {idSite} ORDER BY idvisit");

    protected List<Dictionary<string, object?>> Conversions(int idSite) =>
        LogTables.Query(Server, $"SELECT * FROM log_conversion WHERE idsite = {idSite} ORDER BY server_time, idgoal");

    /// <summary>Live.getLastVisitsDetails for the site, oldest visit first.</summary>
    protected async Task<List<JsonElement>> LiveVisits(int idSite)
    {
        var visits = await Server.ApiJsonAsync($"method=Live.getLastVisitsDetails&idSite={idSite}&period=day&date=today&filter_limit=-1");
        return visits.EnumerateArray().Reverse().ToList();
    }

    /// <summary>The cookie name the tracker must use: prefix, name, site id and SHA-1 of host + "/" (first 4 hex digits).</summary>
    protected static string CookieName(string name, int idSite, string host = "localhost") =>
        $"_pk_{name}.{idSite}.{Convert.ToHexStringLower(SHA1.HashData(Encoding.UTF8.GetBytes(host + "/")))[..4]}";

    /// <summary>The query parameters of a tracking request the page sent (URL and body for beacons and POSTs).</summary>
    protected static Dictionary<string, string> TrackingParameters(IRequest request)
    {
        var result = QueryParameters(new Uri(request.Url).Query);
        if (request.PostData is { Length: > 0 } body && !body.TrimStart().StartsWith('{'))
        {
            foreach (var (name, value) in QueryParameters(body))
            {
                result[name] = value;
            }
        }

        return result;
    }

    /// <summary>The parameters of a query string (with or without its leading '?').</summary>
    protected static Dictionary<string, string> QueryParameters(string query)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            var name = Uri.UnescapeDataString(equals < 0 ? pair : pair[..equals]);
            result[name] = equals < 0 ? "" : Uri.UnescapeDataString(pair[(equals + 1)..].Replace('+', ' '));
        }

        return result;
    }

    /// <summary>Whether a request of the page goes to the tracking endpoint.</summary>
    protected bool IsTrackingRequest(IRequest request) =>
        request.Url.StartsWith(Server.Address + "matomo.php", StringComparison.Ordinal);
}
