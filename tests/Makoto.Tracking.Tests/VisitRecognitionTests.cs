using Makoto.Tracking.Requests;
using Makoto.Tracking.Visits;

namespace Makoto.Tracking.Tests;

/// <summary>Visit recognition (tracking-api.md §6.3–6.5) against a real SQLite store.</summary>
public sealed class VisitRecognitionTests : IDisposable
{
    private static readonly byte[] s_alice = [0xa1, 0xa1, 0xa1, 0xa1, 0xa1, 0xa1, 0xa1, 0xa1];
    private static readonly byte[] s_bob = [0xb0, 0xb0, 0xb0, 0xb0, 0xb0, 0xb0, 0xb0, 0xb0];
    private static readonly DateTime s_noon = new(2026, 10, 12, 12, 0, 0, DateTimeKind.Utc);

    private readonly RecorderHarness _harness = new();

    public void Dispose() => _harness.Dispose();

    [Fact]
    public void A_hit_29_minutes_59_seconds_after_the_last_continues_the_visit()
    {
        _harness.PageView(s_noon, "/a", s_alice);
        _harness.PageView(s_noon.AddSeconds(1799), "/b", s_alice);

        var visit = Assert.Single(_harness.Visits());
        Assert.Equal(2, visit.VisitTotalActions);
        Assert.Equal(1800, visit.VisitTotalTime); // 1 + 1799
        Assert.Equal(s_noon.AddSeconds(1799), visit.VisitLastActionTime);
        Assert.Equal(_harness.ActionId("/a"), visit.VisitEntryIdactionUrl);
        Assert.Equal(_harness.ActionId("/b"), visit.VisitExitIdactionUrl);
    }

    [Fact]
    public void A_hit_exactly_30_minutes_after_the_last_starts_a_returning_visit()
    {
        _harness.PageView(s_noon, "/a", s_alice);
        _harness.PageView(s_noon.AddSeconds(1800), "/b", s_alice);

        var visits = _harness.Visits();
        Assert.Equal(2, visits.Count);
        Assert.Equal(0, visits[0].VisitorReturning);
        Assert.Equal(1, visits[0].VisitorCountVisits);
        Assert.Equal(1, visits[1].VisitorReturning);
        Assert.Equal(2, visits[1].VisitorCountVisits);
        Assert.Equal(1800, visits[1].VisitorSecondsSinceLast);
        Assert.Equal(0, visits[1].VisitTotalTime);
        Assert.Equal(s_alice, visits[1].IdVisitor);
    }

    [Fact]
    public void Times_since_the_previous_visit_count_from_its_first_action_as_in_matomo_5()
    {
        _harness.PageView(s_noon, "/a", s_alice);
        _harness.PageView(s_noon.AddSeconds(60), "/b", s_alice);
        _harness.PageView(s_noon.AddSeconds(60 + 1800), "/c", s_alice);

        var second = _harness.Visits()[1];
        Assert.Equal(1860, second.VisitorSecondsSinceLast); // from 12:00:00, not from the last action at 12:01:00
        Assert.Equal(1860, second.VisitorSecondsSinceFirst);
    }

    [Fact]
    public void A_ping_lengthens_the_visit_but_does_not_move_its_last_action_time()
    {
        _harness.PageView(s_noon, "/a", s_alice);
        Assert.Equal(HitResult.Recorded, _harness.PageView(s_noon.AddSeconds(900), "/a", s_alice, ping: true));

        var visit = Assert.Single(_harness.Visits());
        Assert.Equal(s_noon, visit.VisitLastActionTime);
        Assert.Equal(901, visit.VisitTotalTime);
        Assert.Equal(1, visit.VisitTotalActions);

        // 31 minutes after the page view (16 after the ping) the visit is over: pings do not keep it open.
        _harness.PageView(s_noon.AddSeconds(1860), "/b", s_alice);
        Assert.Equal(2, _harness.Visits().Count);
    }

    [Fact]
    public void The_time_spent_on_the_previous_page_is_stored_on_the_next_action()
    {
        _harness.PageView(s_noon, "/a", s_alice);
        _harness.PageView(s_noon.AddSeconds(42), "/b", s_alice);
        _harness.PageView(s_noon.AddSeconds(100), "/c", s_alice);

        var actions = _harness.Actions();
        Assert.Equal((long?)0, actions[0].UrlRef);
        Assert.Equal((long?)0, actions[0].TimeSpentRef);
        Assert.Equal(_harness.ActionId("/a"), actions[1].UrlRef);
        Assert.Equal((long?)42, actions[1].TimeSpentRef);
        Assert.Equal(_harness.ActionId("/b"), actions[2].UrlRef);
        Assert.Equal((long?)58, actions[2].TimeSpentRef);
        Assert.Equal(new int?[] { 1, 2, 3 }, actions.Select(a => a.Position));
    }

    [Fact]
    public void Crossing_midnight_in_the_site_timezone_starts_a_new_visit()
    {
        using var berlin = new RecorderHarness("Europe/Berlin");
        // 21:50 and 22:05 UTC are 23:50 and 00:05 in Berlin (UTC+2 in October).
        berlin.PageView(new DateTime(2026, 10, 12, 21, 50, 0, DateTimeKind.Utc), "/a", s_alice);
        berlin.PageView(new DateTime(2026, 10, 12, 22, 5, 0, DateTimeKind.Utc), "/b", s_alice);
        Assert.Equal(2, berlin.Visits().Count);
    }

    [Fact]
    public void Crossing_midnight_in_utc_but_not_in_the_site_timezone_keeps_the_visit()
    {
        using var berlin = new RecorderHarness("Europe/Berlin");
        // 23:50 and 00:05 UTC are 01:50 and 02:05 in Berlin: the same local day.
        berlin.PageView(new DateTime(2026, 10, 12, 23, 50, 0, DateTimeKind.Utc), "/a", s_alice);
        berlin.PageView(new DateTime(2026, 10, 13, 0, 5, 0, DateTimeKind.Utc), "/b", s_alice);
        Assert.Single(berlin.Visits());
    }

    [Fact]
    public void Without_a_visitor_id_the_fingerprint_finds_the_visit_within_the_window()
    {
        _harness.PageView(s_noon, "/a", config: "laptop");
        _harness.PageView(s_noon.AddMinutes(10), "/b", config: "laptop");
        _harness.PageView(s_noon.AddMinutes(11), "/c", config: "phone");

        var visits = _harness.Visits();
        Assert.Equal(2, visits.Count);
        Assert.Equal(2, visits[0].VisitTotalActions);
        Assert.Equal(1, visits[1].VisitTotalActions);
        Assert.Equal(0, visits[0].Profilable);
    }

    [Fact]
    public void An_unknown_cookie_id_falls_back_to_the_fingerprint_and_takes_over_the_visit()
    {
        _harness.PageView(s_noon, "/a", config: "laptop");
        _harness.PageView(s_noon.AddMinutes(5), "/b", s_bob, config: "laptop");

        var visit = Assert.Single(_harness.Visits());
        Assert.Equal(2, visit.VisitTotalActions);
        Assert.Equal(s_bob, visit.IdVisitor);
    }

    [Fact]
    public void A_forced_visitor_id_is_matched_by_id_only()
    {
        _harness.PageView(s_noon, "/a", s_alice, VisitorIdSource.Forced, config: "laptop");
        _harness.PageView(s_noon.AddMinutes(5), "/b", s_bob, VisitorIdSource.Forced, config: "laptop");
        _harness.PageView(s_noon.AddMinutes(6), "/c", s_alice, VisitorIdSource.Forced, config: "other");

        var visits = _harness.Visits();
        Assert.Equal(2, visits.Count);
        Assert.Equal(s_alice, visits[0].IdVisitor);
        Assert.Equal(2, visits[0].VisitTotalActions);
        Assert.Equal(s_bob, visits[1].IdVisitor);
    }

    [Fact]
    public void The_user_id_hash_is_the_visitor_id_and_a_fingerprint_match_must_not_belong_to_another_user()
    {
        var aliceId = TrackingRequestReader.UserIdToVisitorId("alice");
        // SHA-1("alice") = 522b276a356bdf39013dfabea2cd43e141ecc9e8; its first 16 hex digits are the visitor id.
        Assert.Equal(Convert.FromHexString("522b276a356bdf39"), aliceId);

        _harness.PageView(s_noon, "/a", aliceId, VisitorIdSource.UserId, userId: "alice", config: "laptop");
        _harness.PageView(s_noon.AddMinutes(2), "/b", aliceId, VisitorIdSource.UserId, userId: "alice", config: "laptop");
        // Someone on the same device without a User ID and an unknown cookie: not alice's visit.
        _harness.PageView(s_noon.AddMinutes(3), "/c", s_bob, config: "laptop");

        var visits = _harness.Visits();
        Assert.Equal(2, visits.Count);
        Assert.Equal("alice", visits[0].UserId);
        Assert.Equal(2, visits[0].VisitTotalActions);
        Assert.Null(visits[1].UserId);
    }

    [Fact]
    public void New_visit_parameter_forces_a_new_visit()
    {
        _harness.PageView(s_noon, "/a", s_alice);
        _harness.PageView(s_noon.AddMinutes(3), "/b", s_alice, newVisit: true);
        Assert.Equal(2, _harness.Visits().Count);
    }

    [Fact]
    public void A_ping_extends_the_visit_without_an_action_and_is_ignored_when_the_visit_is_over()
    {
        _harness.PageView(s_noon, "/a", s_alice);
        Assert.Equal(HitResult.Recorded, _harness.PageView(s_noon.AddSeconds(15), visitorId: s_alice, ping: true));
        Assert.Equal(HitResult.Ignored, _harness.PageView(s_noon.AddHours(2), visitorId: s_alice, ping: true));

        var visit = Assert.Single(_harness.Visits());
        Assert.Equal(1, visit.VisitTotalActions);
        Assert.Equal(16, visit.VisitTotalTime);
        Assert.Single(_harness.Actions());
    }
}
