using System.Net;
using System.Text;

namespace Makoto.EndToEnd.Tests;

/// <summary>
/// Thousands of valid, invalid and random or mutated tracking requests against a running server: it
/// never answers 5xx, keeps answering, stores every valid hit and none of the invalid ones.
/// </summary>
public sealed class FuzzTests : IAsyncLifetime
{
    private const string Site = "https://fuzz.example.com";
    private TestServer _server = null!;
    private int _idSite;
    private readonly Random _random = new(20261123);

    public async ValueTask InitializeAsync()
    {
        // No background archiving: on a slower store the run outlasts its interval, and an archive of today built
        // mid-run would be served for its time-to-live instead of the final count checked at the end.
        _server = await TestServer.StartAsync(null, "--Makoto:Archiving:BackgroundIntervalSeconds=0");
        _idSite = await _server.AddSiteAsync("Fuzz", Site);
    }

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    private string Valid(int i) =>
        $"idsite={_idSite}&rec=1&_id={i:x16}&ua=FuzzAgent%2F{i}&cip=10.{(i >> 16) & 255}.{(i >> 8) & 255}.{i & 255}&token_auth={TestServer.Token}&url={Uri.EscapeDataString($"{Site}/p/{i}")}&action_name=valid-{i}";

    /// <summary>Requests that are invalid by construction: each must be rejected and must leave nothing behind.</summary>
    private string Invalid(int j) => (j % 9) switch
    {
        0 => $"idsite=abc&rec=1&url={Uri.EscapeDataString(Site)}&action_name=invalid-{j}",
        1 => $"idsite=999999&rec=1&url={Uri.EscapeDataString(Site)}&action_name=invalid-{j}",
        2 => $"idsite=-{_idSite}&rec=1&url={Uri.EscapeDataString(Site)}&action_name=invalid-{j}",
        3 => $"idsite={_idSite}&rec=1&cid=short&url={Uri.EscapeDataString(Site)}&action_name=invalid-{j}",
        4 => $"idsite={_idSite}&rec=1&cip=10.0.0.1&url={Uri.EscapeDataString(Site)}&action_name=invalid-{j}",
        5 => $"idsite={_idSite}&rec=1&cdt=1500000000&url={Uri.EscapeDataString(Site)}&action_name=invalid-{j}",
        6 => $"idsite={_idSite}&rec=1&pf_net=-7&url={Uri.EscapeDataString(Site)}&action_name=invalid-{j}",
        7 => $"idsite={_idSite}&rec=1&ca=1&url={Uri.EscapeDataString(Site)}&action_name=invalid-{j}",
        _ => $"idsite={_idSite}&rec=1&idgoal=4242&url={Uri.EscapeDataString(Site)}&action_name=invalid-{j}",
    };

    /// <summary>Random garbage and mutations of valid requests; they may be accepted or rejected, never crash anything.</summary>
    private string Garbage(int k)
    {
        switch (k % 8)
        {
            case 0:
                return RandomText(_random.Next(0, 300));
            case 1:
                // Invalid UTF-8 and broken percent escapes.
                return $"idsite={_idSite}&rec=1&url=%FF%FE%C3%28%E2%82&action_name=%ZZ%4%&ua=%C0%AF&lang=%80";
            case 2:
                return $"idsite={_idSite}&rec=1&url={Uri.EscapeDataString(Site + "/" + new string('x', 100_000))}&action_name={new string('y', 20_000)}";
            case 3:
                return $"idsite={_idSite}&rec=1&cdt=notadate&h=99&m=-5&s=abc&res=99999999999x-1&e_c=c&e_a=a&e_v=-1e309&search_count=-3&pf_srv=99999999999";
            case 4:
                return $"idsite={_idSite}&rec=1&idgoal=0&ec_id=&ec_items=%5B%5Bnot-json&revenue=NaN&_pkc=%5B1%2C";
            case 5:
                return $"idsite=2147483648&rec=1&uid={new string('u', 5000)}&_id=zzzzzzzzzzzzzzzz&cid=&new_visit=maybe";
            default:
                var chars = Valid(100_000 + k).Replace("action_name=valid-", "action_name=mutant-", StringComparison.Ordinal).ToCharArray();
                for (var m = 0; m < 5; m++)
                {
                    chars[_random.Next(chars.Length)] = (char)_random.Next(32, 127);
                }

                return new string(chars);
        }
    }

    private string RandomText(int length)
    {
        var text = new StringBuilder(length);
        for (var i = 0; i < length; i++)
        {
            text.Append((char)_random.Next(1, 0x2FF));
        }

        return Uri.EscapeDataString(text.ToString()).Replace("%3D", "=", StringComparison.Ordinal).Replace("%26", "&", StringComparison.Ordinal);
    }

    [Fact]
    public async Task Random_and_invalid_requests_never_crash_the_server_nor_lose_or_leak_hits()
    {
        var statuses = new List<HttpStatusCode>();
        var valid = Enumerable.Range(0, 1200).ToList();
        var invalid = Enumerable.Range(0, 900).ToList();
        var garbage = Enumerable.Range(0, 1600).ToList();

        // Singles by GET and POST, interleaved, several at a time.
        var work = valid.Select(i => (Query: Valid(i), Kind: "valid"))
            .Concat(invalid.Select(j => (Query: Invalid(j), Kind: "invalid")))
            .Concat(garbage.Select(k => (Query: Garbage(k), Kind: "garbage")))
            .OrderBy(_ => _random.Next())
            .ToList();
        var results = new (string Kind, HttpStatusCode Status)[work.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, work.Count), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (index, cancel) =>
        {
            var (query, kind) = work[index];
            HttpResponseMessage response = index % 2 == 0
                ? await _server.Http.GetAsync("/matomo.php?" + query, cancel)
                : await _server.Http.PostAsync("/matomo.php", new StringContent(query, Encoding.UTF8, "application/x-www-form-urlencoded"), cancel);
            results[index] = (kind, response.StatusCode);
        });

        Assert.DoesNotContain(results, r => (int)r.Status >= 500);
        Assert.All(results.Where(r => r.Kind == "valid"), r => Assert.Equal(HttpStatusCode.OK, r.Status));
        Assert.All(results.Where(r => r.Kind == "invalid"), r => Assert.Equal(HttpStatusCode.BadRequest, r.Status));

        // Bulk requests mixing valid and invalid entries: the invalid ones are listed, the valid ones kept.
        for (var b = 0; b < 20; b++)
        {
            var entries = new List<string>();
            var expectedInvalid = new List<int>();
            for (var e = 0; e < 50; e++)
            {
                if (e % 5 == 3)
                {
                    // Not the cip and cdt kinds: the bulk's token_auth makes those valid.
                    int[] kinds = [0, 1, 2, 3, 6, 7, 8];
                    expectedInvalid.Add(e);
                    entries.Add("?" + Invalid(9 * (1_000 + (b * 50) + e) + kinds[e % kinds.Length]));
                }
                else
                {
                    var i = 20_000 + (b * 50) + e;
                    valid.Add(i);
                    entries.Add("?" + Valid(i));
                }
            }

            var answer = await _server.TrackBulkAsync(entries);
            Assert.Equal("success", answer.GetProperty("status").GetString());
            Assert.Equal(40, answer.GetProperty("tracked").GetInt32());
            Assert.Equal(expectedInvalid, answer.GetProperty("invalid_indices").EnumerateArray().Select(x => x.GetInt32()));
        }

        // Malformed and oversized bulk bodies are refused whole.
        foreach (var body in new[] { "{\"requests\": [\"?idsite=1&rec=1\", ", "{\"requests\": 5}", "{\"requests\": [[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]}" })
        {
            var response = await _server.Http.PostAsync("/matomo.php", new StringContent(body, Encoding.UTF8, "application/json"));
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        }

        var huge = new StringBuilder("{\"requests\": [");
        huge.Append(string.Join(',', Enumerable.Repeat("\"?" + Valid(999_999) + "&x=" + new string('z', 40_000) + "\"", 900)));
        huge.Append("]}");
        // With Expect: 100-continue the client waits for the server's verdict before sending the body.
        using var hugeRequest = new HttpRequestMessage(HttpMethod.Post, "/matomo.php") { Content = new StringContent(huge.ToString(), Encoding.UTF8, "application/json") };
        hugeRequest.Headers.ExpectContinue = true;
        var tooLarge = await _server.Http.SendAsync(hugeRequest);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooLarge.StatusCode);

        // Still answering, and exactly the valid hits (and no invalid one) are stored.
        Assert.Equal(HttpStatusCode.OK, await _server.TrackAsync(Valid(777_777)));
        valid.Add(777_777);
        var titles = LogTables.Query(_server, "SELECT name FROM log_action WHERE type = 4").Select(r => (string)r["name"]!).ToHashSet(StringComparer.Ordinal);
        foreach (var i in valid)
        {
            Assert.Contains($"valid-{i}", titles);
        }

        Assert.DoesNotContain(titles, t => t.StartsWith("invalid-", StringComparison.Ordinal));
        Assert.DoesNotContain(titles, t => t == "valid-999999");

        var stored = Convert.ToInt32(LogTables.Scalar(_server,
            "SELECT COUNT(*) FROM log_link_visit_action l JOIN log_action a ON a.idaction = l.idaction_name WHERE a.type = 4 AND a.name LIKE 'valid-%'"));
        Assert.Equal(valid.Count, stored);

        var summary = await _server.ApiJsonAsync($"method=VisitsSummary.get&idSite={_idSite}&period=day&date=today");
        Assert.True(summary.GetProperty("nb_visits").GetInt32() >= valid.Count);
    }
}
