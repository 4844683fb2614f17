namespace Makoto.Archiving.Tests;

public sealed class ArchiveRefresherTests
{
    private static readonly TimeSpan s_interval = TimeSpan.FromSeconds(30);

    [Theory]
    // A short round: the next starts with the interval (30 s after this one started).
    [InlineData(2, 0.25, 28)]
    // A 20 s round may take a quarter of the time: 60 s of rest (20 of every 80 s).
    [InlineData(20, 0.25, 60)]
    // A round longer than the interval still rests three times its length.
    [InlineData(40, 0.25, 120)]
    // Half of the time: rest as long as the round, but not less than until the next interval.
    [InlineData(10, 0.5, 20)]
    [InlineData(25, 0.5, 25)]
    // 1 keeps the plain interval; a round longer than it is followed at once.
    [InlineData(20, 1.0, 10)]
    [InlineData(40, 1.0, 0)]
    public void Rounds_rest_until_the_interval_and_long_enough_to_keep_their_share(double tookSeconds, double share, double expectedSeconds)
    {
        var pause = ArchiveRefresher.Pause(s_interval, TimeSpan.FromSeconds(tookSeconds), share);
        Assert.Equal(expectedSeconds, pause.TotalSeconds, 3);
    }

    [Theory]
    // 30,000 hits in 30 s is 1,000 hits/s: at the threshold, today waits.
    [InlineData(30_000, 30, 1000, 60, true)]
    // Just under the threshold: today is rebuilt.
    [InlineData(29_999, 30, 1000, 60, false)]
    // Under load, but today was last refreshed 300 s ago: it is rebuilt all the same.
    [InlineData(600_000, 30, 1000, 300, false)]
    [InlineData(600_000, 30, 1000, 299, true)]
    // 0 never yields; nothing measured yet (the first round) or over less than a second never yields.
    [InlineData(600_000, 30, 0, 60, false)]
    [InlineData(600_000, 0, 1000, 60, false)]
    [InlineData(600_000, 0.5, 1000, 60, false)]
    [InlineData(2_000, 1, 1000, 60, true)]
    public void Today_waits_while_tracking_is_busy_for_at_most_the_longest_yield(long hits, double elapsedSeconds, int yieldHitsPerSecond, double sinceRefreshSeconds, bool expected)
    {
        var yields = ArchiveRefresher.YieldsToTracking(
            hits, TimeSpan.FromSeconds(elapsedSeconds), yieldHitsPerSecond, TimeSpan.FromSeconds(sinceRefreshSeconds), TimeSpan.FromSeconds(300));
        Assert.Equal(expected, yields);
    }
}
