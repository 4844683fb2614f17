using System.Net;
using Makoto.Tests.Shared;
using Microsoft.Data.Sqlite;

namespace Makoto.EndToEnd.Tests;

/// <summary>
/// When the store cannot take writes (here: another connection holds SQLite's write lock past the busy
/// timeout), the tracker is told to retry (503 with Retry-After), nothing of the request is stored or
/// counted as invalid, and tracking resumes once the store is free again (tracking-api.md §4).
/// </summary>
public sealed class StoreFailureTests
{
    [Fact]
    public async Task A_locked_store_answers_503_with_retry_after_and_the_retried_hit_is_stored_once()
    {
        await using var server = await TestServer.StartOnAsync(TestStore.Sqlite, null, "--Makoto:Storage:SqliteBusyTimeoutSeconds=1");
        var idSite = await server.AddSiteAsync("Locked", "https://locked.example.com");
        string Hit(string visitor) => $"idsite={idSite}&rec=1&send_image=0&_id={visitor}&cip=10.0.0.{visitor[^1]}&token_auth={TestServer.Token}&url=https%3A%2F%2Flocked.example.com%2F";

        Assert.Equal(HttpStatusCode.NoContent, await server.TrackAsync(Hit("00000000000000a1")));

        using (var holder = new SqliteConnection($"Data Source={Path.Combine(server.DataFolder, "makoto.db")};Pooling=False"))
        {
            holder.Open();
            using var begin = holder.CreateCommand();
            begin.CommandText = "BEGIN IMMEDIATE";
            begin.ExecuteNonQuery();

            var locked = await server.Http.GetAsync("/matomo.php?" + Hit("00000000000000a2"));
            Assert.Equal(HttpStatusCode.ServiceUnavailable, locked.StatusCode);
            Assert.Equal("1", locked.Headers.GetValues("Retry-After").Single());

            using var rollback = holder.CreateCommand();
            rollback.CommandText = "ROLLBACK";
            rollback.ExecuteNonQuery();
        }

        // The tracker's retry goes through, and the visit is there once.
        Assert.Equal(HttpStatusCode.NoContent, await server.TrackAsync(Hit("00000000000000a2")));
        Assert.Equal(2L, LogTables.Scalar(server, "SELECT COUNT(*) FROM log_visit"));
        Assert.Equal(1L, LogTables.Scalar(server, "SELECT COUNT(*) FROM log_visit WHERE idvisitor = x'00000000000000a2'"));

        var metrics = await server.Http.GetStringAsync("/metrics");
        Assert.Contains("makoto_tracking_requests_store_failed_total 1\n", metrics, StringComparison.Ordinal);
        Assert.DoesNotContain("makoto_tracking_requests_invalid_total{", metrics, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Commits_of_other_connections_between_the_writer_s_reads_and_writes_never_fail_a_hit()
    {
        // The tracking writer reads (action names, visits) before it writes. Another connection committing in
        // between (the archiver storing reports) must make it wait for the lock, not fail the batch.
        await using var server = await TestServer.StartOnAsync(TestStore.Sqlite);
        var idSite = await server.AddSiteAsync("Busy", "https://busy.example.com");
        using var stop = new CancellationTokenSource();
        var other = Task.Run(() =>
        {
            using var connection = new SqliteConnection($"Data Source={Path.Combine(server.DataFolder, "makoto.db")};Pooling=False");
            connection.Open();
            using var pragma = connection.CreateCommand();
            pragma.CommandText = "PRAGMA busy_timeout = 30000; CREATE TABLE IF NOT EXISTS test_other_writer (n INTEGER)";
            pragma.ExecuteNonQuery();
            var commits = 0;
            while (!stop.IsCancellationRequested)
            {
                using var write = connection.CreateCommand();
                write.CommandText = "BEGIN IMMEDIATE; INSERT INTO test_other_writer VALUES (1); COMMIT";
                write.ExecuteNonQuery();
                commits++;
            }

            return commits;
        });

        // Every hit names a new page and title: the writer looks each name up before it inserts it.
        var statuses = await Task.WhenAll(Enumerable.Range(0, 8).Select(async client =>
        {
            var codes = new List<HttpStatusCode>();
            for (var i = 0; i < 40; i++)
            {
                var visitor = $"{client:x8}{i:x8}";
                codes.Add(await server.TrackAsync(
                    $"idsite={idSite}&rec=1&send_image=0&_id={visitor}&cip=10.{client}.{i}.1&token_auth={TestServer.Token}" +
                    $"&url=https%3A%2F%2Fbusy.example.com%2Fpage-{client}-{i}&action_name=Page%20{client}%20{i}"));
            }

            return codes;
        }));
        stop.Cancel();
        Assert.True(await other > 0);

        Assert.All(statuses.SelectMany(c => c), status => Assert.Equal(HttpStatusCode.NoContent, status));
        Assert.Equal(320L, LogTables.Scalar(server, "SELECT COUNT(*) FROM log_visit"));
    }
}
