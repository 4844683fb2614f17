using System.Text.RegularExpressions;

namespace Makoto.EndToEnd.Tests;

/// <summary>
/// Reads the server's tables directly, through the server's own database (SQLite file or MariaDB). Queries name
/// tables as Matomo does without prefix (<c>log_visit</c>, <c>archive_numeric_2024_01</c>); they are turned into
/// the store's physical names. Values come back as SQLite gives them, whatever the store: integers as
/// <see cref="long"/>, other numbers as <see cref="double"/>, dates and times as <c>yyyy-MM-dd HH:mm:ss</c>, <c>yyyy-MM-dd</c> and <c>HH:mm:ss</c> text.
/// </summary>
internal static partial class LogTables
{
    public static List<Dictionary<string, object?>> Query(TestServer server, string sql)
    {
        var database = server.Database;
        var dialect = database.Dialect;
        var physical = TableName().Replace(sql, match =>
            match.Value.StartsWith("archive_", StringComparison.Ordinal) ? dialect.ArchiveTable(match.Value) : dialect.Table(match.Value));
        using var connection = database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = physical;
        using var reader = command.ExecuteReader();
        var rows = new List<Dictionary<string, object?>>();
        while (reader.Read())
        {
            var row = new Dictionary<string, object?>(StringComparer.Ordinal);
            for (var i = 0; i < reader.FieldCount; i++)
            {
                row[reader.GetName(i)] = reader.IsDBNull(i) ? null : AsSqlite(reader.GetValue(i), reader.GetDataTypeName(i));
            }

            rows.Add(row);
        }

        return rows;
    }

    public static object? Scalar(TestServer server, string sql) => Query(server, sql).FirstOrDefault()?.Values.FirstOrDefault();

    private static object AsSqlite(object value, string type) => value switch
    {
        DateTime date when type.Equals("DATE", StringComparison.OrdinalIgnoreCase) => date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        sbyte or byte or short or ushort or int or uint or long => Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture),
        ulong unsigned => (long)unsigned,
        float or decimal => Convert.ToDouble(value, System.Globalization.CultureInfo.InvariantCulture),
        DateTime time => time.ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture),
        TimeSpan time => time.ToString(@"hh\:mm\:ss", System.Globalization.CultureInfo.InvariantCulture),
        DateOnly date => date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        _ => value,
    };

    /// <summary>A Matomo table name after FROM or JOIN.</summary>
    [GeneratedRegex(@"(?<=\b(?:FROM|JOIN)\s+)(?:log_\w+|archive_\w+|site\w*|goal|option|user\w*|access|custom_dimensions)\b", RegexOptions.IgnoreCase)]
    private static partial Regex TableName();
}
