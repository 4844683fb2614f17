namespace Makoto.Core.Caching;

/// <summary>
/// A value read from a store and kept for <c>lifetime</c>, then read again, so that changes another process makes to
/// the store (the <c>makoto</c> console beside a running server) arrive within that time. Thread-safe and cheap to
/// read on hot paths: once expired, the old value still serves every caller while one thread reads the new one;
/// only the first read (or one after <see cref="Invalidate"/>) waits.
/// </summary>
public sealed class Refreshed<T>(Func<T> load, TimeSpan lifetime, TimeProvider clock)
    where T : class
{
    private readonly Lock _loading = new();
    private volatile Entry? _entry;

    public T Value
    {
        get
        {
            var entry = _entry;
            if (entry is not null && !Expired(entry))
            {
                return entry.Value;
            }

            if (entry is not null && !_loading.TryEnter())
            {
                return entry.Value;
            }

            if (entry is null)
            {
                _loading.Enter();
            }

            try
            {
                var current = _entry;
                if (current is null || Expired(current))
                {
                    current = new Entry(load(), clock.GetTimestamp());
                    _entry = current;
                }

                return current.Value;
            }
            finally
            {
                _loading.Exit();
            }
        }
    }

    /// <summary>
    /// Drops the value after a change through this process: the next read loads it. A read under way finishes first,
    /// so a value loaded before the change is not kept.
    /// </summary>
    public void Invalidate()
    {
        lock (_loading)
        {
            _entry = null;
        }
    }

    private bool Expired(Entry entry) => clock.GetElapsedTime(entry.LoadedAt) >= lifetime;

    private sealed record Entry(T Value, long LoadedAt);
}
