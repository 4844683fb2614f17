using System.Diagnostics;
using System.Globalization;
using Makoto.Archiving;
using Makoto.Core.Periods;
using Makoto.Core.Sites;
using Makoto.Plugins;
using Makoto.Plugins.PrivacyManager;
using Makoto.Plugins.UserCountry;
using Makoto.Core.Security;
using Makoto.Reporting;
using Makoto.Reporting.Api;
using Makoto.Storage;
using Makoto.Storage.Archives;
using Makoto.Storage.Goals;
using Makoto.Storage.Logs;
using Makoto.Storage.Sites;
using Makoto.Tracking;
using Makoto.Tracking.Requests;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Makoto.Benchmarks;

/// <summary>
/// Times the archiving of one generated day (by default 50,000 visits and about 200,000 actions over
/// 2,000 page URLs, with titles, downloads, outlinks, site searches, events, goal conversions and
/// orders, as issue 4 describes it) with the Actions record builder alone and with every builder, on
/// a real SQLite file. Prints the median of the runs in visits per second, and the median processor
/// time (less sensitive to other processes on a shared machine).
///   dotnet run -c Release --project bench/Makoto.Benchmarks -- actions-archive [visits] [runs]
/// </summary>
internal static class ActionsArchiveHarness
{
    private static readonly DateOnly s_day = new(2026, 10, 12);

    public static void Run(string[] args)
    {
        var visits = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 50_000;
        var runs = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 5;
        var folder = Path.Combine(Path.GetTempPath(), "makoto-archive-bench-" + Guid.NewGuid().ToString("N"));
        var services = new ServiceCollection();
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<ILoggerFactory>(NullLoggerFactory.Instance);
        services.AddSingleton(typeof(ILogger<>), typeof(NullLogger<>));
        services.AddMakotoStorage(folder, new StorageOptions());
        services.AddMakotoTracking(new TrackerOptions());
        services.AddMakotoArchiving(new ArchivingOptions());
        services.AddMakotoReporting();
        services.AddMakotoPlugins(PluginCatalog.Defaults(new PrivacyOptions(), new GeolocationOptions(), folder), new PluginOptions());
        using var provider = services.BuildServiceProvider();
        var database = provider.GetRequiredService<IDatabase>();
        database.Migrate();

        var site = CreateSite(provider);
        var generated = Stopwatch.StartNew();
        var actions = Generate(database, site, visits);
        Console.WriteLine($"generated {visits} visits, {actions} actions in {generated.Elapsed.TotalSeconds:F1} s");

        var store = provider.GetRequiredService<ArchiveStore>();
        if (args.Length > 3 && args[3] == "memory")
        {
            MeasureInMemory(provider, provider.GetRequiredService<IEnumerable<IRecordBuilder>>().First(b => b.Plugin == "Actions"), site, visits, runs);
            return;
        }

        var all = provider.GetRequiredService<IEnumerable<IRecordBuilder>>().ToList();
        if (args.Length > 3 && args[3] == "all")
        {
            Measure("all builders", Archiver(provider, all), store, site, visits, runs);
            return;
        }

        var onlyActions = all.Where(b => b.Plugin == "Actions").ToList();
        Measure("reading only (Actions' columns)", Archiver(provider, [new ReadingOnly(onlyActions[0].Needs)]), store, site, visits, runs);
        Measure("Actions only", Archiver(provider, onlyActions), store, site, visits, runs);
        Measure("all builders", Archiver(provider, all), store, site, visits, runs);
        MeasureInMemory(provider, onlyActions[0], site, visits, runs);
        MeasureAnswers(provider, site);
        provider.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(folder, recursive: true);
    }

    private static Archiver Archiver(IServiceProvider provider, List<IRecordBuilder> builders) => new(
        provider.GetRequiredService<ArchiveStore>(),
        provider.GetRequiredService<LogReader>(),
        provider.GetRequiredService<DayLogReader>(),
        provider.GetRequiredService<LogWatermarks>(),
        builders,
        provider.GetRequiredService<ArchivingOptions>(),
        TimeProvider.System,
        NullLogger<Archiver>.Instance);

    private static void Measure(string name, Archiver archiver, ArchiveStore store, Site site, int visits, int runs)
    {
        var day = Period.Day(s_day);
        var times = new List<double>();
        var cpu = new List<double>();
        var allocated = new List<long>();
        using var process = Process.GetCurrentProcess();
        for (var run = 0; run < runs; run++)
        {
            store.Invalidate(site.IdSite, [day]);
            var bytes = GC.GetAllocatedBytesForCurrentThread();
            process.Refresh();
            var cpuBefore = process.TotalProcessorTime;
            var stopwatch = Stopwatch.StartNew();
            var records = archiver.GetRecords(site, day);
            stopwatch.Stop();
            process.Refresh();
            cpu.Add((process.TotalProcessorTime - cpuBefore).TotalSeconds);
            allocated.Add(GC.GetAllocatedBytesForCurrentThread() - bytes);
            times.Add(stopwatch.Elapsed.TotalSeconds);
            if (records.IsEmpty)
            {
                throw new InvalidOperationException("The generated day has no archive.");
            }
        }

        times.Sort();
        cpu.Sort();
        allocated.Sort();
        var median = times[times.Count / 2];
        Console.WriteLine(
            $"{name}: median {median * 1000:F0} ms = {visits / median:F0} visits/s (runs: {string.Join(", ", times.Select(t => (t * 1000).ToString("F0", CultureInfo.InvariantCulture)))} ms); " +
            $"CPU median {cpu[cpu.Count / 2] * 1000:F0} ms; {allocated[allocated.Count / 2] / 1_048_576.0:F0} MB allocated");
    }

    /// <summary>The builder alone: the day's logs read into memory once, then aggregated and finished (names still read from the store).</summary>
    private static void MeasureInMemory(IServiceProvider provider, IRecordBuilder builder, Site site, int visits, int runs)
    {
        var day = Period.Day(s_day);
        var context = new ArchiveContext(site, day, provider.GetRequiredService<LogReader>(), provider.GetRequiredService<ArchivingOptions>());
        var request = new DayLogRequest
        {
            VisitColumns = new HashSet<string>(builder.Needs.VisitColumns, StringComparer.Ordinal),
            ActionColumns = builder.Needs.ActionColumns is { } actions ? new HashSet<string>(actions, StringComparer.Ordinal) : null,
            ConversionColumns = builder.Needs.ConversionColumns is { } conversions ? new HashSet<string>(conversions, StringComparer.Ordinal) : null,
        };
        var logs = provider.GetRequiredService<DayLogReader>().Read(site.IdSite, context.UtcBounds.StartUtc, context.UtcBounds.EndUtc, request).ToList();
        var streaming = new List<double>();
        var streamingBytes = new List<long>();
        var finishing = new List<double>();
        var allocated = new List<long>();
        for (var run = 0; run < runs; run++)
        {
            var fresh = new ArchiveContext(site, day, provider.GetRequiredService<LogReader>(), provider.GetRequiredService<ArchivingOptions>());
            var bytes = GC.GetAllocatedBytesForCurrentThread();
            var stopwatch = Stopwatch.StartNew();
            var aggregator = builder.StartDay(fresh);
            foreach (var log in logs)
            {
                aggregator.OnVisit(log);
            }

            var streamed = stopwatch.Elapsed.TotalSeconds;
            streamingBytes.Add(GC.GetAllocatedBytesForCurrentThread() - bytes);
            aggregator.Finish(new ArchiveRecords());
            finishing.Add(stopwatch.Elapsed.TotalSeconds - streamed);
            streaming.Add(streamed);
            allocated.Add(GC.GetAllocatedBytesForCurrentThread() - bytes);
        }

        streaming.Sort();
        finishing.Sort();
        allocated.Sort();
        streamingBytes.Sort();
        Console.WriteLine(
            $"{builder.Plugin} builder over logs in memory: streaming median {streaming[runs / 2] * 1000:F0} ms ({visits / streaming[runs / 2]:F0} visits/s, {streamingBytes[runs / 2] / 1_048_576.0:F0} MB), " +
            $"finishing median {finishing[runs / 2] * 1000:F0} ms, {allocated[runs / 2] / 1_048_576.0:F0} MB allocated");
    }

    /// <summary>The median time of archived Actions answers (JSON, default limit), through the API dispatcher.</summary>
    private static void MeasureAnswers(IServiceProvider provider, Site site)
    {
        var dispatcher = provider.GetRequiredService<ApiDispatcher>();
        var session = new UserAccess("bench", true, new Dictionary<int, AccessLevel>());
        foreach (var query in (string[])["method=Actions.getPageUrls", "method=Actions.getPageUrls&flat=1", "method=Actions.getPageTitles", "method=Actions.get"])
        {
            var parameters = ApiParameters.Parse($"module=API&{query}&idSite={site.IdSite}&period=day&date={s_day:yyyy-MM-dd}&format=json");
            var times = new List<double>();
            var length = 0;
            for (var i = 0; i < 60; i++)
            {
                var stopwatch = Stopwatch.StartNew();
                var response = dispatcher.Handle(parameters, session);
                times.Add(stopwatch.Elapsed.TotalMilliseconds);
                length = response.Body.Length;
            }

            times.Sort();
            Console.WriteLine($"{query}: median {times[times.Count / 2]:F2} ms ({length} bytes)");
        }
    }

    private static Site CreateSite(IServiceProvider provider)
    {
        var sites = provider.GetRequiredService<SiteStore>();
        var id = sites.Add(new Site { IdSite = 0, Name = "Bench", MainUrl = "https://www.example.com", TsCreated = new DateTime(2026, 1, 1), Timezone = "UTC", Ecommerce = true });
        var goals = provider.GetRequiredService<GoalStore>();
        goals.Add(new Goal { IdSite = id, IdGoal = 0, Name = "Thanks", MatchAttribute = "url", Pattern = "/thanks", Revenue = 10 });
        goals.Add(new Goal { IdSite = id, IdGoal = 0, Name = "Newsletter", MatchAttribute = "manually", AllowMultiple = true, Revenue = 3 });
        return sites.Get(id)!;
    }

    /// <summary>Writes the day's visits, actions and conversions straight into the log tables; returns the number of actions.</summary>
    private static int Generate(IDatabase database, Site site, int visitCount)
    {
        var random = new Random(7);
        using var log = database.CreateLogWriter();
        log.Begin();
        var urls = new long[2000];
        var titles = new long[2000];
        for (var i = 0; i < urls.Length; i++)
        {
            var name = $"example.com/section-{i / 100}/page-{i % 100}";
            urls[i] = log.InsertActionName(1, name, (uint)name.GetHashCode(StringComparison.Ordinal), 3);
            var title = $"Section {i / 100} / Page {i % 100}";
            titles[i] = log.InsertActionName(4, title, (uint)title.GetHashCode(StringComparison.Ordinal), null);
        }

        var downloads = Names(log, 3, 50, i => $"https://cdn.example.com/files/file-{i}.pdf");
        var outlinks = Names(log, 2, 100, i => $"https://partner-{i % 20}.example.net/page-{i}");
        var keywords = Names(log, 8, 300, i => $"keyword {i}");
        var eventCategory = log.InsertActionName(10, "Video", 1, null);
        var eventAction = log.InsertActionName(11, "Play", 2, null);

        var actions = 0;
        var start = s_day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        for (var v = 0; v < visitCount; v++)
        {
            var first = start.AddSeconds(random.Next(0, 86_400 - 3600));
            var visitorNumber = random.Next(35_000);
            var visitor = BitConverter.GetBytes((long)visitorNumber);
            var count = Math.Max(1, (int)Math.Round(-Math.Log(1 - random.NextDouble()) * 4));
            var visit = new VisitRow
            {
                IdSite = site.IdSite,
                IdVisitor = visitor,
                ConfigId = BitConverter.GetBytes(random.NextInt64()),
                LocationIp = [10, (byte)(visitorNumber >> 8), (byte)visitorNumber, 0],
                LocationBrowserLang = random.Next(3) == 0 ? "de-de" : "en-us",
                LocationCountry = random.Next(3) == 0 ? "de" : "us",
                ConfigOs = "WIN",
                ConfigBrowserName = "CH",
                ConfigBrowserVersion = "130.0",
                ConfigResolution = "1920x1080",
                ConfigDeviceType = 0,
                RefererType = 1,
                VisitFirstActionTime = first,
                VisitLastActionTime = first,
                VisitorCountVisits = 1 + random.Next(5),
                VisitorReturning = random.Next(2),
                VisitTotalActions = 0,
                VisitTotalInteractions = 0,
                VisitTotalSearches = 0,
                VisitGoalConverted = 0,
            };
            log.InsertVisit(visit);
            var time = first;
            long? exitUrl = null;
            long? exitName = null;
            var pageviews = 0;
            for (var a = 0; a < count; a++)
            {
                var gap = a == 0 ? 0 : random.Next(10, 120);
                time = time.AddSeconds(gap);
                var row = new ActionRow
                {
                    IdSite = site.IdSite,
                    IdVisitor = visitor,
                    IdVisit = visit.IdVisit,
                    ServerTime = time,
                    IdactionUrlRef = exitUrl ?? 0,
                    IdactionNameRef = exitName,
                    TimeSpentRefAction = gap,
                    PageviewPosition = pageviews,
                };
                var kind = random.Next(100);
                if (kind < 80 || a == 0)
                {
                    var page = (int)Math.Min(urls.Length - 1, -Math.Log(1 - random.NextDouble()) * 300);
                    row.IdactionUrl = urls[page];
                    row.IdactionName = titles[page];
                    row.PageviewPosition = ++pageviews;
                    if (random.Next(4) == 0)
                    {
                        row.TimeNetwork = random.Next(10, 200);
                        row.TimeServer = random.Next(50, 500);
                        row.TimeOnLoad = random.Next(5, 50);
                    }

                    exitUrl = row.IdactionUrl;
                    exitName = row.IdactionName;
                    visit.VisitEntryIdactionUrl ??= row.IdactionUrl;
                    visit.VisitEntryIdactionName ??= row.IdactionName;
                    visit.VisitTotalInteractions++;
                }
                else if (kind < 85)
                {
                    row.IdactionUrl = downloads[random.Next(downloads.Length)];
                }
                else if (kind < 90)
                {
                    row.IdactionUrl = outlinks[random.Next(outlinks.Length)];
                }
                else if (kind < 95)
                {
                    row.IdactionName = keywords[random.Next(keywords.Length)];
                    row.SearchCount = random.Next(3) == 0 ? 0 : random.Next(1, 30);
                    row.SearchCat = random.Next(2) == 0 ? "Products" : null;
                    exitUrl = null;
                    exitName = row.IdactionName;
                    visit.VisitTotalInteractions++;
                    visit.VisitTotalSearches++;
                }
                else
                {
                    row.IdactionUrl = exitUrl ?? urls[0];
                    row.IdactionEventCategory = eventCategory;
                    row.IdactionEventAction = eventAction;
                }

                log.InsertAction(row);
                visit.VisitTotalActions++;
                actions++;
            }

            visit.VisitLastActionTime = time;
            visit.VisitTotalTime = count == 1 ? 0 : 1 + (int)(time - first).TotalSeconds;
            visit.VisitExitIdactionUrl = exitUrl ?? 0;
            visit.VisitExitIdactionName = exitName;
            if (random.Next(20) == 0)
            {
                visit.VisitGoalConverted = 1;
                Convert(log, visit, idGoal: 1, revenue: 10, time, pageviews);
                if (random.Next(2) == 0)
                {
                    Convert(log, visit, idGoal: 0, revenue: 20 + random.Next(200), time, pageviews);
                }
            }

            log.UpdateVisit(visit);
            if (v % 5000 == 4999)
            {
                log.Commit();
                log.Begin();
            }
        }

        log.Commit();
        return actions;
    }

    private static void Convert(ILogWriter log, VisitRow visit, int idGoal, double revenue, DateTime time, int pageviews) =>
        log.InsertConversion(new ConversionRow
        {
            IdVisit = visit.IdVisit,
            IdSite = visit.IdSite,
            IdVisitor = visit.IdVisitor,
            ServerTime = time,
            IdGoal = idGoal,
            IdOrder = idGoal == 0 ? "order-" + visit.IdVisit.ToString(CultureInfo.InvariantCulture) : null,
            Buster = idGoal == 0 ? visit.IdVisit : 0,
            Revenue = revenue,
            PageviewsBefore = pageviews,
            VisitorCountVisits = visit.VisitorCountVisits,
        });

    private static long[] Names(ILogWriter log, int type, int count, Func<int, string> name)
    {
        var ids = new long[count];
        for (var i = 0; i < count; i++)
        {
            var text = name(i);
            ids[i] = log.InsertActionName(type, text, (uint)text.GetHashCode(StringComparison.Ordinal), null);
        }

        return ids;
    }

    /// <summary>A builder that reads what another reads and does nothing: the cost of streaming the logs.</summary>
    private sealed class ReadingOnly(LogNeeds needs) : IRecordBuilder, IDayAggregator
    {
        public string Plugin => "ReadingOnly";

        public LogNeeds Needs { get; } = needs;

        public IReadOnlyList<ArchiveRecord> Records { get; } = [new NumericRecord("reading_only_visits")];

        public IDayAggregator StartDay(ArchiveContext context) => this;

        public void OnVisit(VisitLog visit)
        {
        }

        public void Finish(ArchiveRecords records) => records.SetNumeric("reading_only_visits", 1);
    }
}
