namespace Makoto.Tracking.Pipeline;

/// <summary>
/// A step of the tracking pipeline, contributed by a plugin. Steps run in <see cref="Order"/>; a step
/// enriches the hit (device, location, referrer, action…) or excludes it with a named reason, which
/// is counted. Steps must be thread-safe: many requests run through them at once.
/// </summary>
public interface ITrackingProcessor
{
    /// <summary>A stable name (shown in metrics and debug output).</summary>
    string Name { get; }

    /// <summary>Position in the pipeline; see <see cref="TrackingStage"/> for the stages.</summary>
    int Order { get; }

    void Process(HitContext hit);
}

/// <summary>The pipeline's stages, in the order DESIGN.md §1 gives.</summary>
public static class TrackingStage
{
    public const int Exclusion = 100;
    public const int Device = 200;
    public const int Location = 300;
    public const int Referrer = 400;
    public const int Fingerprint = 450;
    public const int Actions = 500;
    public const int Goals = 600;
}
