using System.Globalization;
using Makoto.Storage.CustomDimensions;
using Makoto.Storage.Segments;
using static Makoto.Storage.Segments.SegmentFactory;

namespace Makoto.Plugins.CustomDimensions;

/// <summary>
/// One segment per active custom dimension of the site, named as its tracking parameter
/// (<c>dimension</c> + id): visit dimensions read their <c>log_visit</c> slot, action dimensions their
/// <c>log_link_visit_action</c> slot (a visit matches when one of its actions does).
/// </summary>
internal sealed class CustomDimensionSegments(CustomDimensionStore store) : ISegmentDimensionSource
{
    public IEnumerable<SegmentDimension> Dimensions(int idSite)
    {
        foreach (var dimension in store.ForSite(idSite))
        {
            if (!dimension.Active)
            {
                continue;
            }

            var isVisit = dimension.Scope == "visit";
            yield return Column(
                isVisit ? SegmentScope.Visit : SegmentScope.Action,
                "dimension" + dimension.IdCustomDimension.ToString(CultureInfo.InvariantCulture),
                dimension.Name,
                isVisit ? "Visitors" : "Behaviour",
                "custom_dimension_" + dimension.Index.ToString(CultureInfo.InvariantCulture));
        }
    }
}
