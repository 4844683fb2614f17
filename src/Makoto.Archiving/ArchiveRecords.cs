using System.Buffers;
using System.Collections.Concurrent;
using Makoto.Core.DataTables;

namespace Makoto.Archiving;

/// <summary>How a numeric record of sub-periods combines into the record of a longer period.</summary>
public enum NumericAggregation
{
    Sum,
    Max,
    Min,

    /// <summary>Not combinable (unique counts): set for the period by its builder, or omitted.</summary>
    None,
}

/// <summary>A record an archive holds, declared by its builder.</summary>
public abstract record ArchiveRecord(string Name);

/// <summary>A number (e.g. <c>nb_visits</c>, <c>Actions_nb_pageviews</c>) and how periods combine it.</summary>
public sealed record NumericRecord(string Name, NumericAggregation Aggregation = NumericAggregation.Sum) : ArchiveRecord(Name);

/// <summary>
/// A report table (e.g. <c>DevicesDetection_types</c>) with its subtables. Periods merge it row by row
/// with <see cref="Rules"/>, then truncate it to the row limits of <see cref="Limits"/>, ranking rows
/// by <see cref="SortColumn"/>.
/// </summary>
public sealed record TableRecord(string Name) : ArchiveRecord(Name)
{
    public AggregationRules Rules { get; init; } = AggregationRules.Default;

    public RowLimitFamily Limits { get; init; } = RowLimitFamily.Standard;

    public string SortColumn { get; init; } = "nb_visits";
}

/// <summary>A distinct count (visitors, users) kept as a mergeable <see cref="UniqueCounter"/>.</summary>
public sealed record UniqueRecord(string Name) : ArchiveRecord(Name);

/// <summary>
/// The records of one archive: numbers, report tables and distinct counters. Read archives load their
/// tables and counters from the store on first use and keep them (the instance is shared by readers;
/// callers that change a table work on a <see cref="DataTable.Clone"/>).
/// </summary>
public sealed class ArchiveRecords
{
    private readonly ConcurrentDictionary<string, DataTable?> _tables = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, UniqueCounter?> _uniques = new(StringComparer.Ordinal);

    /// <summary>Tables merged for a period and not read as a <see cref="DataTable"/> yet: finished and serialized from the merger.</summary>
    private readonly Dictionary<string, TableMerger> _mergers = new(StringComparer.Ordinal);

    /// <summary>Tables built into this instance and serialized already (written before the instance is shared, then only read).</summary>
    private readonly Dictionary<string, byte[]> _serialized = new(StringComparer.Ordinal);
    private readonly StoredBlob? _blobs;
    private readonly IRecordSource? _source;

    public ArchiveRecords()
    {
    }

    /// <summary>
    /// The records of a period above a day, which are archived plugin by plugin: each read asks
    /// <paramref name="source"/> for the archive of the plugin that declares the record, built on first use.
    /// </summary>
    internal ArchiveRecords(IRecordSource source)
    {
        _source = source;
    }

    internal ArchiveRecords(Dictionary<string, double> numerics, StoredBlob blobs)
    {
        foreach (var (name, value) in numerics)
        {
            Numerics[name] = value;
        }

        _blobs = blobs;
    }

    public Dictionary<string, double> Numerics { get; } = new(StringComparer.Ordinal);

    /// <summary>True when the archive has no data for the period (no visits). For a period above a day this builds every plugin's archive.</summary>
    public bool IsEmpty => _source?.IsEmpty ?? (Numerics.Count == 0 && _tables.IsEmpty && _uniques.IsEmpty && _mergers.Count == 0 && _serialized.Count == 0);

    public double? GetNumeric(string name) =>
        _source is not null ? _source.Numeric(name)
        : Numerics.TryGetValue(name, out var value) ? value : null;

    public void SetNumeric(string name, double value) => Numerics[name] = value;

    /// <summary>
    /// Starts getting a number on a thread of the pool, for a reader that needs it after a table: a period above a day
    /// merges it from its sub-periods (with the other numbers of its plugin), which then runs beside the table's merge
    /// instead of after it. <see cref="GetNumeric"/> of it waits for that work, and throws what it threw. Nothing to
    /// start for an archive read from the store (a day's numbers are in it).
    /// </summary>
    public void PrepareNumeric(string name)
    {
        if (_source is not { } source)
        {
            return;
        }

        // A failure is the reader's to report (GetNumeric throws it again): here it is only observed.
        Task.Run(() => source.Numeric(name)).ContinueWith(
            static task => _ = task.Exception,
            CancellationToken.None,
            TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
    }

    /// <summary>The report table of this name, or null when the archive has none.</summary>
    public DataTable? GetTable(string name)
    {
        if (_source is not null)
        {
            return _source.Table(name);
        }

        if (_tables.TryGetValue(name, out var table))
        {
            return table;
        }

        // A merged table read while its period is built (a builder completing the period): made a DataTable, finished as one.
        if (_mergers.Count > 0 && _mergers.Remove(name, out var merger))
        {
            return _tables[name] = merger.ToTable();
        }

        return _tables.GetOrAdd(name, static (key, records) => records.ReadBlob(key, static blob => DataTableSerializer.Deserialize(blob)), this);
    }

    public void SetTable(string name, DataTable table)
    {
        _mergers.Remove(name);
        _serialized.Remove(name);
        _tables[name] = table;
    }

    /// <summary>
    /// Holds a table merged for a period (its columns renamed already) as its merger: <see cref="FinishTable"/>
    /// truncates and serializes it there, with no <see cref="DataTable"/> made unless the table is read before.
    /// </summary>
    internal void SetMerged(string name, TableMerger merger)
    {
        _tables.TryRemove(name, out _);
        _serialized.Remove(name);
        _mergers[name] = merger;
    }

    /// <summary>
    /// Truncates a table built into this instance to its row limits and numbers its subtables, as the archive
    /// stores it: a table still held as its merger is finished on the merger and kept serialized.
    /// </summary>
    internal void FinishTable(TableRecord record, int maxRows, int maxSubtableRows)
    {
        if (_mergers.Remove(record.Name, out var merger))
        {
            merger.Truncate(maxRows, maxSubtableRows, record.SortColumn);
            _serialized[record.Name] = merger.Serialize();

            // Held nowhere else (a table read from it was taken out of _mergers): its rows go to the next merges.
            merger.Release();
        }
        else if (_tables.TryGetValue(record.Name, out var table) && table is not null)
        {
            table.Truncate(maxRows, maxSubtableRows, record.SortColumn, record.Rules);
            table.AssignSubtableIds();
        }
    }

    /// <summary>
    /// Serializes the tables built into this instance now (keeping them as tables too), so that a builder that
    /// finished on a thread of its own also compresses its tables there, beside the other builders. Several tables are
    /// serialized side by side: the Actions builder finishes last, and its page tables took as long to compress
    /// one after the other as the other builders took to finish.
    /// </summary>
    internal void SerializeTables()
    {
        var pending = new List<(string Name, DataTable Table)>();
        foreach (var (name, table) in _tables)
        {
            if (table is not null && !_serialized.ContainsKey(name))
            {
                pending.Add((name, table));
            }
        }

        if (pending.Count == 0)
        {
            return;
        }

        var blobs = new byte[pending.Count][];
        Archiver.SideBySide(Enumerable.Range(0, pending.Count), i => blobs[i] = DataTableSerializer.Serialize(pending[i].Table));

        for (var i = 0; i < pending.Count; i++)
        {
            _serialized[pending[i].Name] = blobs[i];
        }
    }

    /// <summary>Takes the numbers, tables (with their blobs) and counters of a builder's own instance, replacing those of the same name.</summary>
    internal void Add(ArchiveRecords part)
    {
        foreach (var (name, value) in part.Numerics)
        {
            Numerics[name] = value;
        }

        foreach (var (name, table) in part._tables)
        {
            _mergers.Remove(name);
            _serialized.Remove(name);
            _tables[name] = table;
        }

        foreach (var (name, blob) in part._serialized)
        {
            _serialized[name] = blob;
        }

        foreach (var (name, counter) in part._uniques)
        {
            _uniques[name] = counter;
        }
    }

    /// <summary>A new instance holding only the table of this name (as a table or serialized), for a partial archive of one record.</summary>
    internal ArchiveRecords OnlyTable(string name)
    {
        var only = new ArchiveRecords();
        if (_serialized.TryGetValue(name, out var blob))
        {
            only._serialized[name] = blob;
        }
        else if (_mergers.TryGetValue(name, out var merger))
        {
            only._mergers[name] = merger;
        }
        else if (GetTable(name) is { } table)
        {
            only._tables[name] = table;
        }

        return only;
    }

    /// <summary>
    /// Reads the stored blob of a table or counter with <paramref name="read"/>: serialized when this instance was built,
    /// otherwise where the store holds it; null when there is none.
    /// </summary>
    private T? ReadBlob<T>(string name, Func<ReadOnlySpan<byte>, T> read)
        where T : class
    {
        if (_serialized.TryGetValue(name, out var serialized))
        {
            return read(serialized);
        }

        var decoded = new Decoded<T>(read);
        return _blobs is not null && _blobs(name, decoded, static (blob, state) => ((Decoded<T>)state).Decode(blob)) ? decoded.Value : null;
    }

    /// <summary>
    /// Sums the table of this name into <paramref name="merger"/> (a period merge): the table this instance
    /// holds when it was built or decoded already, otherwise read straight from its blob and not kept, so
    /// that merging a year neither builds nor holds every day's decoded tables. False when there is none.
    /// </summary>
    internal bool MergeInto(string name, TableMerger merger)
    {
        var table = _source is not null ? _source.Table(name) : _tables.TryGetValue(name, out var held) ? held : null;
        if (table is not null)
        {
            merger.AddTable(table);
            return true;
        }

        if (_source is not null)
        {
            return false;
        }

        if (_serialized.TryGetValue(name, out var serialized))
        {
            merger.AddBlob(serialized);
            return true;
        }

        // Summed where the store holds the blob, not copied into an array first (a year's merge reads hundreds).
        return _blobs is not null && _blobs(name, merger, static (blob, state) => ((TableMerger)state).AddBlob(blob));
    }

    /// <summary>The distinct counter of this name, or null when the archive has none.</summary>
    public UniqueCounter? GetUniques(string name) =>
        _source is not null ? _source.For(name)?.GetUniques(name) : _uniques.GetOrAdd(name, static (key, records) => records.ReadBlob(key, static blob => UniqueCounter.Deserialize(blob)), this);

    public void SetUniques(string name, UniqueCounter counter) => _uniques[name] = counter;

    /// <summary>The blobs to store: every table and counter built into this instance.</summary>
    internal Dictionary<string, byte[]> SerializeBlobs()
    {
        SerializeTables();
        var blobs = new Dictionary<string, byte[]>(_serialized, StringComparer.Ordinal);

        foreach (var (name, counter) in _uniques)
        {
            if (counter is not null)
            {
                blobs[name] = counter.Serialize();
            }
        }

        return blobs;
    }
}

/// <summary>What a stored blob decodes to, read where the store holds it (<see cref="StoredBlob"/>).</summary>
internal sealed class Decoded<T>(Func<ReadOnlySpan<byte>, T> read)
    where T : class
{
    public T? Value { get; private set; }

    public void Decode(ReadOnlySpan<byte> blob) => Value = read(blob);
}

/// <summary>
/// Hands the stored blob of a record of a read archive to <paramref name="read"/> with <paramref name="state"/> (the bytes are
/// valid during the call only); false when the archive has none.
/// </summary>
internal delegate bool StoredBlob(string name, object state, ReadOnlySpanAction<byte, object> read);

/// <summary>Where the records of a period above a day come from: the archive of the plugin that declares each record.</summary>
internal interface IRecordSource
{
    /// <summary>The archive holding the record of this name, or null when no plugin declares it.</summary>
    ArchiveRecords? For(string name);

    /// <summary>The number of this name (for a summed number, from a partial archive of numbers when its plugin's archive is not built), or null.</summary>
    double? Numeric(string name);

    /// <summary>The report table of this name (merged on its own when its plugin's archive is not built), or null.</summary>
    DataTable? Table(string name);

    bool IsEmpty { get; }
}
