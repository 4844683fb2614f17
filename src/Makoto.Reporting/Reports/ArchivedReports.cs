using Makoto.Archiving;
using Makoto.Core.DataTables;
using Makoto.Reporting.Api;

namespace Makoto.Reporting.Reports;

/// <summary>Answers report methods from archived tables.</summary>
public static class ArchivedReports
{
    /// <summary>
    /// The archived table <paramref name="record"/> for each requested site and period (a map when there
    /// are several), each a copy that <paramref name="present"/> and the generic filters may change. A
    /// period without data gives an empty table.
    /// </summary>
    public static object ArchivedTable(this ApiCall call, Archiver archiver, string record, Action<DataTable>? present = null) =>
        call.ForEachSiteAndPeriod((site, period) =>
        {
            var table = archiver.GetRecords(site, period).GetTable(record)?.Clone() ?? new DataTable();
            present?.Invoke(table);
            return table;
        });
}
