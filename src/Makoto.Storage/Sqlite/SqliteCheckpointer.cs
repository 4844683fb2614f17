using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Makoto.Storage.Sqlite;

/// <summary>
/// Copies the tracking writer's WAL frames into the database file on a thread and connection of its
/// own, so that the writer thread never does it (SQLite's automatic checkpoint would run inside the
/// writer's COMMIT). Checkpoints are PASSIVE: they never block the writer or readers.
/// <para>
/// SQLite reuses the WAL from its start only when a write transaction begins after everything in it was
/// copied. Under continuous load that moment never comes by itself, so when the WAL has grown past
/// <see cref="PauseFrames"/> the writer waits (briefly, between two transactions) for one checkpoint
/// that copies everything: the next transaction then starts the WAL over. A reader on an older snapshot
/// (the archiver reading a large day for seconds) keeps that checkpoint from copying everything; the
/// writer then stops waiting as soon as an attempt fails, and waits again only after the WAL has grown by
/// another eighth of the limit, so tracking does not stall behind every transaction while the reader reads.
/// </para>
/// </summary>
internal sealed class SqliteCheckpointer : IDisposable
{
    /// <summary>Frames written since the last checkpoint request after which another one is requested.</summary>
    public const int RequestFrames = 4000;

    /// <summary>
    /// WAL frames (about 4 KB each: 1 GB) beyond which the writer waits for a complete checkpoint. Each wait
    /// stalls tracking for the copy of the last frames and a sync of the database file: with a limit of
    /// 128 MB the tracking benchmark's single hits had a p99 of 71 ms, with 1 GB 37 ms, without waits 18 ms
    /// (bench/README.md). A WAL grows this large only under sustained load; it starts over whenever a
    /// checkpoint catches up between two transactions.
    /// </summary>
    public const int PauseFrames = 262_144;

    /// <summary>The longest the writer waits for that checkpoint (readers on old snapshots can prevent it).</summary>
    private static readonly TimeSpan s_pauseLimit = TimeSpan.FromMilliseconds(250);

    private readonly int _pauseFrames;

    private readonly SqliteConnection _connection;
    private readonly Thread _thread;
    private readonly object _gate = new();
    private long _commits;
    private long _framesAtRequest;
    private long _wanted;
    private long _backfilledAtCommit = -1;
    private long _failedAtCommit = -1;
    private long _pauseAt;
    private bool _stopping;

    public SqliteCheckpointer(SqliteDatabase database, int pauseFrames = PauseFrames)
    {
        _pauseFrames = pauseFrames;
        _pauseAt = pauseFrames;
        _connection = database.OpenCheckpointer();
        _thread = new Thread(Run) { Name = "Makoto checkpoint", IsBackground = true };
        _thread.Start();
    }

    /// <summary>Frames in the WAL since it was last started over, as far as the writer knows.</summary>
    public long FramesInWal { get; private set; }

    /// <summary>How many times the writer waited for a complete checkpoint.</summary>
    public int Pauses { get; private set; }

    /// <summary>Called by the writer after each commit with the number of frames it appended.</summary>
    public void Committed(int frames)
    {
        FramesInWal += frames;
        lock (_gate)
        {
            _commits++;
            if (FramesInWal - _framesAtRequest >= RequestFrames)
            {
                _framesAtRequest = FramesInWal;
                _wanted++;
                Monitor.PulseAll(_gate);
            }
        }
    }

    /// <summary>
    /// Called by the writer before it begins a transaction: notes when the WAL will start over, and waits
    /// for a complete checkpoint when the WAL has grown too large.
    /// </summary>
    public void BeforeTransaction()
    {
        lock (_gate)
        {
            if (_backfilledAtCommit != _commits && FramesInWal >= _pauseAt)
            {
                // Nothing is committed while the writer waits here, so one checkpoint copies everything,
                // unless a reader holds an older snapshot: then the attempt fails and waiting is pointless.
                Pauses++;
                _wanted++;
                Monitor.PulseAll(_gate);
                var deadline = DateTime.UtcNow + s_pauseLimit;
                while (_backfilledAtCommit != _commits && _failedAtCommit != _commits && !_stopping)
                {
                    var left = deadline - DateTime.UtcNow;
                    if (left <= TimeSpan.Zero || !Monitor.Wait(_gate, left))
                    {
                        break;
                    }
                }

                if (_backfilledAtCommit != _commits)
                {
                    _pauseAt = FramesInWal + Math.Max(1, _pauseFrames / 8);
                }
            }

            if (_backfilledAtCommit == _commits)
            {
                // Everything was copied and nothing committed since: this transaction starts the WAL over.
                FramesInWal = 0;
                _framesAtRequest = 0;
                _pauseAt = _pauseFrames;
            }
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _stopping = true;
            Monitor.PulseAll(_gate);
        }

        _thread.Join();
        _connection.Dispose();
    }

    private void Run()
    {
        var db = _connection.Handle!;
        long started = 0;
        while (true)
        {
            long commits;
            lock (_gate)
            {
                while (_wanted == started && !_stopping)
                {
                    Monitor.Wait(_gate);
                }

                if (_stopping)
                {
                    return;
                }

                started = _wanted;
                commits = _commits;
            }

            var rc = raw.sqlite3_wal_checkpoint_v2(db, "main", raw.SQLITE_CHECKPOINT_PASSIVE, out var log, out var copied);
            lock (_gate)
            {
                if (rc == raw.SQLITE_OK && log >= 0 && log == copied)
                {
                    _backfilledAtCommit = commits;
                }
                else
                {
                    _failedAtCommit = commits;
                }

                Monitor.PulseAll(_gate);
            }
        }
    }
}
