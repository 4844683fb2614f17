using Makoto.Archiving;
using Makoto.Archiving.Reports;
using Makoto.Storage.Logs;

namespace Makoto.Plugins.Actions.RecordBuilders;

/// <summary>
/// One day of the Actions reports. While the day streams, every action row, visit and conversion is
/// counted into an <see cref="ActionGroup"/> per <c>log_action</c> id — the groups of Matomo's SQL
/// queries — without touching names; <see cref="Finish"/> resolves the names once and builds the
/// report tables (<see cref="ActionTables"/>).
/// </summary>
internal sealed class ActionsDay : IDayAggregator
{
    /// <summary>Group keys of hits whose action id is 0: Matomo's "not defined" rows, one per field.</summary>
    internal const long UndefinedUrl = -1;
    internal const long UndefinedName = -4;

    private readonly ArchiveContext _context;
    private readonly int[] _goalIds;
    private readonly Dictionary<long, ActionGroup> _groups = [];
    private readonly Dictionary<ulong, int> _visitorNumbers = [];
    private readonly DistinctVisitors _visitors = new();
    private readonly DistinctVisitors _entryVisitors = new();
    private readonly DistinctVisitors _exitVisitors = new();
    private readonly HashSet<long> _searchKeywords = [];
    private readonly Dictionary<string, SearchCategory> _categories = new(StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<(int, ulong)> _categoryVisitors = [];
    private readonly Dictionary<(int Goal, long Key), VisitGoal> _visitGoals = [];
    private bool _hasTimings;
    private ulong _lastVisitor;
    private int _lastVisitorNumber = -1;

    public ActionsDay(ArchiveContext context, int[] goalIds)
    {
        _context = context;
        _goalIds = goalIds;
    }

    public void OnVisit(VisitLog log)
    {
        var visit = log.Visit;
        foreach (var action in log.Actions)
        {
            CountCategory(action, log.IdVisit);
            if (action.IdactionEventCategory is not null)
            {
                // Events are not page views, downloads, outlinks nor searches, and spend no page time.
                continue;
            }

            if (!IsContent(action))
            {
                CountHit(action, log.IdVisit);
            }

            if (action.TimeSpentRefAction is > 0 and var spent)
            {
                if (action.IdactionUrlRef is > 0 and var urlRef)
                {
                    AddTime(Group(urlRef), spent);
                }

                if (action.IdactionNameRef is > 0 and var nameRef)
                {
                    AddTime(Group(nameRef), spent);
                }
            }
        }

        if (visit is not null)
        {
            CountEntryAndExit(visit);
        }

        if (log.Conversions.Count > 0)
        {
            AttributeConversions(log);
        }
    }

    public void Finish(ArchiveRecords records)
    {
        var ids = new List<long>(_groups.Count);
        foreach (var group in _groups.Values)
        {
            if (group.Hits > 0 && group.IdAction > 0)
            {
                ids.Add(group.IdAction);
            }
        }

        var visitors = _visitors.CountPerGroup(_groups.Count);
        var entryVisitors = _entryVisitors.CountPerGroup(_groups.Count);
        var exitVisitors = _exitVisitors.CountPerGroup(_groups.Count);
        foreach (var group in _groups.Values)
        {
            group.UniqueVisitors = visitors[group.Index];
            group.EntryUniqueVisitors = entryVisitors[group.Index];
            group.ExitUniqueVisitors = exitVisitors[group.Index];
        }

        _context.Actions.Load(ids);

        // The page URLs' table and the others are built side by side: the Actions builder finishes last of the
        // day's builders, with the other core idle.
        var hits = ActionTables.Hits(_context, _groups.Values);
        ActionTables[] tables = [new(_context, _goalIds, _hasTimings, pageUrls: true), new(_context, _goalIds, _hasTimings, pageUrls: false)];
        Archiver.SideBySide(tables, part => part.Build(hits));
        foreach (var part in tables)
        {
            part.Write(records);
        }

        records.SetTable(ActionsRecords.SiteSearchCategories, SearchCategory.Table(_categories));
    }

    /// <summary>Content impressions and interactions carry the page URL but are not page views.</summary>
    private static bool IsContent(ActionRow action) => action.IdactionContentName is not null || action.IdactionContentInteraction is not null;

    private ActionGroup Group(long key)
    {
        if (!_groups.TryGetValue(key, out var group))
        {
            group = new ActionGroup(key, _groups.Count);
            _groups.Add(key, group);
        }

        return group;
    }

    private void CountHit(ActionRow action, long idVisit)
    {
        var visitor = VisitorNumber(action.IdVisitor);
        if (action.IdactionName is { } name)
        {
            if (action.IdactionUrl is null)
            {
                // A site search: keyword as name, no URL. The hits that follow it count as following a search.
                _searchKeywords.Add(name);
            }

            AddHit(Group(name > 0 ? name : UndefinedName), action, idVisit, visitor, fromUrl: false);
        }

        if (action.IdactionUrl is { } url)
        {
            AddHit(Group(url > 0 ? url : UndefinedUrl), action, idVisit, visitor, fromUrl: true);
        }
    }

    private void AddHit(ActionGroup group, ActionRow action, long idVisit, int visitor, bool fromUrl)
    {
        group.FromUrl = fromUrl;
        group.Hits++;
        if (group.LastVisit != idVisit)
        {
            group.LastVisit = idVisit;
            group.Visits++;
            _visitors.Add(group.Index, visitor);
        }

        if (action.IdactionNameRef is { } reference && _searchKeywords.Contains(reference))
        {
            group.HitsFollowingSearch++;
        }

        if (action.SearchCount is { } count)
        {
            group.MaxSearchCount = group.MaxSearchCount is { } max ? Math.Max(max, count) : count;
        }

        AddTiming(group, 0, action.TimeNetwork);
        AddTiming(group, 1, action.TimeServer);
        AddTiming(group, 2, action.TimeTransfer);
        AddTiming(group, 3, action.TimeDomProcessing);
        AddTiming(group, 4, action.TimeDomCompletion);
        AddTiming(group, 5, action.TimeOnLoad);
    }

    private void AddTiming(ActionGroup group, int index, long? milliseconds)
    {
        if (milliseconds is { } value)
        {
            group.AddTiming(index, value);
            _hasTimings = true;
        }
    }

    /// <summary>A dense number per visitor of the day (the rows of one visit usually share it).</summary>
    private int VisitorNumber(byte[] idVisitor)
    {
        var key = VisitMetrics.VisitorKey(idVisitor);
        if (key == _lastVisitor && _lastVisitorNumber >= 0)
        {
            return _lastVisitorNumber;
        }

        if (!_visitorNumbers.TryGetValue(key, out var number))
        {
            number = _visitorNumbers.Count;
            _visitorNumbers.Add(key, number);
        }

        _lastVisitor = key;
        _lastVisitorNumber = number;
        return number;
    }

    private static void AddTime(ActionGroup group, long seconds) => group.TimeSpent = (group.TimeSpent ?? 0) + seconds;

    private void CountEntryAndExit(VisitRow visit)
    {
        var visitor = VisitorNumber(visit.IdVisitor);
        if (visit.VisitEntryIdactionUrl is > 0 and var entryUrl)
        {
            AddEntry(Group(entryUrl), visit, visitor);
        }

        if (visit.VisitEntryIdactionName is > 0 and var entryName)
        {
            AddEntry(Group(entryName), visit, visitor);
        }

        if (visit.VisitExitIdactionUrl is > 0 and var exitUrl)
        {
            AddExit(Group(exitUrl), visitor);
        }

        if (visit.VisitExitIdactionName is > 0 and var exitName)
        {
            AddExit(Group(exitName), visitor);
        }
    }

    private void AddEntry(ActionGroup group, VisitRow visit, int visitor)
    {
        group.EntryVisits++;
        _entryVisitors.Add(group.Index, visitor);

        var actions = visit.VisitTotalActions ?? 0;
        group.EntryActions += actions;
        group.EntryVisitLength += visit.VisitTotalTime;
        if (visit.VisitTotalActions is 0 or 1)
        {
            group.EntryBounces++;
        }
    }

    private void AddExit(ActionGroup group, int visitor)
    {
        group.ExitVisits++;
        _exitVisitors.Add(group.Index, visitor);
    }

    /// <summary>
    /// Matomo's page goal metrics: each conversion of the day is attributed to every page view (URL and
    /// title) of its visit up to the conversion — grouped by visit and action as its SQL does, each
    /// group's money rounded to cents — and, for goals and orders, to the visit's entry page.
    /// </summary>
    private void AttributeConversions(VisitLog log)
    {
        foreach (var conversion in log.Conversions)
        {
            if (Array.IndexOf(_goalIds, conversion.IdGoal) < 0)
            {
                continue;
            }

            foreach (var action in log.Actions)
            {
                if (action.ServerTime > conversion.ServerTime || action.IdactionEventCategory is not null || IsContent(action))
                {
                    continue;
                }

                if (action.IdactionUrl is > 0 and var url)
                {
                    VisitGoalOf(conversion.IdGoal, url).Add(conversion);
                }

                if (action.IdactionName is > 0 and var name)
                {
                    VisitGoalOf(conversion.IdGoal, name).Add(conversion);
                }
            }
        }

        foreach (var ((goal, key), visitGoal) in _visitGoals)
        {
            var group = Group(key);
            var pageGoals = group.PageGoals ??= [];
            if (!pageGoals.TryGetValue(goal, out var pageGoal))
            {
                pageGoal = new PageGoal();
                pageGoals.Add(goal, pageGoal);
            }

            visitGoal.AddTo(pageGoal);
        }

        _visitGoals.Clear();
        if (log.Visit is not { } visit)
        {
            return;
        }

        foreach (var conversion in log.Conversions)
        {
            if (conversion.IdGoal < 0)
            {
                continue;
            }

            if (visit.VisitEntryIdactionUrl is > 0 and var entryUrl)
            {
                AddEntryConversion(Group(entryUrl), conversion);
            }

            if (visit.VisitEntryIdactionName is > 0 and var entryName)
            {
                AddEntryConversion(Group(entryName), conversion);
            }
        }
    }

    private VisitGoal VisitGoalOf(int goal, long key)
    {
        if (!_visitGoals.TryGetValue((goal, key), out var visitGoal))
        {
            visitGoal = new VisitGoal();
            _visitGoals.Add((goal, key), visitGoal);
        }

        return visitGoal;
    }

    private static void AddEntryConversion(ActionGroup group, ConversionRow conversion)
    {
        var entryGoals = group.EntryGoals ??= [];
        if (!entryGoals.TryGetValue(conversion.IdGoal, out var entryGoal))
        {
            entryGoal = new EntryGoal();
            entryGoals.Add(conversion.IdGoal, entryGoal);
        }

        entryGoal.Conversions++;
        entryGoal.Revenue += MoneyColumn(conversion.Revenue);
    }

    /// <summary>A revenue as MySQL reads Matomo's <c>FLOAT</c> revenue columns: single precision.</summary>
    internal static double MoneyColumn(double? revenue) => revenue is { } value ? (float)value : 0;

    private void CountCategory(ActionRow action, long idVisit)
    {
        if (action.SearchCat is not { Length: > 0 } category)
        {
            return;
        }

        if (!_categories.TryGetValue(category, out var row))
        {
            row = new SearchCategory(category, _categories.Count);
            _categories.Add(category, row);
        }

        row.Actions++;
        if (row.LastVisit != idVisit)
        {
            row.LastVisit = idVisit;
            row.Visits++;
            if (_categoryVisitors.Add((row.Index, VisitMetrics.VisitorKey(action.IdVisitor))))
            {
                row.UniqueVisitors++;
            }
        }
    }

    /// <summary>One visit's conversions of one goal attributed to one action: one row of Matomo's SQL.</summary>
    private sealed class VisitGoal
    {
        private long _conversions;
        private double _revenue;
        private long? _pagesBefore;
        private bool _pagesBeforeSet;
        private decimal _attribution;
        private double _revenueAttribution;
        private bool _hasAttribution;

        public void Add(ConversionRow conversion)
        {
            _conversions++;
            var revenue = MoneyColumn(conversion.Revenue);
            _revenue += revenue;
            if (!_pagesBeforeSet)
            {
                _pagesBefore = conversion.PageviewsBefore;
                _pagesBeforeSet = true;
            }

            if (conversion.PageviewsBefore is > 0 and var pages)
            {
                // MySQL: ROUND(1 / pageviews_before, 4) in decimals; the revenue share in doubles.
                _attribution += Math.Round(1m / pages, 4, MidpointRounding.AwayFromZero);
                _revenueAttribution += 1.0 / pages * revenue;
                _hasAttribution = true;
            }
        }

        public void AddTo(PageGoal goal)
        {
            goal.Conversions += _conversions;
            goal.Revenue += RoundCents(_revenue);
            if (_pagesBefore is { } pages)
            {
                goal.PagesBefore = goal.PagesBefore is { } max ? Math.Max(max, pages) : pages;
            }

            if (_hasAttribution)
            {
                goal.Attribution += (double)_attribution;
                goal.RevenueAttribution += RoundCents(_revenueAttribution);
                goal.HasAttribution = true;
            }
        }

        /// <summary>MySQL's ROUND(x, 2) of a double: to the nearest cent, ties to even.</summary>
        private static double RoundCents(double value) => Math.Round(value * 100, MidpointRounding.ToEven) / 100;
    }
}
