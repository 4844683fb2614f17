using System.Data.Common;
using Makoto.Storage.Sqlite;

namespace Makoto.Storage.Tests;

/// <summary>
/// The session settings of SQLite connections: applied once to a pooled connection and kept, applied again when the
/// same pooled connection comes back after serving with other settings (the tracking writer's).
/// </summary>
public sealed class SqliteSessionSettingsTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "makoto-pragmas-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public void A_pooled_connection_has_the_settings_of_the_open_that_asked_for_it()
    {
        using var database = new SqliteDatabase(_folder, synchronous: "FULL", busyTimeoutSeconds: 7);
        database.Migrate();
        for (var round = 0; round < 3; round++)
        {
            using (var reader = database.Open())
            {
                Assert.Equal(2L, Pragma(reader, "synchronous")); // FULL
                Assert.Equal(-16_384L, Pragma(reader, "cache_size"));
                Assert.Equal(7_000L, Pragma(reader, "busy_timeout"));
            }

            // The writer's connection comes from the same pool with its own settings, and goes back to it.
            using (var writer = database.OpenWriter())
            {
                Assert.Equal(1L, Pragma(writer, "synchronous")); // NORMAL: the writer syncs the WAL itself
                Assert.Equal(-32_768L, Pragma(writer, "cache_size"));
            }

            // Archives commit without waiting for the disk, with the readers' other settings.
            using (var archives = database.OpenForDerivedData())
            {
                Assert.Equal(1L, Pragma(archives, "synchronous")); // NORMAL
                Assert.Equal(-16_384L, Pragma(archives, "cache_size"));
                Assert.Equal(7_000L, Pragma(archives, "busy_timeout"));
            }
        }
    }

    [Fact]
    public void Archives_are_not_synced_more_than_the_configuration_asks()
    {
        using var database = new SqliteDatabase(_folder, synchronous: "OFF");
        database.Migrate();
        using var archives = database.OpenForDerivedData();
        Assert.Equal(0L, Pragma(archives, "synchronous")); // OFF stays OFF
    }

    private static long Pragma(DbConnection connection, string name)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA " + name;
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
