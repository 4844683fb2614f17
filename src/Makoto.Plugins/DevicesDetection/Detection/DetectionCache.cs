using System.Collections.Concurrent;

namespace Makoto.Plugins.DevicesDetection.Detection;

/// <summary>
/// A bounded cache of recent detections, keyed by the User-Agent and the raw client hints. It evicts with
/// the CLOCK algorithm (second chance), the usual approximation of least-recently-used: a hit only sets a
/// flag on the entry, so reads take no lock and allocate nothing; an insert past capacity sweeps a hand
/// over the entries, clearing flags, and evicts the first entry not used since the hand last passed it.
/// </summary>
internal sealed class DetectionCache
{
    private readonly ConcurrentDictionary<Key, Entry> _entries;
    private readonly Entry?[] _ring;
    private readonly Lock _evictLock = new();
    private int _count;
    private int _hand;

    public DetectionCache(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _ring = new Entry?[capacity];
        _entries = new ConcurrentDictionary<Key, Entry>(Environment.ProcessorCount, capacity + 1);
    }

    public int Count => _entries.Count;

    public int Capacity => _ring.Length;

    public bool TryGet(string userAgent, string? hints, out DeviceInfo info)
    {
        if (_entries.TryGetValue(new Key(userAgent, hints), out var entry))
        {
            if (!entry.Used)
            {
                entry.Used = true;
            }

            info = entry.Info;
            return true;
        }

        info = DeviceInfo.Unknown;
        return false;
    }

    public void Add(string userAgent, string? hints, DeviceInfo info)
    {
        var key = new Key(userAgent, hints);
        lock (_evictLock)
        {
            if (_entries.ContainsKey(key))
            {
                return;
            }

            int slot;
            if (_count < _ring.Length)
            {
                slot = _count++;
            }
            else
            {
                while (true)
                {
                    var candidate = _ring[_hand]!;
                    if (candidate.Used)
                    {
                        candidate.Used = false;
                        _hand = (_hand + 1) % _ring.Length;
                        continue;
                    }

                    _entries.TryRemove(candidate.Key, out _);
                    slot = _hand;
                    _hand = (_hand + 1) % _ring.Length;
                    break;
                }
            }

            var entry = new Entry(key, info);
            _ring[slot] = entry;
            _entries[key] = entry;
        }
    }

    private readonly record struct Key(string UserAgent, string? Hints);

    private sealed class Entry(Key key, DeviceInfo info)
    {
        public Key Key { get; } = key;

        public DeviceInfo Info { get; } = info;

        /// <summary>Set on every hit, cleared by the sweeping hand. Races only cost an entry a second chance.</summary>
        public volatile bool Used;
    }
}
