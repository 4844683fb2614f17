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
}
