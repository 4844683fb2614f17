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
    private long _storeFailed;
    private long _commits;
    private long _commitMicrosTotal;
    private long _queued;
    private long _syncs;
    private long _syncMicrosTotal;

    /// <summary>Upper bounds (ms) of the commit latency histogram buckets.</summary>
    public static IReadOnlyList<double> CommitBucketsMilliseconds { get; } = [0.5, 1, 2, 5, 10, 20, 50, 100, 250, 500, 1000, 5000];

    private readonly long[] _commitBuckets = new long[CommitBucketsMilliseconds.Count + 1];

    /// <summary>Requests received (each request of a bulk counts).</summary>
    public long Received => Interlocked.Read(ref _received);

    /// <summary>Hits written to the log tables.</summary>
    public long Committed => Interlocked.Read(ref _committed);

    /// <summary>Pings that would have started a visit (ignored, as Matomo does).</summary>
    public long Ignored => Interlocked.Read(ref _ignored);

    public long RejectedQueueFull => Interlocked.Read(ref _rejectedQueueFull);

    /// <summary>Requests answered 503 because their batch could not be committed.</summary>
    public long StoreFailed => Interlocked.Read(ref _storeFailed);

    public long Commits => Interlocked.Read(ref _commits);

    public long CommitMicrosTotal => Interlocked.Read(ref _commitMicrosTotal);

    /// <summary>Disk syncs of committed batches (when the store's commit does not sync by itself).</summary>
    public long Syncs => Interlocked.Read(ref _syncs);

    public long SyncMicrosTotal => Interlocked.Read(ref _syncMicrosTotal);

    /// <summary>Hits waiting for the writer now.</summary>
    public long Queued => Interlocked.Read(ref _queued);

    public IReadOnlyDictionary<string, long> Invalid => _invalid;

    public IReadOnlyDictionary<string, long> Excluded => _excluded;

    public void AddReceived(int count) => Interlocked.Add(ref _received, count);

    public void AddInvalid(string reason) => _invalid.AddOrUpdate(reason, 1, static (_, v) => v + 1);

    public void AddExcluded(string reason) => _excluded.AddOrUpdate(reason, 1, static (_, v) => v + 1);

    public void AddIgnored() => Interlocked.Increment(ref _ignored);

    public void AddRejectedQueueFull(int count) => Interlocked.Add(ref _rejectedQueueFull, count);

    public void AddStoreFailed(int count) => Interlocked.Add(ref _storeFailed, count);

    public void AddQueued(int delta) => Interlocked.Add(ref _queued, delta);

    public void AddCommit(int hits, long micros)
    {
        Interlocked.Add(ref _committed, hits);
        Interlocked.Increment(ref _commits);
        Interlocked.Add(ref _commitMicrosTotal, micros);
        var milliseconds = micros / 1000.0;
        var bucket = 0;
        while (bucket < CommitBucketsMilliseconds.Count && milliseconds > CommitBucketsMilliseconds[bucket])
        {
            bucket++;
        }

        Interlocked.Increment(ref _commitBuckets[bucket]);
    }

    public void AddSync(long micros)
    {
        Interlocked.Increment(ref _syncs);
        Interlocked.Add(ref _syncMicrosTotal, micros);
    }

    /// <summary>Commits per latency bucket (the last bucket counts those above the largest bound).</summary>
    public long[] CommitBuckets()
    {
        var copy = new long[_commitBuckets.Length];
        for (var i = 0; i < copy.Length; i++)
        {
            copy[i] = Interlocked.Read(ref _commitBuckets[i]);
        }

        return copy;
    }

    /// <summary>The counters in Prometheus' text exposition format.</summary>
    public string ToPrometheus()
    {
        var text = new System.Text.StringBuilder();
        void Counter(string name, string help, long value)
        {
            text.Append("# HELP ").Append(name).Append(' ').Append(help).Append('\n');
            text.Append("# TYPE ").Append(name).Append(" counter\n");
            text.Append(name).Append(' ').Append(value).Append('\n');
        }

        void ByReason(string name, string help, IReadOnlyDictionary<string, long> values)
        {
            text.Append("# HELP ").Append(name).Append(' ').Append(help).Append('\n');
            text.Append("# TYPE ").Append(name).Append(" counter\n");
            foreach (var (reason, value) in values.OrderBy(kv => kv.Key, StringComparer.Ordinal))
            {
                text.Append(name).Append("{reason=\"").Append(reason).Append("\"} ").Append(value).Append('\n');
            }
        }

        Counter("makoto_tracking_requests_received_total", "Tracking requests received (each request of a bulk counts).", Received);
        ByReason("makoto_tracking_requests_invalid_total", "Tracking requests rejected as invalid, by reason.", Invalid);
        ByReason("makoto_tracking_requests_excluded_total", "Tracking requests excluded (answered as tracked, not stored), by reason.", Excluded);
        Counter("makoto_tracking_pings_ignored_total", "Heartbeat pings ignored because their visit was over.", Ignored);
        Counter("makoto_tracking_requests_rejected_queue_full_total", "Tracking requests answered 503 because the writer queue was full.", RejectedQueueFull);
        Counter("makoto_tracking_requests_store_failed_total", "Tracking requests answered 503 because the store could not commit them.", StoreFailed);
        Counter("makoto_tracking_hits_committed_total", "Hits written to the log tables.", Committed);
        Counter("makoto_tracking_commits_total", "Group-commit transactions.", Commits);
        Counter("makoto_tracking_disk_syncs_total", "Disk syncs of committed batches, run beside the next transaction.", Syncs);
        text.Append("# HELP makoto_tracking_disk_sync_seconds_total Time spent in those disk syncs.\n# TYPE makoto_tracking_disk_sync_seconds_total counter\n");
        text.Append("makoto_tracking_disk_sync_seconds_total ")
            .Append((SyncMicrosTotal / 1_000_000.0).ToString(System.Globalization.CultureInfo.InvariantCulture)).Append('\n');
        text.Append("# HELP makoto_tracking_queue_depth Hits waiting for the writer.\n# TYPE makoto_tracking_queue_depth gauge\n");
        text.Append("makoto_tracking_queue_depth ").Append(Queued).Append('\n');

        text.Append("# HELP makoto_tracking_commit_seconds Time to record and commit one batch.\n# TYPE makoto_tracking_commit_seconds histogram\n");
        var buckets = CommitBuckets();
        long cumulative = 0;
        for (var i = 0; i < CommitBucketsMilliseconds.Count; i++)
        {
            cumulative += buckets[i];
            text.Append("makoto_tracking_commit_seconds_bucket{le=\"")
                .Append((CommitBucketsMilliseconds[i] / 1000).ToString(System.Globalization.CultureInfo.InvariantCulture))
                .Append("\"} ").Append(cumulative).Append('\n');
        }

        cumulative += buckets[^1];
        text.Append("makoto_tracking_commit_seconds_bucket{le=\"+Inf\"} ").Append(cumulative).Append('\n');
        text.Append("makoto_tracking_commit_seconds_sum ")
            .Append((CommitMicrosTotal / 1_000_000.0).ToString(System.Globalization.CultureInfo.InvariantCulture)).Append('\n');
        text.Append("makoto_tracking_commit_seconds_count ").Append(Commits).Append('\n');
        return text.ToString();
    }
}
