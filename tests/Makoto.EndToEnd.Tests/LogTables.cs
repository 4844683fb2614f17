using Microsoft.Data.Sqlite;

namespace Makoto.EndToEnd.Tests;

/// <summary>Reads the server's log tables directly (a read-only connection beside the running server).</summary>
internal static class LogTables
{
    public static List<Dictionary<string, object?>> Query(TestServer server, string sql)
    {
        using var connection = new SqliteConnection($"Data Source={Path.Combine(server.DataFolder, "makoto.db")};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var rows = new List<Dictionary<string, object?>>();
        while (reader.Read())
        {
            var row = new Dictionary<string, object?>(StringComparer.Ordinal);
            for (var i = 0; i < reader.FieldCount; i++)
            {
                row[reader.GetName(i)] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            }

            rows.Add(row);
        }

        return rows;
    }

    public static object? Scalar(TestServer server, string sql) => Query(server, sql).FirstOrDefault()?.Values.FirstOrDefault();
}
