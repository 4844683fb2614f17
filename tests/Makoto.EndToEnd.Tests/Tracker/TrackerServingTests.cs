using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Makoto.EndToEnd.Tests.Tracker;

/// <summary>
/// What the server serves for the JavaScript tracker, over HTTP: the script at js-tracker.md §7's paths with
/// its caching headers and compressions, /js/ as a tracking endpoint, SitesManager.getJavascriptTag, and the
/// opt-out page and script (the matomo_ignore cookie excludes hits, tracking-api.md §5).
/// </summary>
public sealed partial class TrackerServingTests : IAsyncLifetime
{
    private TestServer _server = null!;
    private HttpClient _http = null!;
    private byte[] _built = null!;

    public async ValueTask InitializeAsync()
    {
        _server = await TestServer.StartAsync();
        // No automatic decompression and no cookie jar: the tests read the headers and send cookies themselves.
        _http = new HttpClient(new HttpClientHandler { UseCookies = false, AutomaticDecompression = DecompressionMethods.None })
        {
            BaseAddress = _server.Address,
        };
        _built = await File.ReadAllBytesAsync(Path.Combine(TrackerUnitTests.TrackerDir, "dist", "matomo.js"), TestContext.Current.CancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await _server.DisposeAsync();
    }

    private async Task<HttpResponseMessage> Get(string path, string? acceptEncoding = null, string? ifNoneMatch = null, string? cookie = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (acceptEncoding is not null)
        {
            request.Headers.TryAddWithoutValidation("Accept-Encoding", acceptEncoding);
        }

        if (ifNoneMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-None-Match", ifNoneMatch);
        }

        if (cookie is not null)
        {
            request.Headers.TryAddWithoutValidation("Cookie", cookie);
        }

        return await _http.SendAsync(request, TestContext.Current.CancellationToken);
    }

    [Theory]
    [InlineData("/matomo.js")]
    [InlineData("/piwik.js")]
    [InlineData("/js/")]
    [InlineData("/js/tracker.php")]
    public async Task The_built_tracker_is_served_with_a_day_of_cache_and_an_entity_tag(string path)
    {
        using var response = await Get(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/javascript", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal(_built, await response.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken));
        Assert.Equal(TimeSpan.FromDays(1), response.Headers.CacheControl!.MaxAge);
        Assert.True(response.Headers.CacheControl.Public);
        Assert.NotNull(response.Headers.ETag);
        Assert.Contains("Accept-Encoding", response.Headers.Vary);
        Assert.Empty(response.Content.Headers.ContentEncoding);

        // The entity tag revalidates: 304 without a body.
        using var again = await Get(path, ifNoneMatch: response.Headers.ETag!.Tag);
        Assert.Equal(HttpStatusCode.NotModified, again.StatusCode);
        Assert.Empty(await again.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken));
    }

    [Theory]
    [InlineData("gzip, deflate, br", "br")]
    [InlineData("gzip", "gzip")]
    [InlineData("br;q=0, gzip;q=0.8", "gzip")]
    [InlineData("identity", null)]
    public async Task The_tracker_is_compressed_as_the_browser_accepts(string acceptEncoding, string? expected)
    {
        using var response = await Get("/matomo.js", acceptEncoding);
        var body = await response.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken);

        Assert.Equal(expected, response.Content.Headers.ContentEncoding.SingleOrDefault());
        using var input = new MemoryStream(body);
        using Stream decoded = expected switch
        {
            "br" => new BrotliStream(input, CompressionMode.Decompress),
            "gzip" => new GZipStream(input, CompressionMode.Decompress),
            _ => input,
        };
        using var output = new MemoryStream();
        await decoded.CopyToAsync(output, TestContext.Current.CancellationToken);
        Assert.Equal(_built, output.ToArray());
        if (expected is not null)
        {
            Assert.True(body.Length < _built.Length / 2, $"{expected}: {body.Length} bytes of {_built.Length}");
        }
    }

    [Fact]
    public async Task Js_proxy_paths_with_a_query_are_tracking_requests()
    {
        var idSite = await _server.AddSiteAsync("Proxy", "https://proxy.example.org");
        using var index = await Get($"/js/?idsite={idSite}&rec=1&url=https%3A%2F%2Fproxy.example.org%2Fa&action_name=A&send_image=0");
        using var tracker = await Get($"/js/tracker.php?idsite={idSite}&rec=1&url=https%3A%2F%2Fproxy.example.org%2Fb&action_name=B&send_image=0");

        Assert.Equal(HttpStatusCode.NoContent, index.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, tracker.StatusCode);
        var names = LogTables.Query(_server, $"""
            SELECT name.name AS name FROM log_link_visit_action a JOIN log_action name ON name.idaction = a.idaction_name
            WHERE a.idsite = {idSite} ORDER BY a.idlink_va
            """).Select(row => row["name"]).ToList();
        Assert.Equal(["A", "B"], names);
    }

    [Fact]
    public async Task GetJavascriptTag_gives_the_html_encoded_snippet_pointing_at_this_server()
    {
        var idSite = await _server.AddSiteAsync("Snippet", "https://snippet.example.org");
        var answer = await _server.ApiJsonAsync($"method=SitesManager.getJavascriptTag&idSite={idSite}&disableCookies=1&trackNoScript=1");
        var encoded = answer.GetProperty("value").GetString()!;
        Assert.StartsWith("&lt;!-- Matomo --&gt;", encoded, StringComparison.Ordinal);

        var snippet = WebUtility.HtmlDecode(encoded);
        var host = _server.Address.Authority;
        Assert.Contains($"var u=\"//{host}/\";", snippet, StringComparison.Ordinal);
        Assert.Contains($"_paq.push(['setSiteId', '{idSite}']);", snippet, StringComparison.Ordinal);
        Assert.Contains("_paq.push([\"disableCookies\"]);", snippet, StringComparison.Ordinal);
        Assert.Contains($"src=\"//{host}/matomo.php?idsite={idSite}&amp;rec=1\"", snippet, StringComparison.Ordinal);
        Assert.True(snippet.IndexOf("[\"disableCookies\"]", StringComparison.Ordinal) < snippet.IndexOf("['trackPageView']", StringComparison.Ordinal));

        var unknown = await _server.ApiJsonAsync("method=SitesManager.getJavascriptTag&idSite=999");
        Assert.Equal("error", unknown.GetProperty("result").GetString());
    }

    [Fact]
    public async Task The_opt_out_page_sets_matomo_ignore_behind_a_nonce_and_the_cookie_excludes_hits()
    {
        var idSite = await _server.AddSiteAsync("Opt-out", "https://optout.example.org");
        const string OptOut = "/index.php?module=CoreAdminHome&action=optOut&language=auto&backgroundColor=fff&fontSize=13px";
        using var page = await Get(OptOut);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var html = await page.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.Contains("background-color: #fff", html, StringComparison.Ordinal);
        Assert.Contains("id=\"trackVisits\"", html, StringComparison.Ordinal);
        Assert.Contains(" checked", html, StringComparison.Ordinal); // counted so far
        Assert.DoesNotContain("maq_opted_in: counted", html, StringComparison.Ordinal); // no choice made: only asks
        var nonce = NoncePattern().Match(html).Groups[1].Value;
        Assert.NotEmpty(nonce);

        // Without the page's nonce the choice is not taken.
        using var forged = await Post(OptOut, "trackVisits=0&nonce=0123456789abcdef0123456789abcdef");
        Assert.False(forged.Headers.Contains("Set-Cookie"));

        using var optedOut = await Post(OptOut, $"trackVisits=0&nonce={nonce}");
        var cookie = Assert.Single(optedOut.Headers.GetValues("Set-Cookie"));
        Assert.StartsWith("matomo_ignore=1;", cookie, StringComparison.Ordinal);
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        // The server is on 127.0.0.1, a secure origin for browsers even over HTTP: the cookie a frame of another site
        // sets there can be kept as a third-party cookie.
        Assert.Contains("secure", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=none", cookie, StringComparison.OrdinalIgnoreCase);
        var answer = await optedOut.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        // The embedding page's tracker is told the choice (postMessage), and the form asks it for the state.
        Assert.Contains("counted = false;", answer, StringComparison.Ordinal);
        Assert.Contains("tell({ maq_opted_in: counted });", answer, StringComparison.Ordinal);
        Assert.Contains("tell({ maq_initial_value: counted });", answer, StringComparison.Ordinal);
        Assert.DoesNotContain(" checked", answer, StringComparison.Ordinal);

        // A hit from this browser (carrying the cookie) is not recorded; one without it is.
        using var ignored = await Get($"/matomo.php?idsite={idSite}&rec=1&url=https%3A%2F%2Foptout.example.org%2F&send_image=0", cookie: "matomo_ignore=1");
        using var counted = await Get($"/matomo.php?idsite={idSite}&rec=1&url=https%3A%2F%2Foptout.example.org%2F&send_image=0");
        Assert.Equal(HttpStatusCode.NoContent, ignored.StatusCode);
        Assert.Single(LogTables.Query(_server, $"SELECT idvisit FROM log_visit WHERE idsite = {idSite}"));

        // Opting in again removes the cookie.
        using var optedIn = await Post(OptOut, $"trackVisits=1&nonce={nonce}", cookie: "matomo_ignore=1");
        Assert.Matches("^matomo_ignore=;.*expires=Thu, 01 Jan 1970", Assert.Single(optedIn.Headers.GetValues("Set-Cookie")));
    }

    [Fact]
    public async Task The_opt_out_script_renders_into_the_given_div_and_rejects_bad_styles()
    {
        using var script = await Get("/index.php?module=CoreAdminHome&action=optOutJS&divId=privacy-choice&language=auto&showIntro=1&fontColor=333333");
        Assert.Equal(HttpStatusCode.OK, script.StatusCode);
        Assert.Equal("application/javascript", script.Content.Headers.ContentType!.MediaType);
        var text = await script.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        var settings = JsonDocument.Parse(SettingsPattern().Match(text).Groups[1].Value).RootElement;
        Assert.Equal("privacy-choice", settings.GetProperty("divId").GetString());
        Assert.Contains("color: #333333", settings.GetProperty("style").GetString(), StringComparison.Ordinal);

        using var bad = await Get("/index.php?module=CoreAdminHome&action=optOutJS&divId=x&fontColor=red;position:fixed");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("fontColor", await bad.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }

    private async Task<HttpResponseMessage> Post(string path, string form, string? cookie = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path)
        {
            Content = new StringContent(form, new MediaTypeHeaderValue("application/x-www-form-urlencoded")),
        };
        if (cookie is not null)
        {
            request.Headers.TryAddWithoutValidation("Cookie", cookie);
        }

        return await _http.SendAsync(request, TestContext.Current.CancellationToken);
    }

    [GeneratedRegex("name=\"nonce\" value=\"([0-9a-f]+)\"")]
    private static partial Regex NoncePattern();

    [GeneratedRegex(@"MakotoOptOut\.render\((\{.*\})\);", RegexOptions.Singleline)]
    private static partial Regex SettingsPattern();
}
