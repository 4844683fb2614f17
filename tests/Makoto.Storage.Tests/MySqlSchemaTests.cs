using Makoto.Core.Periods;
using Makoto.Core.Sites;
using Makoto.Storage.Archives;
using Makoto.Storage.MySql;
using Makoto.Storage.Sites;
using Makoto.Tests.Shared;
using MySqlConnector;

namespace Makoto.Storage.Tests;

/// <summary>
/// What only the MySQL/MariaDB store does: tables under a prefix, an existing Matomo database used as it is (only
/// missing columns added, Makoto's tables under names of its own), Matomo's own archives left alone.
/// </summary>
public sealed class MySqlSchemaTests : IDisposable
{
    private static readonly DateOnly s_day = new(2024, 3, 14);

    private readonly MySqlTestDatabase _database = MySqlTestDatabase.Create();

    public void Dispose() => _database.Dispose();

    private List<Dictionary<string, object?>> Query(string sql)
    {
        using var connection = new MySqlConnection(_database.ConnectionString);
        connection.Open();
        using var command = new MySqlCommand(sql, connection);
        using var reader = command.ExecuteReader();
        var rows = new List<Dictionary<string, object?>>();
        while (reader.Read())
        {
            var row = new Dictionary<string, object?>();
            for (var i = 0; i < reader.FieldCount; i++)
            {
                row[reader.GetName(i)] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            }

            rows.Add(row);
        }

        return rows;
    }

    private Dictionary<string, string> ColumnTypes(string table) =>
        Query($"SELECT COLUMN_NAME, COLUMN_TYPE FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = '{table}'")
            .ToDictionary(r => (string)r["COLUMN_NAME"]!, r => (string)r["COLUMN_TYPE"]!);

    private List<string> IndexColumns(string table, string index) =>
        Query($"SELECT COLUMN_NAME FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = '{table}' AND INDEX_NAME = '{index}' ORDER BY SEQ_IN_INDEX")
            .Select(r => (string)r["COLUMN_NAME"]!).ToList();

    private List<string> Tables() =>
        Query("SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() ORDER BY TABLE_NAME")
            .Select(r => (string)r["TABLE_NAME"]!).ToList();

    [Fact]
    public void An_empty_database_gets_Matomos_tables_under_the_prefix()
    {
        using var database = new MySqlDatabase(_database.ConnectionString, "matomo_");
        database.Migrate();
        Assert.DoesNotContain("existing Matomo", database.Location, StringComparison.Ordinal);
        Assert.Equal(
            [
                "access", "archive_invalidations", "custom_dimensions", "goal", "log_action", "log_conversion", "log_conversion_item",
                "log_link_visit_action", "log_visit", "makoto_migration", "makoto_sequence", "option", "plugin_setting", "privacy_logdata_anonymizations", "segment",
                "sequence", "site", "site_setting", "site_url", "twofactor_recovery_code", "user", "user_dashboard", "user_token_auth",
            ],
            Tables().Select(t => t["matomo_".Length..]));
        var visit = ColumnTypes("matomo_log_visit");
        Assert.Equal("binary(8)", visit["idvisitor"]);
        Assert.Equal("varbinary(16)", visit["location_ip"]);
        Assert.Equal("datetime", visit["visit_last_action_time"]);
        Assert.Equal("decimal(9,6)", visit["location_latitude"]);
        Assert.Equal("varchar(200)", visit["custom_var_v5"]);

        // Started again on its own database, Makoto does not take it for a Matomo one.
        using var again = new MySqlDatabase(_database.ConnectionString, "matomo_");
        again.Migrate();
        Assert.DoesNotContain("existing Matomo", again.Location, StringComparison.Ordinal);
    }

    [Fact]
    public void Two_prefixes_in_one_database_do_not_see_each_other()
    {
        using var first = new MySqlDatabase(_database.ConnectionString, "a_");
        using var second = new MySqlDatabase(_database.ConnectionString, "b_");
        first.Migrate();
        second.Migrate();
        var site = new Site { IdSite = 0, Name = "A", MainUrl = "https://a.example.org", TsCreated = new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc) };
        new SiteStore(first).Add(site);
        new ArchiveStore(first).Write(1, Period.Day(s_day), "done", new Dictionary<string, double>(), new Dictionary<string, byte[]>(), DateTime.UtcNow);
        Assert.Equal(1, new SiteStore(first).Count);
        Assert.Equal(0, new SiteStore(second).Count);
        Assert.Null(new ArchiveStore(second).FindLatest(1, Period.Day(s_day), "done", ArchiveStatus.Ok));
        Assert.Contains("a_makoto_archive_numeric_2024_03", Tables());
        Assert.DoesNotContain("b_makoto_archive_numeric_2024_03", Tables());
    }

    [Fact]
    public void An_existing_Matomo_database_is_used_as_it_is_and_its_archives_are_left_alone()
    {
        MatomoDatabase.CreateSchema(_database);
        _database.Run(
            """
            CREATE TABLE matomo_archive_numeric_2024_03 (idarchive INTEGER UNSIGNED NOT NULL, name VARCHAR(190) NOT NULL,
              idsite INTEGER UNSIGNED NULL, date1 DATE NULL, date2 DATE NULL, period TINYINT UNSIGNED NULL, ts_archived DATETIME NULL,
              value DOUBLE NULL, PRIMARY KEY (idarchive, name)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
            INSERT INTO matomo_archive_numeric_2024_03 VALUES (7, 'done', 1, '2024-03-14', '2024-03-14', 1, '2024-03-15 01:00:00', 1),
              (7, 'nb_visits', 1, '2024-03-14', '2024-03-14', 1, '2024-03-15 01:00:00', 42);
            INSERT INTO matomo_sequence VALUES ('matomo_archive_numeric_2024_03', 7);
            """);
        var tablesBefore = Tables();
        var visitBefore = ColumnTypes("matomo_log_visit");
        var actionBefore = ColumnTypes("matomo_log_link_visit_action");

        using var database = new MySqlDatabase(_database.ConnectionString, MatomoDatabase.Prefix);
        database.Migrate();
        Assert.Contains("an existing Matomo 5.0.2 database", database.Location, StringComparison.Ordinal);

        // Only Makoto's own tables are new; Matomo's columns are as they were, the custom variable slots Makoto reads
        // (Matomo 5 installs them only with its CustomVariables plugin) are added.
        Assert.Equal(["matomo_makoto_migration", "matomo_makoto_sequence"], Tables().Except(tablesBefore));
        var visitAfter = ColumnTypes("matomo_log_visit");
        Assert.All(visitBefore, column => Assert.Equal(column.Value, visitAfter[column.Key]));
        Assert.Equal(
            ["custom_var_k1", "custom_var_k2", "custom_var_k3", "custom_var_k4", "custom_var_k5", "custom_var_v1", "custom_var_v2", "custom_var_v3", "custom_var_v4", "custom_var_v5"],
            visitAfter.Keys.Except(visitBefore.Keys).Order());
        Assert.Equal("varchar(200)", visitAfter["custom_var_k1"]);
        Assert.Contains("last_idlink_va", visitAfter.Keys);
        Assert.Contains("time_spent", ColumnTypes("matomo_log_link_visit_action").Keys);
        Assert.All(actionBefore, column => Assert.Equal(column.Value, ColumnTypes("matomo_log_link_visit_action")[column.Key]));

        // Matomo's time indexes of the actions and visits keep their names and leading columns, and hold the visit (the
        // visitor) a day's archive lists from them; the actions' indexes hold the action's URL a page URL segment tests.
        Assert.Equal(["idsite", "server_time", "idvisit", "idaction_url"], IndexColumns("matomo_log_link_visit_action", "index_idsite_servertime"));
        Assert.Equal(["idvisit", "idaction_url"], IndexColumns("matomo_log_link_visit_action", "index_idvisit"));
        Assert.Equal(["idsite", "visit_last_action_time", "idvisitor"], IndexColumns("matomo_log_visit", "index_idsite_datetime"));

        // Makoto neither reads nor changes Matomo's archives; its own go to its own tables.
        var archives = new ArchiveStore(database);
        Assert.Null(archives.FindLatest(1, Period.Day(s_day), "done", ArchiveStatus.Ok, ArchiveStatus.Invalidated));
        var id = archives.Write(1, Period.Day(s_day), "done", new Dictionary<string, double> { ["nb_visits"] = 3 }, new Dictionary<string, byte[]>(), DateTime.UtcNow);
        Assert.Equal(1, id);
        Assert.Equal(1, archives.InvalidateContainingNow(1, s_day));
        Assert.Contains("matomo_makoto_archive_numeric_2024_03", Tables());
        Assert.Contains("matomo_makoto_archive_blob_2024_03", Tables());
        Assert.Equal([1d, 42d], Query("SELECT value FROM matomo_archive_numeric_2024_03 ORDER BY name").Select(r => (double)r["value"]!));
        Assert.Equal(7UL, Assert.Single(Query("SELECT value FROM matomo_sequence"))["value"]);

        // Started again, it still knows the database for a Matomo one and changes nothing more.
        var tablesAfter = Tables();
        using var again = new MySqlDatabase(_database.ConnectionString, MatomoDatabase.Prefix);
        again.Migrate();
        Assert.Contains("an existing Matomo 5.0.2 database", again.Location, StringComparison.Ordinal);
        Assert.Equal(tablesAfter, Tables());
    }

    [Fact]
    public void A_Matomo_3_database_is_refused_with_what_to_do()
    {
        MatomoDatabase.CreateSchema(_database, version: "3.14.1");
        using var database = new MySqlDatabase(_database.ConnectionString, MatomoDatabase.Prefix);
        var error = Assert.Throws<InvalidOperationException>(database.Migrate);
        Assert.Contains("Matomo 3.14.1", error.Message, StringComparison.Ordinal);
        Assert.Contains("Upgrade Matomo first", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("matomo_makoto_migration", Tables());
    }

    [Fact]
    public void Configuration_mistakes_get_messages_that_say_what_to_change()
    {
        Assert.Contains("TablePrefix", Assert.Throws<ArgumentException>(() => new MySqlDatabase(_database.ConnectionString, "bad-prefix")).Message, StringComparison.Ordinal);
        Assert.Contains("ConnectionString is empty", Assert.Throws<ArgumentException>(() => new MySqlDatabase("", "matomo_")).Message, StringComparison.Ordinal);
        var noDatabase = new MySqlConnectionStringBuilder(_database.ConnectionString) { Database = "" }.ConnectionString;
        Assert.Contains("Database=", Assert.Throws<ArgumentException>(() => new MySqlDatabase(noDatabase, "matomo_")).Message, StringComparison.Ordinal);
        var wrongPassword = new MySqlConnectionStringBuilder(_database.ConnectionString) { Password = "wrong" }.ConnectionString;
        using var database = new MySqlDatabase(wrongPassword, "matomo_");
        Assert.Contains("Check Makoto:Storage:ConnectionString", Assert.Throws<InvalidOperationException>(database.Migrate).Message, StringComparison.Ordinal);
    }
}
