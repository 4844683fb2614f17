namespace Makoto.Plugins.Actions.RecordBuilders;

/// <summary>The archive records of the Actions plugin, named as Matomo names them (metrics-and-archiving.md §4).</summary>
internal static class ActionsRecords
{
    public const string PageUrls = "Actions_actions_url";
    public const string PageTitles = "Actions_actions";
    public const string Downloads = "Actions_downloads";
    public const string Outlinks = "Actions_outlink";
    public const string SiteSearch = "Actions_sitesearch";
    public const string SiteSearchCategories = "Actions_SiteSearchCategories";

    public const string Pageviews = "Actions_nb_pageviews";
    public const string UniquePageviews = "Actions_nb_uniq_pageviews";
    public const string DownloadHits = "Actions_nb_downloads";
    public const string UniqueDownloads = "Actions_nb_uniq_downloads";
    public const string OutlinkHits = "Actions_nb_outlinks";
    public const string UniqueOutlinks = "Actions_nb_uniq_outlinks";
    public const string Searches = "Actions_nb_searches";
    public const string Keywords = "Actions_nb_keywords";

    /// <summary>The numeric records in the order Actions.get lists them, with their API names.</summary>
    public static readonly (string Record, string Metric)[] Metrics =
    [
        (Pageviews, "nb_pageviews"),
        (UniquePageviews, "nb_uniq_pageviews"),
        (DownloadHits, "nb_downloads"),
        (UniqueDownloads, "nb_uniq_downloads"),
        (OutlinkHits, "nb_outlinks"),
        (UniqueOutlinks, "nb_uniq_outlinks"),
        (Searches, "nb_searches"),
        (Keywords, "nb_keywords"),
    ];
}

/// <summary>The columns of the Actions reports, as Matomo's archives name them.</summary>
internal static class ActionColumns
{
    public const string Visits = "nb_visits";
    public const string UniqueVisitors = "nb_uniq_visitors";
    public const string Hits = "nb_hits";
    public const string TimeSpent = "sum_time_spent";
    public const string HitsFollowingSearch = "nb_hits_following_search";
    public const string SearchHasNoResult = "nb_search_has_no_result";
    public const string EntryUniqueVisitors = "entry_nb_uniq_visitors";
    public const string EntryVisits = "entry_nb_visits";
    public const string EntryActions = "entry_nb_actions";
    public const string EntryVisitLength = "entry_sum_visit_length";
    public const string EntryBounces = "entry_bounce_count";
    public const string ExitUniqueVisitors = "exit_nb_uniq_visitors";
    public const string ExitVisits = "exit_nb_visits";
    public const string Goals = "goals";

    /// <summary>Per-row distinct counts, dropped from folder rows and renamed sum_daily_* in longer periods.</summary>
    public static readonly string[] Uniques = [UniqueVisitors, EntryUniqueVisitors, ExitUniqueVisitors];

    /// <summary>The renames after a period merge: per-row distinct counts cannot be added up.</summary>
    public static readonly IReadOnlyDictionary<string, string> RenamesAfterMerge = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [UniqueVisitors] = "sum_daily_nb_uniq_visitors",
        [EntryUniqueVisitors] = "sum_daily_entry_nb_uniq_visitors",
        [ExitUniqueVisitors] = "sum_daily_exit_nb_uniq_visitors",
    };

    /// <summary>
    /// The page performance timings (the <c>time_*</c> columns of log_link_visit_action), each archived
    /// as <c>sum_time_X</c>, <c>nb_hits_with_time_X</c>, <c>min_time_X</c> and <c>max_time_X</c> in seconds.
    /// </summary>
    public static readonly string[] Timings = ["time_network", "time_server", "time_transfer", "time_dom_processing", "time_dom_completion", "time_on_load"];
}
