using System.Data.Common;
using System.Diagnostics;
using Makoto.Core.Sites;
using Makoto.Storage;
using Makoto.Storage.Archives;
using Makoto.Storage.Logs;
using Makoto.Storage.Sites;
using Makoto.Tracking.Pipeline;
using Makoto.Tracking.Requests;
using Makoto.Tracking.Visits;
using Microsoft.Extensions.Logging;

namespace Makoto.Tracking.Writer;

/// <summary>The hits of one HTTP request (one hit, or a bulk), waiting for the writer.</summary>
public sealed class WriteJob(IReadOnlyList<HitContext> hits)
{
    private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public IReadOnlyList<HitContext> Hits { get; } = hits;

    /// <summary>One result per hit, valid once <see cref="Completion"/> has completed.</summary>
    public HitResult[] Results { get; } = new HitResult[hits.Count];

    /// <summary>For hits rejected while recording: the reason and message, by index.</summary>
    public Dictionary<int, TrackingRequestException>? Errors { get; set; }

    /// <summary>Completes when the transaction holding the job's hits has committed (or faults if it failed).</summary>
    public Task Completion => _done.Task;

    internal void Succeed() => _done.TrySetResult();

    internal void Fail(Exception error) => _done.TrySetException(error);
}

/// <summary>
/// The single writer of the log tables (group commit, DESIGN.md §4). Requests queue their hits; the
/// writer thread takes everything that is waiting, up to a batch limit, records it in ONE transaction
/// and completes every request of the batch only after the commit is durable. Under load batches grow
/// by themselves, so one disk sync serves many requests; at low load a hit is committed at once.
/// When the store's commit does not wait for the disk (<see cref="ILogWriter.CommitNeedsSync"/>), a
/// second thread syncs committed batches while the writer thread records the next one, and completes
/// their requests after the sync.
/// </summary>
public sealed partial class TrackingWriter : IAsyncDisposable
{
    /// <summary>Requests waiting for the writer thread, at most <see cref="TrackerOptions.QueueCapacity"/>; guarded by itself.</summary>
    private readonly Queue<WriteJob> _queue = new();
    private bool _accepting = true;
    private bool _writerWaiting;
    private readonly IDatabase _database;
    private readonly ArchiveStore _archives;
    private readonly SiteStore _sites;
    private readonly LogWatermarks _watermarks;
    private readonly TrackerOptions _options;
    private readonly TrackingMetrics _metrics;
    private readonly TimeProvider _clock;
    private readonly ILogger<TrackingWriter> _logger;
    private VisitRecorder _recorder = null!;
    private readonly Queue<List<WriteJob>> _unsynced = new();

    /// <summary>Guards <see cref="_unsynced"/>, <see cref="_writerDone"/> and the start (Monitor wait/pulse).</summary>
    private readonly object _syncLock = new();
    private readonly TaskCompletionSource _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Thread? _thread;
    private bool _writerDone;

    public TrackingWriter(
        IDatabase database,
        ArchiveStore archives,
        SiteStore sites,
        LogWatermarks watermarks,
        TrackerOptions options,
        TrackingMetrics metrics,
        TimeProvider clock,
        ILogger<TrackingWriter> logger)
    {
        _database = database;
        _archives = archives;
        _sites = sites;
        _watermarks = watermarks;
        _options = options;
        _metrics = metrics;
        _clock = clock;
        _logger = logger;
    }

    /// <summary>Starts the writer thread (idempotent).</summary>
    public void Start()
    {
        lock (_syncLock)
        {
            if (_thread is not null)
            {
                return;
            }

            _recorder = new VisitRecorder(_options, KnownVisitKeys.StartLoading(_database, LogKnownKeysFailed));
            _thread = new Thread(Run) { Name = "Makoto tracking writer", IsBackground = true };
            _thread.Start();
        }
    }

    /// <summary>Queues a job; false when the queue is full (the caller answers 503 and nothing is lost).</summary>
    public bool TryEnqueue(WriteJob job)
    {
        lock (_queue)
        {
            if (!_accepting || _queue.Count >= _options.QueueCapacity)
            {
                return false;
            }

            _queue.Enqueue(job);
            if (_writerWaiting)
            {
                Monitor.Pulse(_queue);
            }
        }

        _metrics.AddQueued(job.Hits.Count);
        return true;
    }

    /// <summary>Stops accepting jobs and waits until everything queued is committed.</summary>
    public async Task StopAsync()
    {
        lock (_queue)
        {
            _accepting = false;
            Monitor.Pulse(_queue);
        }
        if (_thread is not null)
        {
            await _stopped.Task;
        }
    }

    public async ValueTask DisposeAsync() => await StopAsync();

    private void Run()
    {
        try
        {
            using var log = _database.CreateLogWriter();
            Thread? syncer = null;
            if (log.CommitNeedsSync)
            {
                syncer = new Thread(() => SyncLoop(log)) { Name = "Makoto WAL sync", IsBackground = true };
                syncer.Start();
            }

            while (TakeBatch() is { } batch)
            {
                var hits = 0;
                foreach (var job in batch)
                {
                    hits += job.Hits.Count;
                }

                _metrics.AddQueued(-hits);
                if (WriteBatch(log, batch, hits))
                {
                    if (syncer is null)
                    {
                        Complete(batch);
                    }
                    else
                    {
                        lock (_syncLock)
                        {
                            _unsynced.Enqueue(batch);
                            Monitor.Pulse(_syncLock);
                        }
                    }
                }
            }

            lock (_syncLock)
            {
                _writerDone = true;
                Monitor.Pulse(_syncLock);
            }

            syncer?.Join();
        }
        finally
        {
            _stopped.TrySetResult();
        }
    }

    /// <summary>
    /// Waits for requests and takes those waiting, up to <see cref="TrackerOptions.MaxBatchSize"/> hits
    /// (at least one request); null once the writer is stopped and nothing is left.
    /// </summary>
    private List<WriteJob>? TakeBatch()
    {
        lock (_queue)
        {
            while (_queue.Count == 0)
            {
                if (!_accepting)
                {
                    return null;
                }

                _writerWaiting = true;
                Monitor.Wait(_queue);
                _writerWaiting = false;
            }

            var batch = new List<WriteJob>();
            var hits = 0;
            while (_queue.TryPeek(out var next) && (batch.Count == 0 || hits + next.Hits.Count <= _options.MaxBatchSize))
            {
                batch.Add(_queue.Dequeue());
                hits += next.Hits.Count;
            }

            return batch;
        }
    }

    /// <summary>
    /// Syncs what the writer thread committed and completes those requests. Every batch taken from the
    /// queue was committed before the sync starts, so the sync makes all of them durable.
    /// </summary>
    private void SyncLoop(ILogWriter log)
    {
        var synced = new List<List<WriteJob>>();
        while (true)
        {
            lock (_syncLock)
            {
                while (_unsynced.Count == 0 && !_writerDone)
                {
                    Monitor.Wait(_syncLock);
                }

                if (_unsynced.Count == 0)
                {
                    return;
                }

                while (_unsynced.TryDequeue(out var batch))
                {
                    synced.Add(batch);
                }
            }

            try
            {
                var started = Stopwatch.GetTimestamp();
                log.SyncToDisk();
                _metrics.AddSync((long)Stopwatch.GetElapsedTime(started).TotalMicroseconds);
                foreach (var batch in synced)
                {
                    Complete(batch);
                }
            }
            catch (IOException error)
            {
                LogSyncFailed(error);
                foreach (var batch in synced)
                {
                    foreach (var job in batch)
                    {
                        job.Fail(error);
                    }
                }
            }

            synced.Clear();
        }
    }

    private static void Complete(List<WriteJob> batch)
    {
        foreach (var job in batch)
        {
            job.Succeed();
        }
    }

    /// <summary>Records and commits a batch; false when it failed (its requests are failed then).</summary>
    private bool WriteBatch(ILogWriter log, List<WriteJob> batch, int hitCount)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            try
            {
                Record(log, batch, isolate: false);
            }
            catch (Exception first) when (first is DbException or InvalidOperationException or ArgumentException && !log.IsStoreFailure(first))
            {
                // A hit failed half-way: start again with each hit behind a savepoint, so the one
                // bad hit is rejected and every other hit of the batch is kept.
                LogBatchRetry(first.Message);
                log.Rollback();
                _recorder.ClearCaches();
                Record(log, batch, isolate: true);
            }
        }
        catch (Exception error)
        {
            if (log.InTransaction)
            {
                log.Rollback();
            }

            _recorder.ClearCaches();
            LogBatchFailed(error, hitCount);
            foreach (var job in batch)
            {
                job.Fail(error);
            }

            return false;
        }

        var micros = (long)Stopwatch.GetElapsedTime(started).TotalMicroseconds;
        var recorded = 0;
        foreach (var job in batch)
        {
            foreach (var result in job.Results)
            {
                if (result == HitResult.Recorded)
                {
                    recorded++;
                }
            }
        }

        _metrics.AddCommit(recorded, micros);
        AfterCommit(batch);
        return true;
    }

    private void Record(ILogWriter log, List<WriteJob> batch, bool isolate)
    {
        log.Begin();
        if (!isolate && log.ResolvesActionNamesInBulk)
        {
            // The names of every hit at once; when a hit is retried alone, its names are resolved with it, so
            // that a name the store refuses rejects only its hit.
            var hits = new List<HitContext>();
            foreach (var job in batch)
            {
                hits.AddRange(job.Hits);
            }

            _recorder.PrefetchActionNames(log, hits);
        }

        foreach (var job in batch)
        {
            for (var i = 0; i < job.Hits.Count; i++)
            {
                var hit = job.Hits[i];
                if (hit.IsExcluded)
                {
                    job.Results[i] = HitResult.Excluded;
                    continue;
                }

                if (isolate)
                {
                    log.Savepoint("hit");
                }

                try
                {
                    job.Results[i] = _recorder.Record(log, hit);
                    if (isolate)
                    {
                        log.ReleaseSavepoint("hit");
                    }
                }
                catch (TrackingRequestException rejected)
                {
                    if (isolate)
                    {
                        log.RollbackToSavepoint("hit");
                        log.ReleaseSavepoint("hit");
                    }

                    Reject(job, i, rejected);
                }
                catch (Exception error) when (isolate && error is DbException or InvalidOperationException or ArgumentException && !log.IsStoreFailure(error))
                {
                    log.RollbackToSavepoint("hit");
                    log.ReleaseSavepoint("hit");
                    _recorder.ClearCaches();
                    LogHitFailed(error, hit.Request.IdSite);
                    Reject(job, i, new TrackingRequestException("write_failed", "The hit could not be written: " + error.Message));
                }
            }
        }

        log.Commit();
    }

    private void Reject(WriteJob job, int index, TrackingRequestException error)
    {
        job.Results[index] = HitResult.Invalid;
        (job.Errors ??= [])[index] = error;
        _metrics.AddInvalid(error.Reason);
    }

    /// <summary>
    /// Hits into past days make that day's archives (and those of the periods containing it) stale;
    /// hits older than a site's creation date move that date back so the reports show them.
    /// </summary>
    private void AfterCommit(List<WriteJob> batch)
    {
        var written = new Dictionary<int, (DateOnly Today, int Hits)>();
        var dirty = new HashSet<(int Site, DateOnly Day)>();
        var oldest = new Dictionary<int, DateTime>();
        var now = _clock.GetUtcNow().UtcDateTime;
        foreach (var job in batch)
        {
            for (var i = 0; i < job.Hits.Count; i++)
            {
                if (job.Results[i] != HitResult.Recorded)
                {
                    continue;
                }

                var request = job.Hits[i].Request;
                var site = request.Site;
                var today = written.TryGetValue(site.IdSite, out var seen) ? seen.Today : SiteTimeZones.LocalDate(now, site.TimeZone);
                written[site.IdSite] = (today, seen.Hits + 1);

                var day = SiteTimeZones.LocalDate(request.Timestamp, site.TimeZone);
                if (day < today)
                {
                    dirty.Add((site.IdSite, day));
                }

                if (request.Timestamp < site.TsCreated && (!oldest.TryGetValue(site.IdSite, out var o) || request.Timestamp < o))
                {
                    oldest[site.IdSite] = request.Timestamp;
                }
            }
        }

        foreach (var (site, (_, hits)) in written)
        {
            _watermarks.MarkWritten(site, now, hits);
        }

        try
        {
            foreach (var (site, day) in dirty)
            {
                _archives.InvalidateContaining(site, day);
            }

            foreach (var (site, time) in oldest)
            {
                _sites.MoveCreationDateBack(site, time.Date.AddDays(-1));
            }
        }
        catch (DbException error)
        {
            LogInvalidationFailed(error);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "A tracking batch failed part-way ({Reason}); retrying it hit by hit so that only the bad hit is rejected.")]
    private partial void LogBatchRetry(string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "A tracking batch of {Hits} hits could not be committed; the trackers were answered with an error and may retry. Check the database (disk space, permissions).")]
    private partial void LogBatchFailed(Exception error, int hits);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A hit for site {IdSite} could not be written and was rejected; the other hits of its batch were kept.")]
    private partial void LogHitFailed(Exception error, int idSite);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The visitor ids of the stored visits could not be read; every new visitor is looked up in the database instead.")]
    private partial void LogKnownKeysFailed(Exception error);

    [LoggerMessage(Level = LogLevel.Error, Message = "Committed tracking hits could not be synced to disk; the trackers were answered with an error and may retry. Check the disk.")]
    private partial void LogSyncFailed(Exception error);

    [LoggerMessage(Level = LogLevel.Error, Message = "Hits were committed but the archives of their past days could not be marked for re-processing; reports of those days keep their old figures until they are invalidated.")]
    private partial void LogInvalidationFailed(Exception error);
}
