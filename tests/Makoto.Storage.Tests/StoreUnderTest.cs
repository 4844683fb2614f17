using Makoto.Storage.MySql;
using Makoto.Storage.Sqlite;
using Makoto.Tests.Shared;

namespace Makoto.Storage.Tests;

/// <summary>A fresh, migrated database of one provider for one test: a SQLite file in a temporary folder, or a new
/// database on the MariaDB server of <c>MAKOTO_TEST_MYSQL</c> (the test is skipped without one).</summary>
public sealed class StoreUnderTest : IDisposable
{
    private readonly string? _folder;

    private StoreUnderTest(IDatabase database, string? folder, MySqlTestDatabase? mysql)
    {
        Database = database;
        _folder = folder;
        MySql = mysql;
    }

    public IDatabase Database { get; }

    /// <summary>The MariaDB database, when the store is one.</summary>
    public MySqlTestDatabase? MySql { get; }

    public static StoreUnderTest Create(TestStore store, string tablePrefix = "matomo_", bool migrate = true)
    {
        StoreUnderTest created;
        if (store == TestStore.Sqlite)
        {
            var folder = Path.Combine(Path.GetTempPath(), "makoto-storage-" + Guid.NewGuid().ToString("N"));
            created = new StoreUnderTest(new SqliteDatabase(folder), folder, null);
        }
        else
        {
            var mysql = MySqlTestDatabase.Create();
            created = new StoreUnderTest(new MySqlDatabase(mysql.ConnectionString, tablePrefix), null, mysql);
        }

        if (migrate)
        {
            created.Database.Migrate();
        }

        return created;
    }

    public void Dispose()
    {
        Database.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        MySql?.Dispose();
        if (_folder is not null)
        {
            try
            {
                Directory.Delete(_folder, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }
}
