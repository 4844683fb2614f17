using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Makoto.Reporting.Api;

/// <summary>Security settings of the API (<c>Makoto:Security</c>).</summary>
public sealed class SecurityOptions
{
    public BruteForceOptions BruteForce { get; set; } = new();
}

/// <summary>
/// Brute-force protection settings (<c>Makoto:Security:BruteForce</c>), with Matomo's defaults: an IP
/// address with 20 failed token or password checks within 60 minutes is refused until its oldest
/// failure leaves the window.
/// </summary>
public sealed class BruteForceOptions
{
    public bool Enabled { get; set; } = true;

    /// <summary>Failed checks allowed from one IP address within <see cref="WindowMinutes"/>.</summary>
    public int MaxFailures { get; set; } = 20;

    public int WindowMinutes { get; set; } = 60;

    /// <summary>Addresses that are never blocked (monitoring, the operator's own network).</summary>
    public string[] AllowedIps { get; set; } = [];
}

/// <summary>
/// Counts failed authentications (unknown tokens, wrong passwords) per client IP address and refuses
/// further checks from an address that failed too often, as Matomo's Login plugin does. Failures are
/// kept in memory: a restart forgives them.
/// </summary>
public sealed partial class BruteForceGuard(BruteForceOptions options, TimeProvider clock, ILogger<BruteForceGuard> logger)
{
    /// <summary>Matomo's message for a blocked address.</summary>
    public const string BlockedMessage = "You are currently not allowed to log in because you had too many failed logins, try again later.";

    private const int MaxTrackedAddresses = 100_000;

    private readonly ConcurrentDictionary<string, Queue<DateTimeOffset>> _failures = new(StringComparer.Ordinal);

    /// <summary>Throws Matomo's error (HTTP 403) when <paramref name="ip"/> may not authenticate now.</summary>
    public void ThrowIfBlocked(string ip)
    {
        if (IsBlocked(ip))
        {
            throw new ApiException(BlockedMessage, 403);
        }
    }

    public bool IsBlocked(string ip)
    {
        if (!Applies(ip) || !_failures.TryGetValue(ip, out var failures))
        {
            return false;
        }

        lock (failures)
        {
            Expire(failures);
            return failures.Count >= options.MaxFailures;
        }
    }

    /// <summary>Records a failed check of <paramref name="what"/> (token, password) from <paramref name="ip"/> and logs it.</summary>
    public void RecordFailure(string ip, string what)
    {
        if (!Applies(ip))
        {
            return;
        }

        if (_failures.Count > MaxTrackedAddresses)
        {
            ForgetExpired();
        }

        var failures = _failures.GetOrAdd(ip, _ => new Queue<DateTimeOffset>());
        int count;
        lock (failures)
        {
            Expire(failures);
            failures.Enqueue(clock.GetUtcNow());
            count = failures.Count;
        }

        if (count == options.MaxFailures)
        {
            LogBlocked(ip, count, options.WindowMinutes);
        }
        else
        {
            LogFailure(what, ip, count, options.WindowMinutes);
        }
    }

    private bool Applies(string ip) => options.Enabled && ip.Length > 0 && Array.IndexOf(options.AllowedIps, ip) < 0;

    private void Expire(Queue<DateTimeOffset> failures)
    {
        var oldest = clock.GetUtcNow() - TimeSpan.FromMinutes(options.WindowMinutes);
        while (failures.Count > 0 && failures.Peek() <= oldest)
        {
            failures.Dequeue();
        }
    }

    private void ForgetExpired()
    {
        foreach (var (ip, failures) in _failures)
        {
            lock (failures)
            {
                Expire(failures);
                if (failures.Count == 0)
                {
                    _failures.TryRemove(ip, out _);
                }
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Failed {What} check from {Ip} ({Count} failures in the last {Minutes} minutes).")]
    private partial void LogFailure(string what, string ip, int count, int minutes);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Blocked {Ip}: {Count} failed authentications in the last {Minutes} minutes; its token and password checks are refused until older failures expire.")]
    private partial void LogBlocked(string ip, int count, int minutes);
}
