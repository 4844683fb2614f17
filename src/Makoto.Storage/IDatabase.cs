using System.Data.Common;

namespace Makoto.Storage;

/// <summary>
/// One configured database: a provider (SQLite, MySQL/MariaDB, …) that owns its connections,
/// its dialect and its migrations.
/// </summary>
public interface IDatabase : IDisposable
{
    ISqlDialect Dialect { get; }

    /// <summary>A human-readable description of where the data lives (file path, server).</summary>
    string Location { get; }

    /// <summary>Opens a connection with the provider's session settings applied.</summary>
    DbConnection Open();

    /// <summary>
    /// Opens a connection for writing data derived from the logs (archives), which is built again from them when lost: a
    /// provider may commit on it without waiting for the disk (SQLite: <c>synchronous=NORMAL</c> in WAL mode, consistent
    /// after a power loss but without its last commits). The same as <see cref="Open"/> otherwise.
    /// </summary>
    DbConnection OpenForDerivedData() => Open();

    /// <summary>Applies pending migrations; called once at start-up.</summary>
    void Migrate();

    /// <summary>
    /// Starts a read-only transaction on <paramref name="connection"/>: the statements run in it see one
    /// snapshot of the data and take no write lock (tracking keeps writing meanwhile).
    /// </summary>
    System.Data.Common.DbTransaction BeginReadTransaction(System.Data.Common.DbConnection connection);

    /// <summary>
    /// Runs <paramref name="sql"/> (with <c>@name</c> parameters) in a read transaction of its own (see
    /// <see cref="BeginReadTransaction"/>) and returns a cursor over the rows: the fastest way the database has
    /// to stream many rows. Disposing the cursor ends the transaction and gives its connection back.
    /// </summary>
    Logs.ILogCursor OpenReadCursor(string sql, IReadOnlyList<(string Name, object? Value)> parameters)
    {
        var connection = Open();
        try
        {
            var transaction = BeginReadTransaction(connection);
            var command = connection.CreateCommand();
            command.CommandText = sql;
            command.Transaction = transaction;
            foreach (var (name, value) in parameters)
            {
                command.With(name, value);
            }

            return new Logs.DataReaderCursor(command, Dialect, transaction, connection);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Runs <paramref name="sql"/> (with <c>@name</c> parameters) and hands the blob of the first column of its first row to
    /// <paramref name="read"/>; false when there is no row or the value is NULL. The bytes are only valid during the call: a
    /// provider may hand them where it holds them, without copying them into an array (SQLite does; an archive merge reads
    /// hundreds of blobs).
    /// </summary>
    bool ReadBlob<TState>(string sql, IReadOnlyList<(string Name, object? Value)> parameters, TState state, System.Buffers.ReadOnlySpanAction<byte, TState> read)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.With(name, value);
        }

        if (command.ExecuteScalar() is not byte[] blob)
        {
            return false;
        }

        read(blob, state);
        return true;
    }

    /// <summary>A writer for the log tables (used by the single tracking writer thread).</summary>
    Logs.ILogWriter CreateLogWriter();
}
