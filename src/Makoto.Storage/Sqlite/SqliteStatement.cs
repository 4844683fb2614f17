using System.Buffers;
using System.Text;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Makoto.Storage.Sqlite;

/// <summary>
/// A prepared SQLite statement driven through SQLite's own API: parameters are bound by position
/// (<c>?1</c>, <c>?2</c>, …) and only when they are not NULL, which makes binding several times
/// cheaper than through ADO.NET. Used by one thread.
/// </summary>
internal sealed class SqliteStatement : Logs.ILogBinder, IDisposable
{
    private readonly sqlite3 _db;
    private readonly sqlite3_stmt _statement;

    public SqliteStatement(sqlite3 db, string sql)
    {
        _db = db;
        var rc = raw.sqlite3_prepare_v2(db, sql, out _statement);
        SqliteException.ThrowExceptionForRC(rc, db);
    }

    /// <summary>Clears the previous execution and every binding (unbound parameters are NULL).</summary>
    public SqliteStatement Reset()
    {
        raw.sqlite3_reset(_statement);
        raw.sqlite3_clear_bindings(_statement);
        return this;
    }

    /// <summary>Binds a boxed value to parameter <paramref name="index"/> (1-based); null stays NULL.</summary>
    public void BindObject(int index, object? value)
    {
        switch (value)
        {
            case null:
                break;
            case int i:
                raw.sqlite3_bind_int64(_statement, index, i);
                break;
            case long l:
                raw.sqlite3_bind_int64(_statement, index, l);
                break;
            case double d:
                raw.sqlite3_bind_double(_statement, index, d);
                break;
            case string s:
                BindText(index, s);
                break;
            case byte[] bytes:
                raw.sqlite3_bind_blob(_statement, index, bytes);
                break;
            case DateTime dateTime:
                BindDateTime(index, dateTime);
                break;
            case DateOnly date:
                BindDate(index, date);
                break;
            case TimeOnly time:
                BindTime(index, time);
                break;
            case bool b:
                raw.sqlite3_bind_int64(_statement, index, b ? 1 : 0);
                break;
            default:
                throw new ArgumentException($"No SQLite binding for values of type {value.GetType().Name}.", nameof(value));
        }
    }

    public void BindInt64(int index, long value) => raw.sqlite3_bind_int64(_statement, index, value);

    public void BindDouble(int index, double value) => raw.sqlite3_bind_double(_statement, index, value);

    public void BindDate(int index, DateOnly date)
    {
        Span<byte> text = stackalloc byte[10];
        Write(text, 0, date.Year, 4);
        text[4] = (byte)'-';
        Write(text, 5, date.Month, 2);
        text[7] = (byte)'-';
        Write(text, 8, date.Day, 2);
        raw.sqlite3_bind_text(_statement, index, text);
    }

    public void BindTime(int index, TimeOnly time)
    {
        Span<byte> text = stackalloc byte[8];
        Write(text, 0, time.Hour, 2);
        text[2] = (byte)':';
        Write(text, 3, time.Minute, 2);
        text[5] = (byte)':';
        Write(text, 6, time.Second, 2);
        raw.sqlite3_bind_text(_statement, index, text);
    }

    public void BindBlob(int index, byte[] value) => raw.sqlite3_bind_blob(_statement, index, value);

    public void BindText(int index, string value)
    {
        var max = Encoding.UTF8.GetMaxByteCount(value.Length);
        if (max <= 512)
        {
            Span<byte> buffer = stackalloc byte[max];
            var length = Encoding.UTF8.GetBytes(value, buffer);
            raw.sqlite3_bind_text(_statement, index, buffer[..length]);
            return;
        }

        var rented = ArrayPool<byte>.Shared.Rent(max);
        try
        {
            var length = Encoding.UTF8.GetBytes(value, rented);
            raw.sqlite3_bind_text(_statement, index, rented.AsSpan(0, length));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>A DATETIME as Matomo's text <c>YYYY-MM-DD HH:MM:SS</c>, formatted without allocating.</summary>
    public void BindDateTime(int index, DateTime utc)
    {
        Span<byte> text = stackalloc byte[19];
        Write(text, 0, utc.Year, 4);
        text[4] = (byte)'-';
        Write(text, 5, utc.Month, 2);
        text[7] = (byte)'-';
        Write(text, 8, utc.Day, 2);
        text[10] = (byte)' ';
        Write(text, 11, utc.Hour, 2);
        text[13] = (byte)':';
        Write(text, 14, utc.Minute, 2);
        text[16] = (byte)':';
        Write(text, 17, utc.Second, 2);
        raw.sqlite3_bind_text(_statement, index, text);
    }

    /// <summary>Runs the statement; true when it produced a row (read it with <see cref="Values"/>).</summary>
    public bool Step()
    {
        var rc = raw.sqlite3_step(_statement);
        if (rc == raw.SQLITE_ROW)
        {
            return true;
        }

        if (rc != raw.SQLITE_DONE)
        {
            SqliteException.ThrowExceptionForRC(rc, _db);
        }

        return false;
    }

    /// <summary>Runs a statement that returns no rows.</summary>
    public void Execute()
    {
        while (Step())
        {
        }
    }

    public RawValues Values() => new(_statement);

    public void Dispose() => _statement.Dispose();

    private static void Write(Span<byte> target, int offset, int value, int digits)
    {
        for (var i = offset + digits - 1; i >= offset; i--)
        {
            target[i] = (byte)('0' + (value % 10));
            value /= 10;
        }
    }

    /// <summary><see cref="Logs.ILogValues"/> over the current row of a statement.</summary>
    internal sealed class RawValues(sqlite3_stmt statement) : Logs.ILogValues
    {
        public int Ordinal { get; set; }

        public bool IsNull => raw.sqlite3_column_type(statement, Ordinal) == raw.SQLITE_NULL;

        public long Int64 => raw.sqlite3_column_int64(statement, Ordinal);

        public long? Int64OrNull => IsNull ? null : Int64;

        public int Int32 => (int)raw.sqlite3_column_int64(statement, Ordinal);

        public int? Int32OrNull => IsNull ? null : Int32;

        public double? DoubleOrNull => IsNull ? null : raw.sqlite3_column_double(statement, Ordinal);

        public string? StringOrNull => IsNull ? null : raw.sqlite3_column_text(statement, Ordinal).utf8_to_string();

        public byte[] Bytes => IsNull ? [] : raw.sqlite3_column_blob(statement, Ordinal).ToArray();

        public DateTime DateTime
        {
            get
            {
                var bytes = raw.sqlite3_column_blob(statement, Ordinal);
                Span<char> chars = stackalloc char[Math.Min(bytes.Length, 64)];
                for (var i = 0; i < chars.Length; i++)
                {
                    chars[i] = (char)bytes[i];
                }

                return SqlDates.ParseDateTime(chars);
            }
        }

        public DateOnly? DateOrNull => IsNull ? null : DateOnly.FromDateTime(DateTime);

        public TimeOnly? TimeOrNull => IsNull ? null : Logs.LogValues.ParseTime(StringOrNull!);
    }
}
