using Makoto.Storage.Sqlite;
using Microsoft.Data.Sqlite;

namespace Makoto.Storage.Tests;

/// <summary>
/// The tracking writer's statements bind and read through SQLite's C API on the raw statement pointer: each kind
/// of value must be stored as SQLite's own types and Matomo's text formats say, and read back the same.
/// </summary>
public sealed class SqliteStatementTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "makoto-statement-" + Guid.NewGuid().ToString("N"));
    private readonly SqliteConnection _connection;

    public SqliteStatementTests()
    {
        Directory.CreateDirectory(_folder);
        _connection = new SqliteConnection("Data Source=" + Path.Combine(_folder, "t.db") + ";Pooling=False");
        _connection.Open();
        using var command = _connection.CreateCommand();
        command.CommandText = "CREATE TABLE t (i INTEGER, d REAL, s TEXT, b BLOB, dt TEXT, day TEXT, tm TEXT, o TEXT)";
        command.ExecuteNonQuery();
    }

    public void Dispose()
    {
        _connection.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public void Values_are_stored_with_sqlites_types_and_matomos_text_formats()
    {
        // 300 three-byte characters: 900 bytes of UTF-8, past the writer's 512-byte buffer on the stack.
        var longText = new string('\u65e5', 300);
        using (var insert = new SqliteStatement(_connection.Handle!, "INSERT INTO t VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)"))
        {
            insert.Reset();
            insert.BindInt64(1, -9_000_000_000L);
            insert.BindDouble(2, 48.8566);
            insert.BindText(3, "Zürich ✓");
            insert.BindBlob(4, [0x00, 0xff, 0x10]);
            insert.BindDateTime(5, new DateTime(2026, 11, 24, 9, 5, 7, DateTimeKind.Utc));
            insert.BindDate(6, new DateOnly(2026, 1, 2));
            insert.BindTime(7, new TimeOnly(23, 59, 1));
            insert.BindObject(8, longText);
            insert.Execute();

            // Parameters left unbound after a reset are NULL; empty text and an empty blob are values of length zero.
            insert.Reset();
            insert.BindText(3, "");
            insert.BindBlob(4, []);
            insert.Execute();
        }

        Assert.Equal(
            [
                "integer|-9000000000|real|48.8566|text|Zürich ✓|blob|00FF10|text|2026-11-24 09:05:07|2026-01-02|23:59:01|900",
                "null||null||text||blob||null||||",
            ],
            Rows("SELECT typeof(i), i, typeof(d), d, typeof(s), s, typeof(b), hex(b), typeof(dt), dt, day, tm, length(CAST(o AS BLOB)) FROM t ORDER BY rowid"));

        using var select = new SqliteStatement(_connection.Handle!, "SELECT i, d, s, b, dt, tm, o FROM t ORDER BY rowid");
        select.Reset();
        Assert.True(select.Step());
        var values = select.Values();
        values.Ordinal = 0;
        Assert.Equal(-9_000_000_000L, values.Int64);
        values.Ordinal = 1;
        Assert.Equal<double?>(48.8566, values.DoubleOrNull);
        values.Ordinal = 2;
        Assert.Equal("Zürich ✓", values.StringOrNull);
        values.Ordinal = 3;
        Assert.Equal(new byte[] { 0x00, 0xff, 0x10 }, values.Bytes);
        values.Ordinal = 4;
        Assert.Equal(new DateTime(2026, 11, 24, 9, 5, 7), values.DateTime);
        values.Ordinal = 5;
        Assert.Equal(new TimeOnly(23, 59, 1), values.TimeOrNull);
        values.Ordinal = 6;
        Assert.Equal(longText, values.StringOrNull);

        Assert.True(select.Step());
        values.Ordinal = 0;
        Assert.True(values.IsNull);
        Assert.Null(values.Int64OrNull);
        values.Ordinal = 2;
        Assert.Equal("", values.StringOrNull);
        values.Ordinal = 3;
        Assert.False(values.IsNull);
        Assert.Empty(values.Bytes);
        Assert.False(select.Step());
    }

    [Fact]
    public void A_failing_step_throws_sqlites_error()
    {
        using (var command = _connection.CreateCommand())
        {
            command.CommandText = "CREATE TABLE u (x INTEGER PRIMARY KEY)";
            command.ExecuteNonQuery();
        }

        using var insert = new SqliteStatement(_connection.Handle!, "INSERT INTO u (x) VALUES (?1)");
        insert.Reset();
        insert.BindInt64(1, 7);
        insert.Execute();
        insert.Reset();
        insert.BindInt64(1, 7);
        var error = Assert.Throws<SqliteException>(insert.Execute);
        Assert.Equal(19, error.SqliteErrorCode); // SQLITE_CONSTRAINT
    }

    private List<string> Rows(string sql)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var rows = new List<string>();
        while (reader.Read())
        {
            var fields = new string[reader.FieldCount];
            for (var i = 0; i < fields.Length; i++)
            {
                fields[i] = reader.IsDBNull(i) ? "" : Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture)!;
            }

            rows.Add(string.Join('|', fields));
        }

        return rows;
    }
}
