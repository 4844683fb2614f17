using System.Data.Common;

namespace Makoto.Storage.Logs;

/// <summary>
/// One column of a log table, with how to read it from a row object and how to fill the row
/// object from a data reader. The column lists of <see cref="VisitRow"/> and <see cref="ActionRow"/>
/// are the single source for their INSERT, UPDATE and SELECT statements. A column built from a typed
/// getter (<c>r =&gt; r.IdSite</c> picks the <c>int</c> constructor) also binds its value to a statement
/// without boxing (<see cref="Bind"/>); <see cref="Get"/> gives the value as an object.
/// </summary>
public sealed class LogColumn<TRow>
{
    private readonly Action<TRow, ILogBinder, int> _bind;

    public LogColumn(string name, Func<TRow, object?> get, Action<TRow, ILogValues> set)
        : this(name, get, set, (row, binder, index) => binder.BindObject(index, get(row)))
    {
    }

    public LogColumn(string name, Func<TRow, int> get, Action<TRow, ILogValues> set)
        : this(name, r => get(r), set, (row, binder, index) => binder.BindInt64(index, get(row)))
    {
    }

    public LogColumn(string name, Func<TRow, int?> get, Action<TRow, ILogValues> set)
        : this(name, r => get(r), set, (row, binder, index) =>
        {
            if (get(row) is { } value)
            {
                binder.BindInt64(index, value);
            }
        })
    {
    }

    public LogColumn(string name, Func<TRow, long> get, Action<TRow, ILogValues> set)
        : this(name, r => get(r), set, (row, binder, index) => binder.BindInt64(index, get(row)))
    {
    }

    public LogColumn(string name, Func<TRow, long?> get, Action<TRow, ILogValues> set)
        : this(name, r => get(r), set, (row, binder, index) =>
        {
            if (get(row) is { } value)
            {
                binder.BindInt64(index, value);
            }
        })
    {
    }

    public LogColumn(string name, Func<TRow, double?> get, Action<TRow, ILogValues> set)
        : this(name, r => get(r), set, (row, binder, index) =>
        {
            if (get(row) is { } value)
            {
                binder.BindDouble(index, value);
            }
        })
    {
    }

    public LogColumn(string name, Func<TRow, string?> get, Action<TRow, ILogValues> set)
        : this(name, get, set, (row, binder, index) =>
        {
            if (get(row) is { } value)
            {
                binder.BindText(index, value);
            }
        })
    {
    }

    public LogColumn(string name, Func<TRow, byte[]?> get, Action<TRow, ILogValues> set)
        : this(name, get, set, (row, binder, index) =>
        {
            if (get(row) is { } value)
            {
                binder.BindBlob(index, value);
            }
        })
    {
    }

    public LogColumn(string name, Func<TRow, DateTime> get, Action<TRow, ILogValues> set)
        : this(name, r => get(r), set, (row, binder, index) => binder.BindDateTime(index, get(row)))
    {
    }

    public LogColumn(string name, Func<TRow, DateOnly?> get, Action<TRow, ILogValues> set)
        : this(name, r => get(r), set, (row, binder, index) =>
        {
            if (get(row) is { } value)
            {
                binder.BindDate(index, value);
            }
        })
    {
    }

    public LogColumn(string name, Func<TRow, TimeOnly?> get, Action<TRow, ILogValues> set)
        : this(name, r => get(r), set, (row, binder, index) =>
        {
            if (get(row) is { } value)
            {
                binder.BindTime(index, value);
            }
        })
    {
    }

    private LogColumn(string name, Func<TRow, object?> get, Action<TRow, ILogValues> set, Action<TRow, ILogBinder, int> bind)
    {
        Name = name;
        Get = get;
        Set = set;
        _bind = bind;
    }

    public string Name { get; }

    public Func<TRow, object?> Get { get; }

    public Action<TRow, ILogValues> Set { get; }

    /// <summary>Binds this column's value of <paramref name="row"/> to parameter <paramref name="index"/>; NULL stays unbound.</summary>
    public void Bind(TRow row, ILogBinder binder, int index) => _bind(row, binder, index);
}

/// <summary>A statement's positional parameters (1-based), bound without boxing; an unbound parameter is NULL.</summary>
public interface ILogBinder
{
    void BindInt64(int index, long value);

    void BindDouble(int index, double value);

    void BindText(int index, string value);

    void BindBlob(int index, byte[] value);

    /// <summary>A DATETIME as Matomo's text <c>YYYY-MM-DD HH:MM:SS</c>.</summary>
    void BindDateTime(int index, DateTime value);

    void BindDate(int index, DateOnly value);

    void BindTime(int index, TimeOnly value);

    /// <summary>A value of a column built from an untyped getter.</summary>
    void BindObject(int index, object? value);
}

/// <summary>Typed access to the column <see cref="Ordinal"/> of the current result row.</summary>
public interface ILogValues
{
    int Ordinal { get; set; }

    bool IsNull { get; }

    long Int64 { get; }

    long? Int64OrNull { get; }

    int Int32 { get; }

    int? Int32OrNull { get; }

    double? DoubleOrNull { get; }

    string? StringOrNull { get; }

    byte[] Bytes { get; }

    DateTime DateTime { get; }

    DateOnly? DateOrNull { get; }

    TimeOnly? TimeOrNull { get; }
}

/// <summary><see cref="ILogValues"/> over an ADO.NET data reader, with the dialect's conversions.</summary>
public sealed class DataReaderValues(DbDataReader reader, ISqlDialect dialect) : ILogValues
{
    public int Ordinal { get; set; }

    public bool IsNull => reader.IsDBNull(Ordinal);

    public long Int64 => reader.GetInt64(Ordinal);

    public long? Int64OrNull => reader.IsDBNull(Ordinal) ? null : reader.GetInt64(Ordinal);

    public int Int32 => (int)reader.GetInt64(Ordinal);

    public int? Int32OrNull => reader.IsDBNull(Ordinal) ? null : (int)reader.GetInt64(Ordinal);

    public double? DoubleOrNull => reader.IsDBNull(Ordinal) ? null : reader.GetDouble(Ordinal);

    public string? StringOrNull => reader.IsDBNull(Ordinal) ? null : reader.GetString(Ordinal);

    public byte[] Bytes => reader.IsDBNull(Ordinal) ? [] : (byte[])reader.GetValue(Ordinal);

    public DateTime DateTime => dialect.ReadDateTime(reader, Ordinal);

    public DateOnly? DateOrNull => reader.IsDBNull(Ordinal) ? null : dialect.ReadDate(reader, Ordinal);

    public TimeOnly? TimeOrNull => reader.IsDBNull(Ordinal) ? null : LogValues.ParseTime(reader.GetValue(Ordinal));
}

/// <summary>Conversions shared by the log readers.</summary>
public static class LogValues
{
    public static TimeOnly? ParseTime(object value) => value switch
    {
        TimeSpan span => TimeOnly.FromTimeSpan(span),
        string text when TimeOnly.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, out var t) => t,
        _ => null,
    };
}
