using System.Globalization;
using Makoto.Archiving;
using Makoto.Core.DataTables;
using Makoto.Core.Sites;
using Makoto.Plugins.Actions.RecordBuilders;
using Makoto.Reporting.Api;
using Makoto.Reporting.Reports;
using Makoto.Reporting.Filters;
using Makoto.Storage.Goals;
using Makoto.Tracking.Pipeline;
using Makoto.Tracking.Urls;

namespace Makoto.Plugins.Actions.Api;

/// <summary>
/// The Actions API (reporting-api.md §5.3, §7): Actions.get, the page URL and page title reports and
/// their entry, exit and following-search variants, downloads, outlinks, site search keywords and
/// categories, and the single-row lookups getPageUrl, getPageTitle, getDownload and getOutlink.
/// </summary>
internal sealed class ActionsApi(Archiver archiver, UrlNormalizer urls, GoalStore goals) : IApiModule
{
    private const string Module = "Actions";

    public IEnumerable<ApiMethod> Methods()
    {
        string[] common = ["idSite", "period", "date", "segment"];
        string[] tree = [.. common, "expanded", "idSubtable", "flat"];
        yield return new ApiMethod(Module, "get", Get)
        {
            IsReport = true,
            Report = new ReportPresentation { ColumnsParameter = true },
            ParameterNames = [.. common, "columns"],
            Metadata = ActionsReportMetadata.Get,
        };

        yield return Report("getPageUrls", [.. tree, "depth"], ActionsMetrics.Pages("Actions_PageUrl", urls: true), call => Pages(call, ActionsRecords.PageUrls, "pageUrl", PageRows.All), ActionsReportMetadata.PageUrls);
        yield return Report("getEntryPageUrls", tree, ActionsMetrics.Pages("Actions_EntryPageUrl", urls: true), call => Pages(call, ActionsRecords.PageUrls, "entryPageUrl", PageRows.Entry), ActionsReportMetadata.EntryPageUrls);
        yield return Report("getExitPageUrls", tree, ActionsMetrics.Pages("Actions_ExitPageUrl", urls: true), call => Pages(call, ActionsRecords.PageUrls, "exitPageUrl", PageRows.Exit), ActionsReportMetadata.ExitPageUrls);
        yield return Report("getPageUrlsFollowingSiteSearch", tree, ActionsMetrics.Pages("Actions_DestinationPage", urls: true), call => Pages(call, ActionsRecords.PageUrls, null, PageRows.FollowingSearch), ActionsReportMetadata.PageUrlsFollowingSiteSearch);
        yield return Report("getPageTitles", tree, ActionsMetrics.Pages("Actions_PageTitle", urls: false), call => Pages(call, ActionsRecords.PageTitles, "pageTitle", PageRows.All), ActionsReportMetadata.PageTitles);
        yield return Report("getEntryPageTitles", tree, ActionsMetrics.Pages("Actions_EntryPageTitle", urls: false), call => Pages(call, ActionsRecords.PageTitles, "entryPageTitle", PageRows.Entry), ActionsReportMetadata.EntryPageTitles);
        yield return Report("getExitPageTitles", tree, ActionsMetrics.Pages("Actions_ExitPageTitle", urls: false), call => Pages(call, ActionsRecords.PageTitles, "exitPageTitle", PageRows.Exit), ActionsReportMetadata.ExitPageTitles);
        yield return Report("getPageTitlesFollowingSiteSearch", tree, ActionsMetrics.Pages("Actions_PageTitle", urls: false), call => Pages(call, ActionsRecords.PageTitles, null, PageRows.FollowingSearch), ActionsReportMetadata.PageTitlesFollowingSiteSearch);
        yield return Report("getDownloads", tree, ActionsMetrics.Links("Actions_DownloadUrl"), call => Links(call, ActionsRecords.Downloads, "downloadUrl"), ActionsReportMetadata.Downloads);
        yield return Report("getOutlinks", tree, ActionsMetrics.Links("Actions_ClickedUrl"), call => Links(call, ActionsRecords.Outlinks, "outlinkUrl"), ActionsReportMetadata.Outlinks);
        yield return Report("getSiteSearchKeywords", common, ActionsMetrics.Keywords, call => Keywords(call, noResultOnly: false), ActionsReportMetadata.SiteSearchKeywords);
        yield return Report("getSiteSearchNoResultKeywords", common, ActionsMetrics.Keywords, call => Keywords(call, noResultOnly: true), ActionsReportMetadata.SiteSearchNoResultKeywords);
        yield return Report("getSiteSearchCategories", common, ActionsMetrics.Categories, Categories, ActionsReportMetadata.SiteSearchCategories);

        yield return Report("getPageUrl", ["pageUrl", .. common], ActionsMetrics.Pages("Actions_PageUrl", urls: true), call => Lookup(call, "pageUrl", ActionsRecords.PageUrls, LogActionType.PageUrl));
        yield return Report("getPageTitle", ["pageName", .. common], ActionsMetrics.Pages("Actions_PageTitle", urls: false), call => Lookup(call, "pageName", ActionsRecords.PageTitles, LogActionType.PageTitle));
        yield return Report("getDownload", ["downloadUrl", .. common], ActionsMetrics.Links("Actions_DownloadUrl"), call => Lookup(call, "downloadUrl", ActionsRecords.Downloads, LogActionType.DownloadUrl));
        yield return Report("getOutlink", ["outlinkUrl", .. common], ActionsMetrics.Links("Actions_ClickedUrl"), call => Lookup(call, "outlinkUrl", ActionsRecords.Outlinks, LogActionType.OutlinkUrl));
    }

    private static ApiMethod Report(string action, string[] parameters, ReportPresentation report, ApiHandler handler, ReportMetadata? metadata = null) =>
        new(Module, action, handler) { IsReport = true, Report = report, ParameterNames = parameters, Metadata = metadata };

    /// <summary>Actions.get: the totals of the day or period (the pipeline applies <c>columns</c>).</summary>
    private object Get(ApiCall call) =>
        call.ForEachSiteAndPeriod((site, period) =>
        {
            var records = call.Records(archiver, site, period);
            if (records.GetNumeric(ActionsRecords.Pageviews) is null)
            {
                return new DataTable(isSimple: true);
            }

            var values = new List<KeyValuePair<string, object?>>();
            foreach (var (record, metric) in ActionsRecords.Metrics)
            {
                values.Add(new(metric, records.GetNumeric(record) ?? 0));
            }

            return DataTable.Simple(values);
        });

    private object Pages(ApiCall call, string record, string? leafSegment, PageRows rows)
    {
        var subtables = ShowsSubtables(call);
        return call.ForEachSiteAndPeriod((site, period) =>
        {
            var records = call.Records(archiver, site, period);
            PageGoalRates.Prepare(records, site, period, goals);
            var table = Copy(records.GetTable(record), subtables);
            if (record == ActionsRecords.PageUrls)
            {
                ActionSegments.PageUrls(table, site.MainUrl, leafSegment, subtables);
            }
            else
            {
                ActionSegments.PageTitles(table, leafSegment, subtables);
            }

            var shown = Requested(call, table);
            PageGoalRates.Compute(shown, records);
            KeepRows(shown, rows);
            PagePerformanceColumns.RemoveEmpty(table, shown, subtables);
            if (subtables)
            {
                LimitDepth(call, table);
            }

            return table;
        });
    }

    private object Links(ApiCall call, string record, string leafSegment)
    {
        var subtables = ShowsSubtables(call);
        return call.ForEachSiteAndPeriod((site, period) =>
        {
            var table = Copy(call.Records(archiver, site, period).GetTable(record), subtables);
            ActionSegments.Links(table, leafSegment, subtables);
            return table;
        });
    }

    private object Keywords(ApiCall call, bool noResultOnly) =>
        call.ForEachSiteAndPeriod((site, period) =>
        {
            var table = call.Records(archiver, site, period).GetTable(ActionsRecords.SiteSearch)?.Clone() ?? new DataTable();
            if (noResultOnly)
            {
                // A keyword stays when none of its searches had a result (summed over the days of a period).
                table.Rows.RemoveAll(row => row.GetNumber(ActionColumns.SearchHasNoResult) < 1);
                table.SummaryRow = null;
            }

            foreach (var row in table.AllRows)
            {
                row.Columns.Remove(ActionColumns.SearchHasNoResult);
            }

            ActionSegments.ByLabel(table, "siteSearchKeyword");
            return table;
        });

    private object Categories(ApiCall call) =>
        call.ForEachSiteAndPeriod((site, period) =>
        {
            var table = call.Records(archiver, site, period).GetTable(ActionsRecords.SiteSearchCategories)?.Clone() ?? new DataTable();
            foreach (var row in table.AllRows)
            {
                row.Columns.Remove(ActionColumns.UniqueVisitors);
            }

            ActionSegments.ByLabel(table, "siteSearchCategory");
            return table;
        });

    /// <summary>
    /// getPageUrl, getPageTitle, getDownload, getOutlink: the one row of the report at the place the
    /// requested URL or title has in the hierarchy (found level by level), or no row.
    /// </summary>
    private object Lookup(ApiCall call, string parameter, string record, int type)
    {
        var searched = call[parameter];
        if (string.IsNullOrEmpty(searched))
        {
            throw new ApiException($"Please specify a value for '{parameter}'.");
        }

        return call.ForEachSiteAndPeriod((site, period) =>
        {
            var records = call.Records(archiver, site, period);
            if (type is LogActionType.PageUrl or LogActionType.PageTitle)
            {
                PageGoalRates.Prepare(records, site, period, goals);
            }

            var table = records.GetTable(record)?.Clone() ?? new DataTable();
            var path = ActionLabels.Path(Searched(searched, type, site), type, urlPrefix: null);
            var found = new DataTable();
            if (Find(table, path) is { } row)
            {
                row.Subtable = null;
                row.IdSubtable = null;
                found.Rows.Add(row);
            }

            switch (type)
            {
                case LogActionType.PageUrl:
                    ActionSegments.PageUrls(found, site.MainUrl, "pageUrl");
                    break;
                case LogActionType.PageTitle:
                    ActionSegments.PageTitles(found, "pageTitle");
                    break;
                default:
                    ActionSegments.Links(found, type == LogActionType.DownloadUrl ? "downloadUrl" : "outlinkUrl");
                    break;
            }

            if (type is LogActionType.PageUrl or LogActionType.PageTitle)
            {
                PageGoalRates.Compute(found, records);
                PagePerformanceColumns.RemoveEmpty(found, found, subtables: false);
            }

            return found;
        });
    }

    /// <summary>The searched text as the tracker stored it: page URLs without their excluded query parameters.</summary>
    private string Searched(string searched, int type, Site site)
    {
        if (type != LogActionType.PageUrl)
        {
            return searched;
        }

        var normalized = urls.Normalize(searched, site);
        return normalized.Length > 0 ? normalized : searched;
    }

    private static DataRow? Find(DataTable table, string[] path)
    {
        var current = table;
        for (var level = 0; level < path.Length; level++)
        {
            if (current.FindRow(path[level]) is not { } row)
            {
                return null;
            }

            if (level == path.Length - 1)
            {
                return row;
            }

            if (row.Subtable is not { } subtable)
            {
                return null;
            }

            current = subtable;
        }

        return null;
    }

    /// <summary>
    /// True when rows of subtables can be part of the answer: they are then copied and given their
    /// metadata; otherwise the answer's rows keep the archive's subtables untouched.
    /// </summary>
    private static bool ShowsSubtables(ApiCall call)
    {
        var request = ReportRequest.Parse(call.Parameters);
        return request.IdSubtable is not null || request.Expanded || request.Flat || request.Labels.Count > 0 || request.RecursivePattern is not null;
    }

    /// <summary>The answer's copy of an archived table: all of it, or its top rows over the archive's subtables.</summary>
    private static DataTable Copy(DataTable? archived, bool subtables) =>
        archived is null ? new DataTable() : subtables ? archived.Clone() : archived.CloneKeepingSubtables();

    /// <summary>The table whose rows the answer shows: the archived table, or the subtable of <c>idSubtable</c>.</summary>
    private static DataTable Requested(ApiCall call, DataTable table) =>
        int.TryParse(call["idSubtable"], NumberStyles.None, CultureInfo.InvariantCulture, out var id) && table.FindSubtable(id) is { } subtable
            ? subtable
            : table;

    /// <summary>The entry, exit and following-search reports keep the rows that have such visits or hits.</summary>
    private static void KeepRows(DataTable table, PageRows rows)
    {
        switch (rows)
        {
            case PageRows.Entry:
                table.Rows.RemoveAll(row => !HasValue(row, ActionColumns.EntryVisits));
                break;
            case PageRows.Exit:
                table.Rows.RemoveAll(row => !HasValue(row, ActionColumns.ExitVisits));
                break;
            case PageRows.FollowingSearch:
                table.Rows.RemoveAll(row => row.GetNumber(ActionColumns.HitsFollowingSearch) <= 0);
                break;
        }

        static bool HasValue(DataRow row, string column) =>
            row.Columns.TryGetValue(column, out var value) && value is not null && !(value is string { Length: 0 });
    }

    /// <summary><c>expanded=1&amp;depth=N</c>: subtables below N levels are not part of the answer.</summary>
    private static void LimitDepth(ApiCall call, DataTable table)
    {
        if (int.TryParse(call["depth"], NumberStyles.None, CultureInfo.InvariantCulture, out var depth) && depth > 0)
        {
            Cut(table, depth);
        }

        static void Cut(DataTable table, int levels)
        {
            foreach (var row in table.AllRows)
            {
                if (row.Subtable is not { } subtable)
                {
                    continue;
                }

                if (levels <= 1)
                {
                    row.Subtable = null;
                }
                else
                {
                    Cut(subtable, levels - 1);
                }
            }
        }
    }

    private enum PageRows
    {
        All,
        Entry,
        Exit,
        FollowingSearch,
    }
}
