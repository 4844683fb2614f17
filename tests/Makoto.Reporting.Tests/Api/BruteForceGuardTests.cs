using Makoto.Reporting.Api;
using Microsoft.Extensions.Logging.Abstractions;

namespace Makoto.Reporting.Tests.Api;

/// <summary>The brute-force guard: failures counted per address within a sliding window.</summary>
public sealed class BruteForceGuardTests
{
    private sealed class ManualClock : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = new(2026, 10, 12, 8, 0, 0, TimeSpan.Zero);

        public override DateTimeOffset GetUtcNow() => Now;
    }

    private static BruteForceGuard Guard(ManualClock clock, int maxFailures = 3, params string[] allowed) =>
        new(new BruteForceOptions { MaxFailures = maxFailures, WindowMinutes = 60, AllowedIps = allowed }, clock, NullLogger<BruteForceGuard>.Instance);

    [Fact]
    public void An_address_is_blocked_at_the_limit_and_others_are_not()
    {
        var guard = Guard(new ManualClock());
        guard.RecordFailure("10.0.0.1", "token_auth");
        guard.RecordFailure("10.0.0.1", "token_auth");
        Assert.False(guard.IsBlocked("10.0.0.1"));

        guard.RecordFailure("10.0.0.1", "password");
        Assert.True(guard.IsBlocked("10.0.0.1"));
        Assert.False(guard.IsBlocked("10.0.0.2"));
        var error = Assert.Throws<ApiException>(() => guard.ThrowIfBlocked("10.0.0.1"));
        Assert.Equal(BruteForceGuard.BlockedMessage, error.Message);
    }

    [Fact]
    public void Failures_older_than_the_window_no_longer_count()
    {
        var clock = new ManualClock();
        var guard = Guard(clock);
        guard.RecordFailure("10.0.0.1", "token_auth");
        clock.Now = clock.Now.AddMinutes(30);
        guard.RecordFailure("10.0.0.1", "token_auth");
        guard.RecordFailure("10.0.0.1", "token_auth");
        Assert.True(guard.IsBlocked("10.0.0.1"));

        // 61 minutes after the first failure only the two later ones remain.
        clock.Now = clock.Now.AddMinutes(31);
        Assert.False(guard.IsBlocked("10.0.0.1"));
    }

    [Fact]
    public void Allowed_and_unknown_addresses_are_never_blocked()
    {
        var guard = Guard(new ManualClock(), 1, "192.168.1.10");
        guard.RecordFailure("192.168.1.10", "token_auth");
        guard.RecordFailure("", "token_auth");
        Assert.False(guard.IsBlocked("192.168.1.10"));
        Assert.False(guard.IsBlocked(""));
    }
}
