using System.Diagnostics;
using MySqlConnector;

namespace Makoto.Tests.Shared;

/// <summary>The stores the storage and end-to-end suites run against.</summary>
public enum TestStore
{
    Sqlite,
    MariaDb,
}

/// <summary>
/// A fresh, empty database on a MySQL/MariaDB server, dropped again when disposed. The server is the one named by
/// the <c>MAKOTO_TEST_MYSQL</c> connection string (<c>.ci/run</c> starts one and sets it); without the variable, a
/// throwaway MariaDB server is started for this test process with <c>.ci/mariadb.sh</c> when mariadb-server is
/// installed, and stopped when the process exits. Only when neither works do the tests that need one report as
/// skipped, with the reason — and in CI (<c>CI=true</c>) they fail instead.
/// </summary>
public sealed class MySqlTestDatabase : IDisposable
{
    public const string Variable = "MAKOTO_TEST_MYSQL";

    private static readonly Lazy<(string? Server, string Reason)> s_server = new(FindServer);
    private static int s_counter;

    private MySqlTestDatabase(string server, string name)
    {
        Name = name;
        ConnectionString = new MySqlConnectionStringBuilder(server) { Database = name }.ConnectionString;
        ServerConnectionString = new MySqlConnectionStringBuilder(server) { Database = "" }.ConnectionString;
    }

    /// <summary>The server's connection string, or null when there is none.</summary>
    public static string? Configured => s_server.Value.Server;

    /// <summary>Why there is no server.</summary>
    public static string SkipReason => s_server.Value.Reason;

    /// <summary>The database's name (<c>makoto_t_…</c>).</summary>
    public string Name { get; }

    /// <summary>A connection string to this database.</summary>
    public string ConnectionString { get; }

    private string ServerConnectionString { get; }

    /// <summary>Skips the running test unless there is a server (fails it instead in CI).</summary>
    public static void SkipUnlessConfigured()
    {
        if (Configured is not null)
        {
            return;
        }

        if (Environment.GetEnvironmentVariable("CI") == "true")
        {
            Assert.Fail("In CI the MySQL/MariaDB tests must run: " + SkipReason);
        }

        Assert.Skip(SkipReason);
    }

    /// <summary>Creates an empty database (skipping the test when there is no server).</summary>
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

    /// <summary>The configured server, or a throwaway one started with the repository's <c>.ci/mariadb.sh</c>.</summary>
    private static (string? Server, string Reason) FindServer()
    {
        if (Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } configured)
        {
            return (configured, "");
        }

        var script = FindScript();
        if (script is null)
        {
            return (null, $"{Variable} is not set and .ci/mariadb.sh was not found above {AppContext.BaseDirectory} to start a MariaDB server.");
        }

        var start = new ProcessStartInfo("bash")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(
            "source \"$1\"; start_test_mariadb --no-install >&2; " +
            "printf '%s\\n%s\\n%s\\n' \"${MAKOTO_TEST_MYSQL:-}\" \"${MAKOTO_MARIADB_PID:-}\" \"${MAKOTO_MARIADB_DIR:-}\"");
        start.ArgumentList.Add("mariadb");
        start.ArgumentList.Add(script);
        using var process = Process.Start(start)!;
        var errors = process.StandardError.ReadToEndAsync();
        var lines = process.StandardOutput.ReadToEnd().Split('\n');
        process.WaitForExit();
        var said = errors.Result.Trim();
        if (lines.Length < 3 || lines[0].Length == 0)
        {
            return (null, $"{Variable} is not set and no MariaDB server could be started for the tests: {said}");
        }

        var pid = int.Parse(lines[1], System.Globalization.CultureInfo.InvariantCulture);
        var folder = lines[2];
        AppDomain.CurrentDomain.ProcessExit += (_, _) => StopServer(pid, folder);
        return (lines[0], "");
    }

    private static void StopServer(int pid, string folder)
    {
        try
        {
            using var server = Process.GetProcessById(pid);
            server.Kill();
            server.WaitForExit(10_000);
        }
        catch (ArgumentException)
        {
            // Already gone.
        }
        catch (InvalidOperationException)
        {
        }

        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static string? FindScript()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            var script = Path.Combine(folder.FullName, ".ci", "mariadb.sh");
            if (File.Exists(script))
            {
                return script;
            }
        }

        return null;
    }
}
