using Makoto.Tracking.Pipeline;

namespace Makoto.Plugins.CoreHome.Tracking;

/// <summary>A request without <c>rec=1</c> is accepted and not recorded (tracking-api.md §5 rule 2).</summary>
internal sealed class RecExclusion : ITrackingProcessor
{
    public string Name => "rec";

    public int Order => TrackingStage.Exclusion + 10;

    public void Process(HitContext hit)
    {
        if (!hit.Request.Rec)
        {
            hit.Exclude("rec_not_1");
        }
    }
}
