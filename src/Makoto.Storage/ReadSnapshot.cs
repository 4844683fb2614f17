using System.Data.Common;

namespace Makoto.Storage;

/// <summary>
/// Read-only transactions that see one and the same state of the data, one per result set a reader keeps open
/// at the same time (the day's logs stream four tables at once). SQLite streams them all over one connection;
/// MySQL needs a connection per open result set, each with its own snapshot, all started together.
/// </summary>
public sealed class ReadSnapshot : IDisposable
{
    private readonly DbConnection[] _connections;
    private readonly DbTransaction[] _transactions;

    /// <param name="connections">The connections, with <paramref name="transactions"/> begun on them, index for index.</param>
    /// <param name="transactions">The read transactions; stream <c>i</c> uses the pair <c>i % count</c>.</param>
    public ReadSnapshot(DbConnection[] connections, DbTransaction[] transactions)
    {
        if (connections.Length == 0 || connections.Length != transactions.Length)
        {
            throw new ArgumentException("A read snapshot needs one transaction per connection.", nameof(transactions));
        }

        _connections = connections;
        _transactions = transactions;
    }

    public DbConnection Connection(int stream) => _connections[stream % _connections.Length];

    public DbTransaction Transaction(int stream) => _transactions[stream % _transactions.Length];

    public void Dispose()
    {
        foreach (var transaction in _transactions)
        {
            transaction.Dispose();
        }

        foreach (var connection in _connections)
        {
            connection.Dispose();
        }
    }
}
