using Makoto.Storage.Segments;
using static Makoto.Storage.Segments.SegmentFactory;

namespace Makoto.Plugins.UserLanguage;

/// <summary>The segment of the browser's language.</summary>
internal static class UserLanguageSegments
{
    public static SegmentDimension[] All { get; } =
    [
        Column(SegmentScope.Visit, "languageCode", "Language code", "Visitor settings", "location_browser_lang"),
    ];
}
