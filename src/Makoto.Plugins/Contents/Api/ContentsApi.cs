using Makoto.Archiving;
using Makoto.Plugins.Contents.RecordBuilders;
using Makoto.Reporting.Api;
using Makoto.Reporting.Filters;
using Makoto.Reporting.Metrics;
using Makoto.Reporting.Reports;

namespace Makoto.Plugins.Contents.Api;

/// <summary>Contents.getContentNames and getContentPieces, each with the other dimension as subtables (reporting-api.md §7).</summary>
internal sealed class ContentsApi(Archiver archiver) : IApiModule
{
    private const string Module = "Contents";

    /// <summary><c>nb_interactions / nb_impressions</c>, a percent with two decimals.</summary>
    private static readonly ProcessedMetric s_interactionRate =
        ProcessedMetric.Quotient("interaction_rate", "nb_interactions", "nb_impressions", 4, MetricType.Percent);

    /// <summary>The content metrics: impressions, interactions and their ratio.</summary>
    public static MetricDefinitionSet Definitions { get; } = new(
    [
        new("nb_impressions", "Impressions", Documentation: "The number of times a content block, such as a banner or an ad, was displayed on a page."),
        new("nb_interactions", "Content Interactions", Documentation: "The number of times a content block was interacted with (eg, a 'click' on a banner or ad)."),
        new("interaction_rate", "Interaction Rate", MetricType.Percent, "The ratio of content impressions to interactions."),
    ]);

    public IEnumerable<ApiMethod> Methods()
    {
        string[] parameters = ["idSite", "period", "date", "segment", "idSubtable"];
        yield return new ApiMethod(Module, "getContentNames", call => call.ArchivedTable(archiver, ContentsRecordBuilder.NamePiece))
        {
            IsReport = true,
            Report = Presentation("contentName", "Contents_ContentName", "Contents_ContentPiece"),
            ParameterNames = parameters,
            Metadata = Metadata("Content Name", "getContentNames", order: 1, "This report shows the names of the content your visitors viewed and interacted with."),
        };
        yield return new ApiMethod(Module, "getContentPieces", call => call.ArchivedTable(archiver, ContentsRecordBuilder.PieceName))
        {
            IsReport = true,
            Report = Presentation("contentPiece", "Contents_ContentPiece", "Contents_ContentName"),
            ParameterNames = parameters,
            Metadata = Metadata("Content Piece", "getContentPieces", order: 2, "This report shows the pieces of content your visitors viewed and interacted with."),
        };
    }

    private static ReportMetadata Metadata(string name, string action, int order, string documentation) => new()
    {
        Category = ReportCategories.Actions,
        Subcategory = ReportCategories.Contents,
        Name = name,
        Dimension = name,
        Documentation = documentation,
        OnlineGuideUrl = "https://matomo.org/docs/content-tracking/",
        Metrics = ["nb_impressions", "nb_interactions"],
        ProcessedMetrics = ["interaction_rate"],
        ActionToLoadSubTables = action,
        Order = order,
    };

    /// <summary>
    /// Matomo's Contents reports: sorted by visits, <c>interaction_rate</c>, top-level rows segmented by
    /// their label (not content without a piece), and "Content Piece not defined" for it.
    /// </summary>
    private static ReportPresentation Presentation(string segment, string dimension, string subtableDimension) => new()
    {
        ProcessedMetrics = [s_interactionRate],
        Dimension = dimension,
        SubtableDimension = subtableDimension,
        Presentation = (table, request) =>
        {
            if (request.IdSubtable is null && !request.Flat)
            {
                SegmentMetadata.Add(table, segment, label => label == ContentsRecordBuilder.PieceNotSet ? null : label);
            }

            foreach (var row in table.Rows)
            {
                if (row.Label is { } label && label.Contains(ContentsRecordBuilder.PieceNotSet, StringComparison.Ordinal))
                {
                    row.Label = label.Replace(ContentsRecordBuilder.PieceNotSet, "Content Piece not defined", StringComparison.Ordinal);
                }
            }
        },
    };
}
