using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Makoto.Storage.Sqlite;

/// <summary>
/// The connections of read cursors (<see cref="SqliteDatabase.OpenReadCursor"/>), opened with SQLite's own API
/// in multi-thread mode (<c>SQLITE_OPEN_NOMUTEX</c>): a cursor uses its connection from one thread, so SQLite
/// need not lock the connection on every step and column read, which cost the archiver about a tenth of a
/// day's processor time in serialized mode (the mode every Microsoft.Data.Sqlite connection uses). A few idle
/// connections are kept for the next cursors, as the ADO.NET pool does, without their page caches: a cursor
/// streams a day's pages once, and the next one reads other days.
/// </summary>
internal sealed partial class SqliteReadConnections(string path, int busyTimeoutMilliseconds, int cacheKilobytes) : IDisposable
{
    private const int KeptIdle = 8;

    private readonly ConcurrentBag<sqlite3> _idle = [];
    private volatile bool _disposed;

    /// <summary>An idle connection, or a new one.</summary>
    public sqlite3 Rent()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_idle.TryTake(out var db))
        {
            return db;
        }

        var rc = raw.sqlite3_open_v2(path, out db, raw.SQLITE_OPEN_READWRITE | raw.SQLITE_OPEN_NOMUTEX | raw.SQLITE_OPEN_PRIVATECACHE, null);
        if (rc != raw.SQLITE_OK)
        {
            var message = raw.sqlite3_errmsg(db).utf8_to_string();
            db.Dispose();
            throw new SqliteException($"SQLite could not open {path}: {message}", rc);
        }

        try
        {
            raw.sqlite3_busy_timeout(db, busyTimeoutMilliseconds);
            Execute(db, $"PRAGMA foreign_keys = OFF; PRAGMA temp_store = FILE; PRAGMA cache_size = -{cacheKilobytes};");
        }
        catch
        {
            db.Dispose();
            throw;
        }

        return db;
    }

    /// <summary>Takes a connection back (its transaction ended); closes it when enough are idle or the store is closed.</summary>
    public void Return(sqlite3 db)
    {
        if (_disposed || _idle.Count >= KeptIdle)
        {
            db.Dispose();
            return;
        }

        sqlite3_db_release_memory(db.DangerousGetHandle());
        _idle.Add(db);
        if (_disposed && _idle.TryTake(out var late))
        {
            late.Dispose();
        }
    }

    /// <summary>Runs statements without results on <paramref name="db"/>.</summary>
    public static void Execute(sqlite3 db, string sql)
    {
        var rc = raw.sqlite3_exec(db, sql);
        SqliteException.ThrowExceptionForRC(rc, db);
    }

    public void Dispose()
    {
        _disposed = true;
        while (_idle.TryTake(out var db))
        {
            db.Dispose();
        }
    }

    [System.Runtime.InteropServices.LibraryImport("e_sqlite3")]
    private static partial int sqlite3_db_release_memory(nint db);
}
