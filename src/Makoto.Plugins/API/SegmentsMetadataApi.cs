using Makoto.Reporting.Api;
using Makoto.Storage.Segments;

namespace Makoto.Plugins.API;

/// <summary>
/// <c>API.getSegmentsMetadata</c>: the segments the enabled plugins contribute for the sites, built from the
/// segment registry (dimensions before metrics, then by category and name, as Matomo sorts them). Segments
/// that identify a person are listed only for authenticated users.
/// </summary>
internal sealed class SegmentsMetadataApi(SegmentSuggestions suggestions) : IApiModule
{
    /// <summary>How far back suggestions look, and how many they are at most (Matomo's <c>$maxSuggestionsToReturn</c>).</summary>
    private const int SuggestionDays = 60;
    private const int SuggestionLimit = 30;

    public IEnumerable<ApiMethod> Methods()
    {
        yield return new ApiMethod("API", "getSegmentsMetadata", Metadata)
        {
            ParameterNames = ["idSites", "_hideImplementationData", "idSite"],
        };
        yield return new ApiMethod("API", "getSuggestedValuesForSegment", Suggested)
        {
            ParameterNames = ["segmentName", "idSite"],
        };
    }

    /// <summary>The values a segment suggests without data (enumerations, ranges), else its most frequent values of the last 60 days.</summary>
    private object Suggested(ApiCall call)
    {
        var site = call.RequireSite();
        var name = call.Parameters.Require("segmentName");
        if (!call.Segments.Dimensions.For(site.IdSite).TryGetValue(name, out var dimension))
        {
            throw new ApiException($"Requested segment {name} not found.");
        }

        if (dimension.RequiresRegisteredUser && call.Access.IsAnonymous)
        {
            throw new ApiException($"You do not have enough permission to access the segment {name}");
        }

        var now = call.Clock.GetUtcNow().UtcDateTime;
        var values = suggestions.For(dimension, site.IdSite, now, now.AddDays(-SuggestionDays), SuggestionLimit);
        var result = new List<object?>(values.Count);
        foreach (var value in values)
        {
            result.Add(value);
        }

        return result;
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
