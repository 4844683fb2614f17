using Makoto.Core.Sites;
using Makoto.Storage.Logs;
using Makoto.Storage.Sites;
using Makoto.Storage.Sqlite;

namespace Makoto.Archiving.Tests;

/// <summary>
/// The day reader over a real SQLite file whose actions were written as a tracker writes them: in time order,
/// the visits' actions interleaved (so row ids are not grouped by visit), with a visit that spans midnight and
/// another site's actions in the same seconds. The day must come out grouped by visit in visit order, each
/// visit's actions of that day alone in row order, whatever statement reads them.
/// </summary>
public sealed class DayLogReaderTests : IDisposable
{
    private static readonly DateTime s_day = new(2026, 10, 12, 0, 0, 0, DateTimeKind.Utc);
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "makoto-daylog-" + Guid.NewGuid().ToString("N"));
    private readonly SqliteDatabase _database;

    public DayLogReaderTests()
    {
        _database = new SqliteDatabase(_folder);
        _database.Migrate();
        var sites = new SiteStore(_database);
        foreach (var name in new[] { "One", "Two" })
        {
            sites.Add(new Site { IdSite = 0, Name = name, MainUrl = "https://example.org", TsCreated = new DateTime(2026, 1, 1), Timezone = "UTC" });
        }
    }

    public void Dispose()
    {
        _database.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public void Actions_come_grouped_by_visit_in_row_order_when_written_interleaved()
    {
        using var log = _database.CreateLogWriter();
        log.Begin();

        // Visit ids in the order the visits started: A (site 1, 23:58 the day before, to 00:01), B (site 1, 10:00),
        // C (site 2, 10:00), D (site 1, 10:01, until 00:00:30 the next day).
        var a = Visit(log, 1, s_day.AddMinutes(-2), s_day.AddMinutes(1));
        var b = Visit(log, 1, s_day.AddHours(10), s_day.AddHours(10).AddMinutes(3));
        var c = Visit(log, 2, s_day.AddHours(10), s_day.AddHours(10).AddMinutes(2));
        var d = Visit(log, 1, s_day.AddHours(10).AddMinutes(1), s_day.AddDays(1).AddSeconds(30));

        // Written in time order, as hits arrive.
        Action(log, a, 1, s_day.AddMinutes(-2));                    // the day before: not read
        var a1 = Action(log, a, 1, s_day.AddMinutes(1));
        var b1 = Action(log, b, 1, s_day.AddHours(10));
        Action(log, c, 2, s_day.AddHours(10));                      // site 2: not read
        var d1 = Action(log, d, 1, s_day.AddHours(10).AddMinutes(1));
        var b2 = Action(log, b, 1, s_day.AddHours(10).AddMinutes(2));
        var d2 = Action(log, d, 1, s_day.AddHours(10).AddMinutes(2));
        var b3 = Action(log, b, 1, s_day.AddHours(10).AddMinutes(3));
        Action(log, c, 2, s_day.AddHours(10).AddMinutes(2));        // site 2: not read
        var d3 = Action(log, d, 1, s_day.AddDays(1).AddSeconds(-1));
        Action(log, d, 1, s_day.AddDays(1).AddSeconds(30));        // the next day: not read
        log.Commit();

        var read = ReadDay();

        // The visit index holds 11 rows over the range of the day's visit ids (A to D) for 7 actions of the day: the
        // actions are read through it. A's last action is in the day, so its visit row is too; D's is the next day: its actions of the day come
        // without the visit row.
        Assert.Equal(3, read.Count);
        Assert.Equal((a, true), (read[0].IdVisit, read[0].HasVisit));
        Assert.Equal([a1], read[0].Actions);
        Assert.Equal((b, true), (read[1].IdVisit, read[1].HasVisit));
        Assert.Equal([b1, b2, b3], read[1].Actions);
        Assert.Equal((d, false), (read[2].IdVisit, read[2].HasVisit));
        Assert.Equal([d1, d2, d3], read[2].Actions);
    }

    [Fact]
    public void Actions_come_grouped_by_visit_in_row_order_when_another_site_fills_the_visit_ids_between()
    {
        using var log = _database.CreateLogWriter();
        log.Begin();

        // Site 1's visits A and B, with site 2's visits C1..C5 started between them, each with three actions of the
        // day written between A's and B's: the visit index holds 19 rows over A..B for 4 actions of site 1, too many
        // to read through it, so the day's keys are sorted instead. The day must come out the same way.
        var a = Visit(log, 1, s_day.AddHours(9), s_day.AddHours(11));
        var others = new List<long>();
        for (var i = 0; i < 5; i++)
        {
            others.Add(Visit(log, 2, s_day.AddHours(9), s_day.AddHours(12)));
        }

        var b = Visit(log, 1, s_day.AddHours(10), s_day.AddHours(10).AddMinutes(5));
        var a1 = Action(log, a, 1, s_day.AddHours(9));
        foreach (var other in others)
        {
            for (var i = 0; i < 3; i++)
            {
                Action(log, other, 2, s_day.AddHours(9).AddMinutes(i));
            }
        }

        var b1 = Action(log, b, 1, s_day.AddHours(10));
        var a2 = Action(log, a, 1, s_day.AddHours(10).AddMinutes(1));
        var b2 = Action(log, b, 1, s_day.AddHours(10).AddMinutes(5));
        log.Commit();

        var read = ReadDay();

        Assert.Equal(2, read.Count);
        Assert.Equal((a, true), (read[0].IdVisit, read[0].HasVisit));
        Assert.Equal([a1, a2], read[0].Actions);
        Assert.Equal((b, true), (read[1].IdVisit, read[1].HasVisit));
        Assert.Equal([b1, b2], read[1].Actions);
    }

    /// <summary>Site 1's day, each visit with the ids of its actions (checked to be the visit's).</summary>
    private List<(long IdVisit, bool HasVisit, long[] Actions)> ReadDay()
    {
        var reader = new DayLogReader(_database);
        var request = new DayLogRequest
        {
            VisitColumns = new HashSet<string> { "idvisitor" },
            ActionColumns = new HashSet<string> { "server_time" },
        };
        var read = new List<(long IdVisit, bool HasVisit, long[] Actions)>();
        foreach (var visit in reader.Read(1, s_day, s_day.AddDays(1), request))
        {
            var actions = new long[visit.Actions.Count];
            for (var i = 0; i < actions.Length; i++)
            {
                actions[i] = visit.Actions[i].IdLinkVa;
                Assert.Equal(visit.IdVisit, visit.Actions[i].IdVisit);
            }

            read.Add((visit.IdVisit, visit.Visit is not null, actions));
        }

        return read;
    }

    private static long Visit(ILogWriter log, int idSite, DateTime first, DateTime last) => log.InsertVisit(new VisitRow
    {
        IdSite = idSite,
        IdVisitor = [0, 0, 0, 0, 0, 0, 0, (byte)idSite],
        ConfigId = [(byte)idSite, 1, 2, 3, 4, 5, 6, 7],
        LocationIp = [10, 0, 0, (byte)idSite],
        VisitFirstActionTime = first,
        VisitLastActionTime = last,
        VisitTotalActions = 1,
        VisitorCountVisits = 1,
    });

    private static long Action(ILogWriter log, long idVisit, int idSite, DateTime at) => log.InsertAction(new ActionRow
    {
        IdSite = idSite,
        IdVisitor = [0, 0, 0, 0, 0, 0, 0, (byte)idSite],
        IdVisit = idVisit,
        IdactionUrl = 1,
        ServerTime = at,
    });
}
