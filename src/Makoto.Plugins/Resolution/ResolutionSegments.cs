using Makoto.Storage.Segments;
using static Makoto.Storage.Segments.SegmentFactory;

namespace Makoto.Plugins.Resolution;

/// <summary>The segment of the screen resolution.</summary>
internal static class ResolutionSegments
{
    public static SegmentDimension[] All { get; } =
    [
        Column(SegmentScope.Visit, "resolution", "Resolution", "Visitor settings", "config_resolution"),
    ];
}
