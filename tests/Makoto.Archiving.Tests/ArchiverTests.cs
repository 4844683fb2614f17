using Makoto.Core.DataTables;
using Makoto.Core.Periods;
using Makoto.Core.Sites;
using Makoto.Storage;
using Makoto.Storage.Archives;
using Makoto.Storage.Logs;
using Makoto.Storage.Segments;
using Makoto.Storage.Sites;
using Makoto.Storage.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;

namespace Makoto.Archiving.Tests;

/// <summary>
/// The archiver over a real SQLite file: a small report builder (visits by browser language, with
/// the page views of each visit and a distinct-visitor counter) fed by hand-written log rows on two
/// days, then the day archives, the week merged from them, the stored blobs read back by a fresh
/// archiver, and row limits.
/// </summary>
public sealed class ArchiverTests : IDisposable
{
    private static readonly DateOnly s_monday = new(2026, 10, 12);
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "makoto-archiver-" + Guid.NewGuid().ToString("N"));
    private readonly SqliteDatabase _database;
    private readonly Site _site;

    public ArchiverTests()
    {
        _database = new SqliteDatabase(_folder);
        _database.Migrate();
        var sites = new SiteStore(_database);
        var id = sites.Add(new Site { IdSite = 0, Name = "Test", MainUrl = "https://example.org", TsCreated = new DateTime(2026, 1, 1), Timezone = "UTC" });
        _site = sites.Get(id)!;

        using var log = _database.CreateLogWriter();
        log.Begin();
        var home = log.InsertActionName(1, "example.org/", 1, 1);
        var about = log.InsertActionName(1, "example.org/about", 2, 1);

        // Monday: visitor 1 (de) with two page views, visitor 2 (fr) with one, visitor 1 again (de) with one.
        Visit(log, 1, "de", s_monday, new TimeOnly(9, 0), [home, about]);
        Visit(log, 2, "fr", s_monday, new TimeOnly(10, 0), [home]);
        Visit(log, 1, "de", s_monday, new TimeOnly(15, 0), [about]);

        // Tuesday: visitor 3 (fr) and visitor 1 (en).
        Visit(log, 3, "fr", s_monday.AddDays(1), new TimeOnly(8, 0), [home, home, about]);
        Visit(log, 1, "en", s_monday.AddDays(1), new TimeOnly(12, 0), [home]);

        // A visit that starts on Tuesday 23:59 and ends on Wednesday: its first action belongs to Tuesday,
        // the visit itself (last action) to Wednesday.
        Visit(log, 4, "it", s_monday.AddDays(1), new TimeOnly(23, 59), [home, about], secondsBetween: 120);
        log.Commit();
    }

    public void Dispose()
    {
        _database.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    private static void Visit(ILogWriter log, byte visitor, string language, DateOnly day, TimeOnly start, long[] pages, int secondsBetween = 30)
    {
        var first = day.ToDateTime(start, DateTimeKind.Utc);
        var row = new VisitRow
        {
            IdSite = 1,
            IdVisitor = [0, 0, 0, 0, 0, 0, 0, visitor],
            ConfigId = [visitor, 1, 2, 3, 4, 5, 6, 7],
            LocationIp = [10, 0, 0, 0],
            LocationBrowserLang = language,
            VisitFirstActionTime = first,
            VisitLastActionTime = first.AddSeconds(secondsBetween * (pages.Length - 1)),
            VisitTotalActions = pages.Length,
            VisitorCountVisits = 1,
        };
        log.InsertVisit(row);
        for (var i = 0; i < pages.Length; i++)
        {
            log.InsertAction(new ActionRow
            {
                IdSite = 1,
                IdVisitor = row.IdVisitor,
                IdVisit = row.IdVisit,
                IdactionUrl = pages[i],
                ServerTime = first.AddSeconds(secondsBetween * i),
                PageviewPosition = i + 1,
            });
        }
    }

    private Archiver NewArchiver(ArchivingOptions? options = null, IRecordBuilder[]? builders = null) => new(
        new ArchiveStore(_database),
        new LogReader(_database),
        new DayLogReader(_database),
        new LogWatermarks(),
        new RawDataHorizon(new Makoto.Storage.Options.OptionStore(_database), TimeProvider.System),
        builders ?? [new LanguageBuilder(), new PerSiteBuilder()],
        new SegmentCompiler(new SegmentDimensions([])),
        options ?? new ArchivingOptions(),
        new ArchivingSettings(new Makoto.Storage.Options.StoredSettings(
            [ArchivingSettings.Declaration(options ?? new ArchivingOptions())], new Makoto.Storage.Options.OptionStore(_database), TimeProvider.System)),
        TimeProvider.System,
        NullLogger<Archiver>.Instance);

    [Fact]
    public void A_day_is_built_from_its_visits_and_their_actions()
    {
        var records = NewArchiver().GetRecords(_site, Period.Day(s_monday));

        Assert.Equal(3, records.GetNumeric("Test_visits"));
        Assert.Equal(2, records.GetUniques("Test_visitors")!.Count);
        var table = records.GetTable("Test_languages")!;
        Assert.Equal(["de", "fr"], table.Rows.Select(r => r.Label));

        // "de": two visits, merged from two source rows, so numbers; "fr": one source row keeps its text.
        Assert.Equal(2L, table.Rows[0]["nb_visits"]);
        Assert.Equal(3L, table.Rows[0]["nb_pageviews"]);
        Assert.Equal("1", table.Rows[1]["nb_pageviews"]);
        Assert.Equal(1L, table.Rows[1]["nb_uniq_visitors"]);
    }

    [Fact]
    public void Actions_of_a_visit_counted_on_another_day_come_without_their_visit()
    {
        var tuesday = NewArchiver().GetRecords(_site, Period.Day(s_monday.AddDays(1)));
        Assert.Equal(2, tuesday.GetNumeric("Test_visits"));
        Assert.Equal(1, tuesday.GetNumeric("Test_orphan_actions")); // the 23:59 page view of the Wednesday visit

        var wednesday = NewArchiver().GetRecords(_site, Period.Day(s_monday.AddDays(2)));
        Assert.Equal(1, wednesday.GetNumeric("Test_visits"));
        Assert.Equal(1, wednesday.GetNumeric("Test_pageviews")); // only its 00:01 page view is on Wednesday
    }

    [Fact]
    public void A_week_merges_its_days()
    {
        var week = NewArchiver().GetRecords(_site, Period.Week(s_monday));

        Assert.Equal(6, week.GetNumeric("Test_visits"));
        Assert.Equal(4, week.GetUniques("Test_visitors")!.Count); // visitors 1, 2, 3, 4: a union, not the sum 2 + 2 + 1

        var table = week.GetTable("Test_languages")!;
        Assert.Equal(["de", "fr", "en", "it"], table.Rows.Select(r => r.Label));
        var fr = table.Rows[1];
        Assert.Equal(2L, fr["nb_visits"]);
        Assert.Equal(4L, fr["nb_pageviews"]); // 1 + 3, now a number
        Assert.False(fr.Columns.ContainsKey("nb_uniq_visitors"));
        Assert.Equal(2L, fr["sum_daily_nb_uniq_visitors"]);
        Assert.Equal("sum_daily_nb_uniq_visitors", fr.Columns.Keys.Last());
    }

    [Fact]
    public void Stored_archives_are_read_back_by_another_archiver()
    {
        var built = NewArchiver().GetRecords(_site, Period.Week(s_monday)).GetTable("Test_languages")!;
        var read = NewArchiver().GetRecords(_site, Period.Week(s_monday)).GetTable("Test_languages")!;

        Assert.NotSame(built, read);
        Assert.Equal(built.Rows.Select(r => (r.Label, r["nb_visits"], r["nb_pageviews"])), read.Rows.Select(r => (r.Label, r["nb_visits"], r["nb_pageviews"])));
        using var connection = _database.Open();
        var archives = Convert.ToInt32(connection.Scalar("SELECT COUNT(*) FROM archive_numeric_2026_10 WHERE name = 'done.Test.Test_languages' AND period = 2"), System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(1, archives);
    }

    [Fact]
    public void A_longer_period_is_archived_only_for_the_plugins_whose_records_are_read()
    {
        var archiver = NewArchiver();
        Assert.Equal(4, archiver.GetRecords(_site, Period.Week(s_monday)).GetUniques("Test_visitors")!.Count);
        Assert.Equal(["done.Test"], WeekDoneFlags());

        archiver.Archive(_site, Period.Week(s_monday));
        Assert.Equal(["done.Test", "done.TestPerSite"], WeekDoneFlags());
    }

    [Fact]
    public void A_number_read_before_its_plugin_is_archived_is_merged_into_a_stored_partial_archive_of_numbers()
    {
        // Monday 3 visits, Tuesday 2, Wednesday 1: the week's visits, merged without the plugin's tables and uniques.
        Assert.Equal(6, NewArchiver().GetRecords(_site, Period.Week(s_monday)).GetNumeric("Test_visits"));
        Assert.Equal(["done.Test.numbers"], WeekDoneFlags());

        // Stored: read again by another archiver, not merged again.
        var again = NewArchiver().GetRecords(_site, Period.Week(s_monday));
        Assert.Equal(6, again.GetNumeric("Test_visits"));
        Assert.Equal(1, again.GetNumeric("Test_orphan_actions"));
        Assert.Equal(["done.Test.numbers"], WeekDoneFlags());

        // A range over two weeks merges the week's numbers and the days after it.
        var range = Period.Range(s_monday, s_monday.AddDays(9));
        Assert.Equal(6, NewArchiver().GetRecords(_site, range).GetNumeric("Test_visits"));

        // The plugin's archive supersedes the partial one and gives the same numbers.
        var archiver = NewArchiver();
        archiver.Archive(_site, Period.Week(s_monday));
        Assert.Equal(["done.Test", "done.TestPerSite"], WeekDoneFlags());
        Assert.Equal(6, archiver.GetRecords(_site, Period.Week(s_monday)).GetNumeric("Test_visits"));
    }

    [Fact]
    public void A_table_read_before_its_plugin_is_archived_is_merged_alone_and_equals_the_plugin_merge()
    {
        var alone = NewArchiver().GetRecords(_site, Period.Week(s_monday)).GetTable("Test_languages")!;
        Assert.Equal(["done.Test.Test_languages"], WeekDoneFlags());

        var archiver = NewArchiver();
        archiver.Archive(_site, Period.Week(s_monday));
        var full = archiver.GetRecords(_site, Period.Week(s_monday)).GetTable("Test_languages")!;
        // The plugin's archive supersedes the partial one, which is removed with it.
        Assert.Equal(["done.Test", "done.TestPerSite"], WeekDoneFlags());

        Assert.Equal(["de", "fr", "en", "it"], alone.Rows.Select(r => r.Label));
        Assert.Equal(
            full.Rows.Select(r => string.Join(",", r.Columns.Select(c => c.Key + "=" + c.Value))),
            alone.Rows.Select(r => string.Join(",", r.Columns.Select(c => c.Key + "=" + c.Value))));
    }

    [Fact]
    public void A_number_prepared_beside_a_table_is_merged_once_and_read_as_without_preparing()
    {
        // The number is merged on another thread while the table is merged here; reading it waits for that merge.
        var records = NewArchiver().GetRecords(_site, Period.Week(s_monday));
        records.PrepareNumeric("Test_visits");
        var table = records.GetTable("Test_languages")!;
        Assert.Equal(6, records.GetNumeric("Test_visits"));
        Assert.Equal(["de", "fr", "en", "it"], table.Rows.Select(r => r.Label));
        Assert.Equal(["done.Test.Test_languages", "done.Test.numbers"], WeekDoneFlags());

        // A day's archive holds its numbers: nothing to prepare.
        var monday = NewArchiver().GetRecords(_site, Period.Day(s_monday));
        monday.PrepareNumeric("Test_visits");
        Assert.Equal(3, monday.GetNumeric("Test_visits"));
    }

    private List<string> WeekDoneFlags()
    {
        using var connection = _database.Open();
        using var command = connection.Command("SELECT name FROM archive_numeric_2026_10 WHERE name LIKE 'done%' AND period = 2 ORDER BY name");
        using var reader = command.ExecuteReader();
        var names = new List<string>();
        while (reader.Read())
        {
            names.Add(reader.GetString(0));
        }

        return names;
    }

    [Fact]
    public void Tables_are_truncated_to_their_row_limit_with_others()
    {
        var options = new ArchivingOptions { RowLimits = new RowLimits { Standard = 2 } };
        var table = NewArchiver(options).GetRecords(_site, Period.Week(s_monday)).GetTable("Test_languages")!;

        // de 2 visits, fr 2, en 1, it 1: the first of the top rows stays, the other three are "Others".
        Assert.Equal(["de"], table.Rows.Select(r => r.Label));
        Assert.Equal(4L, table.SummaryRow!["nb_visits"]);
    }

    [Fact]
    public void Records_named_after_the_site_are_merged_into_longer_periods()
    {
        var name = $"Test_site{_site.IdSite}_visits";
        Assert.Equal(3, NewArchiver().GetRecords(_site, Period.Day(s_monday)).GetNumeric(name));

        var week = NewArchiver().GetRecords(_site, Period.Week(s_monday));

        Assert.Equal(6, week.GetNumeric(name));
        Assert.Equal(6L, week.GetTable(name + "_table")!.Rows.Single()["nb_visits"]);
    }

    [Fact]
    public async Task Concurrent_requests_for_a_range_of_missing_days_build_each_day_once_and_the_range_sums_its_days()
    {
        // Saturday 10 to Monday 19 October: two days, the week of the 12th (its days built with the range's), a day.
        var counter = new DayCounter();
        var archiver = NewArchiver(builders: [new LanguageBuilder(), new PerSiteBuilder(), counter]);
        var range = Period.Range(s_monday.AddDays(-2), s_monday.AddDays(7));

        // The plugin's archive of the range, its table alone (another archive, another gate), the week and a day of
        // it, all at once: every missing day is wanted by several of them.
        var requests = new Func<object?>[]
        {
            () => archiver.GetRecords(_site, range).GetNumeric("Test_visits"),
            () => archiver.GetRecords(_site, range).GetTable("Test_languages"),
            () => archiver.GetRecords(_site, range).GetNumeric($"Test_site{_site.IdSite}_visits"),
            () => archiver.GetRecords(_site, Period.Week(s_monday)).GetNumeric("Test_visits"),
            () => archiver.GetRecords(_site, Period.Day(s_monday)).GetNumeric("Test_visits"),
        };
        var results = await Task.WhenAll(requests.Select(request => Task.Run(request))).WaitAsync(TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken);

        Assert.Equal(10, counter.Builds.Count);
        Assert.All(counter.Builds, day => Assert.Equal(1, day.Value));
        using (var connection = _database.Open())
        {
            using var command = connection.Command("SELECT date1, COUNT(*) FROM archive_numeric_2026_10 WHERE name = 'done' AND period = 1 GROUP BY date1 ORDER BY date1");
            using var reader = command.ExecuteReader();
            var archives = new List<string>();
            while (reader.Read())
            {
                archives.Add(reader.GetString(0) + ":" + reader.GetInt64(1));
            }

            Assert.Equal(Enumerable.Range(10, 10).Select(d => $"2026-10-{d:D2}:1"), archives);
        }

        // Monday 3 visits, Tuesday 2, Wednesday 1 (the visit across midnight), no other day has any.
        var records = archiver.GetRecords(_site, range);
        Assert.Equal(6.0, results[0]);
        Assert.Equal(6, records.GetNumeric("Test_visits"));
        Assert.Equal(6, records.GetNumeric($"Test_site{_site.IdSite}_visits"));
        Assert.Equal(10, records.GetNumeric("Test_pageviews")); // Monday 4, Tuesday 5 (one of the Wednesday visit), Wednesday 1
        Assert.Equal(1, records.GetNumeric("Test_orphan_actions"));
        Assert.Equal(3, archiver.GetRecords(_site, Period.Day(s_monday)).GetNumeric("Test_visits"));

        // The range's language table is the sum of its days' tables.
        var sums = new Dictionary<string, (double Visits, double Pageviews)>(StringComparer.Ordinal);
        for (var day = range.Start; day <= range.End; day = day.AddDays(1))
        {
            foreach (var row in archiver.GetRecords(_site, Period.Day(day)).GetTable("Test_languages")?.Rows ?? [])
            {
                var (visits, pageviews) = sums.GetValueOrDefault(row.Label!);
                sums[row.Label!] = (visits + Convert.ToDouble(row["nb_visits"], System.Globalization.CultureInfo.InvariantCulture),
                    pageviews + Convert.ToDouble(row["nb_pageviews"], System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        var table = (DataTable)results[1]!;
        Assert.Equal(
            sums.OrderBy(s => s.Key, StringComparer.Ordinal).Select(s => $"{s.Key}:{s.Value.Visits}:{s.Value.Pageviews}"),
            table.Rows.OrderBy(r => r.Label, StringComparer.Ordinal).Select(r => $"{r.Label}:{Convert.ToDouble(r["nb_visits"], System.Globalization.CultureInfo.InvariantCulture)}:{Convert.ToDouble(r["nb_pageviews"], System.Globalization.CultureInfo.InvariantCulture)}"));
        Assert.Equal(["de:2:3", "en:1:1", "fr:2:4", "it:1:1"], sums.OrderBy(s => s.Key, StringComparer.Ordinal).Select(s => $"{s.Key}:{s.Value.Visits}:{s.Value.Pageviews}"));
    }

    /// <summary>Counts the day archives built (each <see cref="IRecordBuilder.StartDay"/>), per day; declares no record.</summary>
    private sealed class DayCounter : IRecordBuilder
    {
        public System.Collections.Concurrent.ConcurrentDictionary<DateOnly, int> Builds { get; } = new();

        public string Plugin => "TestCounter";

        public LogNeeds Needs { get; } = new();

        public IReadOnlyList<ArchiveRecord> Records { get; } = [];

        public IDayAggregator StartDay(ArchiveContext context)
        {
            Builds.AddOrUpdate(context.Period.Start, 1, (_, count) => count + 1);
            return new Nothing();
        }

        private sealed class Nothing : IDayAggregator
        {
            public void OnVisit(VisitLog log)
            {
            }

            public void Finish(ArchiveRecords records)
            {
            }
        }
    }

    /// <summary>Records whose names depend on the site (as Goals has one record per goal), declared per site only.</summary>
    private sealed class PerSiteBuilder : IRecordBuilder
    {
        public string Plugin => "TestPerSite";

        public LogNeeds Needs { get; } = new();

        public IReadOnlyList<ArchiveRecord> Records { get; } = [];

        public IReadOnlyList<ArchiveRecord> RecordsFor(Site site) =>
            [new NumericRecord($"Test_site{site.IdSite}_visits"), new TableRecord($"Test_site{site.IdSite}_visits_table")];

        public IDayAggregator StartDay(ArchiveContext context) => new Day(context.Site.IdSite);

        private sealed class Day(int idSite) : IDayAggregator
        {
            private long _visits;

            public void OnVisit(VisitLog log)
            {
                if (log.Visit is not null)
                {
                    _visits++;
                }
            }

            public void Finish(ArchiveRecords records)
            {
                records.SetNumeric($"Test_site{idSite}_visits", _visits);
                var table = new TableAccumulator();
                table.SumRow("all", [new("nb_visits", _visits)]);
                records.SetTable($"Test_site{idSite}_visits_table", table.ToTable());
            }
        }
    }

    /// <summary>
    /// Visits by browser language with each visit's page views, written the way a Matomo record builder
    /// writes them: one source row per visit (nb_pageviews as a decimal text, as a SQL SUM returns it).
    /// </summary>
    private sealed class LanguageBuilder : IRecordBuilder
    {
        public string Plugin => "Test";

        public LogNeeds Needs { get; } = new() { VisitColumns = ["idvisitor", "location_browser_lang"], ActionColumns = ["idaction_url"] };

        public IReadOnlyList<ArchiveRecord> Records { get; } =
        [
            new NumericRecord("Test_visits"),
            new NumericRecord("Test_pageviews"),
            new NumericRecord("Test_orphan_actions"),
            new UniqueRecord("Test_visitors"),
            new TableRecord("Test_languages"),
        ];

        public IDayAggregator StartDay(ArchiveContext context) => new Day();

        private sealed class Day : IDayAggregator
        {
            private readonly TableAccumulator _languages = new();
            private readonly UniqueCounter _visitors = new();
            private readonly Dictionary<string, HashSet<string>> _languageVisitors = new(StringComparer.Ordinal);
            private long _visits;
            private long _pageviews;
            private long _orphans;

            public void OnVisit(VisitLog log)
            {
                _pageviews += log.Actions.Count;
                if (log.Visit is not { } visit)
                {
                    _orphans += log.Actions.Count;
                    return;
                }

                _visits++;
                _visitors.Add(visit.IdVisitor);
                var language = visit.LocationBrowserLang ?? "xx";
                var visitors = _languageVisitors.TryGetValue(language, out var set) ? set : _languageVisitors[language] = new HashSet<string>(StringComparer.Ordinal);
                visitors.Add(Convert.ToHexString(visit.IdVisitor));
                _languages.SumRow(language, [new("nb_visits", 1L), new("nb_pageviews", MetricValues.DecimalText(log.Actions.Count))]);
            }

            public void Finish(ArchiveRecords records)
            {
                records.SetNumeric("Test_visits", _visits);
                records.SetNumeric("Test_pageviews", _pageviews);
                records.SetNumeric("Test_orphan_actions", _orphans);
                records.SetUniques("Test_visitors", _visitors);
                var table = _languages.ToTable();
                foreach (var row in table.Rows)
                {
                    row.Columns["nb_uniq_visitors"] = (long)_languageVisitors[row.Label!].Count;
                }

                records.SetTable("Test_languages", table);
            }
        }
    }
}
