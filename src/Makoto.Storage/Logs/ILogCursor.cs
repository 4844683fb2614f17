using System.Data.Common;

namespace Makoto.Storage.Logs;

/// <summary>
/// A forward-only cursor over the rows of one query, read column by column through
/// <see cref="ILogValues"/>. The archiver streams whole days of logs through it, so each database
/// provides the cheapest one it can (SQLite reads straight from its statement, without ADO.NET).
/// </summary>
public interface ILogCursor : ILogValues, IDisposable
{
    /// <summary>Moves to the next row; false at the end.</summary>
    bool Read();
}

/// <summary>
/// An <see cref="ILogCursor"/> over an ADO.NET data reader: works for every database. It owns the command
/// and, when given, the transaction and connection it runs in, and disposes them with itself.
/// </summary>
public sealed class DataReaderCursor : ILogCursor
{
    private readonly DbCommand _command;
    private readonly DbDataReader _reader;
    private readonly DataReaderValues _values;
    private readonly DbTransaction? _transaction;
    private readonly DbConnection? _connection;

    public DataReaderCursor(DbCommand command, ISqlDialect dialect, DbTransaction? transaction = null, DbConnection? connection = null)
    {
        _command = command;
        _transaction = transaction;
        _connection = connection;
        _reader = command.ExecuteReader();
        _values = new DataReaderValues(_reader, dialect);
    }

    public int Ordinal
    {
        get => _values.Ordinal;
        set => _values.Ordinal = value;
    }

    public bool IsNull => _values.IsNull;

    public long Int64 => _values.Int64;

    public long? Int64OrNull => _values.Int64OrNull;

    public int Int32 => _values.Int32;

    public int? Int32OrNull => _values.Int32OrNull;

    public double? DoubleOrNull => _values.DoubleOrNull;

    public string? StringOrNull => _values.StringOrNull;

    public byte[] Bytes => _values.Bytes;

    public DateTime DateTime => _values.DateTime;

    public DateOnly? DateOrNull => _values.DateOrNull;

    public TimeOnly? TimeOrNull => _values.TimeOrNull;

    public bool Read() => _reader.Read();

    public void Dispose()
    {
        _reader.Dispose();
        _command.Dispose();
        _transaction?.Dispose();
        _connection?.Dispose();
    }
}
