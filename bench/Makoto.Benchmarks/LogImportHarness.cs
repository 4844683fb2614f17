using System.Diagnostics;
using System.Globalization;
using System.Text;
using Makoto.LogImport;
using Makoto.Plugins.SitesManager;
using Makoto.Storage;
using Makoto.Storage.Options;
using Makoto.Storage.Sites;
using Makoto.Tracking;
using Makoto.Tracking.Writer;
using Makoto.Web.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Makoto.Benchmarks;

/// <summary>
/// The log import benchmark: generates a combined-format access log (if the file does not exist yet) and
/// imports it into a fresh embedded store with the same code as <c>makoto import-logs</c>, then prints
/// lines per second, wall and processor time.
///   dotnet run -c Release --project bench/Makoto.Benchmarks -- import-logs [lines] [file] [recorders] [batch]
/// The log has the mix of a real site's access log (see <see cref="Generate"/>); the same file can be
/// imported with the console: makoto import-logs FILE --data DIR --idsite 1.
/// </summary>
internal static class LogImportHarness
{
    private static readonly string[] s_userAgents =
    [
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/129.0.0.0 Safari/537.36",
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:131.0) Gecko/20100101 Firefox/131.0",
        "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.6 Safari/605.1.15",
        "Mozilla/5.0 (iPhone; CPU iPhone OS 17_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.6 Mobile/15E148 Safari/604.1",
        "Mozilla/5.0 (Linux; Android 14; SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/129.0.6668.81 Mobile Safari/537.36",
        "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/128.0.0.0 Safari/537.36",
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/129.0.0.0 Safari/537.36 Edg/129.0.2792.65",
        "Mozilla/5.0 (iPad; CPU OS 17_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.6 Mobile/15E148 Safari/604.1",
        "Mozilla/5.0 (Linux; Android 13; Pixel 7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/129.0.6668.70 Mobile Safari/537.36",
        "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/129.0.0.0 Safari/537.36",
    ];

    private static readonly string[] s_bots =
    [
        "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
        "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)",
        "Mozilla/5.0 (compatible; AhrefsBot/7.0; +http://ahrefs.com/robot/)",
    ];

    private static readonly string[] s_referrers =
    [
        "-", "-", "-", "https://www.google.com/", "https://www.bing.com/", "https://duckduckgo.com/", "https://news.ycombinator.com/",
        "https://www.facebook.com/", "https://t.co/abc", "https://www.reddit.com/r/programming/",
    ];

    private static readonly string[] s_assets = ["/css/site.css", "/js/app.js", "/img/logo.png", "/img/hero.jpg", "/fonts/inter.woff2", "/favicon.ico"];

    public static void Run(string[] args)
    {
        var lines = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 1_000_000;
        var file = args.Length > 2 ? args[2] : Path.Combine(Path.GetTempPath(), $"makoto-access-{lines}.log");
        var recorders = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 4;
        var batch = args.Length > 4 ? int.Parse(args[4], CultureInfo.InvariantCulture) : 500;
        if (!File.Exists(file))
        {
            var generating = Stopwatch.StartNew();
            Generate(file, lines, seed: 42);
            Console.WriteLine($"Generated {lines:N0} lines in {file} ({new FileInfo(file).Length / 1e6:F0} MB) in {generating.Elapsed.TotalSeconds:F1} s");
        }

        var folder = Path.Combine(Path.GetTempPath(), "makoto-import-bench-" + Guid.NewGuid().ToString("N"));
        var configuration = new ConfigurationManager();
        configuration.AddInMemoryCollection([new("Makoto:DataPath", folder)]);
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Warning).AddSimpleConsole());
        services.AddMakoto(MakotoComposition.ReadOptions(configuration));
        var provider = services.BuildServiceProvider();
        provider.GetRequiredService<IDatabase>().Migrate();
        provider.GetRequiredService<SiteAdministration>().Add(
            new SiteSettings { Name = "Bench", Urls = ["https://www.example.com"], StartDate = new DateOnly(2024, 1, 1) }, "bench");
        var writer = provider.GetRequiredService<TrackingWriter>();
        writer.Start();

        var options = new ImportOptions { Files = [file], IdSite = 1, Recorders = recorders, BatchSize = batch };
        var importer = new LogImporter(
            options,
            new LocalHitSink(provider.GetRequiredService<TrackingService>()),
            new LocalSiteDirectory(provider.GetRequiredService<SiteStore>(), provider.GetRequiredService<SiteAdministration>()),
            new ImportLedger(provider.GetRequiredService<OptionStore>(), TimeProvider.System));
        var processor = Process.GetCurrentProcess().TotalProcessorTime;
        var wall = Stopwatch.StartNew();
        importer.RunAsync().GetAwaiter().GetResult();
        writer.StopAsync().GetAwaiter().GetResult();
        wall.Stop();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime - processor;
        var s = importer.Statistics;
        Console.WriteLine(
            $"{s.LinesParsed:N0} lines ({s.Recorded:N0} recorded, {s.TotalSkipped:N0} skipped: {s.Skipped(SkipReason.Static):N0} static, " +
            $"{s.Skipped(SkipReason.Bot):N0} bots, {s.Skipped(SkipReason.HttpError):N0} errors, {s.Skipped(SkipReason.HttpRedirect):N0} redirects, " +
            $"{s.Skipped(SkipReason.Invalid):N0} invalid) in {wall.Elapsed.TotalSeconds:F1} s: {s.LinesParsed / wall.Elapsed.TotalSeconds:N0} lines/s, " +
            $"{s.Recorded / wall.Elapsed.TotalSeconds:N0} hits/s; processor {cpu.TotalSeconds:F1} s ({cpu.TotalSeconds / wall.Elapsed.TotalSeconds:F2} cores); recorders {recorders}, batch {batch}");
        using (var connection = provider.GetRequiredService<IDatabase>().Open())
        {
            Console.WriteLine($"log_visit: {connection.Scalar("SELECT COUNT(*) FROM log_visit")} visits, log_link_visit_action: {connection.Scalar("SELECT COUNT(*) FROM log_link_visit_action")} actions");
        }

        provider.DisposeAsync().AsTask().GetAwaiter().GetResult();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(folder, recursive: true);
    }

    /// <summary>
    /// Writes <paramref name="count"/> combined-format lines over ten days, in time order: visitors (one IP and
    /// browser each) make visits of 1 to 8 pages a few seconds to minutes apart; each page pulls one to
    /// three static files; 4 % of visits are a bot's single fetch, and of the pages 3 % are 404s, 2 % redirects,
    /// 1 % downloads and 0.1 % garbage lines. Of a million lines, two thirds are static files and a third is
    /// recorded.
    /// </summary>
    public static void Generate(string path, int count, int seed)
    {
        var random = new Random(seed);
        var start = new DateTime(2024, 6, 1, 0, 0, 0, DateTimeKind.Utc);
        var span = TimeSpan.FromDays(10).Ticks;
        var events = new List<(long Ticks, int Visitor, int Page, byte Kind)>(count + 16);
        var visitors = Math.Max(100, count / 25);
        while (events.Count < count)
        {
            var visitor = random.Next(visitors);
            var ticks = (long)(random.NextDouble() * span);
            var roll = random.NextDouble();
            if (roll < 0.04)
            {
                events.Add((ticks, visitor, random.Next(5000), 5));
                continue;
            }

            var pages = 1 + random.Next(8);
            for (var p = 0; p < pages && events.Count < count; p++)
            {
                var page = random.Next(2000);
                var kind = random.NextDouble() switch
                {
                    < 0.03 => (byte)2,
                    < 0.05 => (byte)3,
                    < 0.06 => (byte)4,
                    < 0.061 => (byte)6,
                    _ => (byte)0,
                };
                events.Add((ticks, visitor, page, kind));
                var assets = kind == 0 ? 1 + random.Next(3) : 0;
                for (var a = 0; a < assets && events.Count < count; a++)
                {
                    events.Add((ticks + TimeSpan.TicksPerSecond, visitor, a, 1));
                }

                ticks += TimeSpan.TicksPerSecond * (5 + random.Next(300));
            }
        }

        events.Sort((a, b) => a.Ticks.CompareTo(b.Ticks));
        using var writer = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 20);
        var line = new StringBuilder(400);
        foreach (var (ticks, visitor, page, kind) in events)
        {
            var time = start.AddTicks(Math.Min(ticks, span - 1));
            var ip = string.Create(CultureInfo.InvariantCulture, $"{20 + (visitor >> 16)}.{(visitor >> 8) & 255}.{visitor & 255}.{1 + (visitor % 200)}");
            var agent = kind == 5 ? s_bots[visitor % s_bots.Length] : s_userAgents[visitor % s_userAgents.Length];
            var referrer = page % 7 == 0 ? s_referrers[visitor % s_referrers.Length] : "https://www.example.com/blog/article-" + ((page + 1) % 2000).ToString(CultureInfo.InvariantCulture);
            var (target, status, bytes) = kind switch
            {
                1 => (s_assets[(page + visitor) % s_assets.Length], "200", 5000 + page),
                2 => ("/blog/old-article-" + page.ToString(CultureInfo.InvariantCulture), "404", 512),
                3 => ("/blog/article-" + page.ToString(CultureInfo.InvariantCulture), page % 2 == 0 ? "301" : "302", 0),
                4 => ("/files/whitepaper-" + (page % 20).ToString(CultureInfo.InvariantCulture) + ".pdf", "200", 250_000),
                5 => ("/blog/article-" + page.ToString(CultureInfo.InvariantCulture), "200", 20_000),
                _ => ("/blog/article-" + page.ToString(CultureInfo.InvariantCulture) + (page % 10 == 0 ? "?utm_source=newsletter" : ""), "200", 18_000 + page),
            };
            if (kind == 6)
            {
                writer.Write("garbage that no format reads ");
                writer.WriteLine(visitor.ToString(CultureInfo.InvariantCulture));
                continue;
            }

            line.Clear();
            line.Append(ip).Append(" - - [").Append(time.ToString("dd/MMM/yyyy:HH:mm:ss", CultureInfo.InvariantCulture)).Append(" +0000] \"GET ")
                .Append(target).Append(" HTTP/1.1\" ").Append(status).Append(' ').Append(bytes.ToString(CultureInfo.InvariantCulture))
                .Append(" \"").Append(referrer).Append("\" \"").Append(agent).Append('"');
            writer.WriteLine(line);
        }
    }
}
