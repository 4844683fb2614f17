using System.Diagnostics;
using System.Net;
using Makoto.Core.Sites;
using Makoto.Storage.Sites;
using Makoto.Tracking.Pipeline;
using Makoto.Tracking.Requests;
using Makoto.Tracking.Visits;

namespace Makoto.Benchmarks;

/// <summary>
/// Measures the log writer alone: page views of new visitors (or of returning ones) recorded in
/// transactions of a given size on a real SQLite file (or MariaDB, see <see cref="BenchStore"/>), without HTTP.
/// Prints hits per second.
///   dotnet run -c Release --project bench/Makoto.Benchmarks -- writer [hits] [batch] [synchronous]
/// </summary>
internal static class WriterHarness
{
    public static void Run(string[] args)
    {
        var hits = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 200_000;
        var batch = args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 200;
        var synchronous = args.Length > 3 ? args[3] : "NORMAL";
        var folder = Path.Combine(Path.GetTempPath(), "makoto-writer-bench-" + Guid.NewGuid().ToString("N"));
        using var store = BenchStore.Create(folder, synchronous);
        using var database = store.Open();
        database.Migrate();
        var sites = new SiteStore(database);
        var idSite = sites.Add(new Site { IdSite = 0, Name = "Bench", MainUrl = "https://www.example.com", TsCreated = DateTime.UnixEpoch, Timezone = "UTC" });
        var site = sites.Get(idSite)!;
        var recorder = new VisitRecorder(new TrackerOptions());
        using var log = database.CreateLogWriter();

        var random = new Random(1);
        var contexts = new HitContext[hits];
        var start = DateTime.UtcNow.AddHours(-1);
        for (var i = 0; i < hits; i++)
        {
            var request = new TrackingRequest
            {
                Parameters = new TrackingParameters(),
                Site = site,
                Timestamp = start.AddMilliseconds(i),
                Ip = new IPAddress(random.Next()),
                Rec = true,
                VisitorId = BitConverter.GetBytes(random.NextInt64()),
                VisitorIdSource = VisitorIdSource.Cookie,
                Url = "https://www.example.com/blog/article-" + random.Next(2000),
            };
            var hit = new HitContext(request) { ConfigId = BitConverter.GetBytes(random.NextInt64()) };
            hit.Visit.ConfigResolution = "1920x1080";
            hit.Visit.ConfigOs = "WIN";
            hit.Visit.ConfigBrowserName = "CH";
            hit.Visit.ConfigBrowserVersion = "130.0";
            hit.Visit.LocationBrowserLang = "en-us,en";
            hit.Visit.LocationCountry = "us";
            hit.Visit.RefererType = 1;
            hit.Visit.LocationIp = [1, 2, 0, 0];
            var page = random.Next(2000);
            hit.Action = new TrackedAction(ActionKind.PageView)
                .With(ActionSlot.Url, new ActionName(LogActionType.PageUrl, "example.com/blog/article-" + page, 3))
                .With(ActionSlot.Name, new ActionName(LogActionType.PageTitle, "Article " + page));
            contexts[i] = hit;
        }

        var stopwatch = Stopwatch.StartNew();
        var committing = new Stopwatch();
        for (var offset = 0; offset < hits; offset += batch)
        {
            log.Begin();
            for (var i = offset; i < Math.Min(hits, offset + batch); i++)
            {
                recorder.Record(log, contexts[i]);
            }

            committing.Start();
            log.Commit();
            committing.Stop();
        }

        stopwatch.Stop();
        Console.WriteLine(
            $"{hits} new-visitor page views in batches of {batch} ({store.Name}, synchronous={synchronous}): {hits / stopwatch.Elapsed.TotalSeconds:F0} hits/s, " +
            $"{stopwatch.Elapsed.TotalMicroseconds / hits:F1} µs per hit, of which {committing.Elapsed.TotalMicroseconds / hits:F1} µs committing");
    }
}
