using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace Makoto.Storage.Sqlite;

/// <summary>
/// The embedded store: one SQLite file (<c>makoto.db</c>) in the data folder, in WAL mode so that
/// readers never block the tracking writer. <c>synchronous=FULL</c> by default: a commit is on disk
/// before it returns, which is what "acknowledged only after commit" needs.
/// </summary>
public sealed class SqliteDatabase : IDatabase
{
    private readonly string _connectionString;
    private readonly string _synchronous;

    public SqliteDatabase(string dataFolder, string synchronous = "FULL")
    {
        Directory.CreateDirectory(dataFolder);
        FilePath = Path.GetFullPath(Path.Combine(dataFolder, "makoto.db"));
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = FilePath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();
        _synchronous = synchronous.ToUpperInvariant() switch
        {
            "FULL" or "NORMAL" or "EXTRA" or "OFF" => synchronous.ToUpperInvariant(),
            _ => throw new ArgumentException($"SQLite synchronous mode '{synchronous}' is not one of FULL, NORMAL, EXTRA, OFF."),
        };
    }

    public ISqlDialect Dialect { get; } = new SqliteDialect();

    public string FilePath { get; }

    public string Location => FilePath;

    public DbConnection Open()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText =
            $"PRAGMA busy_timeout = 30000; PRAGMA synchronous = {_synchronous}; PRAGMA foreign_keys = OFF; " +
            "PRAGMA temp_store = MEMORY; PRAGMA cache_size = -65536;";
        command.ExecuteNonQuery();
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

    public Logs.ILogCursor OpenCursor(DbConnection connection, DbTransaction? transaction, string sql, IReadOnlyList<(string Name, object? Value)> parameters) =>
        new SqliteCursor((SqliteConnection)connection, sql, parameters);

    public Logs.ILogWriter CreateLogWriter() => new SqliteLogWriter(this);

    public void Dispose() => SqliteConnection.ClearAllPools();
}
