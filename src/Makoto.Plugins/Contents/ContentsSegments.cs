using Makoto.Storage.Segments;
using Makoto.Tracking.Pipeline;
using static Makoto.Storage.Segments.SegmentFactory;

namespace Makoto.Plugins.Contents;

/// <summary>The segments of content impressions and interactions.</summary>
internal static class ContentsSegments
{
    private const string Contents = "Contents";

    public static SegmentDimension[] All { get; } =
    [
        ActionName(SegmentScope.Action, "contentName", "Content Name", Contents, "idaction_content_name", LogActionType.ContentName),
        ActionName(SegmentScope.Action, "contentPiece", "Content Piece", Contents, "idaction_content_piece", LogActionType.ContentPiece),
        ActionName(SegmentScope.Action, "contentTarget", "Content Target", Contents, "idaction_content_target", LogActionType.ContentTarget),
        ActionName(SegmentScope.Action, "contentInteraction", "Content Interaction", Contents, "idaction_content_interaction", LogActionType.ContentInteraction),
    ];
}
