using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;

namespace Makoto.Archiving;

/// <summary>
/// The archives read or built lately, kept decoded in memory (at most <paramref name="capacity"/> of them), so that
/// repeated reads of a report skip the store. Archives leave in the order they came in, except that one read since it
/// came in (or since it was last passed over) goes round once more — "second chance", close to least-recently-used at
/// the cost of a flag: the 365 day archives that every range of a year reads stay, while the archives of months and
/// ranges built once pass them by. (A plain first-in-first-out of 256 kept none of them: a year's range read each day
/// after it had left.)
/// </summary>
internal sealed class ArchiveCache(int capacity)
{
    private readonly ConcurrentDictionary<(DateOnly Month, long IdArchive), Entry> _entries = new();
    private readonly ConcurrentQueue<(DateOnly Month, long IdArchive)> _order = new();

    public int Count => _entries.Count;

    public bool TryGet((DateOnly Month, long IdArchive) key, [NotNullWhen(true)] out ArchiveRecords? records)
    {
        if (_entries.TryGetValue(key, out var entry))
        {
            entry.Read = true;
            records = entry.Records;
            return true;
        }

        records = null;
        return false;
    }

    public void Add((DateOnly Month, long IdArchive) key, ArchiveRecords records)
    {
        if (!_entries.TryAdd(key, new Entry(records)))
        {
            return;
        }

        _order.Enqueue(key);

        // Each archive passed over loses its flag, so two rounds at most find one to let go.
        var passes = 0;
        while (_order.Count > capacity && passes++ <= 2 * capacity && _order.TryDequeue(out var oldest))
        {
            if (_entries.TryGetValue(oldest, out var entry) && entry.Read)
            {
                entry.Read = false;
                _order.Enqueue(oldest);
                continue;
            }

            _entries.TryRemove(oldest, out _);
        }
    }

    public void Clear()
    {
        _entries.Clear();
        while (_order.TryDequeue(out _))
        {
        }
    }

    private sealed class Entry(ArchiveRecords records)
    {
        private volatile bool _read;

        public ArchiveRecords Records { get; } = records;

        /// <summary>Read since it came in or was last passed over.</summary>
        public bool Read
        {
            get => _read;
            set => _read = value;
        }
    }
}
