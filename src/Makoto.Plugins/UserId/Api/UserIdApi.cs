using Makoto.Archiving;
using Makoto.Reporting.Api;
using Makoto.Reporting.Filters;
using Makoto.Reporting.Reports;
using Makoto.Plugins.UserId.RecordBuilders;

namespace Makoto.Plugins.UserId.Api;

/// <summary>
/// UserId.getUsers (reporting-api.md §7): one row per User ID with the visit metrics, the visitor id
/// (<c>idvisitor</c>) and the segment <c>userId==…</c>, most visits first.
/// </summary>
internal sealed class UserIdApi(Archiver archiver) : IApiModule
{
    public IEnumerable<ApiMethod> Methods()
    {
        yield return new ApiMethod("UserId", "getUsers", call => call.ArchivedTable(archiver, UserIdRecordBuilder.UsersRecord))
        {
            IsReport = true,
            Report = new ReportPresentation
            {
                // Matomo does not flatten the users report (it has no subtables to flatten).
                SupportsFlatten = false,
                Presentation = (table, _) => SegmentMetadata.Add(table, "userId"),
            },
            ParameterNames = ["idSite", "period", "date", "segment"],
        };
    }
}
