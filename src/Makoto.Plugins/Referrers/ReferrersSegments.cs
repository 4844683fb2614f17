using Makoto.Core.Segments;
using Makoto.Storage.Segments;
using static Makoto.Storage.Segments.SegmentFactory;

namespace Makoto.Plugins.Referrers;

/// <summary>The segments of the visit's referrer: its type (by short name), name, keyword and URL.</summary>
internal static class ReferrersSegments
{
    private const string Acquisition = "Acquisition";

    private static readonly Dictionary<string, int> s_types = new(StringComparer.Ordinal)
    {
        ["direct"] = ReferrerType.Direct,
        ["search"] = ReferrerType.SearchEngine,
        ["website"] = ReferrerType.Website,
        ["campaign"] = ReferrerType.Campaign,
        ["social"] = ReferrerType.Social,
    };

    public static SegmentDimension[] All { get; } =
    [
        Column(SegmentScope.Visit, "referrerType", "Channel Type", Acquisition, "referer_type", SegmentValueType.Number, ReferrerTypeOf)
            with { AcceptedValues = "direct, search, website, campaign, social", SuggestedValues = Fixed("direct", "website", "search", "social", "campaign") },
        Column(SegmentScope.Visit, "referrerName", "Referrer Name", Acquisition, "referer_name"),
        Column(SegmentScope.Visit, "referrerKeyword", "Keyword", Acquisition, "referer_keyword"),
        Column(SegmentScope.Visit, "referrerUrl", "Referrer URL", Acquisition, "referer_url"),
    ];

    /// <summary>A referrer type's short name (or its number) as stored; another name is an error, as in Matomo.</summary>
    private static object ReferrerTypeOf(string value)
    {
        if (s_types.TryGetValue(value, out var type))
        {
            return (long)type;
        }

        foreach (var known in s_types.Values)
        {
            if (value == known.ToString(System.Globalization.CultureInfo.InvariantCulture))
            {
                return (long)known;
            }
        }

        throw new SegmentException($"Referrer type '{value}' is not valid.");
    }
}
