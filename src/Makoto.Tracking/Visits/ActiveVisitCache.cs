using System.Buffers.Binary;
using Makoto.Storage.Logs;

namespace Makoto.Tracking.Visits;

/// <summary>
/// The writer's memory of recent visits, by visitor id and by configuration fingerprint. All log
/// writes go through the single writer, so a cached entry is always the newest visit for its key;
/// a missing entry only means "ask the store". Entries are copies: the writer never mutates a
/// cached row in place. Used by one thread only.
/// </summary>
internal sealed class ActiveVisitCache(int lookBackSeconds, int capacity = 500_000)
{
    private readonly Dictionary<(int Site, ulong Id), VisitRow> _byVisitor = [];
    private readonly Dictionary<(int Site, ulong Id), VisitRow> _byConfig = [];
    private DateTime _newest = DateTime.MinValue;
    private int _putsSinceSweep;

    public int Count => _byVisitor.Count + _byConfig.Count;

    public VisitRow? ByVisitor(int idSite, byte[] idVisitor) => _byVisitor.GetValueOrDefault((idSite, Key(idVisitor)));

    public VisitRow? ByConfig(int idSite, byte[] configId) => _byConfig.GetValueOrDefault((idSite, Key(configId)));

    /// <summary>Remembers <paramref name="visit"/> as the newest visit of its visitor and its fingerprint.</summary>
    public void Put(VisitRow visit, byte[]? previousIdVisitor)
    {
        if (previousIdVisitor is not null && !previousIdVisitor.AsSpan().SequenceEqual(visit.IdVisitor))
        {
            // The visit moved to another visitor id: the old id no longer finds it in the store either.
            var oldKey = (visit.IdSite, Key(previousIdVisitor));
            if (_byVisitor.TryGetValue(oldKey, out var old) && old.IdVisit == visit.IdVisit)
            {
                _byVisitor.Remove(oldKey);
            }
        }

        _byVisitor[(visit.IdSite, Key(visit.IdVisitor))] = visit;
        _byConfig[(visit.IdSite, Key(visit.ConfigId))] = visit;
        if (visit.VisitLastActionTime > _newest)
        {
            _newest = visit.VisitLastActionTime;
        }

        if (++_putsSinceSweep >= 10_000 || Count > capacity)
        {
            Sweep();
        }
    }

    public void Clear()
    {
        _byVisitor.Clear();
        _byConfig.Clear();
    }

    /// <summary>Forgets visits that ended long before the newest hit: they cannot be continued.</summary>
    private void Sweep()
    {
        _putsSinceSweep = 0;
        var horizon = _newest.AddSeconds(-(lookBackSeconds + 3600));
        Remove(_byVisitor, horizon);
        Remove(_byConfig, horizon);
        if (Count > capacity)
        {
            Clear();
        }
    }

    private static void Remove(Dictionary<(int, ulong), VisitRow> map, DateTime horizon)
    {
        List<(int, ulong)>? stale = null;
        foreach (var (key, visit) in map)
        {
            if (visit.VisitLastActionTime < horizon)
            {
                (stale ??= []).Add(key);
            }
        }

        if (stale is not null)
        {
            foreach (var key in stale)
            {
                map.Remove(key);
            }
        }
    }

    private static ulong Key(byte[] id) => id.Length >= 8 ? BinaryPrimitives.ReadUInt64BigEndian(id) : 0;
}
