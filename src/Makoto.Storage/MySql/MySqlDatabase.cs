using System.Data;
using System.Data.Common;
using System.Text.RegularExpressions;
using MySqlConnector;

namespace Makoto.Storage.MySql;

/// <summary>
/// A MySQL or MariaDB database with Matomo's table layout, through MySqlConnector. On an empty database the
/// migrations create Matomo's tables under the table prefix; on an existing Matomo 4/5 database they use its
/// tables as they are (see <see cref="MySqlSchema"/>). Connections are pooled; every session runs without strict
/// SQL mode, so a value longer than Matomo's column is cut to the column's length as Matomo's own writes are,
/// instead of failing the hit.
/// </summary>
public sealed partial class MySqlDatabase : IDatabase
{
    /// <summary>The session settings applied to every connection.</summary>
    private const string SessionSql = "SET SESSION sql_mode = 'NO_ENGINE_SUBSTITUTION'";

    private readonly string _connectionString;
    private readonly MySqlDialect _dialect;
    private string? _matomoVersion;

    public MySqlDatabase(string connectionString, string tablePrefix)
    {
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new ArgumentException(
                "Makoto:Storage:ConnectionString is empty; set it to the MySQL/MariaDB server, e.g. \"Server=127.0.0.1;Port=3306;User ID=makoto;Password=…;Database=matomo\".");
        }

        if (!TablePrefixPattern().IsMatch(tablePrefix))
        {
            throw new ArgumentException(
                $"Makoto:Storage:TablePrefix '{tablePrefix}' may only hold letters, digits and underscores (Matomo's default is 'matomo_').");
        }

        MySqlConnectionStringBuilder builder;
        try
        {
            builder = new MySqlConnectionStringBuilder(connectionString);
        }
        catch (ArgumentException error)
        {
            throw new ArgumentException($"Makoto:Storage:ConnectionString is not a valid MySqlConnector connection string: {error.Message}", error);
        }

        if (string.IsNullOrEmpty(builder.Database))
        {
            throw new ArgumentException("Makoto:Storage:ConnectionString names no database; add \"Database=…\".");
        }

        // Matomo's TINYINT(1) columns are numbers, BINARY(16) and CHAR(36) columns are not GUIDs, DATETIME is UTC.
        builder.TreatTinyAsBoolean = false;
        builder.GuidFormat = MySqlGuidFormat.None;
        builder.DateTimeKind = MySqlDateTimeKind.Utc;
        builder.ConvertZeroDateTime = true;
        builder.CharacterSet = "utf8mb4";
        _connectionString = builder.ConnectionString;
        Server = $"{builder.Server}:{builder.Port}/{builder.Database}";
        _dialect = new MySqlDialect(tablePrefix);
    }

    public ISqlDialect Dialect => _dialect;

    /// <summary>Where the data lives, without credentials.</summary>
    public string Location =>
        $"MySQL/MariaDB {Server}, tables {_dialect.TablePrefix}*" +
        (_matomoVersion is null ? "" : $" (an existing Matomo {_matomoVersion} database; Makoto's archives in {_dialect.ArchiveTable("archive_*")})");

    /// <summary>host:port/database.</summary>
    public string Server { get; }

    public DbConnection Open() => OpenMySql();

    internal MySqlConnection OpenMySql()
    {
        var connection = new MySqlConnection(_connectionString);
        connection.Open();
        using var command = new MySqlCommand(SessionSql, connection);
        command.ExecuteNonQuery();
        return connection;
    }

    public void Migrate()
    {
        MySqlSchema.State state;
        try
        {
            using var connection = OpenMySql();
            state = MySqlSchema.Inspect(connection, _dialect);
        }
        catch (MySqlException error)
        {
            throw new InvalidOperationException(
                $"Cannot use the MySQL/MariaDB database {Server}: {error.Message}. Check Makoto:Storage:ConnectionString (server, user, password, database) and that the user may create tables.",
                error);
        }

        if (state.IsMatomo && state.MatomoVersion is { } version && MySqlSchema.MajorVersion(version) < 4)
        {
            throw new InvalidOperationException(
                $"The database {Server} holds a Matomo {version} installation (tables {_dialect.TablePrefix}*); Makoto reads Matomo 4 and 5 databases. Upgrade Matomo first.");
        }

        _matomoVersion = state.IsMatomo ? state.MatomoVersion ?? "4/5" : null;
        new Migrator(this, "MySql", sql => sql.Replace("{prefix}", _dialect.TablePrefix, StringComparison.Ordinal)).Run();
        using (var connection = OpenMySql())
        {
            MySqlSchema.EnsureColumns(connection, _dialect);
        }
    }

    /// <summary>A consistent-snapshot, read-only InnoDB transaction: no locks, tracking keeps writing.</summary>
    public DbTransaction BeginReadTransaction(DbConnection connection) =>
        ((MySqlConnection)connection).BeginTransaction(IsolationLevel.Snapshot, isReadOnly: true);

    public Logs.ILogWriter CreateLogWriter() => new MySqlLogWriter(this);

    public void Dispose()
    {
        using var connection = new MySqlConnection(_connectionString);
        MySqlConnection.ClearPool(connection);
    }

    [GeneratedRegex("^[A-Za-z0-9_]*$")]
    private static partial Regex TablePrefixPattern();
}
