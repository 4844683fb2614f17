using Makoto.Reporting.Api;
using Makoto.Storage.Segments;

namespace Makoto.Plugins.API;

/// <summary>
/// <c>API.getSegmentsMetadata</c>: the segments the enabled plugins contribute for the sites, built from the
/// segment registry (dimensions before metrics, then by category and name, as Matomo sorts them). Segments
/// that identify a person are listed only for authenticated users.
/// </summary>
internal sealed class SegmentsMetadataApi : IApiModule
{
    public IEnumerable<ApiMethod> Methods()
    {
        yield return new ApiMethod("API", "getSegmentsMetadata", Metadata)
        {
            ParameterNames = ["idSites", "_hideImplementationData", "idSite"],
        };
    }

    private static object Metadata(ApiCall call)
    {
        var idSite = 0;
        var ids = call["idSites"] ?? call["idSite"];
        if (!string.IsNullOrEmpty(ids) && ids != "all" && int.TryParse(ids.Split(',')[0], out var first))
        {
            call.Parameters.Set("idSite", first.ToString(System.Globalization.CultureInfo.InvariantCulture));
            idSite = call.RequireSite().IdSite;
        }

        var hideImplementation = call["_hideImplementationData"] is not ("0" or "false");
        var dimensions = new List<SegmentDimension>();
        foreach (var dimension in call.Segments.Dimensions.For(idSite).Values)
        {
            if (!dimension.RequiresRegisteredUser || !call.Access.IsAnonymous)
            {
                dimensions.Add(dimension);
            }
        }

        dimensions.Sort(static (a, b) =>
        {
            var byKind = a.Kind.CompareTo(b.Kind);
            if (byKind != 0)
            {
                return byKind;
            }

            var byCategory = string.CompareOrdinal(a.Category, b.Category);
            return byCategory != 0 ? byCategory : string.CompareOrdinal(a.Name, b.Name);
        });

        var result = new List<object?>(dimensions.Count);
        foreach (var dimension in dimensions)
        {
            var item = new PlainObject
            {
                ["type"] = dimension.Kind == SegmentKind.Metric ? "metric" : "dimension",
                ["category"] = dimension.Category,
                ["name"] = dimension.Name,
                ["segment"] = dimension.Segment,
            };
            if (dimension.AcceptedValues is { } accepted)
            {
                item["acceptedValues"] = accepted;
            }

            if (!hideImplementation && dimension.SqlSegment is { } sql)
            {
                item["sqlSegment"] = sql;
            }

            if (dimension.UnionOf is { } union)
            {
                item["unionOfSegments"] = new List<object?>(union);
            }

            if (dimension.RequiresRegisteredUser)
            {
                item["permission"] = "1";
            }

            result.Add(item);
        }

        return result;
    }
}
