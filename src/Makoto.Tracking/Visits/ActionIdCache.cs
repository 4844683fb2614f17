using Makoto.Storage.Logs;
using Makoto.Tracking.Pipeline;

namespace Makoto.Tracking.Visits;

/// <summary>
/// Resolves (type, name) to <c>log_action</c> ids, inserting names seen for the first time. Matomo's
/// key: <c>hash = CRC32(name)</c>, looked up with type and name, oldest id first. The cache is
/// emptied when the writer's transaction fails (ids of rolled-back inserts must not survive).
/// Used by the writer thread only.
/// </summary>
internal sealed class ActionIdCache(int capacity = 200_000)
{
    private readonly Dictionary<(int Type, string Name), long> _ids = [];

    public long Resolve(ILogWriter log, ActionName action)
    {
        if (_ids.TryGetValue((action.Type, action.Name), out var id))
        {
            return id;
        }

        var hash = LogActionHash.Of(action.Name);
        id = log.FindActionId(action.Type, action.Name, hash) ?? log.InsertActionName(action.Type, action.Name, hash, action.UrlPrefix);
        if (_ids.Count >= capacity)
        {
            _ids.Clear();
        }

        _ids[(action.Type, action.Name)] = id;
        return id;
    }

    /// <summary>
    /// Resolves the names not cached yet in one call to the store (<see cref="ILogWriter.FindOrInsertActionNames"/>),
    /// in the order given, so that the recorder then finds them all in the cache.
    /// </summary>
    public void Prefetch(ILogWriter log, List<ActionName> names)
    {
        var keys = new List<ActionNameKey>();
        var seen = new HashSet<(int Type, string Name)>();
        foreach (var name in names)
        {
            if (!_ids.ContainsKey((name.Type, name.Name)) && seen.Add((name.Type, name.Name)))
            {
                keys.Add(new ActionNameKey(name.Type, name.Name, LogActionHash.Of(name.Name), name.UrlPrefix));
            }
        }

        if (keys.Count == 0)
        {
            return;
        }

        var ids = new long[keys.Count];
        log.FindOrInsertActionNames(keys, ids);
        if (_ids.Count + keys.Count > capacity)
        {
            _ids.Clear();
        }

        for (var i = 0; i < keys.Count; i++)
        {
            _ids[(keys[i].Type, keys[i].Name)] = ids[i];
        }
    }

    public void Clear() => _ids.Clear();
}
