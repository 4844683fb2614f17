using System.Diagnostics;
using System.Globalization;
using Makoto.Archiving;
using Makoto.Core.Periods;
using Makoto.Core.Security;
using Makoto.Core.Sites;
using Makoto.Reporting.Api;
using Makoto.Storage;
using Makoto.Storage.Archives;
using Makoto.Storage.Logs;
using Microsoft.Extensions.DependencyInjection;

namespace Makoto.Benchmarks;

/// <summary>
/// Times the archiving of one generated day (by default 50,000 visits and about 200,000 actions over
/// 2,000 page URLs, with titles, downloads, outlinks, site searches, events, goal conversions and
/// orders, as issue 4 describes it) with the Actions record builder alone and with every builder, on
/// a real SQLite file (days from <see cref="LogGenerator"/>). Prints the median of the runs in visits per second, and the median processor
/// time (less sensitive to other processes on a shared machine).
///   dotnet run -c Release --project bench/Makoto.Benchmarks -- actions-archive [visits] [runs]
/// </summary>
internal static class ActionsArchiveHarness
{
    private static readonly DateOnly s_day = new(2026, 10, 12);

    /// <summary>The generated day.</summary>
    public static void Run(string[] args)
    {
        var visits = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 50_000;
        var runs = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 5;
        var folder = Path.Combine(Path.GetTempPath(), "makoto-archive-bench-" + Guid.NewGuid().ToString("N"));
        using var benchStore = BenchStore.Create(folder);
        Console.WriteLine($"store: {benchStore.Name}");
        using (var provider = ArchiveHarness.Services(benchStore))
        {
            var generator = LogGenerator.Create(provider);
            var generated = Stopwatch.StartNew();
            var actions = generator.GenerateDay(provider.GetRequiredService<IDatabase>(), s_day, visits, seed: 7);
            Console.WriteLine($"generated {visits} visits, {actions} actions in {generated.Elapsed.TotalSeconds:F1} s");
            var site = generator.Site;
            var store = provider.GetRequiredService<ArchiveStore>();
            var all = provider.GetRequiredService<IEnumerable<IRecordBuilder>>().ToList();
            var onlyActions = all.Where(b => b.Plugin == "Actions").ToList();
            if (args.Length > 3 && args[3] == "memory")
            {
                MeasureInMemory(provider, onlyActions[0], site, visits, runs);
            }
            else if (args.Length > 3 && args[3] == "all")
            {
                Measure("all builders", ArchiveHarness.FreshArchiver(provider, all), store, site, visits, runs);
            }
            else
            {
                Measure("reading only (Actions' columns)", ArchiveHarness.FreshArchiver(provider, [new ReadingOnly(onlyActions[0].Needs)]), store, site, visits, runs);
                Measure("Actions only", ArchiveHarness.FreshArchiver(provider, onlyActions), store, site, visits, runs);
                Measure("all builders", ArchiveHarness.FreshArchiver(provider, all), store, site, visits, runs);
                MeasureInMemory(provider, onlyActions[0], site, visits, runs);
                MeasureAnswers(provider, site);
            }
        }
    }

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
