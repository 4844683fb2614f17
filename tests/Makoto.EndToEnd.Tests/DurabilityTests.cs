using System.Collections.Concurrent;
using System.Net;
using Microsoft.Data.Sqlite;

namespace Makoto.EndToEnd.Tests;

/// <summary>
/// Nothing acknowledged is lost on a kill -9 (issue "durable and fast", DESIGN.md §4): the server runs as
/// its own process, many hits are in flight when it is killed with SIGKILL, and after a restart on the
/// same data folder every hit that had been answered 200 is stored.
/// </summary>
public sealed class DurabilityTests
{
    [Fact]
    public async Task Every_hit_answered_before_a_kill_9_is_stored_after_the_restart()
    {
        var folder = Path.Combine(Path.GetTempPath(), "makoto-kill-" + Guid.NewGuid().ToString("N"));
        try
        {
            var acknowledged = new ConcurrentBag<int>();
            var failed = 0;
            int idSite;
            using (var server = await ServerProcess.StartAsync(folder))
            {
                idSite = await AddSiteAsync(server.Http);
                var next = -1;
                var enoughAcknowledged = new TaskCompletionSource();
                using var stop = new CancellationTokenSource();

                // 32 senders, each a stream of hits of new visitors (own IP through cip, own visitor id).
                var senders = Enumerable.Range(0, 32).Select(_ => Task.Run(async () =>
                {
                    while (!stop.IsCancellationRequested)
                    {
                        var i = Interlocked.Increment(ref next);
                        try
                        {
                            using var response = await server.Http.GetAsync(
                                $"/matomo.php?idsite={idSite}&rec=1&send_image={i % 2}&_id={i:x16}&cip=10.{i / 65536 % 256}.{i / 256 % 256}.{i % 256}" +
                                $"&token_auth={TestServer.Token}&url=https%3A%2F%2Fkill.example.com%2Fpage-{i}&action_name=Page%20{i}");
                            if (response.StatusCode is HttpStatusCode.OK or HttpStatusCode.NoContent)
                            {
                                acknowledged.Add(i);
                                if (acknowledged.Count >= 1500)
                                {
                                    enoughAcknowledged.TrySetResult();
                                }
                            }
                        }
                        catch (Exception error) when (error is HttpRequestException or TaskCanceledException)
                        {
                            // In flight when the process died: not acknowledged, may or may not be stored.
                            Interlocked.Increment(ref failed);
                            stop.Cancel();
                        }
                    }
                })).ToArray();

                await enoughAcknowledged.Task.WaitAsync(TimeSpan.FromSeconds(60));
                server.Kill();
                stop.CancelAfter(TimeSpan.FromSeconds(5));
                await Task.WhenAll(senders);
            }

            // The kill happened with requests in flight, after many had been answered.
            Assert.True(failed > 0, "no request was in flight when the server was killed");
            Assert.True(acknowledged.Count >= 1500);

            using (var restarted = await ServerProcess.StartAsync(folder))
            {
                var stored = StoredPageNames(folder);
                var missing = acknowledged.Where(i => !stored.Contains($"Page {i}")).Order().Take(20).ToList();
                Assert.True(missing.Count == 0, $"acknowledged hits missing after the restart: {string.Join(", ", missing)}");

                // The restarted server reports them too: one visit per stored hit (each hit is its own visitor).
                var summary = await restarted.Http.GetStringAsync(
                    $"/index.php?module=API&method=VisitsSummary.get&idSite={idSite}&period=day&date=today&format=json&token_auth={TestServer.Token}");
                var visits = System.Text.Json.JsonDocument.Parse(summary).RootElement.GetProperty("nb_visits").GetInt32();
                Assert.Equal(stored.Count, visits);
            }
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    private static async Task<int> AddSiteAsync(HttpClient http)
    {
        var answer = await http.GetStringAsync(
            $"/index.php?module=API&method=SitesManager.addSite&siteName=Kill&urls[]=https%3A%2F%2Fkill.example.com&timezone=UTC&format=json&token_auth={TestServer.Token}");
        return System.Text.Json.JsonDocument.Parse(answer).RootElement.GetProperty("value").GetInt32();
    }

    private static HashSet<string> StoredPageNames(string folder)
    {
        using var connection = new SqliteConnection($"Data Source={Path.Combine(folder, "makoto.db")};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT a.name FROM log_link_visit_action l JOIN log_action a ON a.idaction = l.idaction_name WHERE a.type = 4";
        using var reader = command.ExecuteReader();
        var names = new HashSet<string>(StringComparer.Ordinal);
        while (reader.Read())
        {
            names.Add(reader.GetString(0));
        }

        return names;
    }
}
