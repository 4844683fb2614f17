using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;

namespace Makoto.Storage.Sqlite;

/// <summary>
/// The embedded store: one SQLite file (<c>makoto.db</c>) in the data folder, in WAL mode so that
/// readers never block the tracking writer. <c>synchronous=FULL</c> by default: a commit is on disk
/// before it is acknowledged, which is what "acknowledged only after commit" needs. The tracking
/// writer's connection gets that guarantee by syncing the WAL itself beside its next transaction
/// (<see cref="SqliteLogWriter.SyncToDisk"/>); archives, built again from the logs when lost, are committed
/// without a sync (<see cref="OpenForDerivedData"/>); every other connection lets SQLite sync at commit.
/// </summary>
public sealed class SqliteDatabase : IDatabase
{
    /// <summary>
    /// The page cache of a reader connection (API, archiver). Archiving reads a day's log rows once, in
    /// order, so a bigger cache would hold pages that are not read again (the OS keeps the file cached).
    /// </summary>
    private const int ReaderCacheKilobytes = 16_384;

    /// <summary>
    /// What SQLite may hold in this process across all connections (sqlite3_soft_heap_limit64): past it,
    /// connections reuse their cache pages instead of growing. Pooled connections each have a cache, and
    /// without a process limit their sum grows with the number of connections the pool ever opened.
    /// </summary>
    public const long SoftHeapLimitBytes = 96L << 20;

    /// <summary>The session settings last applied to each SQLite connection, pooled ones included (<see cref="Open(string, int)"/>).</summary>
    private static readonly ConditionalWeakTable<SQLitePCL.sqlite3, string> s_applied = new();

    private readonly string _connectionString;
    private readonly string _synchronous;
    private readonly int _busyTimeoutMilliseconds;
    private readonly SqliteReadConnections _readConnections;

    public SqliteDatabase(string dataFolder, string synchronous = "FULL", int busyTimeoutSeconds = 30)
    {
        if (busyTimeoutSeconds is < 0 or > 3600)
        {
            throw new ArgumentException($"The SQLite busy timeout of {busyTimeoutSeconds} seconds is not between 0 and 3600.", nameof(busyTimeoutSeconds));
        }

        _busyTimeoutMilliseconds = busyTimeoutSeconds * 1000;
        Directory.CreateDirectory(dataFolder);
        SQLitePCL.Batteries_V2.Init();
        SQLitePCL.raw.sqlite3_soft_heap_limit64(SoftHeapLimitBytes);
        FilePath = Path.GetFullPath(Path.Combine(dataFolder, "makoto.db"));
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = FilePath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            Pooling = true,
            DefaultTimeout = Math.Max(1, busyTimeoutSeconds),
        }.ToString();
        _readConnections = new SqliteReadConnections(FilePath, _busyTimeoutMilliseconds, ReaderCacheKilobytes);
        _synchronous = synchronous.ToUpperInvariant() switch
        {
            "FULL" or "NORMAL" or "EXTRA" or "OFF" => synchronous.ToUpperInvariant(),
            _ => throw new ArgumentException($"SQLite synchronous mode '{synchronous}' is not one of FULL, NORMAL, EXTRA, OFF."),
        };
    }

    public ISqlDialect Dialect { get; } = new SqliteDialect();

    public string FilePath { get; }

    /// <summary>Bytes SQLite has allocated in this process (every connection's page cache and statements).</summary>
    public static long MemoryUsed => SQLitePCL.raw.sqlite3_memory_used();

    public string Location => FilePath;

    /// <summary>The tracking writer's waits for a complete checkpoint (the WAL's restart).</summary>
    public CheckpointWaits CheckpointWaits { get; } = new();

    /// <summary>The path of SQLite's write-ahead log beside the database.</summary>
    public string WalPath => FilePath + "-wal";

    public DbConnection Open() => Open(_synchronous);

    /// <summary>
    /// A connection whose commits do not wait for the disk (<c>synchronous=NORMAL</c>, or OFF when so configured), for
    /// archives: a commit lost at a power cut is an archive built again from the logs, and the next commit synced to
    /// disk (the tracking writer's) syncs the log file with it. A year's range writes ~40 archives, each waiting for the
    /// disk otherwise.
    /// </summary>
    public DbConnection OpenForDerivedData() => Open(_synchronous == "OFF" ? "OFF" : "NORMAL");

    /// <summary>
    /// True when the tracking writer syncs the WAL itself (<see cref="SqliteLogWriter.SyncToDisk"/>) and
    /// its connection commits with <c>synchronous=NORMAL</c>: the durability of <c>FULL</c>, without
    /// the writer thread waiting for the disk at each commit.
    /// </summary>
    internal bool WriterSyncsItself => _synchronous == "FULL";

    /// <summary>
    /// A connection of the tracking writer (or its checkpointer). Its page cache is 32 MB: SQLite walks
    /// the whole cache at every commit, so a bigger one costs the writer more than its hits save.
    /// </summary>
    internal SqliteConnection OpenWriter() => Open(WriterSyncsItself ? "NORMAL" : _synchronous, cacheKilobytes: 32768);

    /// <summary>
    /// The checkpointer's connection: a checkpoint copies WAL frames to the database file through a
    /// buffer of its own, so this connection's page cache stays small.
    /// </summary>
    internal SqliteConnection OpenCheckpointer() => Open(WriterSyncsItself ? "NORMAL" : _synchronous, cacheKilobytes: 1024);

    private SqliteConnection Open(string synchronous, int cacheKilobytes = ReaderCacheKilobytes)
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();

        // temp_store FILE: a big sort (a large day's rows) spills to a temporary file instead of growing this
        // process's memory; the archiving benchmark's day takes the same time either way (1.2-1.3 s, 50,000 visits).
        var pragmas =
            $"PRAGMA busy_timeout = {_busyTimeoutMilliseconds}; PRAGMA synchronous = {synchronous}; PRAGMA foreign_keys = OFF; " +
            $"PRAGMA temp_store = FILE; PRAGMA cache_size = -{cacheKilobytes};";

        // A pooled connection keeps its settings: they are applied again only when it last had others (the
        // tracking writer's, another database's). Applying them at every open was a third of the time of a short
        // read (10 of 35 µs for an archive look-up, and a year's range makes thousands).
        if (!s_applied.TryGetValue(connection.Handle!, out var applied) || applied != pragmas)
        {
            using var command = connection.CreateCommand();
            command.CommandText = pragmas;
            command.ExecuteNonQuery();
            s_applied.AddOrUpdate(connection.Handle!, pragmas);
        }

        return connection;
    }

    public void Migrate()
    {
        using (var connection = Open())
        {
            connection.Exec("PRAGMA journal_mode = WAL;");
        }

        new Migrator(this, "Sqlite").Run();
    }

    public System.Data.Common.DbTransaction BeginReadTransaction(System.Data.Common.DbConnection connection) =>
        ((SqliteConnection)connection).BeginTransaction(deferred: true);

    public Logs.ILogCursor OpenReadCursor(string sql, IReadOnlyList<(string Name, object? Value)> parameters) =>
        new SqliteCursor(_readConnections, sql, parameters);

    /// <summary>
    /// The blob handed in place, where SQLite holds it for the row (no array made and copied, as ADO.NET's reader makes
    /// one), on a pooled connection.
    /// </summary>
    public bool ReadBlob<TState>(string sql, IReadOnlyList<(string Name, object? Value)> parameters, TState state, System.Buffers.ReadOnlySpanAction<byte, TState> read)
    {
        using var connection = (SqliteConnection)Open();
        var db = connection.Handle!;
        using var statement = SqliteCursor.Prepare(db, sql, parameters);
        var rc = SQLitePCL.raw.sqlite3_step(statement);
        if (rc == SQLitePCL.raw.SQLITE_DONE)
        {
            return false;
        }

        if (rc != SQLitePCL.raw.SQLITE_ROW)
        {
            SqliteException.ThrowExceptionForRC(rc, db);
        }

        if (SQLitePCL.raw.sqlite3_column_type(statement, 0) == SQLitePCL.raw.SQLITE_NULL)
        {
            return false;
        }

        read(SQLitePCL.raw.sqlite3_column_blob(statement, 0), state);
        return true;
    }

    public Logs.ILogWriter CreateLogWriter() => new SqliteLogWriter(this);

    public void Dispose()
    {
        _readConnections.Dispose();
        SqliteConnection.ClearAllPools();
    }
}
