using Makoto.Storage.Logs;
using Makoto.Tests.Shared;
using static Makoto.Storage.Tests.LogRows;

namespace Makoto.Storage.Tests;

/// <summary>
/// The tracking writer's contract (<see cref="ILogWriter"/>) on every provider: a batch is one transaction, its
/// reads see its own writes, rows read back with every column as written, ids are final after the commit, a
/// rollback or a rollback to a savepoint leaves nothing of what it undoes.
/// </summary>
public abstract class LogWriterTests(TestStore store) : IDisposable
{
    private readonly StoreUnderTest _store = StoreUnderTest.Create(store);

    private IDatabase Database => _store.Database;

    public void Dispose()
    {
        _store.Dispose();
        GC.SuppressFinalize(this);
    }

    private List<VisitLog> Day(DayLogRequest? request = null) =>
        new DayLogReader(Database).Read(1, At(0), At(0).AddDays(1), request ?? All).Select(v => v.Copy()).ToList();

    private static DayLogRequest All => new()
    {
        VisitColumns = VisitRow.Columns.Select(c => c.Name).ToHashSet(),
        ActionColumns = ActionRow.Columns.Select(c => c.Name).ToHashSet(),
        ConversionColumns = ConversionRow.Columns.Select(c => c.Name).ToHashSet(),
        ItemColumns = ConversionItemRow.Columns.Select(c => c.Name).ToHashSet(),
    };

    [Fact]
    public void A_batch_reads_back_with_every_column_as_written()
    {
        using var log = Database.CreateLogWriter();
        log.Begin();
        var url = log.InsertActionName(1, "shop.example.org/", 111, 2);
        var title = log.InsertActionName(4, "Home – Start", 222, null);
        var visit = Visit("visitor1", At(10));
        Assert.Equal(log.InsertVisit(visit), visit.IdVisit);
        var actions = new List<ActionRow>();
        for (var i = 0; i < 3; i++)
        {
            var action = Action(visit, At(10, i), url, title);
            action.PageviewPosition = i + 1;
            log.InsertAction(action);
            actions.Add(action);
            var next = visit.Clone();
            next.VisitLastActionTime = At(10, i);
            next.VisitTotalActions = i + 1;
            next.VisitTotalTime = i * 60;
            log.UpdateVisit(next);
            visit = next;
        }

        log.Commit();
        Assert.False(log.InTransaction);

        // Ids are final and in insertion order once the commit returns (the visit's on its newest row).
        var idVisit = visit.IdVisit;
        Assert.True(idVisit > 0);
        Assert.All(actions, a => Assert.True(a.IdLinkVa > 0));
        Assert.All(actions, a => Assert.Equal(idVisit, a.IdVisit));
        Assert.Equal(actions.Select(a => a.IdLinkVa).Order(), actions.Select(a => a.IdLinkVa));

        var day = Assert.Single(Day());
        Assert.Equal(idVisit, day.IdVisit);
        AssertSame(VisitRow.Columns, visit, day.Visit!);
        Assert.Equal(actions.Select(a => a.IdLinkVa), day.Actions.Select(a => a.IdLinkVa));
        for (var i = 0; i < actions.Count; i++)
        {
            AssertSame(ActionRow.Columns, actions[i], day.Actions[i]);
        }

        var stored = Assert.Single(new LogReader(Database).Visits(1, At(0), At(23)));
        AssertSame(VisitRow.Columns, visit, stored);
        Assert.Equal(new LogActionName("Home – Start", 4, null), new LogReader(Database).ActionNames([title])[title]);
        Assert.Equal(new LogActionName("shop.example.org/", 1, 2), new LogReader(Database).ActionNames([url, 999_999])[url]);
    }

    [Fact]
    public void Lookups_inside_a_batch_see_the_batch_writes()
    {
        using var log = Database.CreateLogWriter();
        log.Begin();
        Assert.Null(log.FindActionId(1, "example.org/a", 5));
        var id = log.InsertActionName(1, "example.org/a", 5, 1);
        Assert.Equal(id, log.FindActionId(1, "example.org/a", 5));
        Assert.Null(log.FindActionId(1, "example.org/A", 5));
        Assert.Null(log.FindActionId(4, "example.org/a", 5));

        var visit = Visit("visitor1", At(9));
        log.InsertVisit(visit);
        var moved = visit.Clone();
        moved.IdVisitor = Id("visitor2");
        moved.VisitLastActionTime = At(9, 20);
        log.UpdateVisit(moved);

        Assert.Null(log.FindLastVisitByVisitor(1, Id("visitor1"), At(12)));
        var byVisitor = log.FindLastVisitByVisitor(1, Id("visitor2"), At(12))!;
        // The newest row handed to the writer carries the visit's id (a writer that inserts in batches has given it now).
        Assert.True(moved.IdVisit > 0);
        Assert.Equal((moved.IdVisit, At(9, 20)), (byVisitor.IdVisit, byVisitor.VisitLastActionTime));
        Assert.Null(log.FindLastVisitByVisitor(1, Id("visitor2"), At(9, 19)));
        Assert.Equal(moved.IdVisit, log.FindLastVisitByConfig(1, Id("config01"), At(9, 10), At(9, 30))!.IdVisit);
        Assert.Null(log.FindLastVisitByConfig(1, Id("config01"), At(9, 21), At(9, 30)));
        Assert.Null(log.FindLastVisitByConfig(2, Id("config01"), At(9), At(10)));
        log.Commit();
    }

    [Fact]
    public void Many_action_names_are_found_or_inserted_at_once_as_one_by_one()
    {
        using var log = Database.CreateLogWriter();
        log.Begin();
        var a = log.InsertActionName(1, "example.org/a", 5, 1);
        var older = log.InsertActionName(4, "Twice", 9, null);
        var newer = log.InsertActionName(4, "Twice", 9, null);
        Assert.True(older < newer);

        // Found: the same type and bytes (oldest row first). New: another case, another type, a new name, and two
        // names sharing a hash.
        ActionNameKey[] names =
        [
            new(1, "example.org/A", 5, 1),
            new(1, "example.org/a", 5, 1),
            new(4, "example.org/a", 5, null),
            new(4, "Twice", 9, null),
            new(1, "example.org/b", 6, 2),
            new(1, "example.org/c", 6, 1),
        ];
        var ids = new long[names.Length];
        log.FindOrInsertActionNames(names, ids);
        Assert.Equal(a, ids[1]);
        Assert.Equal(older, ids[3]);
        long[] inserted = [ids[0], ids[2], ids[4], ids[5]];
        Assert.Equal(4, inserted.Distinct().Count());
        Assert.All(inserted, id => Assert.True(id > newer));
        for (var i = 0; i < names.Length; i++)
        {
            Assert.Equal(i == 3 ? older : ids[i], log.FindActionId(names[i].Type, names[i].Name, names[i].Hash));
        }

        var again = new long[names.Length];
        log.FindOrInsertActionNames(names, again);
        Assert.Equal(ids, again);
        log.Commit();

        var stored = new LogReader(Database).ActionNames(ids);
        Assert.Equal(new LogActionName("example.org/A", 1, 1), stored[ids[0]]);
        Assert.Equal(new LogActionName("example.org/a", 4, null), stored[ids[2]]);
        Assert.Equal(new LogActionName("example.org/b", 1, 2), stored[ids[4]]);
    }

    [Fact]
    public void A_new_visit_changed_before_and_after_a_lookup_is_stored_once_in_its_last_state()
    {
        using var log = Database.CreateLogWriter();
        log.Begin();
        var visit = Visit("visitor1", At(9));
        log.InsertVisit(visit);
        var first = Action(visit, At(9), 1, 2);
        log.InsertAction(first);
        var second = visit.Clone();
        second.VisitLastActionTime = At(9, 1);
        second.VisitTotalActions = 2;
        log.UpdateVisit(second);
        var third = second.Clone();

        // The lookup sees the visit as it is now.
        var found = log.FindLastVisitByVisitor(1, Id("visitor1"), At(10))!;
        Assert.Equal((At(9, 1), 2), (found.VisitLastActionTime, found.VisitTotalActions));

        third.VisitLastActionTime = At(9, 2);
        third.VisitTotalActions = 3;
        log.UpdateVisit(third);
        var last = Action(third, At(9, 2), 1, 2);
        log.InsertAction(last);
        Assert.True(log.InsertConversion(Conversion(third, last, idGoal: 1, buster: 0, At(9, 2))));
        log.Commit();

        var day = Assert.Single(Day());
        Assert.Equal(found.IdVisit, day.IdVisit);
        Assert.Equal(found.IdVisit, third.IdVisit);
        Assert.Equal((At(9, 2), 3), (day.Visit!.VisitLastActionTime, day.Visit.VisitTotalActions));
        Assert.Equal([found.IdVisit, found.IdVisit], day.Actions.Select(a => a.IdVisit));
        Assert.Equal(found.IdVisit, Assert.Single(day.Conversions).IdVisit);
    }

    [Fact]
    public void A_conversion_refers_to_an_action_of_the_same_batch_by_its_final_id()
    {
        using var log = Database.CreateLogWriter();
        log.Begin();
        var visit = Visit("visitor1", At(11));
        log.InsertVisit(visit);
        var first = Action(visit, At(11), 1, 2);
        var second = Action(visit, At(11, 1), 1, 2);
        log.InsertAction(first);
        log.InsertAction(second);
        Assert.True(log.InsertConversion(Conversion(visit, second, idGoal: 1, buster: 0, At(11, 1))));
        var third = Action(visit, At(11, 2), 1, 2);
        log.InsertAction(third);
        Assert.True(log.InsertConversion(Conversion(visit, third, idGoal: 2, buster: 0, At(11, 2))));
        log.Commit();

        var conversions = Assert.Single(Day()).Conversions;
        Assert.Equal([second.IdLinkVa, third.IdLinkVa], conversions.Select(c => c.IdLinkVa!.Value));
        Assert.True(first.IdLinkVa < second.IdLinkVa && second.IdLinkVa < third.IdLinkVa);
        AssertSame(ConversionRow.Columns, Conversion(visit, third, idGoal: 2, buster: 0, At(11, 2)), conversions[1]);
    }

    [Fact]
    public void A_rollback_leaves_nothing_and_the_writer_goes_on()
    {
        using var log = Database.CreateLogWriter();
        log.Begin();
        var visit = Visit("visitor1", At(8));
        log.InsertVisit(visit);
        log.InsertAction(Action(visit, At(8), 1, 2));
        log.InsertActionName(1, "gone", 1, null);
        log.Rollback();
        Assert.False(log.InTransaction);
        Assert.Empty(Day());
        Assert.Empty(new LogReader(Database).ActionNames([1, 2, 3]));

        log.Begin();
        var kept = Visit("visitor2", At(8, 30));
        log.InsertVisit(kept);
        log.InsertAction(Action(kept, At(8, 30), 1, 2));
        log.Commit();
        Assert.Equal(kept.IdVisit, Assert.Single(Day()).IdVisit);
    }

    [Fact]
    public void Rolling_back_to_a_savepoint_undoes_only_what_followed_it()
    {
        using var log = Database.CreateLogWriter();
        log.Begin();
        log.Savepoint("hit");
        var visit = Visit("visitor1", At(14));
        log.InsertVisit(visit);
        var kept = Action(visit, At(14), 1, 2);
        log.InsertAction(kept);
        log.ReleaseSavepoint("hit");

        log.Savepoint("hit");
        var later = visit.Clone();
        later.VisitLastActionTime = At(14, 5);
        later.VisitTotalActions = 2;
        log.UpdateVisit(later);
        log.InsertAction(Action(later, At(14, 5), 1, 2));
        var other = Visit("visitor2", At(14, 5));
        log.InsertVisit(other);
        log.RollbackToSavepoint("hit");
        log.ReleaseSavepoint("hit");
        log.Commit();

        var day = Assert.Single(Day());
        Assert.Equal((At(14), 1), (day.Visit!.VisitLastActionTime, day.Visit.VisitTotalActions));
        Assert.Equal(kept.IdLinkVa, Assert.Single(day.Actions).IdLinkVa);
    }

    [Fact]
    public void Orders_carts_and_their_items()
    {
        using var log = Database.CreateLogWriter();
        log.Begin();
        var visit = Visit("visitor1", At(16));
        log.InsertVisit(visit);
        var cart = Conversion(visit, null, idGoal: -1, buster: 0, At(16));
        Assert.True(log.InsertConversion(cart));
        Assert.False(log.InsertConversion(cart));
        log.InsertItem(Item(visit, "0", sku: 11, price: 10.5, quantity: 2, At(16)));
        log.InsertItem(Item(visit, "0", sku: 12, price: 3, quantity: 1, At(16)));

        var order = Conversion(visit, null, idGoal: 0, buster: 123456, At(16, 10));
        order.IdOrder = "A-1";
        Assert.False(log.OrderExists(1, "A-1"));
        Assert.True(log.UpdateCartConversion(visit.IdVisit, order));
        Assert.False(log.UpdateCartConversion(visit.IdVisit, order));
        Assert.True(log.OrderExists(1, "A-1"));
        Assert.False(log.OrderExists(2, "A-1"));

        var items = log.Items(visit.IdVisit, "0");
        Assert.Equal([11L, 12L], items.Select(i => i.IdactionSku).Order());
        var paid = items.Single(i => i.IdactionSku == 11);
        paid.IdOrder = "A-1";
        paid.ServerTime = At(16, 10);
        log.UpdateItem(paid, "0", 11);
        var dropped = items.Single(i => i.IdactionSku == 12);
        dropped.Deleted = 1;
        log.UpdateItem(dropped, "0", 12);
        Assert.Equal([12L], log.Items(visit.IdVisit, "0").Select(i => i.IdactionSku));
        log.Commit();

        var day = Assert.Single(Day());
        var stored = Assert.Single(day.Conversions);
        Assert.Equal((0, "A-1", 123456L), (stored.IdGoal, stored.IdOrder, stored.Buster));
        Assert.Equal([("A-1", 11L, 10.5, 2, 0), ("0", 12L, 3.0, 1, 1)], day.Items.Select(i => (i.IdOrder, i.IdactionSku, i.Price, i.Quantity, i.Deleted)).OrderBy(i => i.Item2));
    }
}

public sealed class SqliteLogWriterTests() : LogWriterTests(TestStore.Sqlite);

public sealed class MariaDbLogWriterTests() : LogWriterTests(TestStore.MariaDb);
