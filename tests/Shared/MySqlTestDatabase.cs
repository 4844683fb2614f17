using MySqlConnector;

namespace Makoto.Tests.Shared;

/// <summary>The stores the storage and end-to-end suites run against.</summary>
public enum TestStore
{
    Sqlite,
    MariaDb,
}

/// <summary>
/// A fresh, empty database on the MySQL/MariaDB server named by the <c>MAKOTO_TEST_MYSQL</c> connection string
/// (<c>.ci/run</c> starts a MariaDB server and sets it), dropped again when disposed. Without the variable the
/// tests that need one report as skipped, with the reason.
/// </summary>
public sealed class MySqlTestDatabase : IDisposable
{
    public const string Variable = "MAKOTO_TEST_MYSQL";

    private static int s_counter;

    private MySqlTestDatabase(string server, string name)
    {
        Name = name;
        ConnectionString = new MySqlConnectionStringBuilder(server) { Database = name }.ConnectionString;
        ServerConnectionString = new MySqlConnectionStringBuilder(server) { Database = "" }.ConnectionString;
    }

    /// <summary>The server's connection string from the environment, or null.</summary>
    public static string? Configured =>
        Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } value ? value : null;

    public static string SkipReason =>
        $"{Variable} is not set, so there is no MySQL/MariaDB server to run against (.ci/run starts one; see docs/mysql.md).";

    /// <summary>The database's name (<c>makoto_t_…</c>).</summary>
    public string Name { get; }

    /// <summary>A connection string to this database.</summary>
    public string ConnectionString { get; }

    private string ServerConnectionString { get; }

    /// <summary>Skips the running test unless a server is configured.</summary>
    public static void SkipUnlessConfigured() => Assert.SkipUnless(Configured is not null, SkipReason);

    /// <summary>Creates an empty database (skipping the test when no server is configured).</summary>
    public static MySqlTestDatabase Create()
    {
        SkipUnlessConfigured();
        var name = $"makoto_t_{Environment.ProcessId}_{Interlocked.Increment(ref s_counter)}_{Guid.NewGuid().ToString("N")[..6]}";
        var database = new MySqlTestDatabase(Configured!, name);
        database.Execute($"CREATE DATABASE `{name}` CHARACTER SET utf8mb4");
        return database;
    }

    /// <summary>Runs statements on this database (test setup such as Matomo's own DDL).</summary>
    public void Run(string sql)
    {
        using var connection = new MySqlConnection(ConnectionString);
        connection.Open();
        using var command = new MySqlCommand(sql, connection);
        command.ExecuteNonQuery();
    }

    public void Dispose()
    {
        MySqlConnection.ClearPool(new MySqlConnection(ConnectionString));
        Execute($"DROP DATABASE IF EXISTS `{Name}`");
    }

    private void Execute(string sql)
    {
        using var connection = new MySqlConnection(ServerConnectionString);
        connection.Open();
        using var command = new MySqlCommand(sql, connection);
        command.ExecuteNonQuery();
    }
}
