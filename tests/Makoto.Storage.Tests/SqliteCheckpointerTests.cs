using System.Diagnostics;
using Makoto.Storage.Sqlite;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Makoto.Storage.Tests;

/// <summary>
/// The WAL is started over by a complete checkpoint the writer waits for between two transactions. A reader on
/// an older snapshot (the archiver reading a big day) keeps that checkpoint from completing: the writer must not
/// then wait for it before every transaction (each wait up to 250 ms was the tracking benchmark's p99).
/// </summary>
public sealed class SqliteCheckpointerTests : IDisposable
{
    private const int PauseFrames = 160;
    private const int FramesPerTransaction = 3;

    private readonly string _folder = Path.Combine(Path.GetTempPath(), "makoto-checkpoint-" + Guid.NewGuid().ToString("N"));
    private readonly SqliteDatabase _database;
    private readonly SqliteConnection _writer;

    public SqliteCheckpointerTests()
    {
        _database = new SqliteDatabase(_folder);
        _writer = _database.OpenWriter();
        raw.sqlite3_wal_autocheckpoint(_writer.Handle, 0);
        Execute(_writer, "PRAGMA journal_mode = WAL; CREATE TABLE t (x BLOB)");
    }

    public void Dispose()
    {
        _writer.Dispose();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public void A_reader_on_an_old_snapshot_does_not_make_the_writer_wait_before_every_transaction()
    {
        using var checkpointer = new SqliteCheckpointer(_database, PauseFrames);
        Write(checkpointer);

        using var reader = (SqliteConnection)_database.Open();
        using var snapshot = reader.BeginTransaction(deferred: true);
        using (var read = reader.CreateCommand())
        {
            read.Transaction = snapshot;
            read.CommandText = "SELECT COUNT(*) FROM t";
            Assert.Equal(1L, read.ExecuteScalar());
        }

        // 100 transactions of 3 frames: the WAL passes the limit after about 53 of them, while the reader holds
        // the snapshot of the first. Waiting up to 250 ms before each of the next 47 would take over 11 s.
        var waiting = Stopwatch.StartNew();
        for (var i = 0; i < 100; i++)
        {
            Write(checkpointer);
        }

        waiting.Stop();
        Assert.InRange(checkpointer.Pauses, 1, 8); // at the limit, then every 20 frames (an eighth of it) more
        Assert.True(waiting.Elapsed < TimeSpan.FromSeconds(4), $"100 transactions took {waiting.Elapsed.TotalMilliseconds:F0} ms");
        Assert.True(checkpointer.FramesInWal >= 100 * FramesPerTransaction, "the WAL could not have started over");

        // Once the reader is done, the next pause copies everything and the WAL starts over.
        snapshot.Commit();
        for (var i = 0; i < 10 && checkpointer.FramesInWal >= PauseFrames; i++)
        {
            Write(checkpointer);
        }

        Assert.True(checkpointer.FramesInWal < PauseFrames, $"the WAL still holds {checkpointer.FramesInWal} frames");
    }

    [Fact]
    public void Under_continuous_writing_the_WAL_starts_over_and_stays_bounded()
    {
        // The writer waits once the back-to-back checkpoints near the limit have left little to copy, and at the
        // latest an eighth of the limit past it: the WAL never holds more than that (plus one transaction).
        const int pauseFrames = 640;
        using var checkpointer = new SqliteCheckpointer(_database, pauseFrames);
        long largest = 0;
        var restarts = 0;
        for (var i = 0; i < 1500; i++)
        {
            var before = checkpointer.FramesInWal;
            Write(checkpointer);
            if (checkpointer.FramesInWal < before)
            {
                restarts++;
            }

            largest = Math.Max(largest, checkpointer.FramesInWal);
        }

        Assert.InRange(largest, pauseFrames - (pauseFrames / 8), pauseFrames + (pauseFrames / 8) + FramesPerTransaction);
        Assert.True(restarts >= 5, $"the WAL started over {restarts} times in 4,500 frames");
        Assert.Equal(checkpointer.Pauses, _database.CheckpointWaits.Count);
    }

    private void Write(SqliteCheckpointer checkpointer)
    {
        checkpointer.BeforeTransaction();
        Execute(_writer, "BEGIN IMMEDIATE; INSERT INTO t VALUES (randomblob(8000)); COMMIT");
        checkpointer.Committed(FramesPerTransaction);
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
