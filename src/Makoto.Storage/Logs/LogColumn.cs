using System.Data.Common;

namespace Makoto.Storage.Logs;

/// <summary>
/// One column of a log table, with how to read it from a row object and how to fill the row
/// object from a data reader. The column lists of <see cref="VisitRow"/> and <see cref="ActionRow"/>
/// are the single source for their INSERT, UPDATE and SELECT statements.
/// </summary>
public sealed class LogColumn<TRow>(string name, Func<TRow, object?> get, Action<TRow, LogValueReader> set)
{
    public string Name { get; } = name;

    public Func<TRow, object?> Get { get; } = get;

    public Action<TRow, LogValueReader> Set { get; } = set;
}

/// <summary>Typed access to the current column of a data reader, with the dialect's conversions.</summary>
public struct LogValueReader(DbDataReader reader, ISqlDialect dialect)
{
    public int Ordinal { get; set; }

    public readonly bool IsNull => reader.IsDBNull(Ordinal);

    public readonly long Int64 => reader.GetInt64(Ordinal);

    public readonly long? Int64OrNull => reader.IsDBNull(Ordinal) ? null : reader.GetInt64(Ordinal);

    public readonly int Int32 => (int)reader.GetInt64(Ordinal);

    public readonly int? Int32OrNull => reader.IsDBNull(Ordinal) ? null : (int)reader.GetInt64(Ordinal);

    public readonly double? DoubleOrNull => reader.IsDBNull(Ordinal) ? null : reader.GetDouble(Ordinal);

    public readonly string? StringOrNull => reader.IsDBNull(Ordinal) ? null : reader.GetString(Ordinal);

    public readonly byte[] Bytes => reader.IsDBNull(Ordinal) ? [] : (byte[])reader.GetValue(Ordinal);

    public readonly DateTime DateTime => dialect.ReadDateTime(reader, Ordinal);

    public readonly DateOnly? DateOrNull => reader.IsDBNull(Ordinal) ? null : dialect.ReadDate(reader, Ordinal);

    public readonly TimeOnly? TimeOrNull => reader.IsDBNull(Ordinal) ? null : ParseTime(reader.GetValue(Ordinal));

    private static TimeOnly? ParseTime(object value) => value switch
    {
        TimeSpan span => TimeOnly.FromTimeSpan(span),
        string text when TimeOnly.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, out var t) => t,
        _ => null,
    };
}

/// <summary>Converts row values to parameter values with the dialect's date representation.</summary>
public static class LogValues
{
    public static object ToDb(object? value, ISqlDialect dialect) => value switch
    {
        null => DBNull.Value,
        DateTime dt => dialect.DateTimeValue(dt),
        DateOnly d => dialect.DateValue(d),
        TimeOnly t => t.ToString("HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture),
        _ => value,
    };
}
