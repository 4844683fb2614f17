using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using Makoto.Core.DataTables;
using Microsoft.Data.Sqlite;
using ZstdSharp;

namespace Makoto.Benchmarks;

/// <summary>
/// Compressors measured on real report blobs, to choose the archive codec and its levels
/// (<see cref="DataTableSerializer.DayLevel"/>, <see cref="DataTableSerializer.PeriodLevel"/>):
///   codec &lt;makoto.db&gt; [record=Actions_actions_url] [runs=3]
/// reads the record's day blobs of the store (any codec), merges them into months (<see cref="TableMerger"/>) for
/// the period tables, and prints for each codec and level the total compressed size and the compression and
/// decompression times (the fastest of the runs) over the day tables and the month tables.
/// </summary>
internal static class CodecHarness
{
    public static void Run(string[] args)
    {
        var path = args.Length > 1 ? args[1] : throw new ArgumentException("Give the SQLite file of a store: codec <makoto.db> [record] [runs]");
        var record = args.Length > 2 ? args[2] : "Actions_actions_url";
        var runs = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 3;
        var days = DayBlobs(path, record);
        if (Environment.GetEnvironmentVariable("MAKOTO_BENCH_MERGE_ONLY") == "1")
        {
            MeasureMerge(days, runs);
            return;
        }

        var months = new List<byte[]>();
        foreach (var month in days.GroupBy(d => d.Date[..7], StringComparer.Ordinal))
        {
            var merger = new TableMerger();
            foreach (var (_, blob) in month)
            {
                merger.AddBlob(blob);
            }

            months.Add(Payload(merger.Serialize()));
        }

        var dayPayloads = days.Select(d => Payload(d.Blob)).ToList();
        Console.WriteLine($"{record}: {dayPayloads.Count} day tables ({dayPayloads.Sum(p => (long)p.Length) / 1e6:F2} MB), {months.Count} month tables ({months.Sum(p => (long)p.Length) / 1e6:F2} MB)");
        foreach (var (what, payloads) in new[] { ("days", dayPayloads), ("months", months) })
        {
            foreach (var quality in new[] { 3, 5 })
            {
                Measure($"{what} brotli q{quality}", payloads, runs, p => BrotliCompress(p, quality), BrotliDecompress);
            }

            foreach (var level in new[] { 1, 2, 3, 6, 7, 9 })
            {
                using var compressor = new Compressor(level);
                using var decompressor = new Decompressor();
                Measure($"{what} zstd {level}", payloads, runs, p => compressor.Wrap(p).ToArray(), (c, size) => decompressor.Unwrap(c, size).Length);
            }
        }
    }

    /// <summary>The merge alone, on one thread: the day blobs into their months (read in place), then each month serialized and its rows released.</summary>
    private static void MeasureMerge(List<(string Date, byte[] Blob)> days, int runs)
    {
        var groups = days.GroupBy(d => d.Date[..7], StringComparer.Ordinal).Select(g => g.Select(d => d.Blob).ToList()).ToList();
        Console.WriteLine($"{days.Count} day blobs, {days.Sum(d => (long)d.Blob.Length) / 1e6:F2} MB, format version {days[0].Blob[3]}, codec {days[0].Blob[4]}");
        var merges = new List<double>();
        var serializations = new List<double>();
        long size = 0;
        for (var run = 0; run < runs; run++)
        {
            var stopwatch = Stopwatch.StartNew();
            var mergers = new List<TableMerger>();
            foreach (var group in groups)
            {
                var merger = new TableMerger();
                foreach (var blob in group)
                {
                    merger.AddBlob(blob);
                }

                mergers.Add(merger);
            }

            merges.Add(stopwatch.Elapsed.TotalMilliseconds);
            stopwatch.Restart();
            size = 0;
            foreach (var merger in mergers)
            {
                size += merger.Serialize().Length;

                // As the archiver does once a period's blob is made: the next run's merges take these rows.
                merger.Release();
            }

            serializations.Add(stopwatch.Elapsed.TotalMilliseconds);
        }

        // The first runs are the JIT's (tiered compilation): the later half is the steady state.
        var later = merges.Skip(runs / 2).Order().ToList();
        var laterSerializations = serializations.Skip(runs / 2).Order().ToList();
        Console.WriteLine(
            $"  merged: median {merges.Order().ElementAt(runs / 2):F0} ms of all runs, {later[later.Count / 2]:F0} ms of the later half (fastest {later[0]:F0} ms); " +
            $"serialized: {laterSerializations[laterSerializations.Count / 2]:F0} ms (later half), {size / 1e6:F2} MB");
    }

    private static void Measure(string what, List<byte[]> payloads, int runs, Func<byte[], byte[]> compress, Func<byte[], int, int> decompress)
    {
        var compressed = new List<byte[]>();
        var compressTime = double.MaxValue;
        var decompressTime = double.MaxValue;
        for (var run = 0; run < runs; run++)
        {
            compressed.Clear();
            var stopwatch = Stopwatch.StartNew();
            foreach (var payload in payloads)
            {
                compressed.Add(compress(payload));
            }

            compressTime = Math.Min(compressTime, stopwatch.Elapsed.TotalMilliseconds);
            stopwatch.Restart();
            for (var i = 0; i < payloads.Count; i++)
            {
                if (decompress(compressed[i], payloads[i].Length) != payloads[i].Length)
                {
                    throw new InvalidOperationException($"{what} did not give back the payload.");
                }
            }

            decompressTime = Math.Min(decompressTime, stopwatch.Elapsed.TotalMilliseconds);
        }

        Console.WriteLine($"  {what,-18} {compressed.Sum(c => (long)c.Length) / 1e6,7:F2} MB  compress {compressTime,6:F0} ms  decompress {decompressTime,5:F0} ms");
    }

    private static byte[] BrotliCompress(byte[] payload, int quality)
    {
        var output = new byte[BrotliEncoder.GetMaxCompressedLength(payload.Length)];
        return BrotliEncoder.TryCompress(payload, output, out var written, quality, window: 22) ? output[..written] : throw new InvalidOperationException("Brotli failed.");
    }

    private static int BrotliDecompress(byte[] compressed, int size)
    {
        var output = ArrayPool<byte>.Shared.Rent(size);
        try
        {
            return BrotliDecoder.TryDecompress(compressed, output, out var written) ? written : -1;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(output);
        }
    }

    /// <summary>The uncompressed body of a blob (codec 0 stored, 1 Brotli, 2 Zstandard).</summary>
    private static byte[] Payload(byte[] blob)
    {
        var body = blob.AsSpan(5);
        switch (blob[4])
        {
            case 0:
                return body.ToArray();
            case 1:
                var output = new byte[body.Length * 40];
                return BrotliDecoder.TryDecompress(body, output, out var written) ? output[..written] : throw new InvalidOperationException("Brotli failed.");
            default:
                using (var decompressor = new Decompressor())
                {
                    return decompressor.Unwrap(body).ToArray();
                }
        }
    }

    private static List<(string Date, byte[] Blob)> DayBlobs(string path, string record)
    {
        using var connection = new SqliteConnection($"Data Source={path};Mode=ReadOnly");
        connection.Open();
        var tables = new List<string>();
        using (var command = connection.CreateCommand())
        {
            command.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'archive_blob_%' ORDER BY name";
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                tables.Add(reader.GetString(0));
            }
        }

        var blobs = new List<(string, byte[])>();
        foreach (var table in tables)
        {
            using var command = connection.CreateCommand();
            command.CommandText = $"SELECT date1, value FROM {table} WHERE name = $name AND period = 1 ORDER BY date1";
            command.Parameters.AddWithValue("$name", record);
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                blobs.Add((reader.GetString(0), (byte[])reader.GetValue(1)));
            }
        }

        return blobs;
    }
}
