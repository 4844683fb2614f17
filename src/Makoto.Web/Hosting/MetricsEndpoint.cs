using System.Diagnostics;
using System.Globalization;
using System.Text;
using Makoto.Storage;
using Makoto.Storage.Sqlite;
using Makoto.Tracking;

namespace Makoto.Web.Hosting;

/// <summary>
/// <c>/metrics</c>: the tracking counters and the process's memory and CPU in Prometheus' text format,
/// for scrapers (and for the tracking benchmark, which reads where the memory goes).
/// </summary>
public static class MetricsEndpoint
{
    public static void Map(IEndpointRouteBuilder app) =>
        app.MapGet("/metrics", (TrackingMetrics metrics, IDatabase database) =>
            Results.Text(metrics.ToPrometheus() + ProcessMetrics(database), "text/plain; version=0.0.4; charset=utf-8"));

    /// <summary>Resident memory, CPU time, the managed heap and SQLite's own allocations.</summary>
    internal static string ProcessMetrics(IDatabase database)
    {
        var text = new StringBuilder();
        void Metric(string name, string type, string help, double value)
        {
            text.Append("# HELP ").Append(name).Append(' ').Append(help).Append('\n');
            text.Append("# TYPE ").Append(name).Append(' ').Append(type).Append('\n');
            text.Append(name).Append(' ').Append(value.ToString("R", CultureInfo.InvariantCulture)).Append('\n');
        }

        using var process = Process.GetCurrentProcess();
        Metric("process_resident_memory_bytes", "gauge", "Resident memory of the server process.", process.WorkingSet64);
        Metric("process_cpu_seconds_total", "counter", "User and system CPU time of the server process.", process.TotalProcessorTime.TotalSeconds);
        var gc = GC.GetGCMemoryInfo();
        Metric("dotnet_gc_heap_size_bytes", "gauge", "Managed heap size after the last garbage collection.", gc.HeapSizeBytes);
        Metric("dotnet_gc_committed_bytes", "gauge", "Memory committed by the garbage collector.", gc.TotalCommittedBytes);
        Metric("dotnet_gc_allocated_bytes_total", "counter", "Bytes allocated on the managed heap since the start.", GC.GetTotalAllocatedBytes());
        text.Append("# HELP dotnet_gc_collections_total Garbage collections since the start, by generation.\n# TYPE dotnet_gc_collections_total counter\n");
        for (var generation = 0; generation <= GC.MaxGeneration; generation++)
        {
            text.Append("dotnet_gc_collections_total{generation=\"").Append(generation).Append("\"} ").Append(GC.CollectionCount(generation)).Append('\n');
        }

        if (database is SqliteDatabase sqlite)
        {
            Metric("makoto_sqlite_memory_bytes", "gauge", "Memory held by SQLite (page caches of every connection, statements).", SqliteDatabase.MemoryUsed);
            var waits = sqlite.CheckpointWaits;
            Metric("makoto_sqlite_checkpoint_waits_total", "counter", "Times the tracking writer waited for a complete checkpoint (the WAL's restart).", waits.Count);
            Metric("makoto_sqlite_checkpoint_wait_seconds_total", "counter", "Time the tracking writer spent in those waits (no hit commits meanwhile).", waits.TotalSeconds);
            Metric("makoto_sqlite_checkpoint_wait_seconds_max", "gauge", "The longest of those waits since the start.", waits.LongestSeconds);
        }

        return text.ToString();
    }
}
