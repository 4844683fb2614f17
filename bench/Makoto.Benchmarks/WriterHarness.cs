using System.Diagnostics;
using System.Net;
using Makoto.Core.Sites;
using Makoto.Storage.Archives;
using Makoto.Storage.Logs;
using Makoto.Storage.Sites;
using Makoto.Storage.Sqlite;
using Makoto.Tracking;
using Makoto.Tracking.Pipeline;
using Makoto.Tracking.Requests;
using Makoto.Tracking.Writer;
using Microsoft.Extensions.Logging.Abstractions;

namespace Makoto.Benchmarks;

/// <summary>
/// Measures the tracking writer alone, without HTTP and request processors: page views of new visitors
/// (own visitor id, own fingerprint) handed to the real <see cref="TrackingWriter"/> by
/// <c>concurrency</c> senders that each wait for their hit to be acknowledged before sending the next,
/// as HTTP clients do. Prints hits per second, the mean batch and the CPU time per hit of the writer
/// process.
///   dotnet run -c Release --project bench/Makoto.Benchmarks -- writer [hits=300000] [concurrency=64] [synchronous=FULL]
/// </summary>
internal static class WriterHarness
{
    public static void Run(string[] args)
    {
        var hits = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 300_000;
        var concurrency = args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 64;
        var synchronous = args.Length > 3 ? args[3] : "FULL";
        var folder = Path.Combine(Path.GetTempPath(), "makoto-writer-bench-" + Guid.NewGuid().ToString("N"));
        using var store = BenchStore.Create(folder, synchronous);
        using var database = store.Open();
        database.Migrate();
        var sites = new SiteStore(database);
        var idSite = sites.Add(new Site { IdSite = 0, Name = "Bench", MainUrl = "https://www.example.com", TsCreated = DateTime.UnixEpoch, Timezone = "UTC" });
        var site = sites.Get(idSite)!;
        var metrics = new TrackingMetrics();
        var writer = new TrackingWriter(
            database, new ArchiveStore(database), sites, new LogWatermarks(), new TrackerOptions(), metrics, TimeProvider.System, NullLogger<TrackingWriter>.Instance);
        writer.Start();

        var start = DateTime.UtcNow.AddHours(-1);
        var next = -1;
        var process = Process.GetCurrentProcess();
        var cpu = process.TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        var senders = Enumerable.Range(0, concurrency).Select(seed => Task.Run(async () =>
        {
            var random = new Random(seed);
            int i;
            while ((i = Interlocked.Increment(ref next)) < hits)
            {
                var job = new WriteJob([NewVisitor(site, start.AddMilliseconds(i * 3), random)]);
                if (!writer.TryEnqueue(job))
                {
                    throw new InvalidOperationException("The writer's queue is full.");
                }

                await job.Completion;
            }
        })).ToArray();
        Task.WaitAll(senders);
        clock.Stop();
        process.Refresh();
        cpu = process.TotalProcessorTime - cpu;
        writer.StopAsync().GetAwaiter().GetResult();

        Console.WriteLine(
            $"{hits} new-visitor page views, {concurrency} at a time (synchronous={synchronous}): {hits / clock.Elapsed.TotalSeconds:F0} hits/s, " +
            $"{(double)metrics.Committed / metrics.Commits:F1} hits per commit, {clock.Elapsed.TotalMicroseconds / hits:F1} µs per hit, " +
            $"process CPU {cpu.TotalMicroseconds / hits:F1} µs per hit" + (database is SqliteDatabase sqlite ? $"; database {new FileInfo(sqlite.FilePath).Length / 1048576} MB" : ""));
        database.Dispose();
    }

    /// <summary>A page view of a new visitor, with the visit columns the request processors would set.</summary>
    private static HitContext NewVisitor(Site site, DateTime time, Random random)
    {
        var request = new TrackingRequest
        {
            Parameters = new TrackingParameters(),
            Site = site,
            Timestamp = new DateTime(time.Ticks - (time.Ticks % TimeSpan.TicksPerSecond), DateTimeKind.Utc),
            Ip = new IPAddress(random.Next()),
            Rec = true,
            VisitorId = BitConverter.GetBytes(random.NextInt64()),
            VisitorIdSource = VisitorIdSource.Cookie,
            Url = "https://www.example.com/blog/article-" + random.Next(2000),
        };
        var hit = new HitContext(request) { ConfigId = BitConverter.GetBytes(random.NextInt64()) };
        hit.Visit.ConfigResolution = "1920x1080";
        hit.Visit.ConfigOs = "WIN";
        hit.Visit.ConfigOsVersion = "10";
        hit.Visit.ConfigBrowserName = "CH";
        hit.Visit.ConfigBrowserVersion = "130.0";
        hit.Visit.ConfigBrowserEngine = "Blink";
        hit.Visit.ConfigClientType = 1;
        hit.Visit.ConfigDeviceType = 0;
        hit.Visit.ConfigDeviceModel = "generic desktop";
        hit.Visit.ConfigCookie = 1;
        hit.Visit.ConfigPdf = 1;
        hit.Visit.LocationBrowserLang = "en-us,en";
        hit.Visit.LocationCountry = "us";
        hit.Visit.RefererType = 1;
        hit.Visit.LocationIp = [(byte)random.Next(256), (byte)random.Next(256), 0, 0];
        hit.Visit.VisitorLocaltime = new TimeOnly(random.Next(24), random.Next(60), random.Next(60));
        var page = random.Next(16000);
        hit.Action = new TrackedAction(ActionKind.PageView)
            .With(ActionSlot.Url, new ActionName(LogActionType.PageUrl, "example.com/blog/article-" + page, 3))
            .With(ActionSlot.Name, new ActionName(LogActionType.PageTitle, "Blog / Article " + page));
        hit.Action.Row.IdPageview = "a" + random.Next(100000, 999999).ToString(System.Globalization.CultureInfo.InvariantCulture);
        return hit;
    }
}
