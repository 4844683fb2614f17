using Makoto.Archiving;
using Makoto.Core.DataTables;
using Makoto.Core.Periods;
using Makoto.Core.Sites;
using Makoto.Reporting.Api;

namespace Makoto.Reporting.Reports;

/// <summary>Answers report methods from archived tables.</summary>
public static class ArchivedReports
{
    /// <summary>The archive of the site and period for the call's segment (built on its first request).</summary>
    public static ArchiveRecords Records(this ApiCall call, Archiver archiver, Site site, Period period) =>
        archiver.GetRecords(site, period, call.Segment);

    /// <summary>
    /// The archived table <paramref name="record"/> for each requested site and period (a map when there
    /// are several), each a copy that <paramref name="present"/> and the generic filters may change. A
    /// period without data gives an empty table.
    /// </summary>
    public static object ArchivedTable(this ApiCall call, Archiver archiver, string record, Action<DataTable>? present = null) =>
        call.ForEachSiteAndPeriod((site, period) =>
        {
            var table = call.Records(archiver, site, period).GetTable(record)?.Clone() ?? new DataTable();
            present?.Invoke(table);
            return table;
        });
}
