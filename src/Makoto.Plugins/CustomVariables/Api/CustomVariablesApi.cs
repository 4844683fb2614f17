using Makoto.Archiving;
using Makoto.Core.DataTables;
using Makoto.Plugins.CustomVariables.RecordBuilders;
using Makoto.Reporting.Api;
using Makoto.Reporting.Filters;
using Makoto.Reporting.Metrics;
using Makoto.Reporting.Reports;

namespace Makoto.Plugins.CustomVariables.Api;

/// <summary>
/// CustomVariables.getCustomVariables (names, with their values as subtables) and
/// getCustomVariablesValuesFromNameId (one name's values), as Matomo's plugin-CustomVariables answers them.
/// </summary>
internal sealed class CustomVariablesApi(Archiver archiver) : IApiModule
{
    private const string Module = "CustomVariables";

    public IEnumerable<ApiMethod> Methods()
    {
        yield return new ApiMethod(Module, "getCustomVariables", call =>
        {
            var leaveReserved = call.Parameters.GetBool("_leavePiwikCoreVariables");
            var flat = call.Parameters.GetBool("flat");
            return call.ArchivedTable(archiver, CustomVariablesRecordBuilder.Record, table =>
            {
                Prepare(table);
                if (!leaveReserved)
                {
                    table.Rows.RemoveAll(row => CustomVariablesRecordBuilder.ReservedNames.Contains(row.Label));
                }

                if (flat)
                {
                    foreach (var row in table.Rows)
                    {
                        if (row.Subtable is { } values)
                        {
                            NameEmptyValues(values);
                        }
                    }
                }
            });
        })
        {
            IsReport = true,
            Report = new ReportPresentation
            {
                ProcessedMetrics = CoreMetrics.VisitMetrics,
                Presentation = (table, request) =>
                {
                    if (!request.Flat)
                    {
                        SegmentMetadata.Add(table, "customVariableName");
                    }
                },
            },
            ParameterNames = ["idSite", "period", "date", "segment", "expanded", "_leavePiwikCoreVariables", "flat"],
        };

        yield return new ApiMethod(Module, "getCustomVariablesValuesFromNameId", call =>
        {
            call.Parameters.Require("idSubtable");
            return call.ArchivedTable(archiver, CustomVariablesRecordBuilder.Record, table =>
            {
                Prepare(table);
                foreach (var row in table.Rows)
                {
                    if (row.Subtable is { } values)
                    {
                        NameEmptyValues(values);
                    }
                }
            });
        })
        {
            IsReport = true,
            Report = new ReportPresentation { ProcessedMetrics = CoreMetrics.VisitMetrics },
            ParameterNames = ["idSite", "period", "date", "idSubtable", "segment"],
        };
    }

    /// <summary>
    /// What every answer of the plugin does first: no <c>nb_uniq_visitors</c> anywhere (Matomo deletes the
    /// column), and the archived <c>slots</c> of a name as its metadata: a list of <c>{scope, index}</c>.
    /// </summary>
    private static void Prepare(DataTable table)
    {
        foreach (var row in table.AllRows)
        {
            row.Columns.Remove("nb_uniq_visitors");
            if (row.Columns.Remove(CustomVariablesRecordBuilder.SlotsColumn, out var slots) && slots is OrderedDictionary<string, object?> found)
            {
                var list = new List<object?>();
                foreach (var key in found.Keys)
                {
                    var scope = key.StartsWith("visit", StringComparison.Ordinal) ? "visit" : "page";
                    list.Add(new OrderedDictionary<string, object?>(StringComparer.Ordinal)
                    {
                        ["scope"] = scope,
                        ["index"] = long.Parse(key.AsSpan(scope.Length), System.Globalization.CultureInfo.InvariantCulture),
                    });
                }

                row.Metadata["slots"] = list;
            }

            if (row.Subtable is { } subtable)
            {
                foreach (var child in subtable.AllRows)
                {
                    child.Columns.Remove("nb_uniq_visitors");
                }
            }
        }
    }

    /// <summary>Matomo's CustomVariablesValuesFromNameId filter: "Custom Variable value not defined" for empty values.</summary>
    private static void NameEmptyValues(DataTable values)
    {
        foreach (var row in values.Rows)
        {
            if (row.Label == CustomVariablesRecordBuilder.ValueNotDefined)
            {
                row.Label = "Custom Variable value not defined";
            }
        }
    }
}
