using System.Buffers;
using System.Text;
using Microsoft.Data.Sqlite;
using SQLitePCL;
using static Makoto.Storage.Sqlite.SqliteNative;

namespace Makoto.Storage.Sqlite;

/// <summary>
/// A prepared SQLite statement driven through SQLite's own API: parameters are bound by position
/// (<c>?1</c>, <c>?2</c>, …) and only when they are not NULL, which makes binding several times
/// cheaper than through ADO.NET. The calls go to SQLite on the raw statement pointer
/// (<see cref="SqliteNative"/>); the safe handle owns the statement and finalizes it on
/// <see cref="Dispose"/>. Used by one thread.
/// </summary>
internal sealed class SqliteStatement : Logs.ILogBinder, IDisposable
{
    private readonly sqlite3 _db;
    private readonly sqlite3_stmt _statement;
    private readonly nint _handle;

    public SqliteStatement(sqlite3 db, string sql)
    {
        _db = db;
        var rc = raw.sqlite3_prepare_v2(db, sql, out _statement);
        SqliteException.ThrowExceptionForRC(rc, db);
        _handle = _statement.DangerousGetHandle();
    }

    /// <summary>Clears the previous execution and every binding (unbound parameters are NULL).</summary>
    public SqliteStatement Reset()
    {
        sqlite3_reset(_handle);
        sqlite3_clear_bindings(_handle);
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
                sqlite3_bind_int64(_handle, index, i);
                break;
            case long l:
                sqlite3_bind_int64(_handle, index, l);
                break;
            case double d:
                sqlite3_bind_double(_handle, index, d);
                break;
            case string s:
                BindText(index, s);
                break;
            case byte[] bytes:
                BindBlob(index, bytes);
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
                sqlite3_bind_int64(_handle, index, b ? 1 : 0);
                break;
            default:
                throw new ArgumentException($"No SQLite binding for values of type {value.GetType().Name}.", nameof(value));
        }
    }

    public void BindInt64(int index, long value) => sqlite3_bind_int64(_handle, index, value);

    public void BindDouble(int index, double value) => sqlite3_bind_double(_handle, index, value);

    public void BindDate(int index, DateOnly date)
    {
        Span<byte> text = stackalloc byte[10];
        Write(text, 0, date.Year, 4);
        text[4] = (byte)'-';
        Write(text, 5, date.Month, 2);
        text[7] = (byte)'-';
        Write(text, 8, date.Day, 2);
        BindUtf8(index, text);
    }

    public void BindTime(int index, TimeOnly time)
    {
        Span<byte> text = stackalloc byte[8];
        Write(text, 0, time.Hour, 2);
        text[2] = (byte)':';
        Write(text, 3, time.Minute, 2);
        text[5] = (byte)':';
        Write(text, 6, time.Second, 2);
        BindUtf8(index, text);
    }

    /// <summary>
    /// Binds a blob, which SQLite copies before returning. An empty one is a blob of length zero, not NULL: SQLite
    /// takes a null pointer for NULL, so it gets the address of a byte it does not read.
    /// </summary>
    public unsafe void BindBlob(int index, byte[] value)
    {
        byte none = 0;
        fixed (byte* pointer = value)
        {
            sqlite3_bind_blob(_handle, index, value.Length == 0 ? &none : pointer, value.Length, Transient);
        }
    }

    /// <summary>Binds UTF-8 text, which SQLite copies before returning; empty text is text of length zero, as for blobs.</summary>
    private unsafe void BindUtf8(int index, ReadOnlySpan<byte> text)
    {
        byte none = 0;
        fixed (byte* pointer = text)
        {
            sqlite3_bind_text(_handle, index, text.Length == 0 ? &none : pointer, text.Length, Transient);
        }
    }

    public void BindText(int index, string value)
    {
        var max = Encoding.UTF8.GetMaxByteCount(value.Length);
        if (max <= 512)
        {
            Span<byte> buffer = stackalloc byte[max];
            var length = Encoding.UTF8.GetBytes(value, buffer);
            BindUtf8(index, buffer[..length]);
            return;
        }

        var rented = ArrayPool<byte>.Shared.Rent(max);
        try
        {
            var length = Encoding.UTF8.GetBytes(value, rented);
            BindUtf8(index, rented.AsSpan(0, length));
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
        BindUtf8(index, text);
    }

    /// <summary>Runs the statement; true when it produced a row (read it with <see cref="Values"/>).</summary>
    public bool Step()
    {
        var rc = sqlite3_step(_handle);
        if (rc == Row)
        {
            return true;
        }

        if (rc != Done)
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

    public RawValues Values() => new(_handle);

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
    internal sealed class RawValues(nint statement) : Logs.ILogValues
    {
        public int Ordinal { get; set; }

        public bool IsNull => sqlite3_column_type(statement, Ordinal) == Null;

        public long Int64 => sqlite3_column_int64(statement, Ordinal);

        public long? Int64OrNull => IsNull ? null : Int64;

        public int Int32 => (int)sqlite3_column_int64(statement, Ordinal);

        public int? Int32OrNull => IsNull ? null : Int32;

        public double? DoubleOrNull => IsNull ? null : sqlite3_column_double(statement, Ordinal);

        public string? StringOrNull => IsNull ? null : Encoding.UTF8.GetString(Column(text: true));

        public byte[] Bytes => IsNull ? [] : Column(text: false).ToArray();

        public DateTime DateTime
        {
            get
            {
                var bytes = Column(text: false);
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

        /// <summary>The column's bytes as text or as a blob, valid until the statement steps or is reset.</summary>
        private unsafe ReadOnlySpan<byte> Column(bool text)
        {
            // The pointer first, then the length: SQLite's documented order (the pointer call may convert the value).
            var pointer = text ? sqlite3_column_text(statement, Ordinal) : sqlite3_column_blob(statement, Ordinal);
            var length = sqlite3_column_bytes(statement, Ordinal);
            return pointer == 0 ? [] : new ReadOnlySpan<byte>((void*)pointer, length);
        }
    }
}
