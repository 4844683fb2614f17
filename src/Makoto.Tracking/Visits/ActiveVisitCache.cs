using System.Buffers.Binary;
using Makoto.Storage.Logs;

namespace Makoto.Tracking.Visits;

/// <summary>
/// The writer's memory of recent visits, by visitor id and by configuration fingerprint. All log
/// writes go through the single writer, so a cached entry is always the newest visit for its key;
/// a missing entry only means "ask the store". Entries are copies: the writer never mutates a
/// cached row in place. Used by one thread only.
/// <para>
/// Memory is bounded by two generations: new entries go to the current one; when it holds
/// <c>capacity / 2</c> visits it becomes the previous one and the old previous one is dropped. A visit
/// that is still active is found in either, and moves to the current generation with its next hit.
/// </para>
/// </summary>
internal sealed class ActiveVisitCache(int capacity = ActiveVisitCache.DefaultCapacity)
{
    /// <summary>Visits remembered at most (about 1 KB each with their keys).</summary>
    public const int DefaultCapacity = 50_000;

    private Generation _current = new(capacity);
    private Generation _previous = new(capacity);

    public int Count => _current.ByVisitor.Count + _previous.ByVisitor.Count;

    public VisitRow? ByVisitor(int idSite, byte[] idVisitor) => Find(idSite, Key(idVisitor), byConfig: false);

    public VisitRow? ByConfig(int idSite, byte[] configId) => Find(idSite, Key(configId), byConfig: true);

    /// <summary>Remembers <paramref name="visit"/> as the newest visit of its visitor and its fingerprint.</summary>
    public void Put(VisitRow visit, byte[]? previousIdVisitor)
    {
        if (previousIdVisitor is not null && !previousIdVisitor.AsSpan().SequenceEqual(visit.IdVisitor))
        {
            // The visit moved to another visitor id: the old id no longer finds it in the store either.
            var oldKey = (visit.IdSite, Key(previousIdVisitor));
            _current.ForgetVisitor(oldKey, visit.IdVisit);
            _previous.ForgetVisitor(oldKey, visit.IdVisit);
        }

        if (_current.ByVisitor.Count >= Math.Max(1, capacity / 2))
        {
            _previous = _current;
            _current = new Generation(capacity);
        }

        _current.ByVisitor[(visit.IdSite, Key(visit.IdVisitor))] = visit;
        _current.ByConfig[(visit.IdSite, Key(visit.ConfigId))] = visit;
    }

    public void Clear()
    {
        _current = new Generation(capacity);
        _previous = new Generation(capacity);
    }

    private VisitRow? Find(int idSite, ulong key, bool byConfig)
    {
        var current = byConfig ? _current.ByConfig : _current.ByVisitor;
        if (current.TryGetValue((idSite, key), out var visit))
        {
            return visit;
        }

        // The previous generation's entry is the newest unless the current one has the key.
        return (byConfig ? _previous.ByConfig : _previous.ByVisitor).GetValueOrDefault((idSite, key));
    }

    private static ulong Key(byte[] id) => id.Length >= 8 ? BinaryPrimitives.ReadUInt64BigEndian(id) : 0;

    /// <summary>Half the cache, sized for it at once (growing two dictionaries by doubling cost a rehash and garbage each time).</summary>
    private sealed class Generation(int capacity)
    {
        public Dictionary<(int Site, ulong Id), VisitRow> ByVisitor { get; } = new(Math.Max(1, capacity / 2));

        public Dictionary<(int Site, ulong Id), VisitRow> ByConfig { get; } = new(Math.Max(1, capacity / 2));

        public void ForgetVisitor((int, ulong) key, long idVisit)
        {
            if (ByVisitor.TryGetValue(key, out var old) && old.IdVisit == idVisit)
            {
                ByVisitor.Remove(key);
            }
        }
    }
}
