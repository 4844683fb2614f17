namespace Makoto.Storage.Sqlite;

/// <summary>
/// The tracking writer's waits for a complete checkpoint (<see cref="SqliteCheckpointer"/>): while it waits
/// no hit commits, so their length is the tracking endpoint's latency tail. Exported at <c>/metrics</c>.
/// </summary>
public sealed class CheckpointWaits
{
    private readonly Lock _lock = new();
    private long _count;
    private double _totalSeconds;
    private double _longestSeconds;

    public long Count { get { lock (_lock) { return _count; } } }

    public double TotalSeconds { get { lock (_lock) { return _totalSeconds; } } }

    public double LongestSeconds { get { lock (_lock) { return _longestSeconds; } } }

    internal void Add(TimeSpan waited)
    {
        lock (_lock)
        {
            _count++;
            _totalSeconds += waited.TotalSeconds;
            _longestSeconds = Math.Max(_longestSeconds, waited.TotalSeconds);
        }
    }
}
