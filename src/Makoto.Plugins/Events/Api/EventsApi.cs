using Makoto.Archiving;
using Makoto.Core.DataTables;
using Makoto.Plugins.Events.RecordBuilders;
using Makoto.Reporting.Api;
using Makoto.Reporting.Reports;

namespace Makoto.Plugins.Events.Api;

/// <summary>
/// Events.getCategory, getAction and getName (with <c>secondaryDimension</c> choosing the subtables) and
/// the six subtable methods getXFromYId (reporting-api.md §7).
/// </summary>
internal sealed class EventsApi(Archiver archiver) : IApiModule
{
    private const string Module = "Events";

    /// <summary>The top-level reports: their segment, and their records by secondary dimension (the default first).</summary>
    private static readonly (string Action, string Segment, (string Secondary, string Record)[] Records)[] s_reports =
    [
        ("getCategory", "eventCategory", [("eventAction", EventsRecordBuilder.CategoryAction), ("eventName", EventsRecordBuilder.CategoryName)]),
        ("getAction", "eventAction", [("eventName", EventsRecordBuilder.ActionName), ("eventCategory", EventsRecordBuilder.ActionCategory)]),
        ("getName", "eventName", [("eventAction", EventsRecordBuilder.NameAction), ("eventCategory", EventsRecordBuilder.NameCategory)]),
    ];

    /// <summary>The subtable reports: the record whose subtables they read, and the segment of their rows.</summary>
    private static readonly (string Action, string Segment, string Record)[] s_subtableReports =
    [
        ("getActionFromCategoryId", "eventAction", EventsRecordBuilder.CategoryAction),
        ("getNameFromCategoryId", "eventName", EventsRecordBuilder.CategoryName),
        ("getCategoryFromActionId", "eventCategory", EventsRecordBuilder.ActionCategory),
        ("getNameFromActionId", "eventName", EventsRecordBuilder.ActionName),
        ("getActionFromNameId", "eventAction", EventsRecordBuilder.NameAction),
        ("getCategoryFromNameId", "eventCategory", EventsRecordBuilder.NameCategory),
    ];

    public IEnumerable<ApiMethod> Methods()
    {
        foreach (var (action, segment, records) in s_reports)
        {
            yield return new ApiMethod(Module, action, call => call.ArchivedTable(archiver, Record(action, records, call["secondaryDimension"]), table => Present(table, segment)))
            {
                IsReport = true,
                ParameterNames = ["idSite", "period", "date", "segment", "expanded", "secondaryDimension", "flat"],
            };
        }

        foreach (var (action, segment, record) in s_subtableReports)
        {
            yield return new ApiMethod(Module, action, call =>
            {
                var idSubtable = call.Parameters.GetInt("idSubtable") ?? throw new ApiException("Please specify a value for 'idSubtable'.");
                return call.ArchivedTable(archiver, record, table =>
                {
                    var subtable = table.FindSubtable(idSubtable);
                    table.Rows.Clear();
                    table.SummaryRow = null;
                    if (subtable is not null)
                    {
                        table.Rows.AddRange(subtable.Rows);
                        table.SummaryRow = subtable.SummaryRow;
                    }

                    Present(table, segment);
                });
            })
            {
                IsReport = true,
                ParameterNames = ["idSite", "period", "date", "idSubtable", "segment"],
            };
        }
    }

    /// <summary>The record of a report for a secondary dimension, with Matomo's error for one the report does not have.</summary>
    private static string Record(string action, (string Secondary, string Record)[] records, string? secondary)
    {
        if (string.IsNullOrEmpty(secondary))
        {
            return records[0].Record;
        }

        foreach (var (name, record) in records)
        {
            if (name == secondary)
            {
                return record;
            }
        }

        throw new ApiException(
            $"Secondary dimension '{secondary}' is not valid for the API {action}. Use one of: {string.Join(", ", records.Select(r => r.Secondary))}");
    }

    /// <summary>Segments by label (none for events without a name), then the label of events without a name.</summary>
    private static void Present(DataTable table, string segment)
    {
        SegmentMetadata.Add(table, segment, label => label == EventsRecordBuilder.NameNotSet ? null : label);
        if (table.FindRow(EventsRecordBuilder.NameNotSet) is { } row)
        {
            row.Label = "Event Name not defined";
        }
    }
}
