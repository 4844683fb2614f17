using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Makoto.EndToEnd.Tests.Conformance;

/// <summary>
/// Replays the Matomo 5.0.2 reference corpus (<c>Conformance/Data</c>, see its README) against a
/// fresh server, requests every reference API URL and counts how many of Matomo's values Makoto
/// reproduces. The counts per file may not fall below <c>Conformance/baseline.json</c>; the
/// report (per method and overall) goes to the test output and to <c>conformance-report.txt</c>
/// beside the test binaries, the first differences of each file to <c>conformance-mismatches.txt</c>.
/// </summary>
public sealed class ConformanceTests
{
    private const int BulkSize = 100;

    private static readonly string s_data = Path.Combine(AppContext.BaseDirectory, "Conformance", "Data");

    private readonly List<string> _report = [];

    [Fact(Timeout = 600_000)]
    public async Task Reference_outputs_are_reproduced_at_least_as_well_as_the_baseline()
    {
        var clock = Stopwatch.StartNew();
        var cancel = TestContext.Current.CancellationToken;
        await using var server = await TestServer.StartAsync();

        var mismatches = new StringBuilder();
        var (siteId, setupScores) = await SetUpSiteAndGoals(server, mismatches, cancel);
        var (tracked, invalid) = await Replay(server, siteId, cancel);
        var replayed = clock.Elapsed;

        var index = JsonNode.Parse(File.ReadAllText(Path.Combine(s_data, "expected", "index.json")))!.AsObject();
        var scores = new List<FileScore>();
        foreach (var (file, url) in index)
        {
            var (score, differences) = await CompareOne(server, siteId, file, url!.GetValue<string>(), cancel);
            scores.Add(score);
            AppendDifferences(mismatches, file, score, differences);
        }

        var failure = CheckBaseline(scores);
        WriteReport(scores, setupScores, tracked, invalid, replayed, clock.Elapsed);
        File.WriteAllText(Path.Combine(AppContext.BaseDirectory, "conformance-mismatches.txt"), mismatches.ToString());
        if (failure is not null)
        {
            Assert.Fail(failure);
        }
    }

    /// <summary>
    /// Runs the calls of <c>setup.json</c> in order, each a POST with the token in the body. The site
    /// gets our own id; the goals must get the ids 1, 2, 3 the corpus refers to. The answers of the
    /// read-only calls are scored for the report only.
    /// </summary>
    private static async Task<(int SiteId, List<(string Method, FileScore Score)> Scores)> SetUpSiteAndGoals(
        TestServer server, StringBuilder mismatches, CancellationToken cancel)
    {
        using var setup = JsonDocument.Parse(File.ReadAllText(Path.Combine(s_data, "setup.json")));
        var siteId = 0;
        var scores = new List<(string, FileScore)>();
        foreach (var call in setup.RootElement.GetProperty("calls").EnumerateArray())
        {
            Assert.Equal("POST", call.GetProperty("http").GetString());
            var url = "/" + call.GetProperty("url").GetString()!.TrimStart('/');
            if (siteId != 0)
            {
                url = QueryRewriter.Replace(url, new() { ["idSite"] = Id(siteId) });
            }

            var body = QueryRewriter.Replace(call.GetProperty("post_body").GetString()!, new() { ["token_auth"] = TestServer.Token });
            using var content = new StringContent(body, Encoding.UTF8, "application/x-www-form-urlencoded");
            using var response = await server.Http.PostAsync(url, content, cancel);
            var answer = await response.Content.ReadAsByteArrayAsync(cancel);
            var method = QueryRewriter.Get(url, "method")!;
            var expected = call.GetProperty("response");
            if (method == "SitesManager.addSite")
            {
                siteId = JsonNode.Parse(answer)?["value"]?.GetValue<int>()
                    ?? throw new InvalidOperationException($"SitesManager.addSite did not return a site id: {Encoding.UTF8.GetString(answer)}");
            }
            else if (method == "Goals.addGoal")
            {
                // The tracking requests convert goal 2 by its id, so the goals need Matomo's ids.
                var wanted = expected.GetProperty("value").GetRawText();
                var got = JsonNode.Parse(answer)?["value"]?.ToJsonString().Trim('"');
                Assert.True(got == wanted, $"Goals.addGoal answered {Encoding.UTF8.GetString(answer)}; the corpus needs goal id {wanted}.");
            }
            else
            {
                var (score, differences) = OutputComparer.Compare(method + ".json", Encoding.UTF8.GetBytes(expected.GetRawText()), answer, siteId);
                scores.Add((method, score));
                AppendDifferences(mismatches, "setup.json " + method, score, differences);
            }
        }

        Assert.NotEqual(0, siteId);
        return (siteId, scores);
    }

    /// <summary>
    /// Sends <c>requests.txt</c> in file order, 100 lines per bulk POST, with <c>idsite</c> and
    /// <c>token_auth</c> of every line set to our site and token (the other parameters untouched).
    /// </summary>
    private static async Task<(int Tracked, int Invalid)> Replay(TestServer server, int siteId, CancellationToken cancel)
    {
        var lines = File.ReadAllLines(Path.Combine(s_data, "requests.txt")).Where(l => l.Length > 0).ToList();
        var replacements = new Dictionary<string, string> { ["idsite"] = Id(siteId), ["token_auth"] = TestServer.Token };
        int tracked = 0, invalid = 0;
        foreach (var chunk in lines.Chunk(BulkSize))
        {
            var body = JsonSerializer.Serialize(new
            {
                requests = chunk.Select(line => QueryRewriter.Replace(line, replacements)).ToArray(),
                token_auth = TestServer.Token,
            });
            for (var attempt = 1; ; attempt++)
            {
                using var content = new StringContent(body, Encoding.UTF8, "application/json");
                using var response = await server.Http.PostAsync("/matomo.php", content, cancel);
                var answer = await response.Content.ReadAsStringAsync(cancel);
                if (response.StatusCode == HttpStatusCode.ServiceUnavailable && attempt < 20)
                {
                    await Task.Delay(250, cancel);
                    continue;
                }

                Assert.True(response.IsSuccessStatusCode, $"Bulk tracking failed with {(int)response.StatusCode}: {answer}");
                using var result = JsonDocument.Parse(answer);
                tracked += result.RootElement.GetProperty("tracked").GetInt32();
                invalid += result.RootElement.GetProperty("invalid").GetInt32();
                break;
            }
        }

        return (tracked, invalid);
    }

    private static void AppendDifferences(StringBuilder mismatches, string name, FileScore score, IReadOnlyList<string> differences)
    {
        if (differences.Count == 0)
        {
            return;
        }

        mismatches.Append(CultureInfo.InvariantCulture, $"{name}: {score.Matched}/{score.Total}\n");
        foreach (var difference in differences)
        {
            mismatches.Append("  ").Append(difference).Append('\n');
        }
    }

    private static async Task<(FileScore Score, IReadOnlyList<string> Differences)> CompareOne(
        TestServer server, int siteId, string file, string url, CancellationToken cancel)
    {
        var expected = File.ReadAllBytes(Path.Combine(s_data, "expected", file));
        url = QueryRewriter.Replace(url, new() { ["idSite"] = Id(siteId), ["token_auth"] = TestServer.Token });
        byte[]? actual = null;
        string? failure = null;
        try
        {
            using var response = await server.Http.GetAsync(url, cancel);
            actual = await response.Content.ReadAsByteArrayAsync(cancel);
        }
        catch (HttpRequestException error)
        {
            failure = "request failed: " + error.Message;
        }

        return OutputComparer.Compare(file, expected, actual, siteId, failure);
    }

    /// <summary>Compares with the baseline (or rewrites it); returns the failure message when a file regressed.</summary>
    private string? CheckBaseline(List<FileScore> scores)
    {
        var path = ConformanceBaseline.SourcePath();
        if (ConformanceBaseline.UpdateRequested)
        {
            ConformanceBaseline.Write(path, scores);
            _report.Add($"Baseline rewritten ({ConformanceBaseline.UpdateVariable}=1): {path}");
            return null;
        }

        if (!File.Exists(path))
        {
            return $"The conformance baseline {path} is missing; create it by running this test with {ConformanceBaseline.UpdateVariable}=1.";
        }

        var baseline = ConformanceBaseline.Read(path);
        var regressions = new List<string>();
        var improvements = new List<string>();
        foreach (var score in scores)
        {
            var before = baseline.GetValueOrDefault(score.File);
            if (score.Matched < before)
            {
                regressions.Add($"  {score.File}: {score.Matched} values match, baseline {before} ({score.Matched - before}){(score.Note is null ? "" : "; " + score.Note)}");
            }
            else if (score.Matched > before)
            {
                improvements.Add($"  {score.File}: {score.Matched} values match, baseline {before} (+{score.Matched - before})");
            }
        }

        foreach (var stale in baseline.Keys.Except(scores.Select(s => s.File), StringComparer.Ordinal).Order(StringComparer.Ordinal))
        {
            _report.Add($"Baseline entry without an expected file (ignored): {stale}");
        }

        if (improvements.Count > 0)
        {
            _report.Add($"{improvements.Count} file(s) are above the baseline. Raise it so the gain is kept: run this test again with {ConformanceBaseline.UpdateVariable}=1 and commit {path}.");
            _report.AddRange(improvements);
        }

        if (regressions.Count == 0)
        {
            return null;
        }

        var message = $"{regressions.Count} file(s) match fewer values than the conformance baseline ({path}):\n{string.Join('\n', regressions)}";
        _report.Add(message);
        return message;
    }

    private void WriteReport(
        List<FileScore> scores, List<(string Method, FileScore Score)> setupScores, int tracked, int invalid, TimeSpan replayed, TimeSpan elapsed)
    {
        var lines = new List<string>
        {
            $"Matomo 5.0.2 conformance: {Summary(scores.Sum(s => s.Matched), scores.Sum(s => s.Total))} of the expected values in {scores.Count} files",
            $"Replay: {tracked} requests tracked, {invalid} invalid; setup and replay {replayed.TotalSeconds:F1} s, everything {elapsed.TotalSeconds:F1} s",
            "",
            $"{"method",-52} {"files",5} {"errors",6} {"matched",8} / {"total",-7} {"%",7} {"≈",5}",
            "(errors: files answered with an error; ≈: matched values that differ, but within 0.5 %)",
        };
        foreach (var group in scores.GroupBy(s => s.Group).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var matched = group.Sum(s => s.Matched);
            var total = group.Sum(s => s.Total);
            var errors = group.Count(s => s.Note is not null);
            lines.Add($"{group.Key,-52} {group.Count(),5} {errors,6} {matched,8} / {total,-7} {Percent(matched, total),7} {group.Sum(s => s.Approximate),5}");
        }

        lines.Add($"{"overall",-52} {scores.Count,5} {scores.Count(s => s.Note is not null),6} {scores.Sum(s => s.Matched),8} / {scores.Sum(s => s.Total),-7} {Percent(scores.Sum(s => s.Matched), scores.Sum(s => s.Total)),7} {scores.Sum(s => s.Approximate),5}");
        lines.Add("");
        lines.Add("Setup calls (informational, not in the baseline):");
        foreach (var (method, score) in setupScores)
        {
            lines.Add($"  {method,-50} {score.Matched,4} / {score.Total,-4}{(score.Note is null ? "" : "  " + score.Note)}");
        }

        if (_report.Count > 0)
        {
            lines.Add("");
            lines.AddRange(_report);
        }

        File.WriteAllLines(Path.Combine(AppContext.BaseDirectory, "conformance-report.txt"), lines);
        var output = TestContext.Current.TestOutputHelper;
        foreach (var line in lines)
        {
            output?.WriteLine(line);
        }
    }

    private static string Summary(int matched, int total) => $"{matched} / {total} ({Percent(matched, total).Trim()})";

    private static string Percent(int matched, int total) =>
        total == 0 ? "-" : (100.0 * matched / total).ToString("F1", CultureInfo.InvariantCulture) + " %";

    private static string Id(int id) => id.ToString(CultureInfo.InvariantCulture);
}
