using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using MySqlConnector;

namespace Makoto.Storage.MySql;

/// <summary>
/// What the MySQL migrations need to know about the database before and after they run: whether it is an existing
/// Matomo installation (its <c>option</c> table names the Matomo version that created its tables), and which of the
/// columns Makoto reads and writes it lacks. Matomo's tables are never dropped or changed; the only change Makoto
/// makes to them is to add a missing column — an optional plugin's slot (custom variables) or a column of a later
/// Matomo version — with the definition Matomo gives it.
/// </summary>
internal static partial class MySqlSchema
{
    private const string SchemaResource = "Makoto.Storage.Migrations.MySql.0001_matomo_schema.sql";

    /// <summary>The database before migrating: a Matomo database (with the version that created it) or not.</summary>
    internal sealed record State(bool IsMatomo, string? MatomoVersion);

    public static State Inspect(MySqlConnection connection, MySqlDialect dialect)
    {
        var tables = Tables(connection, dialect.TablePrefix);
        if (!tables.Contains(dialect.Table("log_visit")))
        {
            return new State(false, null);
        }

        string? version = null;
        if (tables.Contains(dialect.Table("option")))
        {
            using var command = new MySqlCommand(
                $"SELECT option_value FROM {dialect.Quote(dialect.Table("option"))} WHERE option_name = 'version_core'", connection);
            version = command.ExecuteScalar() as string;
        }

        // A database Makoto created has no Matomo version; one Makoto has not migrated yet is a Matomo one.
        return new State(version is not null || !tables.Contains(dialect.Table("makoto_migration")), version);
    }

    /// <summary>The major version of a Matomo version string (<c>5.0.2</c> → 5); 0 when it has none.</summary>
    public static int MajorVersion(string version)
    {
        var dot = version.IndexOf('.', StringComparison.Ordinal);
        return int.TryParse(dot < 0 ? version : version[..dot], NumberStyles.None, CultureInfo.InvariantCulture, out var major) ? major : 0;
    }

    /// <summary>
    /// Adds the columns of the schema migration that the database's tables lack (all of them are there on a database
    /// Makoto created; an existing Matomo database may lack some), in one ALTER TABLE per table.
    /// </summary>
    public static void EnsureColumns(MySqlConnection connection, MySqlDialect dialect)
    {
        var expected = ExpectedColumns();
        var existing = new Dictionary<string, HashSet<string>>(StringComparer.OrdinalIgnoreCase);
        using (var command = new MySqlCommand(
            "SELECT TABLE_NAME, COLUMN_NAME FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() " +
            "AND LEFT(TABLE_NAME, CHAR_LENGTH(@prefix)) = @prefix",
            connection))
        {
            command.Parameters.AddWithValue("@prefix", dialect.TablePrefix);
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                var table = reader.GetString(0);
                if (!existing.TryGetValue(table, out var columns))
                {
                    existing[table] = columns = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
                }

                columns.Add(reader.GetString(1));
            }
        }

        foreach (var (table, columns) in expected)
        {
            var physical = dialect.Table(table);
            if (!existing.TryGetValue(physical, out var present))
            {
                continue;
            }

            var alter = new StringBuilder();
            foreach (var (name, definition) in columns)
            {
                if (!present.Contains(name.Trim('`')))
                {
                    alter.Append(alter.Length == 0 ? "" : ", ").Append("ADD COLUMN ").Append(name).Append(' ').Append(definition);
                }
            }

            if (alter.Length > 0)
            {
                using var command = new MySqlCommand($"ALTER TABLE {dialect.Quote(physical)} {alter}", connection);
                command.ExecuteNonQuery();
            }
        }
    }

    /// <summary>Table (without prefix) → its columns with their definitions, read from the schema migration.</summary>
    internal static List<(string Table, List<(string Name, string Definition)> Columns)> ExpectedColumns()
    {
        using var stream = typeof(MySqlSchema).Assembly.GetManifestResourceStream(SchemaResource)
            ?? throw new InvalidOperationException($"The embedded resource {SchemaResource} is missing.");
        using var text = new StreamReader(stream);
        var tables = new List<(string, List<(string, string)>)>();
        List<(string, string)>? current = null;
        while (text.ReadLine() is { } line)
        {
            if (CreateTableLine().Match(line) is { Success: true } create)
            {
                current = [];
                tables.Add((create.Groups[1].Value, current));
            }
            else if (line.StartsWith(')'))
            {
                current = null;
            }
            else if (current is not null && ColumnLine().Match(line) is { Success: true } column)
            {
                current.Add((column.Groups[1].Value, column.Groups[2].Value));
            }
        }

        return tables;
    }

    private static HashSet<string> Tables(MySqlConnection connection, string prefix)
    {
        var tables = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        using var command = new MySqlCommand(
            "SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND LEFT(TABLE_NAME, CHAR_LENGTH(@prefix)) = @prefix",
            connection);
        command.Parameters.AddWithValue("@prefix", prefix);
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            tables.Add(reader.GetString(0));
        }

        return tables;
    }

    [GeneratedRegex(@"^CREATE TABLE IF NOT EXISTS \{prefix\}(\w+) \($")]
    private static partial Regex CreateTableLine();

    /// <summary>A column line: its name and its definition; lines of keys and indexes do not match.</summary>
    [GeneratedRegex(@"^\s+(?!PRIMARY |INDEX |UNIQUE |KEY )(`?\w+`?) (.+?),?$")]
    private static partial Regex ColumnLine();
}
