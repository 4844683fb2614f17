namespace Makoto.Storage.Options;

/// <summary>The <c>option</c> table: named settings and small pieces of state (salts, versions).</summary>
public sealed class OptionStore(IDatabase database)
{
    private ISqlDialect D => database.Dialect;

    private string Table => D.Quote(D.Table("option"));

    public string? Get(string name)
    {
        using var connection = database.Open();
        return connection.Scalar($"SELECT option_value FROM {Table} WHERE option_name = @n", null, ("@n", name)) as string;
    }

    public void Set(string name, string value)
    {
        using var connection = database.Open();
        using var transaction = connection.BeginTransaction();
        connection.Exec($"DELETE FROM {Table} WHERE option_name = @n", transaction, ("@n", name));
        connection.Exec($"INSERT INTO {Table} (option_name, option_value, autoload) VALUES (@n, @v, 1)", transaction, ("@n", name), ("@v", value));
        transaction.Commit();
    }

    /// <summary>Returns the stored value, or stores and returns <paramref name="create"/>'s value when absent.</summary>
    public string GetOrCreate(string name, Func<string> create)
    {
        var existing = Get(name);
        if (existing is not null)
        {
            return existing;
        }

        using var connection = database.Open();
        connection.Exec($"{D.InsertIgnore} INTO {Table} (option_name, option_value, autoload) VALUES (@n, @v, 1)", null, ("@n", name), ("@v", create()));
        return Get(name)!;
    }

    public void Delete(string name)
    {
        using var connection = database.Open();
        connection.Exec($"DELETE FROM {Table} WHERE option_name = @n", null, ("@n", name));
    }
}
