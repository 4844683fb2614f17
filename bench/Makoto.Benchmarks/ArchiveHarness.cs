using System.Diagnostics;
using System.Globalization;
using Makoto.Archiving;
using Makoto.Core.Periods;
using Makoto.Core.Security;
using Makoto.Core.Sites;
using Makoto.Plugins;
using Makoto.Plugins.PrivacyManager;
using Makoto.Plugins.UserCountry;
using Makoto.Reporting;
using Makoto.Reporting.Api;
using Makoto.Reporting.Rendering;
using Makoto.Storage;
using Makoto.Storage.Archives;
using Makoto.Storage.Logs;
using Makoto.Storage.Segments;
using Makoto.Storage.Sites;
using Makoto.Tracking;
using Makoto.Tracking.Requests;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Makoto.Benchmarks;

/// <summary>
/// The archiving targets of issue 4, on a real SQLite file with generated logs (<see cref="LogGenerator"/>):
///   archive day [visits=50000] [runs=5] [warmup=0]
///                                            one day with every record builder (with <c>warmup</c> above 0, after at
///                                            least that many runs and until the JIT has settled, reported apart: a
///                                            young process's JIT, as a long-running server's is not); answers from
///                                            its archive
///   archive month [visits/day=10000] [runs=5] a month merged from its 31 day archives
///   archive range [visits/day=1000] [runs=5]  a 365-day range of VisitsSummary.get and Actions.getPageUrls (or the
///                                            comma-separated methods of <c>MAKOTO_BENCH_METHODS</c>): merged from the
///                                            day archives, then with its months and weeks built beforehand (each
///                                            measured once the JIT has settled, the warm-up runs printed apart)
///                                            (MAKOTO_BENCH_REBUILD_DAYS=1: a kept store's day archives are first
///                                            invalidated and rebuilt, in this build's archive format)
///   archive bigday [visits=500000]           peak memory of archiving one big day
/// Prints medians (and processor time, steadier than wall time on a shared machine). With
/// <c>MAKOTO_BENCH_FOLDER</c> set, <c>range</c> and <c>day</c> keep their SQLite store in that folder and a later run
/// reuses its generated (and, for <c>range</c>, archived) days (to compare builds on the same data without generating
/// it again).
/// </summary>
internal static class ArchiveHarness
{
    /// <summary>The most warm-up runs of a request before it is measured (<see cref="WarmUp"/>).</summary>
    private const int MaxWarmUp = 80;

    private static readonly DateOnly s_day = new(2026, 10, 12);

    public static void Run(string[] args)
    {
        var mode = args.Length > 1 ? args[1] : "day";
        var kept = mode is "range" or "day" ? Environment.GetEnvironmentVariable("MAKOTO_BENCH_FOLDER") : null;
        var folder = kept is { Length: > 0 } ? kept : Path.Combine(Path.GetTempPath(), "makoto-archive-bench-" + Guid.NewGuid().ToString("N"));
        using var store = kept is { Length: > 0 } ? BenchStore.Create(folder).Kept() : BenchStore.Create(folder);
        Console.WriteLine($"store: {store.Name}");
        using var provider = Services(store);
        switch (mode)
        {
            case "day":
                Day(provider, folder, Argument(args, 2, 50_000), Argument(args, 3, 5), Argument(args, 4, 0));
                break;
            case "month":
                Month(provider, Argument(args, 2, 10_000), Argument(args, 3, 5));
                break;
            case "range":
                Range(provider, folder, Argument(args, 2, 1_000), Argument(args, 3, 5));
                break;
            case "bigday":
                BigDay(provider, Argument(args, 2, 500_000));
                break;
            default:
                Console.Error.WriteLine($"Unknown mode '{mode}': use day, month, range or bigday.");
                Environment.ExitCode = 2;
                break;
        }
    }

    /// <summary>Makoto's services over the bench store (SQLite, or MariaDB with MAKOTO_BENCH_MYSQL), migrated.</summary>
    internal static ServiceProvider Services(BenchStore store)
    {
        var services = new ServiceCollection();
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<ILoggerFactory>(NullLoggerFactory.Instance);
        services.AddSingleton(typeof(ILogger<>), typeof(NullLogger<>));
        services.AddMakotoStorage(store.Folder, store.Options);
        services.AddMakotoTracking(new TrackerOptions());
        services.AddMakotoArchiving(new ArchivingOptions());
        services.AddMakotoReporting();
        services.AddMakotoPlugins(PluginCatalog.Defaults(new PrivacyOptions(), new GeolocationOptions(), store.Folder), new PluginOptions());
        var provider = services.BuildServiceProvider();
        provider.GetRequiredService<IDatabase>().Migrate();
        return provider;
    }

    /// <summary>A new archiver over the service's store and builders: its decoded-archive cache starts empty.</summary>
    internal static Archiver FreshArchiver(IServiceProvider provider, IEnumerable<IRecordBuilder>? builders = null) => new(
        provider.GetRequiredService<ArchiveStore>(),
        provider.GetRequiredService<LogReader>(),
        provider.GetRequiredService<DayLogReader>(),
        provider.GetRequiredService<LogWatermarks>(),
        provider.GetRequiredService<RawDataHorizon>(),
        builders ?? provider.GetRequiredService<IEnumerable<IRecordBuilder>>(),
        provider.GetRequiredService<SegmentCompiler>(),
        provider.GetRequiredService<ArchivingOptions>(),
        provider.GetRequiredService<ArchivingSettings>(),
        TimeProvider.System,
        NullLogger<Archiver>.Instance);

    private static void Day(ServiceProvider provider, string folder, int visits, int runs, int warmup)
    {
        var ready = Path.Combine(folder, $"day-{visits}.ready");
        Site site;
        if (File.Exists(ready))
        {
            site = provider.GetRequiredService<SiteStore>().Get(1)!;
        }
        else
        {
            var generator = LogGenerator.Create(provider);
            var actions = Timed($"generated {visits:N0} visits", () => generator.GenerateDay(provider.GetRequiredService<IDatabase>(), s_day, visits, seed: 7));
            Console.WriteLine($"  {actions:N0} actions");
            File.WriteAllText(ready, "day generated\n");
            site = generator.Site;
        }

        Console.WriteLine("archiving");
        var store = provider.GetRequiredService<ArchiveStore>();
        var day = Period.Day(s_day);
        ArchiveRecords ArchiveDay()
        {
            store.Invalidate(site.IdSite, [day]);
            return FreshArchiver(provider).GetRecords(site, day);
        }

        if (warmup > 0)
        {
            WarmUp($"day of {visits:N0} visits, every builder", ArchiveDay, warmup);
        }

        Report($"day of {visits:N0} visits, every builder", Repeat(runs, ArchiveDay), visits);

        // Answers from the stored archive, through the API dispatcher (no HTTP), with the server's archiver.
        provider.GetRequiredService<Archiver>().GetRecords(site, day);
        Answers(provider, site, "period=day&date=" + s_day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            "VisitsSummary.get", "Actions.getPageUrls", "Actions.getPageTitles&flat=1", "Referrers.getAll", "Referrers.getWebsites&expanded=1",
            "DevicesDetection.getBrowsers", "UserCountry.getCountry", "Goals.get", "Goals.getItemsSku", "Events.getCategory", "VisitTime.getVisitInformationPerServerTime");
    }

    private static void Month(ServiceProvider provider, int visitsPerDay, int runs)
    {
        var generator = LogGenerator.Create(provider);
        var month = Period.Month(s_day);
        var database = provider.GetRequiredService<IDatabase>();
        Timed($"generated 31 days of {visitsPerDay:N0} visits", () =>
        {
            for (var d = month.Start; d <= month.End; d = d.AddDays(1))
            {
                generator.GenerateDay(database, d, visitsPerDay, seed: d.DayNumber);
            }

            return 0;
        });
        var archiver = provider.GetRequiredService<Archiver>();
        Timed("archived the 31 days", () =>
        {
            foreach (var day in month.SubPeriods())
            {
                archiver.GetRecords(generator.Site, day);
            }

            return 0;
        });
        var store = provider.GetRequiredService<ArchiveStore>();
        var samples = Repeat(runs, () =>
        {
            store.Invalidate(generator.Site.IdSite, [month]);
            FreshArchiver(provider).Archive(generator.Site, month);
            return 0;
        });
        Report("month from its 31 day archives (read from the store), every plugin", samples, null);
        var warmArchiver = FreshArchiver(provider);
        foreach (var day in month.SubPeriods())
        {
            warmArchiver.GetRecords(generator.Site, day);
        }

        samples = Repeat(runs, () =>
        {
            store.Invalidate(generator.Site.IdSite, [month]);
            warmArchiver.Archive(generator.Site, month);
            return 0;
        });
        Report("month from its 31 day archives (decoded, in the archiver's cache), every plugin", samples, null);
        Answers(provider, generator.Site, "period=month&date=" + s_day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            "VisitsSummary.get", "Actions.getPageUrls", "Referrers.getAll", "DevicesDetection.getBrowsers");
    }

    private static void Range(ServiceProvider provider, string folder, int visitsPerDay, int runs)
    {
        var range = Period.Range(s_day.AddDays(-364), s_day);
        var ready = Path.Combine(folder, $"range-{visitsPerDay}.ready");
        var site = File.Exists(ready) ? provider.GetRequiredService<SiteStore>().Get(1)! : GenerateRange(provider, range, visitsPerDay);
        File.WriteAllText(ready, "365 days generated and archived\n");
        if (Environment.GetEnvironmentVariable("MAKOTO_BENCH_REBUILD_DAYS") == "1")
        {
            // A kept store's day archives are in the format of the build that made them: rebuilt by this one.
            var days = Enumerable.Range(0, range.End.DayNumber - range.Start.DayNumber + 1).Select(d => Period.Day(range.Start.AddDays(d))).ToList();
            var invalidated = provider.GetRequiredService<ArchiveStore>().Invalidate(site.IdSite, days);
            var dayArchiver = provider.GetRequiredService<Archiver>();
            Timed($"rebuilt the 365 day archives ({invalidated} invalidated)", () =>
            {
                foreach (var day in days)
                {
                    dayArchiver.GetRecords(site, day);
                }

                return 0;
            });
        }

        // Everything above days (the range's months and weeks, and the range itself) is invalidated before each run.
        var store = provider.GetRequiredService<ArchiveStore>();
        var above = range.SubPeriods().Where(p => p.Type != PeriodType.Day).Append(range).ToList();
        var dispatcher = provider.GetRequiredService<ApiDispatcher>();
        var session = new UserAccess("bench", true, new Dictionary<int, AccessLevel>());
        var query = $"period=range&date={range.Start:yyyy-MM-dd},{range.End:yyyy-MM-dd}";
        var methods = Environment.GetEnvironmentVariable("MAKOTO_BENCH_METHODS") is { Length: > 0 } chosen
            ? chosen.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            : ["VisitsSummary.get", "Actions.getPageUrls"];
        foreach (var method in methods)
        {
            var parameters = ApiParameters.Parse($"module=API&method={method}&idSite={site.IdSite}&{query}&format=json");
            var what = $"{method}, 365-day range ({above.Count - 1} months/weeks and the range built from day archives)";
            RenderedResponse Run()
            {
                store.Invalidate(site.IdSite, above);
                return dispatcher.Handle(parameters, session);
            }

            WarmUp(what, Run);
            Report(what, Repeat(runs, Run), null);
        }

        // Then as a site archived in the background finds it: the months and weeks built beforehand for every plugin
        // (as the background archiver and `makoto archive` build them), only the range merged by the request.
        var archiver = provider.GetRequiredService<Archiver>();
        store.Invalidate(site.IdSite, above);
        Timed($"built the range's {above.Count - 1} months and weeks for every plugin", () =>
        {
            foreach (var period in above)
            {
                if (period != range)
                {
                    archiver.Archive(site, period);
                }
            }

            return 0;
        });
        foreach (var method in methods)
        {
            var parameters = ApiParameters.Parse($"module=API&method={method}&idSite={site.IdSite}&{query}&format=json");
            var what = $"{method}, 365-day range (its months and weeks built beforehand, the range merged from them)";
            RenderedResponse Run()
            {
                store.Invalidate(site.IdSite, [range]);
                return dispatcher.Handle(parameters, session);
            }

            WarmUp(what, Run);
            Report(what, Repeat(runs, Run), null);
        }

        Answers(provider, site, query, "VisitsSummary.get", "Actions.getPageUrls");
    }

    /// <summary>Writes 365 days of logs and archives each day; returns the site.</summary>
    private static Site GenerateRange(ServiceProvider provider, Period range, int visitsPerDay)
    {
        var generator = LogGenerator.Create(provider);
        var database = provider.GetRequiredService<IDatabase>();
        Timed($"generated 365 days of {visitsPerDay:N0} visits", () =>
        {
            for (var d = range.Start; d <= range.End; d = d.AddDays(1))
            {
                generator.GenerateDay(database, d, visitsPerDay, seed: d.DayNumber);
            }

            return 0;
        });
        var archiver = provider.GetRequiredService<Archiver>();
        Timed("archived the 365 days", () =>
        {
            for (var d = range.Start; d <= range.End; d = d.AddDays(1))
            {
                archiver.GetRecords(generator.Site, Period.Day(d));
            }

            return 0;
        });
        return generator.Site;
    }

    private static void BigDay(ServiceProvider provider, int visits)
    {
        var generator = LogGenerator.Create(provider);
        var database = provider.GetRequiredService<IDatabase>();
        var actions = Timed($"generated {visits:N0} visits", () =>
        {
            long written = 0;
            for (var part = 0; part < (visits + 49_999) / 50_000; part++)
            {
                written += generator.GenerateDay(database, s_day, Math.Min(50_000, visits - (part * 50_000)), seed: 100 + part);
            }

            return written;
        });
        Console.WriteLine($"  {actions:N0} actions");
        GC.Collect(2, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        using var process = Process.GetCurrentProcess();
        process.Refresh();
        var baseline = process.WorkingSet64;
        long peakWorkingSet = baseline;
        long peakHeap = GC.GetTotalMemory(false);
        using var done = new ManualResetEventSlim();
        var sampler = new Thread(() =>
        {
            while (!done.Wait(5))
            {
                process.Refresh();
                peakWorkingSet = Math.Max(peakWorkingSet, process.WorkingSet64);
                peakHeap = Math.Max(peakHeap, GC.GetTotalMemory(false));
            }
        }) { IsBackground = true };
        sampler.Start();
        var stopwatch = Stopwatch.StartNew();
        var records = FreshArchiver(provider).GetRecords(generator.Site, Period.Day(s_day));
        stopwatch.Stop();
        done.Set();
        sampler.Join();
        Console.WriteLine(
            $"big day archived in {stopwatch.Elapsed.TotalSeconds:F1} s ({visits / stopwatch.Elapsed.TotalSeconds:N0} visits/s), {records.Numerics.Count} numeric records; " +
            $"process working set {baseline / 1_048_576.0:F0} MB before, peak {peakWorkingSet / 1_048_576.0:F0} MB during; managed heap peak {peakHeap / 1_048_576.0:F0} MB");
    }

    private static void Answers(IServiceProvider provider, Site site, string periodQuery, params string[] methods)
    {
        var dispatcher = provider.GetRequiredService<ApiDispatcher>();
        var session = new UserAccess("bench", true, new Dictionary<int, AccessLevel>());
        foreach (var method in methods)
        {
            var parameters = ApiParameters.Parse($"module=API&method={method}&idSite={site.IdSite}&{periodQuery}&format=json");
            var first = dispatcher.Handle(parameters, session);
            if (first.Body.Length < 3)
            {
                throw new InvalidOperationException($"{method} answered an empty report: {first.Body}");
            }

            var times = new List<double>();
            for (var i = 0; i < 101; i++)
            {
                var stopwatch = Stopwatch.StartNew();
                dispatcher.Handle(parameters, session);
                times.Add(stopwatch.Elapsed.TotalMilliseconds);
            }

            times.Sort();
            Console.WriteLine($"  answer {method} ({periodQuery}): median {times[50]:F2} ms, p90 {times[90]:F2} ms, {first.Body.Length:N0} bytes");
        }
    }

    private static int Argument(string[] args, int index, int fallback) =>
        args.Length > index ? int.Parse(args[index], NumberStyles.None, CultureInfo.InvariantCulture) : fallback;

    private static T Timed<T>(string what, Func<T> action)
    {
        var stopwatch = Stopwatch.StartNew();
        var result = action();
        Console.WriteLine($"{what} in {stopwatch.Elapsed.TotalSeconds:F1} s");
        return result;
    }

    private static List<Sample> Repeat<T>(int runs, Func<T> action)
    {
        using var process = Process.GetCurrentProcess();
        var samples = new List<Sample>();
        for (var run = 0; run < runs; run++)
        {
            process.Refresh();
            var cpu = process.TotalProcessorTime;
            var allocated = GC.GetTotalAllocatedBytes(precise: true);
            var paused = GC.GetTotalPauseDuration();
            var collections = GC.CollectionCount(0);
            var jitted = System.Runtime.JitInfo.GetCompiledMethodCount();
            var stopwatch = Stopwatch.StartNew();
            GC.KeepAlive(action());
            stopwatch.Stop();
            process.Refresh();
            samples.Add(new Sample(stopwatch.Elapsed.TotalMilliseconds, (process.TotalProcessorTime - cpu).TotalMilliseconds,
                (GC.GetTotalAllocatedBytes(precise: true) - allocated) / 1_048_576.0,
                (GC.GetTotalPauseDuration() - paused).TotalMilliseconds, GC.CollectionCount(0) - collections,
                System.Runtime.JitInfo.GetCompiledMethodCount() - jitted));
        }

        return samples;
    }

    private static void Report(string what, List<Sample> samples, int? visits)
    {
        var walls = samples.Select(s => s.Wall).Order().ToList();
        var cpus = samples.Select(s => s.Cpu).Order().ToList();
        var allocations = samples.Select(s => s.AllocatedMb).Order().ToList();
        var pauses = samples.Select(s => s.PauseMs).Order().ToList();
        var collections = samples.Select(s => s.Collections).Order().ToList();
        var wall = walls[walls.Count / 2];
        var rate = visits is { } v ? $" = {v / (wall / 1000):N0} visits/s" : "";
        Console.WriteLine(
            $"{what}: median {wall:F0} ms{rate} (runs {string.Join(", ", samples.Select(s => s.Wall.ToString("F0", CultureInfo.InvariantCulture)))} ms), " +
            $"processor median {cpus[cpus.Count / 2]:F0} ms (runs {string.Join(", ", cpus.Select(c => c.ToString("F0", CultureInfo.InvariantCulture)))} ms), " +
            $"allocated median {allocations[allocations.Count / 2]:F0} MB, " +
            $"collection pauses median {pauses[pauses.Count / 2]:F0} ms in {collections[collections.Count / 2]} collections, " +
            $"methods compiled by the JIT {samples.Sum(s => s.Jitted)}");
    }

    /// <summary>
    /// Runs <paramref name="action"/> at least <paramref name="minimum"/> times and until the JIT has settled: three runs in
    /// a row compiling at most five methods each (at most <see cref="MaxWarmUp"/> runs). On two cores a young process's
    /// runs share them with the tiered JIT recompiling the hot methods, for its first 20 to 40 runs of a range; a
    /// long-running server's requests do not.
    /// </summary>
    private static void WarmUp<T>(string what, Func<T> action, int minimum = 0)
    {
        var samples = new List<Sample>();
        var quiet = 0;
        while ((quiet < 3 || samples.Count < minimum) && samples.Count < MaxWarmUp)
        {
            var sample = Repeat(1, action)[0];
            samples.Add(sample);
            quiet = sample.Jitted <= 5 ? quiet + 1 : 0;
        }

        Console.WriteLine(
            $"warm-up, {what}: {samples.Count} runs ({string.Join(", ", samples.Select(s => s.Wall.ToString("F0", CultureInfo.InvariantCulture)))} ms), " +
            $"methods compiled by the JIT {string.Join(", ", samples.Select(s => s.Jitted))}");
    }

    private readonly record struct Sample(double Wall, double Cpu, double AllocatedMb, double PauseMs, int Collections, long Jitted);
}
