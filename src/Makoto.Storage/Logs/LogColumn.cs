using System.Data.Common;

namespace Makoto.Storage.Logs;

/// <summary>
/// One column of a log table, with how to read it from a row object and how to fill the row
/// object from a data reader. The column lists of <see cref="VisitRow"/> and <see cref="ActionRow"/>
/// are the single source for their INSERT, UPDATE and SELECT statements.
/// </summary>
public sealed class LogColumn<TRow>(string name, Func<TRow, object?> get, Action<TRow, ILogValues> set)
{
    public string Name { get; } = name;

    public Func<TRow, object?> Get { get; } = get;

    public Action<TRow, ILogValues> Set { get; } = set;
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
