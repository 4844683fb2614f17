using System.Collections.Concurrent;
using System.Net;

namespace Makoto.Web.Ui.Account;

/// <summary>
/// Brute-force protection of the login, two-factor and password reset forms, as Matomo's default: an
/// address with <see cref="MaxFailures"/> failed attempts within <see cref="Window"/> is refused until
/// its oldest failure leaves the window.
/// </summary>
public sealed partial class LoginThrottle(TimeProvider clock, ILogger<LoginThrottle> logger)
{
    public const int MaxFailures = 20;
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(30);

    private readonly ConcurrentDictionary<string, Queue<DateTimeOffset>> _failures = new(StringComparer.Ordinal);

    public bool IsBlocked(IPAddress? address)
    {
        var key = Key(address);
        if (!_failures.TryGetValue(key, out var failures))
        {
            return false;
        }

        lock (failures)
        {
            Trim(failures);
            return failures.Count >= MaxFailures;
        }
    }

    public void RecordFailure(IPAddress? address, string login)
    {
        var key = Key(address);
        var failures = _failures.GetOrAdd(key, _ => new Queue<DateTimeOffset>());
        int count;
        lock (failures)
        {
            Trim(failures);
            failures.Enqueue(clock.GetUtcNow());
            count = failures.Count;
        }

        LogFailure(login, key, count);
        if (count == MaxFailures)
        {
            LogBlocked(key, MaxFailures, (int)Window.TotalMinutes);
        }

        if (_failures.Count > 100_000)
        {
            _failures.Clear();
        }
    }

    public void RecordSuccess(IPAddress? address) => _failures.TryRemove(Key(address), out _);

    private void Trim(Queue<DateTimeOffset> failures)
    {
        var oldest = clock.GetUtcNow() - Window;
        while (failures.Count > 0 && failures.Peek() < oldest)
        {
            failures.Dequeue();
        }
    }

    private static string Key(IPAddress? address) => address?.ToString() ?? "unknown";

    [LoggerMessage(Level = LogLevel.Warning, Message = "Failed login for '{Login}' from {Address} ({Count} in the last 30 minutes).")]
    private partial void LogFailure(string login, string address, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The address {Address} is blocked from logging in after {Count} failed attempts within {Minutes} minutes.")]
    private partial void LogBlocked(string address, int count, int minutes);
}
