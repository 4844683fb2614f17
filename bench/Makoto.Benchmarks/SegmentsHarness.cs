using System.Diagnostics;
using System.Globalization;
using Makoto.Core.Security;
using Makoto.Reporting.Api;
using Makoto.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Makoto.Benchmarks;

/// <summary>
/// Issue 6's segment figures: on the archiving benchmark's generated day (by default 100,000 visits),
/// the time of a segmented <c>VisitsSummary.get</c> followed by <c>Actions.getPageUrls</c> for a segment
/// never requested before (so both are archived from the logs on the request), for a visit segment and an
/// action segment; then the same for a range of days (copies of the day, shifted by whole days, written
/// with SQL) the first time and again.
///   dotnet run -c Release --project bench/Makoto.Benchmarks -- segments [visits] [days]
/// </summary>
internal static class SegmentsHarness
{
    private static readonly DateOnly s_day = new(2026, 10, 12);

    public static void Run(string[] args)
    {
        if (args.Length > 1 && args[1] == "day")
        {
            CompareDay(args);
            return;
        }

        if (args.Length > 1 && args[1] == "range")
        {
            CompareRange(args);
            return;
        }

        if (args.Length > 1 && args[1] == "days")
        {
            Days(args);
            return;
        }

        var visits = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 100_000;
        var days = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 30;
        var folder = Path.Combine(Path.GetTempPath(), "makoto-segments-bench-" + Guid.NewGuid().ToString("N"));
        using var store = BenchStore.Create(folder);
        using (var provider = ArchiveHarness.Services(store))
        {
            var database = provider.GetRequiredService<IDatabase>();
            var generator = LogGenerator.Create(provider);
            var site = generator.Site;
            var watch = Stopwatch.StartNew();
            var actions = generator.GenerateDay(database, s_day, visits, seed: 7);
            Console.WriteLine($"generated {visits} visits, {actions} actions in {watch.Elapsed.TotalSeconds:F1} s");
            watch.Restart();
            CopyDay(database, days);
            Console.WriteLine($"copied the day to {days} days in {watch.Elapsed.TotalSeconds:F1} s");

            var dispatcher = provider.GetRequiredService<ApiDispatcher>();
            var first = s_day;
            var last = first.AddDays(days - 1);
            var day = first.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            var range = day + "," + last.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            string[] segments = ["countryCode==de", "pageUrl=@section-1/", "browserCode==CH;visitCount>=3"];
            foreach (var segment in segments)
            {
                var dayMs = Answer(dispatcher, site.IdSite, "day", day, segment, out var dayVisits);
                Console.WriteLine($"day, segment {segment}: {dayMs:F0} ms first time ({dayVisits} visits)");
            }

            foreach (var segment in segments)
            {
                var firstMs = Answer(dispatcher, site.IdSite, "range", range, segment, out var rangeVisits);
                var againMs = Answer(dispatcher, site.IdSite, "range", range, segment, out _);
                Console.WriteLine($"{days}-day range, segment {segment}: {firstMs:F0} ms first time, {againMs:F1} ms again ({rangeVisits} visits)");
            }
        }
    }

    /// <summary>
    /// The day alone, unsegmented and with each segment, in the same run: each measurement on fresh services
    /// (an empty archive cache, started by a request for the empty day before) after deleting the archives,
    /// so every one archives the day from the logs.
    /// Prints wall and processor time (all threads of the process) of each, and their medians over the runs.
    ///   dotnet run -c Release --project bench/Makoto.Benchmarks -- segments day [visits] [runs]
    /// </summary>
    private static void CompareDay(string[] args)
    {
        var visits = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 100_000;
        var runs = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 5;
        var folder = Path.Combine(Path.GetTempPath(), "makoto-segments-bench-" + Guid.NewGuid().ToString("N"));
        using var store = BenchStore.Create(folder);
        int idSite;
        using (var provider = ArchiveHarness.Services(store))
        {
            var generator = LogGenerator.Create(provider);
            idSite = generator.Site.IdSite;
            var actions = generator.GenerateDay(provider.GetRequiredService<IDatabase>(), s_day, visits, seed: 7);
            Console.WriteLine($"generated {visits} visits, {actions} actions");
        }

        string[] segments = ["", "countryCode==de", "pageUrl=@section-1/", "browserCode==CH;visitCount>=3"];
        var wall = segments.Select(_ => new List<double>()).ToArray();
        var cpu = segments.Select(_ => new List<double>()).ToArray();
        var day = s_day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var process = Process.GetCurrentProcess();
        for (var run = 0; run < runs; run++)
        {
            for (var i = 0; i < segments.Length; i++)
            {
                using var provider = ArchiveHarness.Services(store);
                var database = provider.GetRequiredService<IDatabase>();
                using (var connection = database.Open())
                {
                    var month = $"{s_day.Year:D4}_{s_day.Month:D2}";
                    foreach (var table in new[] { "archive_numeric_" + month, "archive_blob_" + month })
                    {
                        if (connection.Scalar($"SELECT COUNT(*) FROM sqlite_master WHERE name = '{table}'") is long and > 0)
                        {
                            connection.Exec($"DELETE FROM {table}");
                        }
                    }
                }

                var dispatcher = provider.GetRequiredService<ApiDispatcher>();
                // The services' one-time start (plugins, segment compiler) on the empty day before, not measured.
                Answer(dispatcher, idSite, "day", s_day.AddDays(-1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), segments[i], out _);
                GC.Collect();
                process.Refresh();
                var before = process.TotalProcessorTime;
                var ms = Answer(dispatcher, idSite, "day", day, segments[i], out var selected);
                process.Refresh();
                var cpuMs = (process.TotalProcessorTime - before).TotalMilliseconds;
                wall[i].Add(ms);
                cpu[i].Add(cpuMs);
                Console.WriteLine($"run {run + 1}, {(segments[i].Length == 0 ? "no segment" : segments[i])}: {ms:F0} ms wall, {cpuMs:F0} ms processor ({selected} visits)");
            }
        }

        for (var i = 0; i < segments.Length; i++)
        {
            var w = Median(wall[i]);
            var c = Median(cpu[i]);
            Console.WriteLine($"median {(segments[i].Length == 0 ? "no segment" : segments[i])}: {w:F0} ms wall ({w / Median(wall[0]):F2}x), {c:F0} ms processor ({c / Median(cpu[0]):F2}x)");
        }
    }

    /// <summary>
    /// The range alone, on a store kept in <c>folder</c> (generated on the first run: the day copied to the
    /// following days; reused by the next runs, so code before and after a change is measured on the same
    /// rows): for each segment, <c>runs</c> times, on fresh services after deleting every archive, the range
    /// first time and again. Prints wall and processor time (all threads of the process), the load average
    /// before each measurement, and the medians.
    ///   dotnet run -c Release --project bench/Makoto.Benchmarks -- segments range folder [visits] [days] [runs]
    /// </summary>
    private static void CompareRange(string[] args)
    {
        var folder = args.Length > 2 ? Path.GetFullPath(args[2]) : throw new ArgumentException("segments range needs the store's folder.");
        var visits = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 100_000;
        var days = args.Length > 4 ? int.Parse(args[4], CultureInfo.InvariantCulture) : 30;
        var runs = args.Length > 5 ? int.Parse(args[5], CultureInfo.InvariantCulture) : 3;
        var generate = !File.Exists(Path.Combine(folder, "makoto.db"));
        using var store = BenchStore.Create(folder).Kept();
        if (store.Name != "sqlite")
        {
            throw new InvalidOperationException("segments range keeps its store in a folder: SQLite only.");
        }

        var idSite = 1;
        if (generate)
        {
            using var provider = ArchiveHarness.Services(store);
            var database = provider.GetRequiredService<IDatabase>();
            var generator = LogGenerator.Create(provider);
            idSite = generator.Site.IdSite;
            var actions = generator.GenerateDay(database, s_day, visits, seed: 7);
            CopyDay(database, days);
            Console.WriteLine($"generated {visits} visits, {actions} actions, copied to {days} days in {folder}");
        }

        var range = s_day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + "," + s_day.AddDays(days - 1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        string[] segments = ["countryCode==de", "pageUrl=@section-1/", "browserCode==CH;visitCount>=3"];
        var wall = segments.Select(_ => new List<double>()).ToArray();
        var cpu = segments.Select(_ => new List<double>()).ToArray();
        var process = Process.GetCurrentProcess();
        for (var run = 0; run < runs; run++)
        {
            for (var i = 0; i < segments.Length; i++)
            {
                using var provider = ArchiveHarness.Services(store);
                DeleteArchives(provider.GetRequiredService<IDatabase>());
                var dispatcher = provider.GetRequiredService<ApiDispatcher>();
                // The services' one-time start on the empty day before the range, not measured.
                Answer(dispatcher, idSite, "day", s_day.AddDays(-1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), segments[i], out _);
                GC.Collect();
                var load = File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "?";
                process.Refresh();
                var before = process.TotalProcessorTime;
                var ms = Answer(dispatcher, idSite, "range", range, segments[i], out var selected);
                process.Refresh();
                var cpuMs = (process.TotalProcessorTime - before).TotalMilliseconds;
                var again = Answer(dispatcher, idSite, "range", range, segments[i], out _);
                wall[i].Add(ms);
                cpu[i].Add(cpuMs);
                Console.WriteLine($"run {run + 1}, {segments[i]}: {ms:F0} ms wall, {cpuMs:F0} ms processor, {again:F1} ms again ({selected} visits, load {load})");
            }
        }

        for (var i = 0; i < segments.Length; i++)
        {
            Console.WriteLine($"median {segments[i]}: {Median(wall[i]):F0} ms wall, {Median(cpu[i]):F0} ms processor");
        }
    }

    /// <summary>
    /// The days of the range of a store kept by <c>segments range</c>, archived one after the other for one segment
    /// (after deleting every archive), with each day's wall and processor time and the bytes it allocated: a run to profile
    /// the day.
    ///   dotnet run -c Release --project bench/Makoto.Benchmarks -- segments days folder segment [days]
    /// </summary>
    private static void Days(string[] args)
    {
        var folder = Path.GetFullPath(args[2]);
        var segment = args[3];
        var days = args.Length > 4 ? int.Parse(args[4], CultureInfo.InvariantCulture) : 30;
        using var store = BenchStore.Create(folder).Kept();
        using var provider = ArchiveHarness.Services(store);
        DeleteArchives(provider.GetRequiredService<IDatabase>());
        var dispatcher = provider.GetRequiredService<ApiDispatcher>();
        Answer(dispatcher, 1, "day", s_day.AddDays(-1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), segment, out _);
        var process = Process.GetCurrentProcess();
        var cpu = new List<double>();
        var allocated = new List<double>();
        for (var d = 0; d < days; d++)
        {
            process.Refresh();
            var before = process.TotalProcessorTime;
            var bytesBefore = GC.GetTotalAllocatedBytes(precise: true);
            var ms = Answer(dispatcher, 1, "day", s_day.AddDays(d).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), segment, out var visits);
            process.Refresh();
            cpu.Add((process.TotalProcessorTime - before).TotalMilliseconds);
            allocated.Add((GC.GetTotalAllocatedBytes(precise: true) - bytesBefore) / 1e6);
            Console.WriteLine($"day {d + 1}: {ms:F0} ms wall, {cpu[^1]:F0} ms processor, {allocated[^1]:F1} MB allocated ({visits} visits)");
        }

        Console.WriteLine($"median {Median(cpu):F0} ms processor, {Median(allocated):F1} MB allocated per day");
    }

    /// <summary>Deletes every archive of the store (all archive tables), so the next requests archive from the logs.</summary>
    private static void DeleteArchives(IDatabase database)
    {
        using var connection = database.Open();
        var tables = new List<string>();
        using (var command = connection.Command("SELECT name FROM sqlite_master WHERE type = 'table' AND (name LIKE 'archive_numeric_%' OR name LIKE 'archive_blob_%')"))
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                tables.Add(reader.GetString(0));
            }
        }

        foreach (var table in tables)
        {
            connection.Exec($"DELETE FROM {table}");
        }
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }

    /// <summary>VisitsSummary.get then Actions.getPageUrls (100 rows) with the segment; returns the milliseconds of both.</summary>
    private static double Answer(ApiDispatcher dispatcher, int idSite, string period, string date, string segment, out string visits)
    {
        var session = new UserAccess("bench", true, new Dictionary<int, AccessLevel>());
        var encoded = segment.Length == 0 ? "" : "&segment=" + Uri.EscapeDataString(segment);
        var watch = Stopwatch.StartNew();
        var summary = dispatcher.Handle(ApiParameters.Parse($"module=API&method=VisitsSummary.get&idSite={idSite}&period={period}&date={date}{encoded}&format=json"), session);
        var pages = dispatcher.Handle(ApiParameters.Parse($"module=API&method=Actions.getPageUrls&idSite={idSite}&period={period}&date={date}{encoded}&format=json&filter_limit=100"), session);
        var elapsed = watch.Elapsed.TotalMilliseconds;
        var body = System.Text.Encoding.UTF8.GetString(summary.Body);
        var at = body.IndexOf("\"nb_visits\":", StringComparison.Ordinal);
        visits = at < 0 ? body[..Math.Min(200, body.Length)] : body[(at + 12)..].Split(',')[0];
        var pagesBody = System.Text.Encoding.UTF8.GetString(pages.Body);
        if (pagesBody.Contains("\"result\":\"error\"", StringComparison.Ordinal))
        {
            throw new InvalidOperationException(pagesBody);
        }

        return elapsed;
    }

    /// <summary>Copies the generated day's log rows to the following days (visit ids shifted past the existing ones).</summary>
    private static void CopyDay(IDatabase database, int days)
    {
        using var connection = database.Open();
        var offset = Convert.ToInt64(connection.Scalar("SELECT MAX(idvisit) FROM log_visit"), CultureInfo.InvariantCulture);
        var tables = new (string Table, string[] Times, string? Skip)[]
        {
            ("log_visit", ["visit_first_action_time", "visit_last_action_time"], null),
            ("log_link_visit_action", ["server_time"], "idlink_va"),
            ("log_conversion", ["server_time"], null),
            ("log_conversion_item", ["server_time"], null),
        };
        for (var d = 1; d < days; d++)
        {
            using var transaction = connection.BeginTransaction();
            foreach (var (table, times, skip) in tables)
            {
                var columns = new List<string>();
                using (var command = connection.Command($"SELECT name FROM pragma_table_info('{table}')", transaction))
                using (var reader = command.ExecuteReader())
                {
                    while (reader.Read())
                    {
                        var name = reader.GetString(0);
                        if (name != skip)
                        {
                            columns.Add(name);
                        }
                    }
                }

                var select = columns.Select(c =>
                    c == "idvisit" ? $"idvisit + {offset * d}"
                    : c == "idorder" ? $"idorder || '-{d}'"
                    : times.Contains(c) ? $"datetime({c}, '+{d} days')"
                    : c);
                connection.Exec(
                    $"INSERT INTO {table} ({string.Join(", ", columns)}) SELECT {string.Join(", ", select)} FROM {table} WHERE idvisit <= {offset}",
                    transaction);
            }

            transaction.Commit();
        }
    }
}
