using Makoto.Storage;

namespace Makoto.Tracking.Tests;

/// <summary>The log writer's transactions on a real SQLite file shared with other connections.</summary>
public sealed class LogWriterTransactionTests : IDisposable
{
    private static readonly DateTime s_time = new(2024, 3, 1, 10, 0, 0, DateTimeKind.Utc);
    private readonly RecorderHarness _harness = new();

    public void Dispose() => _harness.Dispose();

    [Fact]
    public void A_lookup_that_found_a_visit_does_not_pin_the_snapshot_so_writes_after_another_connection_commits_succeed()
    {
        var visitor = Convert.FromHexString("0011223344556677");
        _harness.PageView(s_time, visitorId: visitor);
        var stored = Assert.Single(_harness.Visits());

        using var log = _harness.Database.CreateLogWriter();
        log.Begin();
        Assert.NotNull(log.FindLastVisitByVisitor(_harness.Site.IdSite, visitor, s_time.AddDays(1)));
        log.Commit();

        // Another connection commits (the archiver, the API writing sites or options do).
        using (var other = _harness.Database.Open())
        {
            other.Exec("UPDATE site SET name = 'Renamed'");
        }

        log.Begin();
        log.InsertVisit(stored);
        log.Commit();

        Assert.Equal(2, _harness.Visits().Count);
    }
}
