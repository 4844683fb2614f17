using Makoto.Archiving;
using Makoto.Storage.Goals;
using Makoto.Tracking.Visits;

namespace Makoto.Plugins.Actions.RecordBuilders;

/// <summary>
/// The Actions records (metrics-and-archiving.md §3, §4): page URLs and page titles with their entry,
/// exit, time, page performance and goal metrics; downloads and outlinks by host; site search
/// keywords and categories; and the totals of Actions.get. One pass over the day's actions, visits
/// and conversions feeds them all.
/// </summary>
internal sealed class ActionsRecordBuilder(GoalStore goals) : IRecordBuilder
{
    public string Plugin => "Actions";

    public LogNeeds Needs { get; } = new()
    {
        VisitColumns =
        [
            "idvisitor", "visit_total_actions", "visit_total_time",
            "visit_entry_idaction_url", "visit_entry_idaction_name", "visit_exit_idaction_url", "visit_exit_idaction_name",
        ],
        ActionColumns =
        [
            "idvisitor", "server_time", "idaction_url", "idaction_name", "idaction_url_ref", "idaction_name_ref", "time_spent_ref_action",
            "search_cat", "search_count", "idaction_event_category", "idaction_content_name", "idaction_content_interaction",
            "time_network", "time_server", "time_transfer", "time_dom_processing", "time_dom_completion", "time_on_load",
        ],
        ConversionColumns = ["idgoal", "server_time", "revenue", "pageviews_before"],
    };

    public IReadOnlyList<ArchiveRecord> Records { get; } =
    [
        new TableRecord(ActionsRecords.PageUrls) { Rules = ActionTables.Rules, Limits = RowLimitFamily.Actions },
        new TableRecord(ActionsRecords.PageTitles) { Rules = ActionTables.Rules, Limits = RowLimitFamily.Actions },
        new TableRecord(ActionsRecords.Downloads) { Rules = ActionTables.Rules, Limits = RowLimitFamily.Actions },
        new TableRecord(ActionsRecords.Outlinks) { Rules = ActionTables.Rules, Limits = RowLimitFamily.Actions },
        new TableRecord(ActionsRecords.SiteSearch) { Rules = ActionTables.Rules, Limits = RowLimitFamily.SiteSearch },
        new TableRecord(ActionsRecords.SiteSearchCategories) { Limits = RowLimitFamily.SiteSearch },
        new NumericRecord(ActionsRecords.Pageviews),
        new NumericRecord(ActionsRecords.UniquePageviews),
        new NumericRecord(ActionsRecords.DownloadHits),
        new NumericRecord(ActionsRecords.UniqueDownloads),
        new NumericRecord(ActionsRecords.OutlinkHits),
        new NumericRecord(ActionsRecords.UniqueOutlinks),
        new NumericRecord(ActionsRecords.Searches),
        new NumericRecord(ActionsRecords.Keywords, NumericAggregation.None),
    ];

    public IDayAggregator StartDay(ArchiveContext context) => new ActionsDay(context, GoalIds(context));

    /// <summary>The distinct keywords of a longer period: the rows of its merged keyword table.</summary>
    public void CompletePeriod(ArchiveContext context, ArchiveRecords records)
    {
        if (records.GetTable(ActionsRecords.SiteSearch) is { } keywords)
        {
            records.SetNumeric(ActionsRecords.Keywords, keywords.RowCount);
        }
    }

    /// <summary>The goals whose conversions are attributed to pages: the site's goals, then carts and orders of ecommerce sites.</summary>
    private int[] GoalIds(ArchiveContext context)
    {
        var ids = new List<int>();
        foreach (var goal in goals.GetGoals(context.Site.IdSite))
        {
            ids.Add(goal.IdGoal);
        }

        if (context.Site.Ecommerce)
        {
            ids.Add(GoalId.AbandonedCart);
            ids.Add(GoalId.EcommerceOrder);
        }

        return [.. ids];
    }
}
