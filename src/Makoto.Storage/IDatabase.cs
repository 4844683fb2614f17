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

    /// <summary>Applies pending migrations; called once at start-up.</summary>
    void Migrate();

    /// <summary>
    /// Opens read-only transactions for <paramref name="streams"/> result sets that are read at the same time: all of
    /// them see one snapshot of the data and take no write lock (tracking keeps writing meanwhile).
    /// </summary>
    ReadSnapshot BeginReadSnapshot(int streams);

    /// <summary>A writer for the log tables (used by the single tracking writer thread).</summary>
    Logs.ILogWriter CreateLogWriter();
}
