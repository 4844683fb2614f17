using Makoto.Archiving;
using Makoto.Core.Periods;
using Makoto.Storage;
using Makoto.Storage.Logs;
using Makoto.Storage.Sites;
using Microsoft.Extensions.DependencyInjection;

namespace Makoto.EndToEnd.Tests;

[CollectionDefinition(nameof(MemoryMeasurements), DisableParallelization = true)]
public sealed class MemoryMeasurements;

/// <summary>
/// Archiving memory is bounded by the size of the reports, not of the log (issue 4): a generated day
/// of 60,000 visits and 240,000 actions is archived by every record builder while the managed heap is
/// sampled, and its peak (garbage between collections included) must stay under half of what merely
/// holding the day's rows takes. Runs alone, so that other tests do not disturb the measurement.
/// </summary>
[Collection(nameof(MemoryMeasurements))]
public sealed class LargeDayArchivingTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int Visits = 60_000;
    private const int ActionsPerVisit = 4;
    private static readonly DateOnly s_day = new(2026, 3, 10);

    private TestServer _server = null!;
    private int _idSite;

    public async ValueTask InitializeAsync()
    {
        _server = await TestServer.StartAsync(null, "--Makoto:Archiving:BackgroundIntervalSeconds=0");
        _idSite = await _server.AddSiteAsync("Large", "https://large.example.org", extra: "&startDate=2026-01-01");
        Generate(_server.Services.GetRequiredService<IDatabase>());
    }

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    private void Generate(IDatabase database)
    {
        var random = new Random(11);
        using var log = database.CreateLogWriter();
        log.Begin();
        var urls = new long[3000];
        for (var i = 0; i < urls.Length; i++)
        {
            var name = $"large.example.org/section-{i / 100}/page-{i % 100}";
            urls[i] = log.InsertActionName(1, name, (uint)name.GetHashCode(StringComparison.Ordinal), 3);
        }

        var start = s_day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        for (var v = 0; v < Visits; v++)
        {
            var first = start.AddSeconds(random.Next(0, 80_000));
            var visitor = BitConverter.GetBytes(random.NextInt64());
            var visit = new VisitRow
            {
                IdSite = _idSite,
                IdVisitor = visitor,
                ConfigId = visitor,
                LocationIp = [10, 1, 0, 0],
                LocationBrowserLang = (v % 3) switch { 0 => "de-de", 1 => "en-us", _ => "fr" },
                LocationCountry = "de",
                ConfigOs = "WIN",
                ConfigBrowserName = "CH",
                ConfigBrowserVersion = "130.0",
                ConfigResolution = "1920x1080",
                ConfigDeviceType = 0,
                RefererType = 1,
                VisitFirstActionTime = first,
                VisitLastActionTime = first.AddSeconds(30 * (ActionsPerVisit - 1)),
                VisitTotalTime = (30 * (ActionsPerVisit - 1)) + 1,
                VisitTotalActions = ActionsPerVisit,
                VisitorCountVisits = 1,
                VisitorReturning = 0,
                VisitGoalConverted = 0,
            };
            log.InsertVisit(visit);
            long previous = 0;
            for (var a = 0; a < ActionsPerVisit; a++)
            {
                var url = urls[random.Next(urls.Length)];
                log.InsertAction(new ActionRow
                {
                    IdSite = _idSite,
                    IdVisitor = visitor,
                    IdVisit = visit.IdVisit,
                    IdactionUrl = url,
                    IdactionUrlRef = previous,
                    ServerTime = first.AddSeconds(30 * a),
                    PageviewPosition = a + 1,
                    TimeSpentRefAction = a == 0 ? 0 : 30,
                });
                previous = url;
            }
        }

        log.Commit();
    }

    [Fact]
    public void Archiving_a_large_day_needs_far_less_memory_than_its_rows()
    {
        var site = _server.Services.GetRequiredService<SiteStore>().Get(_idSite)!;
        var period = Period.Day(s_day);

        // The yardstick: the managed heap that merely holding the day's rows takes.
        var reader = _server.Services.GetRequiredService<DayLogReader>();
        var (start, end) = Core.Sites.SiteTimeZones.UtcBounds(s_day, s_day, site.TimeZone);
        var all = new HashSet<string>(VisitRow.Columns.Select(c => c.Name), StringComparer.Ordinal);
        var actionColumns = new HashSet<string>(ActionRow.Columns.Select(c => c.Name), StringComparer.Ordinal);
        long held;
        using (var sampler = new HeapSampler())
        {
            var rows = reader.Read(site.IdSite, start, end, new DayLogRequest { VisitColumns = all, ActionColumns = actionColumns }).Select(v => v.Copy()).ToList();
            Assert.Equal(Visits, rows.Count);
            held = sampler.Peak;
            GC.KeepAlive(rows);
        }

        // Every record builder over the same day.
        long archiving;
        using (var sampler = new HeapSampler())
        {
            var records = _server.Services.GetRequiredService<Archiver>().GetRecords(site, period);
            Assert.Equal(Visits, records.GetNumeric("nb_visits"));
            Assert.Equal(Visits * ActionsPerVisit, records.GetNumeric("Actions_nb_pageviews"));
            archiving = sampler.Peak;
        }

        output.WriteLine($"holding the rows: {held / 1_000_000} MB; archiving: {archiving / 1_000_000} MB");
        Assert.True(held > 100_000_000, $"the day's rows take {held / 1_000_000} MB of heap; the yardstick is too small to mean anything");
        Assert.True(
            archiving < held / 2,
            $"archiving peaked at {archiving / 1_000_000} MB of heap above its start, holding the rows takes {held / 1_000_000} MB");
    }

    /// <summary>Samples the managed heap every few milliseconds and keeps the peak above where it started.</summary>
    private sealed class HeapSampler : IDisposable
    {
        private readonly long _baseline;
        private readonly Thread _thread;
        private volatile bool _stop;
        private long _peak;

        public HeapSampler()
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            GC.Collect();
            _baseline = GC.GetTotalMemory(forceFullCollection: true);
            _thread = new Thread(() =>
            {
                while (!_stop)
                {
                    var used = GC.GetTotalMemory(false) - _baseline;
                    if (used > Interlocked.Read(ref _peak))
                    {
                        Interlocked.Exchange(ref _peak, used);
                    }

                    Thread.Sleep(2);
                }
            }) { IsBackground = true };
            _thread.Start();
        }

        public long Peak => Interlocked.Read(ref _peak);

        public void Dispose()
        {
            _stop = true;
            _thread.Join();
        }
    }
}
