using Makoto.Storage.Segments;
using Makoto.Tracking.Pipeline;
using static Makoto.Storage.Segments.SegmentFactory;

namespace Makoto.Plugins.Events;

/// <summary>The segments of events: a visit matches when one of its events does.</summary>
internal static class EventsSegments
{
    private const string Events = "Events";

    public static SegmentDimension[] All { get; } =
    [
        ActionName(SegmentScope.Action, "eventCategory", "Event Category", Events, "idaction_event_category", LogActionType.EventCategory),
        ActionName(SegmentScope.Action, "eventAction", "Event Action", Events, "idaction_event_action", LogActionType.EventAction),
        ActionName(SegmentScope.Action, "eventName", "Event Name", Events, "idaction_name", LogActionType.EventName),
        Column(SegmentScope.Action, "eventValue", "Event Value", Events, "custom_float", SegmentValueType.Number, kind: SegmentKind.Metric),
    ];
}
