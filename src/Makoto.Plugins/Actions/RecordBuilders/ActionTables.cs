using System.Globalization;
using Makoto.Archiving;
using Makoto.Archiving.Reports;
using Makoto.Core.DataTables;
using Makoto.Reporting.Metrics;
using Makoto.Tracking.Pipeline;

namespace Makoto.Plugins.Actions.RecordBuilders;

/// <summary>
/// Builds a day's Actions tables from the action groups the way Matomo's ArchivingHelper fills its
/// tables from its SQL results: a row is created for each action of the hits query, in that query's
/// order (hits descending, then name), at the place its labels give (folders made on the way); then
/// the entry, exit, time and goal results are added to the rows of their actions; finally every
/// folder row is recomputed as the sum of its subtable, and columns that make no sense there are
/// dropped. Values keep Matomo's types: a row fed by one SQL row keeps MySQL's (SUM() as decimal
/// text), a row fed by several is summed into numbers. Each action's row is in one table, so the page
/// URLs and the other tables are built by two instances side by side (<see cref="ActionTables(ArchiveContext, int[], bool, bool)"/>),
/// each from the same list of hits (<see cref="Hits"/>), with the same result as one instance building all.
/// </summary>
internal sealed class ActionTables
{
    private static readonly AggregationRules s_rules = new(renamesAfterPeriodMerge: ActionColumns.RenamesAfterMerge);

    private readonly int[] _goalIds;
    private readonly bool _withTimings;
    private readonly bool _siteSearch;
    private readonly bool _pageUrls;
    private readonly Node _urls = new(null);
    private readonly Node _titles = new(null);
    private readonly Node _downloads = new(null);
    private readonly Node _outlinks = new(null);
    private readonly Node _keywords = new(null);
    private readonly Dictionary<long, Node> _rows = [];
    private DataTable? _urlsTable;
    private DataTable? _titlesTable;
    private DataTable? _downloadsTable;
    private DataTable? _outlinksTable;
    private DataTable? _keywordsTable;

    /// <summary>Tables of one day; <paramref name="pageUrls"/> says which: the page URLs' alone (true) or every other one (false).</summary>
    public ActionTables(ArchiveContext context, int[] goalIds, bool withTimings, bool pageUrls)
    {
        _goalIds = goalIds;
        _withTimings = withTimings;
        _siteSearch = context.Site.SiteSearch;
        _pageUrls = pageUrls;
    }

    /// <summary>The rule set of the page tables: sums, min_/max_ timings, and the sum_daily_* renames.</summary>
    public static AggregationRules Rules => s_rules;

    /// <summary>
    /// The groups with hits, with their names, in the order of Matomo's hits query: only the actions of the hits
    /// query get rows; the other queries' results for other actions are dropped. Sorted once for both instances:
    /// the sort is not stable, so sorting each instance's part alone could order equal rows differently.
    /// </summary>
    public static List<Resolved> Hits(ArchiveContext context, IEnumerable<ActionGroup> groups)
    {
        var hits = new List<Resolved>();
        foreach (var group in groups)
        {
            if (group.Hits > 0)
            {
                hits.Add(Resolve(context, group));
            }
        }

        hits.Sort(HitsOrder);
        return hits;
    }

    /// <summary>Builds this instance's tables from <see cref="Hits"/> (read only, so both instances share it).</summary>
    public void Build(List<Resolved> allHits)
    {
        var hits = new List<Resolved>(allHits.Count);
        foreach (var item in allHits)
        {
            if ((item.Type == LogActionType.PageUrl) == _pageUrls)
            {
                hits.Add(item);
            }
        }

        // Matomo's hits query runs on idaction_name, then on idaction_url; site searches afterwards.
        AddHits(hits, fromUrl: false, search: false);
        AddHits(hits, fromUrl: true, search: false);
        if (_siteSearch)
        {
            AddHits(hits, fromUrl: false, search: true);
            AddHits(hits, fromUrl: true, search: true);
        }

        // The other queries only add to the rows of the actions the hits query found.
        var known = new List<Resolved>(hits.Count);
        foreach (var item in hits)
        {
            if (_rows.ContainsKey(item.Group.IdAction))
            {
                known.Add(item);
            }
        }

        known.Sort(static (a, b) => a.Group.IdAction.CompareTo(b.Group.IdAction));
        ForUrlsThenNames(known, AddEntry);
        ForUrlsThenNames(known, AddExit);
        ForUrlsThenNames(known, AddTime);
        foreach (var goal in _goalIds)
        {
            foreach (var item in known)
            {
                if (item.Type == LogActionType.PageUrl && item.Group.PageGoals?.GetValueOrDefault(goal) is { } pageGoal)
                {
                    AddPageGoal(_rows[item.Group.IdAction].Row!, goal, pageGoal);
                }
            }

            foreach (var item in known)
            {
                if (item.Type == LogActionType.PageTitle && item.Group.PageGoals?.GetValueOrDefault(goal) is { } pageGoal)
                {
                    AddPageGoal(_rows[item.Group.IdAction].Row!, goal, pageGoal);
                }
            }
        }

        ForUrlsThenNames(known, AddEntryGoals);
        if (_pageUrls)
        {
            _urlsTable = Finish(_urls);
            return;
        }

        foreach (var row in _keywords.Children())
        {
            foreach (var column in (string[])[ActionColumns.UniqueVisitors, ActionColumns.HitsFollowingSearch, ActionColumns.EntryUniqueVisitors,
                ActionColumns.EntryActions, ActionColumns.EntryVisitLength, ActionColumns.EntryVisits, ActionColumns.EntryBounces, ActionColumns.ExitUniqueVisitors])
            {
                row.Row!.Columns.Remove(column);
            }
        }

        _titlesTable = Finish(_titles);
        _downloadsTable = Finish(_downloads);
        _outlinksTable = Finish(_outlinks);
        _keywordsTable = Finish(_keywords);
    }

    /// <summary>Stores the tables built and their totals of the day.</summary>
    public void Write(ArchiveRecords records)
    {
        if (_urlsTable is { } urls)
        {
            records.SetTable(ActionsRecords.PageUrls, urls);
            records.SetNumeric(ActionsRecords.Pageviews, Sum(urls, ActionColumns.Hits));
            records.SetNumeric(ActionsRecords.UniquePageviews, Sum(urls, ActionColumns.Visits));
        }

        if (_titlesTable is { } titles && _downloadsTable is { } downloads && _outlinksTable is { } outlinks && _keywordsTable is { } keywords)
        {
            records.SetTable(ActionsRecords.PageTitles, titles);
            records.SetTable(ActionsRecords.Downloads, downloads);
            records.SetTable(ActionsRecords.Outlinks, outlinks);
            records.SetTable(ActionsRecords.SiteSearch, keywords);
            records.SetNumeric(ActionsRecords.DownloadHits, Sum(downloads, ActionColumns.Hits));
            records.SetNumeric(ActionsRecords.UniqueDownloads, Sum(downloads, ActionColumns.Visits));
            records.SetNumeric(ActionsRecords.OutlinkHits, Sum(outlinks, ActionColumns.Hits));
            records.SetNumeric(ActionsRecords.UniqueOutlinks, Sum(outlinks, ActionColumns.Visits));
            records.SetNumeric(ActionsRecords.Searches, Sum(keywords, ActionColumns.Hits));
            records.SetNumeric(ActionsRecords.Keywords, keywords.RowCount);
        }
    }

    /// <summary>The sum of a column over the top-level rows (folder rows hold their pages' sums).</summary>
    public static double Sum(DataTable table, string column)
    {
        var sum = 0.0;
        foreach (var row in table.AllRows)
        {
            sum += row.GetNumber(column);
        }

        return sum;
    }

    private static Resolved Resolve(ArchiveContext context, ActionGroup group)
    {
        if (group.IdAction <= 0)
        {
            return new Resolved(group, "", group.IdAction == ActionsDay.UndefinedUrl ? LogActionType.PageUrl : LogActionType.PageTitle, null, Undefined: true);
        }

        if (context.Actions.Get(group.IdAction) is not { } action)
        {
            // An id without its log_action row is reported like a missing URL or title.
            return new Resolved(group, "", group.FromUrl ? LogActionType.PageUrl : LogActionType.PageTitle, null, Undefined: true);
        }

        return new Resolved(group, action.Name, action.Type, action.UrlPrefix, Undefined: false);
    }

    /// <summary>Matomo's ORDER BY nb_hits DESC, name ASC (MySQL's case-insensitive collation).</summary>
    private static int HitsOrder(Resolved a, Resolved b)
    {
        var byHits = b.Group.Hits.CompareTo(a.Group.Hits);
        if (byHits != 0)
        {
            return byHits;
        }

        var byName = StringComparer.OrdinalIgnoreCase.Compare(a.Name, b.Name);
        return byName != 0 ? byName : string.CompareOrdinal(a.Name, b.Name);
    }

    private void AddHits(List<Resolved> hits, bool fromUrl, bool search)
    {
        foreach (var item in hits)
        {
            if (item.Group.FromUrl != fromUrl || (item.Type == LogActionType.SiteSearch) != search)
            {
                continue;
            }

            var root = item.Type switch
            {
                LogActionType.PageUrl => _urls,
                LogActionType.PageTitle => _titles,
                LogActionType.DownloadUrl => _downloads,
                LogActionType.OutlinkUrl => _outlinks,
                LogActionType.SiteSearch => _keywords,
                _ => null,
            };
            if (root is null)
            {
                continue;
            }

            var node = root.Walk(ActionLabels.Path(item.Name, item.Type, item.UrlPrefix));
            _rows[item.Group.IdAction] = node;
            AddHitColumns(node, item);
        }
    }

    private void AddHitColumns(Node node, Resolved item)
    {
        var group = item.Group;
        var row = node.Row!;
        Merge(row, ActionColumns.Visits, MetricValues.DecimalText(group.Visits));
        Merge(row, ActionColumns.UniqueVisitors, group.UniqueVisitors);
        Merge(row, ActionColumns.Hits, MetricValues.DecimalText(group.Hits));
        if (item.Type == LogActionType.SiteSearch)
        {
            // MIN(MAX(search_count) = 0): 1 when no search of the keyword found anything.
            Merge(row, ActionColumns.SearchHasNoResult, group.MaxSearchCount is { } max ? (max == 0 ? 1L : 0L) : null);
        }

        if (_siteSearch)
        {
            Merge(row, ActionColumns.HitsFollowingSearch, MetricValues.DecimalText(group.HitsFollowingSearch));
        }

        if (_withTimings && item.Type is LogActionType.PageUrl or LogActionType.PageTitle)
        {
            AddTimingColumns(row, group.Timings);
        }

        if (item.Type is LogActionType.PageUrl or LogActionType.DownloadUrl or LogActionType.OutlinkUrl)
        {
            // The row links to the URL of its most viewed action (several URLs can share a label).
            var url = item.Undefined ? "" : ActionLabels.Url(item.Name, item.UrlPrefix);
            if (!row.Metadata.ContainsKey("url"))
            {
                row.Metadata["url"] = url;
                node.UrlHits = group.Hits;
            }
            else if (group.Hits > node.UrlHits)
            {
                row.Metadata["url"] = url;
                node.UrlHits = group.Hits;
            }
        }
    }

    /// <summary>
    /// The page performance columns of Matomo's hits query, in seconds with MySQL's four decimals:
    /// <c>sum_time_X</c>, <c>nb_hits_with_time_X</c>, <c>min_time_X</c>, <c>max_time_X</c>.
    /// </summary>
    private static void AddTimingColumns(DataRow row, Timing[]? timings)
    {
        for (var i = 0; i < ActionColumns.Timings.Length; i++)
        {
            var name = ActionColumns.Timings[i];
            var timing = timings?[i] ?? default;
            var has = timing.Hits > 0;
            Merge(row, "sum_" + name, has ? Seconds(timing.Sum) : null);
            Merge(row, "nb_hits_with_" + name, MetricValues.DecimalText(timing.Hits));
            Merge(row, "min_" + name, has ? Seconds(timing.Min) : null, ColumnAggregation.Min);
            Merge(row, "max_" + name, has ? Seconds(timing.Max) : null, ColumnAggregation.Max);
        }
    }

    private static string Seconds(long milliseconds) => (milliseconds / 1000m).ToString("F4", CultureInfo.InvariantCulture);

    private void ForUrlsThenNames(List<Resolved> known, Action<Node, ActionGroup> add)
    {
        foreach (var item in known)
        {
            if (item.Type == LogActionType.PageUrl)
            {
                add(_rows[item.Group.IdAction], item.Group);
            }
        }

        foreach (var item in known)
        {
            if (item.Type != LogActionType.PageUrl)
            {
                add(_rows[item.Group.IdAction], item.Group);
            }
        }
    }

    private static void AddEntry(Node node, ActionGroup group)
    {
        if (group.EntryVisits == 0)
        {
            return;
        }

        var row = node.Row!;
        Merge(row, ActionColumns.EntryUniqueVisitors, group.EntryUniqueVisitors);
        Merge(row, ActionColumns.EntryVisits, MetricValues.DecimalText(group.EntryVisits));
        Merge(row, ActionColumns.EntryActions, MetricValues.DecimalText(group.EntryActions));
        Merge(row, ActionColumns.EntryVisitLength, MetricValues.DecimalText(group.EntryVisitLength));
        Merge(row, ActionColumns.EntryBounces, MetricValues.DecimalText(group.EntryBounces));
    }

    private static void AddExit(Node node, ActionGroup group)
    {
        if (group.ExitVisits == 0)
        {
            return;
        }

        Merge(node.Row!, ActionColumns.ExitUniqueVisitors, group.ExitUniqueVisitors);
        Merge(node.Row!, ActionColumns.ExitVisits, MetricValues.DecimalText(group.ExitVisits));
    }

    private static void AddTime(Node node, ActionGroup group)
    {
        if (group.TimeSpent is { } seconds)
        {
            Merge(node.Row!, ActionColumns.TimeSpent, MetricValues.DecimalText(seconds));
        }
    }

    /// <summary>Matomo's ArchivingHelper::updateActionsTableRowWithGoals for page views.</summary>
    private static void AddPageGoal(DataRow row, int idGoal, PageGoal goal)
    {
        var metrics = GoalOf(row, idGoal);
        MergeGoal(metrics, "nb_conversions", goal.Conversions);
        MergeGoal(metrics, "revenue", goal.Revenue);
        if (goal.PagesBefore is { } pages)
        {
            // The pages before a conversion: the largest, not a sum.
            metrics["nb_conv_pages_before"] = metrics.TryGetValue("nb_conv_pages_before", out var current) && MetricValues.ToDouble(current) >= pages ? current : pages;
        }

        if (goal.HasAttribution)
        {
            MergeGoal(metrics, "nb_conversions_attrib", goal.Attribution);
            if (goal.PagesBefore is not null)
            {
                // Computed per report at request time (Goals' CalculateConversionPageRate).
                MergeGoal(metrics, "nb_conversions_page_rate", 0L);
            }
        }

        MergeGoal(metrics, "nb_conversions_page_uniq", goal.Conversions);
        if (goal.HasAttribution)
        {
            MergeGoal(metrics, "revenue_attrib", goal.RevenueAttribution);
        }
    }

    /// <summary>Matomo's updateActionsTableRowWithGoals for entry pages: rates per entrance of the row.</summary>
    private static void AddEntryGoals(Node node, ActionGroup group)
    {
        if (group.EntryGoals is not { } goals)
        {
            return;
        }

        var row = node.Row!;
        var entrances = row.Columns.TryGetValue(ActionColumns.EntryVisits, out var value) ? MetricValues.ToDouble(value) : 0;
        var ids = new List<int>(goals.Keys);
        ids.Sort();
        foreach (var idGoal in ids)
        {
            var goal = goals[idGoal];
            var revenue = Math.Round(goal.Revenue * 100, MidpointRounding.ToEven) / 100;
            var metrics = GoalOf(row, idGoal);
            MergeGoal(metrics, "revenue_entry", revenue);
            if (entrances > 0)
            {
                MergeGoal(metrics, "nb_conversions_entry_rate", ProcessedMetrics.Quotient(goal.Conversions, entrances, 3));
                MergeGoal(metrics, "revenue_per_entry", ProcessedMetrics.Quotient(revenue, entrances, 3));
            }

            MergeGoal(metrics, "nb_conversions_entry", goal.Conversions);
        }
    }

    private static OrderedDictionary<string, object?> GoalOf(DataRow row, int idGoal)
    {
        if (!row.Columns.TryGetValue(ActionColumns.Goals, out var value) || value is not OrderedDictionary<string, object?> goals)
        {
            goals = new OrderedDictionary<string, object?>(StringComparer.Ordinal);
            row.Columns[ActionColumns.Goals] = goals;
        }

        var key = GoalsByDimension<int>.GoalKey(idGoal);
        if (!goals.TryGetValue(key, out var entry) || entry is not OrderedDictionary<string, object?> metrics)
        {
            metrics = new OrderedDictionary<string, object?>(StringComparer.Ordinal);
            goals[key] = metrics;
        }

        return metrics;
    }

    private static void MergeGoal(OrderedDictionary<string, object?> metrics, string name, object value) =>
        metrics[name] = metrics.TryGetValue(name, out var current) ? MetricValues.Add(current, value) : value;

    /// <summary>
    /// Adds a query's value to a row column the way ArchivingHelper does: a new column takes the value
    /// as given, an existing one is summed (or kept at its minimum / maximum).
    /// </summary>
    private static void Merge(DataRow row, string name, object? value, ColumnAggregation aggregation = ColumnAggregation.Sum)
    {
        if (!row.Columns.TryGetValue(name, out var current))
        {
            row.Columns[name] = value;
            return;
        }

        row.Columns[name] = aggregation switch
        {
            ColumnAggregation.Min => IsEmpty(current) ? value : IsEmpty(value) ? current : MetricValues.ToDouble(value) < MetricValues.ToDouble(current) ? value : current,
            ColumnAggregation.Max => MetricValues.ToDouble(value) > MetricValues.ToDouble(current) ? value : current,
            _ => MetricValues.Add(current, value),
        };
    }

    /// <summary>PHP's empty() for a metric value.</summary>
    private static bool IsEmpty(object? value) => value is null || MetricValues.ToDouble(value) == 0 && value is not string { Length: > 1 };

    /// <summary>
    /// The table of a root node. Folder rows become the sums of their subtables (Matomo's
    /// DataTableSummaryRow::recalculate, into the row's own zero columns) without per-row distinct
    /// counts, and zero <c>nb_hits_following_search</c> columns are dropped, deepest tables first.
    /// </summary>
    private static DataTable Finish(Node root)
    {
        var table = new DataTable();
        foreach (var child in root.Children())
        {
            if (child.HasChildren)
            {
                child.Row!.Subtable = Finish(child);
                foreach (var grandChild in child.Row.Subtable.Rows)
                {
                    foreach (var (name, value) in grandChild.Columns)
                    {
                        TableAccumulator.Sum(child.Row.Columns, name, value, s_rules);
                    }
                }

                foreach (var unique in ActionColumns.Uniques)
                {
                    child.Row.Columns.Remove(unique);
                }
            }

            table.Rows.Add(child.Row!);
        }

        foreach (var row in table.Rows)
        {
            if (row.Columns.TryGetValue(ActionColumns.HitsFollowingSearch, out var following) && MetricValues.ToDouble(following) == 0)
            {
                row.Columns.Remove(ActionColumns.HitsFollowingSearch);
            }
        }

        return table;
    }

    /// <summary>An action group with its log_action name and type.</summary>
    internal readonly record struct Resolved(ActionGroup Group, string Name, int Type, int? UrlPrefix, bool Undefined);

    /// <summary>A row of a table being built, with its child rows by label (Matomo's walkPath).</summary>
    private sealed class Node(DataRow? row)
    {
        private Dictionary<string, Node>? _byLabel;
        private List<Node>? _children;

        public DataRow? Row { get; } = row;

        /// <summary>The hits of the action whose URL the row links to.</summary>
        public long UrlHits { get; set; }

        public bool HasChildren => _children is not null;

        public List<Node> Children() => _children ?? [];

        /// <summary>The row at the end of the path, created with folders on the way (each with zero metrics).</summary>
        public Node Walk(string[] path)
        {
            var node = this;
            foreach (var label in path)
            {
                node._byLabel ??= new Dictionary<string, Node>(StringComparer.Ordinal);
                node._children ??= [];
                if (!node._byLabel.TryGetValue(label, out var child))
                {
                    child = new Node(NewRow(label));
                    node._byLabel.Add(label, child);
                    node._children.Add(child);
                }

                node = child;
            }

            return node;
        }

        private static DataRow NewRow(string label)
        {
            var row = new DataRow();
            row.Columns["label"] = label;
            row.Columns[ActionColumns.Visits] = 0L;
            row.Columns[ActionColumns.UniqueVisitors] = 0L;
            row.Columns[ActionColumns.Hits] = 0L;
            row.Columns[ActionColumns.TimeSpent] = 0L;
            return row;
        }
    }
}
