using Makoto.Storage;
using MySqlConnector;

namespace Makoto.Benchmarks;

/// <summary>
/// The store a harness measures: SQLite in a temporary folder, or — when <c>MAKOTO_BENCH_MYSQL</c> holds a MySqlConnector
/// connection string to a MySQL/MariaDB server whose user may create databases — a fresh database on that server
/// (Matomo's tables under the prefix <c>matomo_</c>), dropped afterwards.
/// </summary>
internal sealed class BenchStore : IDisposable
{
    private readonly string? _server;
    private readonly string? _databaseName;

    private BenchStore(string folder, StorageOptions options, string? server, string? databaseName)
    {
        Folder = folder;
        Options = options;
        _server = server;
        _databaseName = databaseName;
    }

    /// <summary>The data folder (SQLite's file, or only the files that are not in the database).</summary>
    public string Folder { get; }

    public StorageOptions Options { get; }

    /// <summary>True when the folder outlives the run (a kept SQLite store, reused by the next run).</summary>
    public bool Keep { get; private set; }

    /// <summary>Marks the folder to be kept after the run (SQLite only; a MariaDB database is always dropped).</summary>
    public BenchStore Kept()
    {
        Keep = true;
        return this;
    }

    /// <summary>sqlite or mariadb, for the printed figures.</summary>
    public string Name => _server is null ? "sqlite" : "mariadb";

    public static BenchStore Create(string folder, string sqliteSynchronous = "FULL")
    {
        if (Environment.GetEnvironmentVariable("MAKOTO_BENCH_MYSQL") is not { Length: > 0 } server)
        {
            return new BenchStore(folder, new StorageOptions { SqliteSynchronous = sqliteSynchronous }, null, null);
        }

        var name = "makoto_bench_" + Guid.NewGuid().ToString("N")[..8];
        Execute(server, $"CREATE DATABASE `{name}` CHARACTER SET utf8mb4");
        var connectionString = new MySqlConnectionStringBuilder(server) { Database = name }.ConnectionString;
        return new BenchStore(folder, new StorageOptions { Provider = "mysql", ConnectionString = connectionString, TablePrefix = "matomo_" }, server, name);
    }

    /// <summary>The database of <see cref="Options"/>, not migrated yet.</summary>
    public IDatabase Open() => Options.Provider == "mysql"
        ? new Makoto.Storage.MySql.MySqlDatabase(Options.ConnectionString, Options.TablePrefix)
        : new Makoto.Storage.Sqlite.SqliteDatabase(Folder, Options.SqliteSynchronous);

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        MySqlConnection.ClearAllPools();
        if (_server is not null)
        {
            Execute(_server, $"DROP DATABASE IF EXISTS `{_databaseName}`");
        }

        if (!Keep && Directory.Exists(Folder))
        {
            Directory.Delete(Folder, recursive: true);
        }
    }

    private static void Execute(string server, string sql)
    {
        using var connection = new MySqlConnection(new MySqlConnectionStringBuilder(server) { Database = "" }.ConnectionString);
        connection.Open();
        using var command = new MySqlCommand(sql, connection);
        command.ExecuteNonQuery();
    }
}
