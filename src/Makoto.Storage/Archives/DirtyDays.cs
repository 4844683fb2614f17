using System.Collections.Concurrent;

namespace Makoto.Storage.Archives;

/// <summary>
/// The days whose archives were invalidated by hits that arrived late (tracked for a past day, log
/// imports) and have not been rebuilt since. It keeps a burst of late hits into the same day from
/// invalidating the same archives again and again, tells the background archiver what to rebuild, and
/// detects an archive built while a late hit for its day was being committed (such an archive may miss
/// the hit and is invalidated again).
/// </summary>
public sealed class DirtyDays
{
    private readonly ConcurrentDictionary<(int IdSite, DateOnly Day), long> _days = new();
    private readonly ConcurrentDictionary<(int IdSite, DateOnly Day), bool> _segmentBuiltWhileDirty = new();
    private long _version;

    /// <summary>A counter that grows with every <see cref="MarkDirty"/>; read it before building an archive.</summary>
    public long Version => Interlocked.Read(ref _version);

    /// <summary>
    /// Records a late hit into <paramref name="day"/>; true if the day was not dirty yet, or a segment's archive
    /// of it was built since it became dirty (its archives must be invalidated).
    /// </summary>
    public bool MarkDirty(int idSite, DateOnly day)
    {
        var version = Interlocked.Increment(ref _version);
        var added = false;
        _days.AddOrUpdate((idSite, day), _ =>
        {
            added = true;
            return version;
        }, (_, _) => version);
        return _segmentBuiltWhileDirty.TryRemove((idSite, day), out _) || added;
    }

    /// <summary>
    /// Called after the day archive was rebuilt from logs read from <paramref name="versionAtStart"/> on.
    /// Returns true when a late hit for the day came in meanwhile: the new archive may miss it and must be
    /// invalidated again (the day stays dirty); otherwise the day is clean.
    /// </summary>
    public bool Rebuilt(int idSite, DateOnly day, long versionAtStart)
    {
        if (!_days.TryGetValue((idSite, day), out var version))
        {
            return false;
        }

        if (version > versionAtStart)
        {
            return true;
        }

        _days.TryRemove(new KeyValuePair<(int, DateOnly), long>((idSite, day), version));
        return false;
    }

    /// <summary>Forgets the dirty days of a site (a deleted site).</summary>
    public void Forget(int idSite)
    {
        foreach (var key in _days.Keys)
        {
            if (key.IdSite == idSite)
            {
                _days.TryRemove(key, out _);
                _segmentBuiltWhileDirty.TryRemove(key, out _);
            }
        }
    }

    /// <summary>
    /// True when a late hit for the day came in after <paramref name="versionAtStart"/>: an archive of the day
    /// read from then on may miss it. Unlike <see cref="Rebuilt"/> it leaves the day dirty.
    /// </summary>
    public bool ChangedSince(int idSite, DateOnly day, long versionAtStart) =>
        _days.TryGetValue((idSite, day), out var version) && version > versionAtStart;

    /// <summary>
    /// Called after a segment's archive of the day was built. A dirty day stays dirty (only the archive of all
    /// visits makes it clean), but the next late hit into it must invalidate that new archive.
    /// </summary>
    public void SegmentBuilt(int idSite, DateOnly day)
    {
        if (_days.ContainsKey((idSite, day)))
        {
            _segmentBuiltWhileDirty[(idSite, day)] = true;
        }
    }

    /// <summary>The dirty days, oldest first per site.</summary>
    public IReadOnlyList<(int IdSite, DateOnly Day)> Pending() =>
        [.. _days.Keys.OrderBy(k => k.IdSite).ThenBy(k => k.Day)];
}
