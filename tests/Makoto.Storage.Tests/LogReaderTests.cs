using Makoto.Storage.Logs;
using Makoto.Tests.Shared;
using static Makoto.Storage.Tests.LogRows;

namespace Makoto.Storage.Tests;

/// <summary>
/// The log readers on every provider: the archiver's day stream (grouped by visit, blind to hits committed after it started while tracking
/// writes on) and the visitor log's and counters' queries, over a small day worked out by hand.
/// </summary>
public abstract class LogReaderTests(TestStore store) : IDisposable
{
    private readonly StoreUnderTest _store = StoreUnderTest.Create(store);
    private readonly List<VisitRow> _visits = [];
    private long _home;
    private long _homeTitle;
    private long _sku;

    private IDatabase Database => _store.Database;

    private LogReader Reader => new(Database);

    public void Dispose()
    {
        _store.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>
    /// Visit 1 (visitor1, user "u1"): 23:50 on the 13th and 00:10 on the 14th (its last action is on the 14th).
    /// Visit 2 (visitor2): 10:00 and 10:05 on the 14th, an order of 52.43 with two mugs at 26.20.
    /// Visit 3 (visitor1 again): 12:00 on the 14th, one action.
    /// Visit 4 (visitor3): 23:59 on the 13th only.
    /// </summary>
    private void WriteDay()
    {
        using var log = Database.CreateLogWriter();
        log.Begin();
        _home = log.InsertActionName(1, "example.org/", 1, 2);
        _homeTitle = log.InsertActionName(4, "Home", 2, null);
        _sku = log.InsertActionName(5, "SKU-1", 3, null);
        var mug = log.InsertActionName(6, "Mug", 4, null);

        void Add(VisitRow visit, params DateTime[] times)
        {
            foreach (var time in times)
            {
                log.InsertAction(Action(visit, time, _home, _homeTitle));
            }
        }

        var one = Visit("visitor1", At(0).AddMinutes(-10), "configA1");
        one.UserId = "u1";
        one.VisitLastActionTime = At(0, 10);
        log.InsertVisit(one);
        Add(one, At(0).AddMinutes(-10), At(0, 10));

        var two = Visit("visitor2", At(10), "configB2");
        two.VisitLastActionTime = At(10, 5);
        log.InsertVisit(two);
        Add(two, At(10), At(10, 5));
        var order = Conversion(two, null, 0, 99, At(10, 5));
        order.IdOrder = "A-1";
        order.Items = 2;
        log.InsertConversion(order);
        var item = Item(two, "A-1", _sku, 26.2, 2, At(10, 5));
        item.IdactionName = mug;
        log.InsertItem(item);

        var three = Visit("visitor1", At(12), "configA1");
        log.InsertVisit(three);
        Add(three, At(12));

        var four = Visit("visitor3", At(0).AddMinutes(-1), "configC3");
        log.InsertVisit(four);
        Add(four, At(0).AddMinutes(-1));
        log.Commit();
        _visits.AddRange([one, two, three, four]);
    }

    [Fact]
    public void A_day_streams_grouped_by_visit_with_the_actions_of_the_day_only()
    {
        WriteDay();
        var day = new DayLogReader(Database).Read(1, At(0), At(0).AddDays(1), new DayLogRequest
        {
            VisitColumns = new HashSet<string> { "visit_last_action_time", "user_id" },
            ActionColumns = new HashSet<string> { "server_time" },
            ConversionColumns = new HashSet<string> { "idorder", "revenue" },
            ItemColumns = null,
        }).Select(v => v.Copy()).ToList();

        Assert.Equal([_visits[0].IdVisit, _visits[1].IdVisit, _visits[2].IdVisit], day.Select(v => v.IdVisit));
        Assert.Equal("u1", day[0].Visit!.UserId);
        Assert.Equal([At(0, 10)], day[0].Actions.Select(a => a.ServerTime));
        Assert.Null(day[0].Visit!.ConfigBrowserName); // not requested
        Assert.Equal(2, day[1].Actions.Count);
        Assert.Equal(("A-1", 52.43), (day[1].Conversions[0].IdOrder, day[1].Conversions[0].Revenue));
        Assert.Empty(day[1].Items);

        // The 13th: visit 4, and visit 1's first action without its visit row (counted on the 14th).
        var before = new DayLogReader(Database).Read(1, At(0).AddDays(-1), At(0), new DayLogRequest
        {
            VisitColumns = new HashSet<string>(),
            ActionColumns = new HashSet<string>(),
        }).Select(v => v.Copy()).ToList();
        Assert.Equal([_visits[0].IdVisit, _visits[3].IdVisit], before.Select(v => v.IdVisit));
        Assert.Null(before[0].Visit);
        Assert.Single(before[0].Actions);
        Assert.NotNull(before[1].Visit);
    }

    [Fact]
    public void A_day_stream_numbers_the_visitors_with_several_visits_in_the_day()
    {
        WriteDay();
        var withVisitor = new DayLogRequest { VisitColumns = new HashSet<string> { "idvisitor" } };
        var day = new DayLogReader(Database).Read(1, At(0), At(0).AddDays(1), withVisitor).Select(v => v.Copy()).ToList();

        // visitor1 has visits one and three on the 14th, visitor2 only visit two; visitor3's visit is on the 13th.
        Assert.Equal([_visits[0].IdVisit, _visits[1].IdVisit, _visits[2].IdVisit], day.Select(v => v.IdVisit));
        Assert.Equal(1, day[0].Visit!.DayVisitorNumber);
        Assert.Equal(-1, day[1].Visit!.DayVisitorNumber);
        Assert.Equal(1, day[2].Visit!.DayVisitorNumber);

        // On the 13th visitor1 has no visit row (visit one ends on the 14th): visitor3's visit is its only one.
        var before = new DayLogReader(Database).Read(1, At(0).AddDays(-1), At(0), withVisitor).Select(v => v.Copy()).ToList();
        Assert.Equal(-1, before.Single(v => v.Visit is not null).Visit!.DayVisitorNumber);

        // Without the visitor column nothing is numbered.
        var without = new DayLogReader(Database).Read(1, At(0), At(0).AddDays(1), new DayLogRequest { VisitColumns = new HashSet<string> { "user_id" } }).Select(v => v.Copy()).ToList();
        Assert.All(without, v => Assert.Equal(0, v.Visit!.DayVisitorNumber));
    }

    [Fact]
    public void A_day_stream_does_not_see_hits_committed_after_it_started()
    {
        WriteDay();
        var request = new DayLogRequest
        {
            VisitColumns = new HashSet<string> { "visit_total_actions" },
            ActionColumns = new HashSet<string>(),
            ConversionColumns = new HashSet<string>(),
        };
        using var stream = new DayLogReader(Database).Read(1, At(0), At(0).AddDays(1), request).GetEnumerator();
        Assert.True(stream.MoveNext());
        var seen = new List<VisitLog> { stream.Current.Copy() };

        // Committed after the read began: a new visit, a new action and a conversion of visit 3.
        using (var log = Database.CreateLogWriter())
        {
            log.Begin();
            var late = Visit("visitor9", At(20));
            log.InsertVisit(late);
            log.InsertAction(Action(late, At(20), _home, _homeTitle));
            var three = _visits[2].Clone();
            three.VisitTotalActions = 2;
            log.UpdateVisit(three);
            var action = Action(three, At(12, 1), _home, _homeTitle);
            log.InsertAction(action);
            log.InsertConversion(Conversion(three, action, 1, 0, At(12, 1)));
            log.Commit();
        }

        while (stream.MoveNext())
        {
            seen.Add(stream.Current.Copy());
        }

        Assert.Equal([_visits[0].IdVisit, _visits[1].IdVisit, _visits[2].IdVisit], seen.Select(v => v.IdVisit));
        Assert.Equal(1, seen[2].Visit!.VisitTotalActions);
        Assert.Single(seen[2].Actions);
        Assert.Empty(seen[2].Conversions);
        Assert.Equal(4, new DayLogReader(Database).Read(1, At(0), At(0).AddDays(1), request).Count());
    }

    [Fact]
    public void A_long_day_stream_gives_each_visit_its_own_values_while_it_reuses_its_row_objects()
    {
        // 6,000 visits of one or two actions: several times the rows a reading thread keeps ahead, so rows and
        // batches go round. Visit i: user "u{i}" (distinct texts), browser "B{i % 3}" (repeated texts), i % 2 + 1
        // actions at i seconds past 01:00 (the second one a second later, without a page title: NULL read into a
        // recycled row that held an id before).
        const int Visits = 6_000;
        using (var log = Database.CreateLogWriter())
        {
            log.Begin();
            var url = log.InsertActionName(1, "example.org/", 1, 2);
            var title = log.InsertActionName(4, "Home", 2, null);
            for (var i = 0; i < Visits; i++)
            {
                var visit = Visit("visitor" + i, At(1).AddSeconds(i), "config" + i);
                visit.UserId = "u" + i;
                visit.ConfigBrowserName = "B" + (i % 3);
                visit.VisitLastActionTime = At(1).AddSeconds(i + (i % 2));
                log.InsertVisit(visit);
                log.InsertAction(Action(visit, At(1).AddSeconds(i), url, title));
                if (i % 2 == 1)
                {
                    var second = Action(visit, At(1).AddSeconds(i + 1), url, title);
                    second.IdactionName = null;
                    log.InsertAction(second);
                }
            }

            log.Commit();
        }

        var request = new DayLogRequest
        {
            VisitColumns = new HashSet<string> { "user_id", "config_browser_name" },
            ActionColumns = new HashSet<string> { "server_time", "idaction_name" },
        };
        var seen = 0;
        foreach (var day in new DayLogReader(Database).Read(1, At(0), At(0).AddDays(1), request))
        {
            var i = seen++;
            Assert.Equal("u" + i, day.Visit!.UserId);
            Assert.Equal("B" + (i % 3), day.Visit.ConfigBrowserName);
            Assert.Equal(i % 2 + 1, day.Actions.Count);
            Assert.Equal(At(1).AddSeconds(i), day.Actions[0].ServerTime);
            Assert.NotNull(day.Actions[0].IdactionName);
            if (i % 2 == 1)
            {
                Assert.Equal(At(1).AddSeconds(i + 1), day.Actions[1].ServerTime);
                Assert.Null(day.Actions[1].IdactionName);
            }
        }

        Assert.Equal(Visits, seen);
    }

    [Fact]
    public void Visitor_log_and_counter_queries()
    {
        WriteDay();
        var reader = Reader;
        Assert.Equal((2L, 1L), reader.CountDistinctVisitorsAndUsers(1, At(0), At(0).AddDays(1)));
        Assert.True(reader.HasVisits(1, At(12), At(13)));
        Assert.False(reader.HasVisits(1, At(13), At(14)));
        Assert.False(reader.HasVisits(2, At(0), At(23)));
        Assert.Equal((4L, (DateTime?)At(12)), reader.SiteActivity()[1]);

        var newest = reader.LastVisits(new VisitLogQuery { Sites = [1], Limit = 2 });
        Assert.Equal([_visits[2].IdVisit, _visits[1].IdVisit], newest.Select(v => v.IdVisit));
        var page = reader.LastVisits(new VisitLogQuery { Sites = [1], Limit = 2, Offset = 2, Ascending = true });
        Assert.Equal([_visits[1].IdVisit, _visits[2].IdVisit], page.Select(v => v.IdVisit));
        var visitor = reader.LastVisits(new VisitLogQuery { Sites = [1, 2], IdVisitor = Id("visitor1"), FromUtc = At(0), ToUtc = At(12) });
        Assert.Equal([_visits[2].IdVisit, _visits[0].IdVisit], visitor.Select(v => v.IdVisit));
        Assert.Equal([_visits[2].IdVisit], reader.LastVisits(new VisitLogQuery { Sites = [1], AfterUtc = At(10, 5) }).Select(v => v.IdVisit));

        var actions = reader.ActionsOfVisits([_visits[1].IdVisit, _visits[0].IdVisit]);
        Assert.Equal([_visits[0].IdVisit, _visits[0].IdVisit, _visits[1].IdVisit, _visits[1].IdVisit], actions.Select(a => a.IdVisit));
        var first = actions[0];
        Assert.Equal(("example.org/", 2, "Home", 15L + 80 + 22 + 340 + 120 + 5, "author: Ada"), (first.Url, first.UrlPrefix, first.Name, first.PageLoadTime, first.CustomDimensions[1]));

        var conversion = Assert.Single(reader.ConversionsOfVisits([_visits[1].IdVisit]));
        Assert.Equal((0, "A-1", 52.43, 2), (conversion.IdGoal, conversion.IdOrder, conversion.Revenue, conversion.Items));
        var item = Assert.Single(reader.ItemsOfVisits([_visits[1].IdVisit, _visits[2].IdVisit]));
        Assert.Equal(("SKU-1", "Mug", 26.2, 2), (item.Sku, item.Name, item.Price, item.Quantity));

        var totals = reader.EcommerceTotalsOfVisitors(1, [Id("visitor2"), Id("visitor1")]);
        Assert.Equal(new EcommerceTotals(52.43, 1, 2), totals[("76697369746f7232", 0)]);
        Assert.Single(totals);

        Assert.Equal(new RecentCounts(3, 4, 2, 1), reader.CountRecent([1], At(0))); // actions at 00:10, 10:00, 10:05, 12:00
        Assert.Equal(At(12), reader.MostRecentVisitTime([1], null, null));
        Assert.Equal(At(10, 5), reader.MostRecentVisitTime([1], null, At(11)));
        Assert.Equal(Id("visitor2"), reader.AdjacentVisitor(1, Id("visitor1"), At(11), earlier: true));
        Assert.Equal(Id("visitor1"), reader.AdjacentVisitor(1, Id("visitor2"), At(11), earlier: false));
    }
}

public sealed class SqliteLogReaderTests() : LogReaderTests(TestStore.Sqlite);

public sealed class MariaDbLogReaderTests() : LogReaderTests(TestStore.MariaDb);
