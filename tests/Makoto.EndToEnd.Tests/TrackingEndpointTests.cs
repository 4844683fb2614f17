using Makoto.Tests.Shared;
using System.Net;
using System.Net.Http.Json;
using System.Text;

namespace Makoto.EndToEnd.Tests;

/// <summary>The tracking endpoint's HTTP behaviour (tracking-api.md §1, §3, §4) and its counters.</summary>
public sealed class TrackingEndpointTests : IAsyncLifetime
{
    private TestServer _server = null!;
    private int _idSite;

    public async ValueTask InitializeAsync()
    {
        _server = await TestServer.StartAsync();
        _idSite = await _server.AddSiteAsync("Endpoint", "https://endpoint.example.com");
    }

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    private string Hit(string extra = "") => $"idsite={_idSite}&rec=1&url=https%3A%2F%2Fendpoint.example.com%2F{extra}";

    [Fact]
    public async Task A_tracked_request_gets_the_transparent_gif_and_send_image_0_gets_204()
    {
        var response = await _server.Http.GetAsync("/matomo.php?" + Hit());
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("image/gif", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("no-store", response.Headers.CacheControl!.ToString());
        Assert.Equal(Convert.FromBase64String("R0lGODlhAQABAIAAAAAAAAAAACH5BAEAAAAALAAAAAABAAEAAAICRAEAOw=="), await response.Content.ReadAsByteArrayAsync());

        var noImage = await _server.Http.GetAsync("/piwik.php?" + Hit("&send_image=0"));
        Assert.Equal(HttpStatusCode.NoContent, noImage.StatusCode);
        Assert.Empty(await noImage.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Without_parameters_get_explains_the_endpoint_and_post_is_a_bad_request()
    {
        var get = await _server.Http.GetAsync("/matomo.php");
        Assert.Equal(HttpStatusCode.OK, get.StatusCode);
        Assert.Contains("tracking endpoint", await get.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var post = await _server.Http.PostAsync("/matomo.php", new StringContent("", Encoding.UTF8, "application/x-www-form-urlencoded"));
        Assert.Equal(HttpStatusCode.BadRequest, post.StatusCode);
    }

    [Fact]
    public async Task Post_parameters_win_over_the_query_string_and_get_cors_headers()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/analytics/matomo.php?idsite=999&rec=1")
        {
            Content = new StringContent(Hit("&action_name=Posted"), Encoding.UTF8, "application/x-www-form-urlencoded"),
        };
        request.Headers.Add("Origin", "https://endpoint.example.com");
        var response = await _server.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("https://endpoint.example.com", response.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.Equal("true", response.Headers.GetValues("Access-Control-Allow-Credentials").Single());
        Assert.Equal("Posted", LogTables.Scalar(_server, "SELECT name FROM log_action WHERE type = 4"));
    }

    [Fact]
    public async Task Cors_preflight_is_answered_without_tracking()
    {
        using var request = new HttpRequestMessage(HttpMethod.Options, "/matomo.php");
        request.Headers.Add("Origin", "https://other.example");
        request.Headers.Add("Access-Control-Request-Method", "POST");
        var response = await _server.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal("https://other.example", response.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.Equal(0L, LogTables.Scalar(_server, "SELECT COUNT(*) FROM log_visit"));
    }

    [Fact]
    public async Task Other_methods_get_405_with_the_allowed_ones_and_the_path_is_matched_in_any_case()
    {
        var put = await _server.Http.PutAsync("/matomo.php?" + Hit(), new StringContent(""));
        Assert.Equal(HttpStatusCode.MethodNotAllowed, put.StatusCode);
        Assert.Equal("GET, POST, HEAD, OPTIONS", put.Content.Headers.Allow.Count > 0 ? string.Join(", ", put.Content.Headers.Allow) : put.Headers.GetValues("Allow").Single());
        Assert.Equal(0L, LogTables.Scalar(_server, "SELECT COUNT(*) FROM log_visit"));

        var upper = await _server.Http.GetAsync("/Piwik.PHP?" + Hit("&send_image=0"));
        Assert.Equal(HttpStatusCode.NoContent, upper.StatusCode);
        Assert.Equal(1L, LogTables.Scalar(_server, "SELECT COUNT(*) FROM log_visit"));
    }

    [Fact]
    public async Task Bulk_lists_invalid_indices_only_when_authenticated_and_send_image_0_gives_204()
    {
        var entries = new[] { "?" + Hit("&_id=00000000000000b1"), "?idsite=abc&rec=1", "?" + Hit("&_id=00000000000000b2") };
        var anonymous = await _server.TrackBulkAsync(entries, token: null);
        Assert.Equal(2, anonymous.GetProperty("tracked").GetInt32());
        Assert.Equal(1, anonymous.GetProperty("invalid").GetInt32());
        Assert.False(anonymous.TryGetProperty("invalid_indices", out _));

        var authenticated = await _server.TrackBulkAsync(entries);
        Assert.Equal(new[] { 1 }, authenticated.GetProperty("invalid_indices").EnumerateArray().Select(e => e.GetInt32()));

        var quiet = await _server.Http.PostAsJsonAsync("/matomo.php", new { requests = entries, send_image = 0 });
        Assert.Equal(HttpStatusCode.NoContent, quiet.StatusCode);

        var objects = await _server.Http.PostAsJsonAsync("/matomo.php", new { requests = new object[] { new { idsite = _idSite, rec = 1, url = "https://endpoint.example.com/o", action_name = "Object entry" } } });
        var answer = await objects.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>();
        Assert.Equal(1, answer.GetProperty("tracked").GetInt32());
    }

    [Fact]
    public async Task Metrics_count_received_invalid_excluded_and_committed_hits()
    {
        await _server.TrackAsync(Hit("&_id=00000000000000c1"));
        await _server.TrackAsync(Hit("&_id=00000000000000c2"));
        await _server.TrackAsync("idsite=424242&rec=1");
        await _server.TrackAsync($"idsite={_idSite}&rec=0&url=https%3A%2F%2Fendpoint.example.com%2F");

        var text = await _server.Http.GetStringAsync("/metrics");
        Assert.Contains("makoto_tracking_requests_received_total 4\n", text, StringComparison.Ordinal);
        Assert.Contains("makoto_tracking_requests_invalid_total{reason=\"unknown_idsite\"} 1\n", text, StringComparison.Ordinal);
        Assert.Contains("makoto_tracking_requests_excluded_total{reason=\"rec_not_1\"} 1\n", text, StringComparison.Ordinal);
        Assert.Contains("makoto_tracking_hits_committed_total 2\n", text, StringComparison.Ordinal);
        Assert.Contains("makoto_tracking_commit_seconds_count ", text, StringComparison.Ordinal);

        // The process's memory is there too. The heap is its size after the last collection, which the
        // GC may since have given back to the system (the test host shares its process with other
        // tests), so it is not compared with the resident size of now: both are only bounded.
        var resident = MetricValue(text, "process_resident_memory_bytes");
        Assert.InRange(MetricValue(text, "dotnet_gc_heap_size_bytes"), 1, 64e9);
        Assert.InRange(resident, 1, 64e9);
        if (TestServer.DefaultStore == TestStore.Sqlite)
        {
            Assert.InRange(MetricValue(text, "makoto_sqlite_memory_bytes"), 1, resident);
        }

        var status = await _server.ApiJsonAsync("method=Makoto.getStatus");
        Assert.Equal(4, status.GetProperty("tracking_received").GetInt32());
        Assert.Equal(2, status.GetProperty("tracking_committed").GetInt32());
    }

    [Fact]
    public async Task Client_hint_headers_reach_device_detection_and_uadata_wins_over_them()
    {
        // Chrome's User-Agent is frozen at "Windows NT 10.0"; its client hints tell Windows 11 (platform
        // version 13 and later, Microsoft's documented mapping).
        const string chrome = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/118.0.0.0 Safari/537.36";
        async Task Send(string uid, string extra)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/matomo.php?" + Hit($"&uid={uid}{extra}"));
            request.Headers.TryAddWithoutValidation("User-Agent", chrome);
            request.Headers.TryAddWithoutValidation("Sec-CH-UA", "\"Chromium\";v=\"118\", \"Google Chrome\";v=\"118\", \"Not=A?Brand\";v=\"99\"");
            request.Headers.TryAddWithoutValidation("Sec-CH-UA-Mobile", "?0");
            request.Headers.TryAddWithoutValidation("Sec-CH-UA-Platform", "\"Windows\"");
            request.Headers.TryAddWithoutValidation("Sec-CH-UA-Platform-Version", "\"15.0.0\"");
            Assert.Equal(HttpStatusCode.OK, (await _server.Http.SendAsync(request)).StatusCode);
        }

        await Send("headers-only", "");
        // uadata says Windows 8.1 (platform version 0.3.0): Matomo uses uadata when the tracker sends it.
        await Send("with-uadata", "&uadata=" + Uri.EscapeDataString("""{"platform":"Windows","platformVersion":"0.3.0","mobile":false}"""));

        var rows = LogTables.Query(_server, "SELECT user_id, config_os, config_os_version FROM log_visit ORDER BY user_id");
        Assert.Equal(
            [("headers-only", "WIN", "11"), ("with-uadata", "WIN", "8.1")],
            rows.Select(r => ((string)r["user_id"]!, (string)r["config_os"]!, (string)r["config_os_version"]!)).ToArray());
    }

    private static double MetricValue(string text, string name)
    {
        var line = text.Split('\n').Single(l => l.StartsWith(name + " ", StringComparison.Ordinal));
        return double.Parse(line[(name.Length + 1)..], System.Globalization.CultureInfo.InvariantCulture);
    }
}
