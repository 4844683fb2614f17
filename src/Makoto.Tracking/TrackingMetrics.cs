using System.Collections.Concurrent;

namespace Makoto.Tracking;

/// <summary>Counters of the tracking endpoint: what was accepted, dropped (by reason), queued and committed.</summary>
public sealed class TrackingMetrics
{
    private readonly ConcurrentDictionary<string, long> _invalid = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> _excluded = new(StringComparer.Ordinal);
    private long _received;
    private long _committed;
    private long _ignored;
    private long _rejectedQueueFull;
    private long _commits;
    private long _commitMicrosTotal;
    private long _queued;

    /// <summary>Requests received (each request of a bulk counts).</summary>
    public long Received => Interlocked.Read(ref _received);

    /// <summary>Hits written to the log tables.</summary>
    public long Committed => Interlocked.Read(ref _committed);

    /// <summary>Pings that would have started a visit (ignored, as Matomo does).</summary>
    public long Ignored => Interlocked.Read(ref _ignored);

    public long RejectedQueueFull => Interlocked.Read(ref _rejectedQueueFull);

    public long Commits => Interlocked.Read(ref _commits);

    public long CommitMicrosTotal => Interlocked.Read(ref _commitMicrosTotal);

    /// <summary>Hits waiting for the writer now.</summary>
    public long Queued => Interlocked.Read(ref _queued);

    public IReadOnlyDictionary<string, long> Invalid => _invalid;

    public IReadOnlyDictionary<string, long> Excluded => _excluded;

    public void AddReceived(int count) => Interlocked.Add(ref _received, count);

    public void AddInvalid(string reason) => _invalid.AddOrUpdate(reason, 1, static (_, v) => v + 1);

    public void AddExcluded(string reason) => _excluded.AddOrUpdate(reason, 1, static (_, v) => v + 1);

    public void AddIgnored() => Interlocked.Increment(ref _ignored);

    public void AddRejectedQueueFull(int count) => Interlocked.Add(ref _rejectedQueueFull, count);

    public void AddQueued(int delta) => Interlocked.Add(ref _queued, delta);

    public void AddCommit(int hits, long micros)
    {
        Interlocked.Add(ref _committed, hits);
        Interlocked.Increment(ref _commits);
        Interlocked.Add(ref _commitMicrosTotal, micros);
    }
}
