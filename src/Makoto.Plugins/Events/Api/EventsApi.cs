using Makoto.Archiving;
using Makoto.Core.DataTables;
using Makoto.Plugins.Events.RecordBuilders;
using Makoto.Reporting.Api;
using Makoto.Reporting.Filters;
using Makoto.Reporting.Metrics;
using Makoto.Reporting.Reports;

namespace Makoto.Plugins.Events.Api;

/// <summary>
/// Events.getCategory, getAction and getName (with <c>secondaryDimension</c> choosing the subtables) and
/// the six subtable methods getXFromYId (reporting-api.md §7).
/// </summary>
internal sealed class EventsApi(Archiver archiver) : IApiModule
{
    private const string Module = "Events";
    private const string NameNotDefined = "Event Name not defined";

    /// <summary><c>sum_event_value / nb_events_with_value</c>, two decimals.</summary>
    private static readonly ProcessedMetric s_averageValue = ProcessedMetric.Quotient("avg_event_value", "sum_event_value", "nb_events_with_value", 2);

    private const string EventsGuide = "https://matomo.org/docs/event-tracking/";
    private const string SecondaryDimensionHint =
        " You can change which is shown by changing the secondary dimension with the link at the bottom of the report.";

    /// <summary>The event metrics: count, value sum, minimum and maximum, events with a value, average value.</summary>
    public static MetricDefinitionSet Definitions { get; } = new(
    [
        new("nb_events", "Events", Documentation: "Total number of events"),
        new("sum_event_value", "Event value", Documentation: "The sum of event values"),
        new("min_event_value", "Minimum Event value", Documentation: "The minimum value for this event"),
        new("max_event_value", "Maximum Event value", Documentation: "The maximum value for this event"),
        new("nb_events_with_value", "Events with a value", Documentation: "Number of events where an Event value was set"),
        new("avg_event_value", "The average of all values for this event", Documentation: "The average of all values for this event"),
    ]);

    /// <summary>The report metadata of each top-level report and of each subtable report.</summary>
    private static readonly Dictionary<string, ReportMetadata> s_metadata = new(StringComparer.Ordinal)
    {
        ["getCategory"] = EventReport("Event Categories", Dimension.Category, order: 1, "getActionFromCategoryId", Dimension.Action,
            "This report shows the categories of each tracked event and how many times they occurred. You can view the event actions and names that were tracked along with each event category in each row's subtable." + SecondaryDimensionHint),
        ["getAction"] = EventReport("Event Actions", Dimension.Action, order: 2, "getNameFromActionId", Dimension.Name,
            "This report shows you the number of times each event action occurred. You can view the event categories and names that were tracked along with each event action in the row's subtable." + SecondaryDimensionHint),
        ["getName"] = EventReport("Event Names", Dimension.Name, order: 3, "getActionFromNameId", Dimension.Action,
            "This report shows you the names associated with each tracked event and how many times they occurred. You can view the event actions and categories that were tracked along with each event name in each row's subtable." + SecondaryDimensionHint),
    };

    /// <summary>The top-level reports: their dimension, and their records by secondary dimension (the default first).</summary>
    private static readonly (string Action, Dimension Dimension, (Dimension Secondary, string Record)[] Records)[] s_reports =
    [
        ("getCategory", Dimension.Category, [(Dimension.Action, EventsRecordBuilder.CategoryAction), (Dimension.Name, EventsRecordBuilder.CategoryName)]),
        ("getAction", Dimension.Action, [(Dimension.Name, EventsRecordBuilder.ActionName), (Dimension.Category, EventsRecordBuilder.ActionCategory)]),
        ("getName", Dimension.Name, [(Dimension.Action, EventsRecordBuilder.NameAction), (Dimension.Category, EventsRecordBuilder.NameCategory)]),
    ];

    /// <summary>The subtable reports: the dimension of their rows and the record whose subtables they read.</summary>
    private static readonly (string Action, Dimension Dimension, string Record)[] s_subtableReports =
    [
        ("getActionFromCategoryId", Dimension.Action, EventsRecordBuilder.CategoryAction),
        ("getNameFromCategoryId", Dimension.Name, EventsRecordBuilder.CategoryName),
        ("getCategoryFromActionId", Dimension.Category, EventsRecordBuilder.ActionCategory),
        ("getNameFromActionId", Dimension.Name, EventsRecordBuilder.ActionName),
        ("getActionFromNameId", Dimension.Action, EventsRecordBuilder.NameAction),
        ("getCategoryFromNameId", Dimension.Category, EventsRecordBuilder.NameCategory),
    ];

    public IEnumerable<ApiMethod> Methods()
    {
        foreach (var (action, dimension, records) in s_reports)
        {
            yield return new ApiMethod(Module, action, call => call.ArchivedTable(archiver, Record(action, records, call["secondaryDimension"])))
            {
                IsReport = true,
                Report = Presentation(dimension, records[0].Secondary),
                ParameterNames = ["idSite", "period", "date", "segment", "expanded", "secondaryDimension", "flat"],
                Metadata = s_metadata[action],
            };
        }

        foreach (var (action, dimension, record) in s_subtableReports)
        {
            yield return new ApiMethod(Module, action, call =>
            {
                call.Parameters.Require("idSubtable");
                return call.ArchivedTable(archiver, record);
            })
            {
                IsReport = true,
                Report = Presentation(dimension, null),
                ParameterNames = ["idSite", "period", "date", "idSubtable", "segment"],
                Metadata = EventReport(DimensionName(dimension) + "s", dimension, order: 4, null, null, null) with { IsSubtableReport = true },
            };
        }
    }

    private enum Dimension
    {
        Category,
        Action,
        Name,
    }

    private static string DimensionName(Dimension dimension) => dimension switch
    {
        Dimension.Category => "Event Category",
        Dimension.Action => "Event Action",
        _ => "Event Name",
    };

    private static ReportMetadata EventReport(
        string name, Dimension dimension, int order, string? subtableAction, Dimension? subtableDimension, string? documentation) => new()
    {
        Category = ReportCategories.Actions,
        Subcategory = ReportCategories.Events,
        Name = name,
        Dimension = DimensionName(dimension),
        Documentation = documentation,
        OnlineGuideUrl = EventsGuide,
        Dimensions = subtableDimension is { } secondary
            ? [new(DimensionId(dimension), DimensionName(dimension)), new(DimensionId(secondary), DimensionName(secondary))]
            : [],
        Metrics = ["nb_events", "sum_event_value", "min_event_value", "max_event_value", "nb_events_with_value"],
        ProcessedMetrics = ["avg_event_value"],
        ActionToLoadSubTables = subtableAction,
        Order = order,
    };

    /// <summary>
    /// Matomo's Events reports: sorted by visits, <c>avg_event_value</c>, rows segmented by their label
    /// (none for events without a name, nor with <c>flat=1</c>), and "Event Name not defined" for them.
    /// </summary>
    private static ReportPresentation Presentation(Dimension dimension, Dimension? secondary) => new()
    {
        ProcessedMetrics = [s_averageValue],
        Dimension = DimensionId(dimension),
        SubtableDimension = secondary is { } sub ? DimensionId(sub) : null,
        Presentation = (table, request) =>
        {
            if (request.Flat)
            {
                ReplaceNameNotSetInFlatRows(table);
                return;
            }

            SegmentMetadata.Add(table, SegmentName(dimension), label => label == EventsRecordBuilder.NameNotSet ? null : label);
            if (table.FindRow(EventsRecordBuilder.NameNotSet) is { } row)
            {
                row.Label = NameNotDefined;
            }
        },
    };

    /// <summary>With <c>flat=1</c>, events without a name appear inside the joined labels and in the dimension metadata.</summary>
    private static void ReplaceNameNotSetInFlatRows(DataTable table)
    {
        foreach (var row in table.Rows)
        {
            if (row.Label is { } label && label.Contains(EventsRecordBuilder.NameNotSet, StringComparison.Ordinal))
            {
                row.Label = label.Replace(EventsRecordBuilder.NameNotSet, NameNotDefined, StringComparison.Ordinal);
            }

            foreach (var key in row.Metadata.Keys.ToList())
            {
                if (row.Metadata[key] is EventsRecordBuilder.NameNotSet)
                {
                    row.Metadata[key] = NameNotDefined;
                }
            }
        }
    }

    /// <summary>The record of a report for a secondary dimension, with Matomo's error for one the report does not have.</summary>
    private static string Record(string action, (Dimension Secondary, string Record)[] records, string? secondary)
    {
        if (string.IsNullOrEmpty(secondary))
        {
            return records[0].Record;
        }

        foreach (var (dimension, record) in records)
        {
            if (SegmentName(dimension) == secondary)
            {
                return record;
            }
        }

        throw new ApiException(
            $"Secondary dimension '{secondary}' is not valid for the API {action}. Use one of: {string.Join(", ", records.Select(r => SegmentName(r.Secondary)))}");
    }

    /// <summary>The segment (and secondary dimension) name: <c>eventCategory</c>, <c>eventAction</c>, <c>eventName</c>.</summary>
    private static string SegmentName(Dimension dimension) => dimension switch
    {
        Dimension.Category => "eventCategory",
        Dimension.Action => "eventAction",
        _ => "eventName",
    };

    /// <summary>The metadata name <c>flat=1</c> gives a dimension's labels: Matomo's dimension id.</summary>
    private static string DimensionId(Dimension dimension) => dimension switch
    {
        Dimension.Category => "Events_EventCategory",
        Dimension.Action => "Events_EventAction",
        _ => "Events_EventName",
    };
}
