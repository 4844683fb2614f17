using System.Diagnostics;
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
/// that copies everything: the next transaction then starts the WAL over. Checkpoints run back to back as
/// the WAL nears that size, and the writer waits when the last one left little to copy. A reader on an older snapshot
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
    /// WAL frames (about 4 KB each: 256 MB) beyond which the writer waits for a complete checkpoint. Each wait
    /// stalls tracking for the copy of the last frames and a sync of the database file, which the checkpoints
    /// running back to back before it keep short (<see cref="ShortFrames"/>). A smaller WAL costs less processor
    /// time: once it has started over, SQLite's appends overwrite pages of the file the kernel holds already
    /// instead of growing the file (block allocation and zeroing were a fifth of the tracking benchmark's
    /// processor time with a limit of 1 GB; bench/README.md). The WAL starts over whenever a checkpoint catches
    /// up between two transactions, so it grows this large only under sustained load.
    /// </summary>
    public const int PauseFrames = 65_536;

    /// <summary>
    /// At most this many frames left to copy when the writer starts waiting for the complete checkpoint (see
    /// <see cref="MayWaitNow"/>): about 2 MB, a few milliseconds of copying and syncing the database file.
    /// </summary>
    public const int ShortFrames = 512;

    /// <summary>The longest the writer waits for that checkpoint (readers on old snapshots can prevent it).</summary>
    private static readonly TimeSpan s_pauseLimit = TimeSpan.FromMilliseconds(250);

    private readonly int _pauseFrames;
    private readonly int _shortFrames;
    private readonly CheckpointWaits _waits;

    private readonly SqliteConnection _connection;
    private readonly Thread _thread;
    private readonly object _gate = new();
    private long _commits;
    private long _framesAtRequest;
    private long _wanted;
    private long _started;
    private long _backfilledAtCommit = -1;
    private long _failedAtCommit = -1;
    private long _pauseAt;

    /// <summary>Frames of the WAL (counted as <see cref="FramesInWal"/>) that the last complete checkpoint copied.</summary>
    private long _copiedFrames;

    /// <summary>How many times the WAL started over: a checkpoint's count of copied frames is for the WAL it began on.</summary>
    private long _restarts;
    private bool _stopping;

    public SqliteCheckpointer(SqliteDatabase database, int pauseFrames = PauseFrames)
    {
        _pauseFrames = pauseFrames;
        _shortFrames = Math.Min(ShortFrames, Math.Max(1, pauseFrames / 64));
        _waits = database.CheckpointWaits;
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
        lock (_gate)
        {
            FramesInWal += frames;
            _commits++;
            // Close to the limit (and while the last attempt did not fail), checkpoints run back to back, so that
            // the writer can wait for the complete one when little is left to copy (BeforeTransaction).
            var approaching = FramesInWal >= _pauseAt - Math.Max(1, _pauseFrames / 8) && _failedAtCommit <= _backfilledAtCommit;
            if (FramesInWal - _framesAtRequest >= RequestFrames || (approaching && _wanted == _started))
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
            if (_backfilledAtCommit != _commits && FramesInWal >= _pauseAt && MayWaitNow())
            {
                // Nothing is committed while the writer waits here, so one checkpoint copies everything,
                // unless a reader holds an older snapshot: then the attempt fails and waiting is pointless.
                Pauses++;
                var waited = Stopwatch.StartNew();
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

                _waits.Add(waited.Elapsed);
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
                _copiedFrames = 0;
                _restarts++;
                _pauseAt = _pauseFrames;
            }
        }
    }

    /// <summary>
    /// Past the limit, the writer waits once the checkpoints running back to back have left at most
    /// <see cref="_shortFrames"/> behind (the wait copies those and syncs the database file: a few
    /// milliseconds instead of tens); at the latest an eighth of the limit further on, so the WAL stays
    /// bounded when the checkpoints cannot catch up; and at once after a failed attempt (a reader's
    /// snapshot), which then fails fast.
    /// </summary>
    private bool MayWaitNow() =>
        FramesInWal - _copiedFrames <= _shortFrames
        || FramesInWal >= _pauseAt + Math.Max(1, _pauseFrames / 8)
        || _failedAtCommit > _backfilledAtCommit;

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
        while (true)
        {
            long commits;
            long frames;
            long restarts;
            lock (_gate)
            {
                while (_wanted == _started && !_stopping)
                {
                    Monitor.Wait(_gate);
                }

                if (_stopping)
                {
                    return;
                }

                _started = _wanted;
                commits = _commits;
                frames = FramesInWal;
                restarts = _restarts;
            }

            var rc = raw.sqlite3_wal_checkpoint_v2(db, "main", raw.SQLITE_CHECKPOINT_PASSIVE, out var log, out var copied);
            lock (_gate)
            {
                if (rc == raw.SQLITE_OK && log >= 0 && log == copied)
                {
                    _backfilledAtCommit = commits;
                    if (restarts == _restarts)
                    {
                        _copiedFrames = Math.Max(_copiedFrames, frames);
                    }
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
