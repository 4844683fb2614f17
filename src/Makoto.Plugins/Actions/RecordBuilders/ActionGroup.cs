namespace Makoto.Plugins.Actions.RecordBuilders;

/// <summary>
/// What Matomo's Actions archiver computes for one <c>log_action</c> id in its separate SQL queries of
/// a day, kept as counters while the day streams: the hits grouped by the action as page URL, title,
/// download, outlink or search keyword; the visits entering and leaving on it; the time spent on it;
/// the conversions attributed to it. Each query's result becomes columns of the action's report row.
/// </summary>
internal sealed class ActionGroup(long idAction, int index)
{
    public long IdAction { get; } = idAction;

    /// <summary>The group's dense number for the day (order of first appearance).</summary>
    public int Index { get; } = index;

    /// <summary>The action was grouped from <c>idaction_url</c> (else from <c>idaction_name</c>).</summary>
    public bool FromUrl { get; set; }

    // The hits (Matomo's main query): present when Hits > 0.
    public long Hits { get; set; }

    public long Visits { get; set; }

    public long UniqueVisitors { get; set; }

    public long LastVisit { get; set; } = -1;

    public long HitsFollowingSearch { get; set; }

    /// <summary>MAX(search_count) of the hits, null when no hit has one.</summary>
    public long? MaxSearchCount { get; set; }

    /// <summary>Page performance per timing (see <see cref="ActionColumns.Timings"/>); null until a hit has one.</summary>
    public Timing[]? Timings { get; set; }

    // Visits entering on the action.
    public long EntryVisits { get; set; }

    public long EntryUniqueVisitors { get; set; }

    public long EntryActions { get; set; }

    public long EntryVisitLength { get; set; }

    public long EntryBounces { get; set; }

    // Visits leaving on the action.
    public long ExitVisits { get; set; }

    public long ExitUniqueVisitors { get; set; }

    /// <summary>SUM(time_spent_ref_action) of the hits that followed this action; null when none.</summary>
    public long? TimeSpent { get; set; }

    /// <summary>Conversions whose visit viewed the page before converting, per goal.</summary>
    public Dictionary<int, PageGoal>? PageGoals { get; set; }

    /// <summary>Conversions of visits that entered on the page, per goal.</summary>
    public Dictionary<int, EntryGoal>? EntryGoals { get; set; }

    public void AddTiming(int index, long milliseconds)
    {
        var timings = Timings ??= new Timing[ActionColumns.Timings.Length];
        ref var timing = ref timings[index];
        timing.Hits++;
        timing.Sum += milliseconds;
        timing.Min = timing.Hits == 1 ? milliseconds : Math.Min(timing.Min, milliseconds);
        timing.Max = timing.Hits == 1 ? milliseconds : Math.Max(timing.Max, milliseconds);
    }
}

/// <summary>The hits of an action that carried one page performance timing.</summary>
internal struct Timing
{
    public long Hits;
    public long Sum;
    public long Min;
    public long Max;
}

/// <summary>
/// The page-view attribution of one goal to one action (Matomo's queryConversionsByPageView), summed
/// over the visits that viewed the action before converting, visit by visit as its SQL groups them.
/// </summary>
internal sealed class PageGoal
{
    public long Conversions { get; set; }

    public double Revenue { get; set; }

    /// <summary>The largest pageviews_before of the visits; null for abandoned carts, which have none.</summary>
    public long? PagesBefore { get; set; }

    public double Attribution { get; set; }

    public double RevenueAttribution { get; set; }

    public bool HasAttribution { get; set; }
}

/// <summary>The conversions of one goal in visits that entered on one action (Matomo's queryConversionsByEntryPageView).</summary>
internal sealed class EntryGoal
{
    public long Conversions { get; set; }

    public double Revenue { get; set; }
}
