using Makoto.Tests.Shared;

namespace Makoto.Storage.Tests;

/// <summary>
/// The time indexes of the log tables hold, after their leading columns (site, time), the column a day's archive lists
/// from them (the visit of an action, conversion or item; the visitor of a visit), under Matomo's index names, so those
/// lists are read from the index alone.
/// </summary>
public abstract class TimeIndexTests(TestStore store) : IDisposable
{
    private readonly StoreUnderTest _store = StoreUnderTest.Create(store);

    public void Dispose()
    {
        _store.Dispose();
        GC.SuppressFinalize(this);
    }

    [Fact]
    public void Actions_and_visits_time_indexes_keep_their_names_and_hold_the_listed_column()
    {
        Assert.Equal(["idsite", "server_time", "idvisit", "idaction_url"], Columns("log_link_visit_action", "index_idsite_servertime"));
        Assert.Equal(["idsite", "visit_last_action_time", "idvisitor"], Columns("log_visit", "index_idsite_datetime"));
    }

    [Fact]
    public void The_actions_visit_index_keeps_its_name_and_holds_the_url()
    {
        // On SQLite the action's id comes before the URL, so the index keeps a visit's actions in their order (see
        // SqliteTimeIndexTests); InnoDB's secondary indexes end with the primary key, idlink_va, after the URL.
        Assert.Equal(
            store == TestStore.Sqlite ? ["idvisit", "idlink_va", "idaction_url"] : ["idvisit", "idaction_url"],
            Columns("log_link_visit_action", "index_idvisit"));
    }

    /// <summary>The columns of an index, in order.</summary>
    protected List<string> Columns(string table, string index)
    {
        var database = _store.Database;
        var sql = store == TestStore.Sqlite
            ? "SELECT name FROM pragma_index_info(@index) ORDER BY seqno"
            : "SELECT COLUMN_NAME FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = @table AND INDEX_NAME = @index ORDER BY SEQ_IN_INDEX";
        using var connection = database.Open();
        using var command = connection.Command(sql).With("@index", index).With("@table", database.Dialect.Table(table));
        using var reader = command.ExecuteReader();
        var columns = new List<string>();
        while (reader.Read())
        {
            columns.Add(reader.GetString(0));
        }

        return columns;
    }

    /// <summary>SQLite's plan of a statement, one line per step.</summary>
    protected string Plan(string sql)
    {
        using var connection = _store.Database.Open();
        using var command = connection.Command("EXPLAIN QUERY PLAN " + sql)
            .With("@site", 1).With("@start", "2024-03-14 00:00:00").With("@end", "2024-03-15 00:00:00");
        using var reader = command.ExecuteReader();
        var lines = new List<string>();
        while (reader.Read())
        {
            lines.Add(reader.GetString(3));
        }

        return string.Join('\n', lines);
    }
}

public sealed class SqliteTimeIndexTests() : TimeIndexTests(TestStore.Sqlite)
{
    [Fact]
    public void Conversions_and_items_time_indexes_hold_the_visit()
    {
        Assert.Equal(["idsite", "server_time", "idvisit"], Columns("log_conversion", "index_idsite_datetime_conversion"));
        Assert.Equal(["idsite", "server_time", "idvisit"], Columns("log_conversion_item", "index_idsite_servertime_item"));
    }

    [Fact]
    public void The_days_visits_and_visitors_are_listed_from_the_index_alone()
    {
        foreach (var table in new[] { "log_link_visit_action", "log_conversion", "log_conversion_item" })
        {
            Assert.Contains("COVERING INDEX", Plan($"SELECT idvisit FROM {table} WHERE idsite = @site AND server_time >= @start AND server_time < @end"), StringComparison.Ordinal);
        }

        Assert.Contains(
            "COVERING INDEX index_idsite_datetime",
            Plan("SELECT idvisitor FROM log_visit INDEXED BY index_idsite_datetime WHERE idsite = @site AND visit_last_action_time >= @start AND visit_last_action_time < @end GROUP BY idvisitor HAVING COUNT(*) > 1"),
            StringComparison.Ordinal);
    }

    [Fact]
    public void A_range_of_visits_actions_is_read_in_visit_then_action_order_without_a_sort()
    {
        // The unsegmented day reads its actions this way (DayLogReader): the visit index gives them in order.
        var plan = Plan("""
            SELECT idvisit, idlink_va, server_time FROM log_link_visit_action INDEXED BY index_idvisit
            WHERE idvisit BETWEEN 1 AND 100 AND idsite = @site AND server_time >= @start AND server_time < @end
            ORDER BY idvisit, idlink_va
            """);
        Assert.Contains("index_idvisit", plan, StringComparison.Ordinal);
        Assert.DoesNotContain("TEMP B-TREE", plan, StringComparison.Ordinal);
    }

    [Fact]
    public void A_page_url_segment_tests_the_days_actions_and_each_visits_actions_in_the_index()
    {
        // The day's actions whose URL is one of a list: the visits come from the time index alone.
        Assert.Contains(
            "COVERING INDEX index_idsite_servertime",
            Plan("SELECT idvisit FROM log_link_visit_action WHERE idsite = @site AND server_time >= @start AND server_time < @end AND idaction_url IN (SELECT idaction FROM log_action WHERE name LIKE '%a%' AND type = 1)"),
            StringComparison.Ordinal);

        // "Has the visit an action with one of these URLs", as a segment's visit test writes it: from the visit index alone.
        Assert.Contains(
            "COVERING INDEX index_idvisit",
            Plan("""
                SELECT log_visit.idvisit FROM log_visit AS log_visit
                WHERE log_visit.idsite = @site AND log_visit.visit_last_action_time >= @start AND log_visit.visit_last_action_time < @end
                AND EXISTS (SELECT 1 FROM (SELECT 1) AS segment_row
                    LEFT JOIN log_link_visit_action AS log_link_visit_action ON log_link_visit_action.idvisit = log_visit.idvisit
                    WHERE log_link_visit_action.idaction_url IN (SELECT idaction FROM log_action WHERE name LIKE '%a%' AND type = 1))
                """),
            StringComparison.Ordinal);
    }
}

public sealed class MariaDbTimeIndexTests() : TimeIndexTests(TestStore.MariaDb);
