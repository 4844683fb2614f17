using Makoto.Storage;
using Makoto.Storage.Archives;
using Makoto.Storage.Logs;
using Makoto.Storage.Sites;
using Makoto.Tracking.Requests;
using Makoto.Tracking.Visits;
using Makoto.Tracking.Writer;
using Microsoft.Extensions.Logging.Abstractions;

namespace Makoto.Tracking.Tests;

/// <summary>
/// A batch in which one hit fails in the store part-way is rolled back and recorded again hit by hit: the other
/// hits must then be stored exactly as if the batch had not failed, although the first attempt already ran the
/// visit logic over their rows.
/// </summary>
public sealed class BatchRetryTests : IDisposable
{
    private static readonly DateTime s_time = new(2024, 3, 1, 10, 0, 0, DateTimeKind.Utc);
    private readonly RecorderHarness _harness = new();

    public void Dispose() => _harness.Dispose();

    [Fact]
    public async Task Hits_recorded_again_after_a_failed_attempt_store_the_rows_of_a_single_attempt()
    {
        // The store refuses one visitor's visit (as a full disk or a constraint would, for that hit only).
        using (var connection = _harness.Database.Open())
        {
            connection.Exec(
                "CREATE TRIGGER refuse_visit BEFORE INSERT ON log_visit WHEN NEW.config_resolution = 'refused' " +
                "BEGIN SELECT RAISE(ABORT, 'refused by the test'); END;");
        }

        var first = Convert.FromHexString("0101010101010101");
        var other = Convert.FromHexString("0303030303030303");
        var opening = _harness.Hit(s_time, "/a", first, config: "config-a");
        var next = _harness.Hit(s_time.AddSeconds(10), "/c", first, config: "config-a");
        var referred = _harness.Hit(s_time.AddSeconds(20), "/d", other, config: "config-d");
        referred.Visit.RefererType = 3;
        referred.Visit.RefererName = "example.net";
        var refused = _harness.Hit(s_time.AddSeconds(30), "/b", Convert.FromHexString("0202020202020202"), config: "config-b");
        refused.Visit.ConfigResolution = "refused";

        // One request with all four: they are one batch, and the refused hit comes after the others ran.
        var job = new WriteJob([opening, next, referred, refused]);
        var writer = new TrackingWriter(
            _harness.Database,
            new ArchiveStore(_harness.Database),
            new SiteStore(_harness.Database),
            new LogWatermarks(),
            new TrackerOptions(),
            new TrackingMetrics(),
            TimeProvider.System,
            NullLogger<TrackingWriter>.Instance);
        writer.Start();
        Assert.True(writer.TryEnqueue(job));
        await job.Completion;
        await writer.StopAsync();

        Assert.Equal([HitResult.Recorded, HitResult.Recorded, HitResult.Recorded, HitResult.Invalid], job.Results);
        Assert.Equal("write_failed", job.Errors![3].Reason);

        var visits = _harness.Visits().OrderBy(v => v.IdVisit).ToList();
        Assert.Equal(2, visits.Count);

        // The first visitor: one visit of two page views from 10:00:00 to 10:00:10, entered on /a, left on /c.
        var continued = visits[0];
        Assert.Equal(first, continued.IdVisitor);
        Assert.Equal(2, continued.VisitTotalActions);
        Assert.Equal(2, continued.VisitTotalInteractions);
        Assert.Equal(1, continued.VisitorCountVisits);
        Assert.Equal(s_time, continued.VisitFirstActionTime);
        Assert.Equal(s_time.AddSeconds(10), continued.VisitLastActionTime);
        Assert.Equal(11, continued.VisitTotalTime);
        Assert.Equal(_harness.ActionId("/a"), continued.VisitEntryIdactionUrl);
        Assert.Equal(_harness.ActionId("/c"), continued.VisitExitIdactionUrl);

        // The other visitor: a new visit of one page view, with the referrer its processors found.
        var single = visits[1];
        Assert.Equal(other, single.IdVisitor);
        Assert.Equal(1, single.VisitTotalActions);
        Assert.Equal(1, single.VisitorCountVisits);
        Assert.Equal(0, single.VisitTotalTime);
        Assert.Equal(3, single.RefererType);
        Assert.Equal("example.net", single.RefererName);
        Assert.Equal(_harness.ActionId("/d"), single.VisitEntryIdactionUrl);
        Assert.Equal(_harness.ActionId("/d"), single.VisitExitIdactionUrl);

        // Three actions: /a and /c in the first visit (the second one after the first), /d in the other.
        var actions = _harness.Actions();
        Assert.Equal(
            [(continued.IdVisit, 0L, 0L, 1), (continued.IdVisit, _harness.ActionId("/a"), 10L, 2), (single.IdVisit, 0L, 0L, 1)],
            actions.Select(a => (a.IdVisit, a.UrlRef ?? -1, a.TimeSpentRef ?? -1, a.Position ?? -1)).ToList());
    }
}
