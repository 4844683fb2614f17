using System.Net;

namespace Makoto.EndToEnd.Tests;

/// <summary>Acknowledged means committed: every hit answered with 200 is in the database after a restart.</summary>
public sealed class RestartTests
{
    [Fact]
    public async Task Hits_acknowledged_before_a_stop_are_all_there_after_a_restart()
    {
        var folder = Path.Combine(Path.GetTempPath(), "makoto-restart-" + Guid.NewGuid().ToString("N"));
        try
        {
            var first = await TestServer.StartAsync(folder);
            var idSite = await first.AddSiteAsync("Restart", "https://restart.example.com");

            // Many hits in flight while the server is asked to stop: each one answered 200 must survive.
            var answered = 0;
            var someAnswered = new TaskCompletionSource();
            var hits = Enumerable.Range(0, 400).Select(async i =>
            {
                try
                {
                    var status = await first.TrackAsync(
                        $"idsite={idSite}&rec=1&_id={i:x16}&ua=TestAgent%2F{i}&cip=10.2.{i / 256}.{i % 256}&token_auth={TestServer.Token}&url=https%3A%2F%2Frestart.example.com%2Fpage-{i}&action_name=Page%20{i}");
                    return (Index: i, Acknowledged: status == HttpStatusCode.OK);
                }
                catch (HttpRequestException)
                {
                    return (Index: i, Acknowledged: false);
                }
                finally
                {
                    if (Interlocked.Increment(ref answered) == 50)
                    {
                        someAnswered.TrySetResult();
                    }
                }
            }).ToList();

            await someAnswered.Task;
            await first.StopAsync();
            var results = await Task.WhenAll(hits);
            await first.DisposeAsync();
            var acknowledged = results.Where(r => r.Acknowledged).Select(r => r.Index).ToHashSet();
            Assert.NotEmpty(acknowledged);

            await using var second = await TestServer.StartAsync(folder);
            var stored = StoredPageNames(second);
            foreach (var index in acknowledged)
            {
                Assert.Contains($"Page {index}", stored);
            }

            // Each hit is a new visitor (own id and IP, so no shared configuration fingerprint) with one page view: the API agrees with the table.
            var today = await second.ApiJsonAsync($"method=VisitsSummary.get&idSite={idSite}&period=day&date=today");
            Assert.Equal(stored.Count, today.GetProperty("nb_visits").GetInt32());
            Assert.True(stored.Count >= acknowledged.Count);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    private static HashSet<string> StoredPageNames(TestServer server) =>
        LogTables.Query(server, "SELECT a.name FROM log_link_visit_action l JOIN log_action a ON a.idaction = l.idaction_name WHERE a.type = 4")
            .Select(row => (string)row["name"]!)
            .ToHashSet(StringComparer.Ordinal);
}
