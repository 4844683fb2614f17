using Makoto.Core.DataTables;
using Makoto.Storage.Logs;

namespace Makoto.Archiving.Reports;

/// <summary>
/// The visit metrics of one group of visits (metrics-and-archiving.md §4: nb_uniq_visitors, nb_visits,
/// nb_actions, nb_users, max_actions, sum_visit_length, bounce_count, nb_visits_converted), counted the
/// way Matomo's SQL counts them for a report row.
/// </summary>
/// <remarks>
/// Distinct visitors are counted without remembering every visitor of the row: a visitor with no other visit
/// in the day (<see cref="VisitRow.DayVisitorNumber"/> -1, most of them) counts once per visit; only the day
/// numbers of visitors with several visits are kept, in a list deduplicated when counted. A day's report rows
/// then hold a few bytes per repeat visit instead of a set entry per visit in every report.
/// </remarks>
public sealed class VisitMetrics
{
    private long _singleVisitors;
    private long _lastSingleVisit = -1;
    private List<int>? _repeatVisitors;
    private int _repeatDistinct;
    private HashSet<ulong>? _unnumberedVisitors;

    /// <summary>This thread's marks of repeat visitors' day numbers, for <see cref="DistinctRepeatVisitors"/>, and the last mark given.</summary>
    [ThreadStatic]
    private static int[]? s_marks;

    [ThreadStatic]
    private static int s_mark;

    /// <summary>The <c>log_visit</c> columns the metrics read (for <see cref="LogNeeds.VisitColumns"/>).</summary>
    public static IReadOnlyList<string> LogColumns { get; } = ["idvisitor", "user_id", "visit_total_actions", "visit_total_time", "visit_goal_converted"];
    private readonly HashSet<string> _users = new(StringComparer.Ordinal);

    public long Visits { get; private set; }

    public long Actions { get; private set; }

    public long MaxActions { get; private set; }

    public long VisitLength { get; private set; }

    public long Bounces { get; private set; }

    public long Converted { get; private set; }

    public long UniqueVisitors => _singleVisitors + DistinctRepeatVisitors() + (_unnumberedVisitors?.Count ?? 0);

    public long Users => _users.Count;

    public void Add(VisitRow visit)
    {
        Visits++;
        var actions = visit.VisitTotalActions ?? 0;
        Actions += actions;
        MaxActions = Math.Max(MaxActions, actions);
        VisitLength += visit.VisitTotalTime;
        if (actions <= 1)
        {
            Bounces++;
        }

        if (visit.VisitGoalConverted == 1)
        {
            Converted++;
        }

        switch (visit.DayVisitorNumber)
        {
            case < 0:
                // The visitor's only visit of the day, counted once even if it is added to this row twice.
                if (visit.IdVisit != _lastSingleVisit)
                {
                    _singleVisitors++;
                    _lastSingleVisit = visit.IdVisit;
                }

                break;
            case 0:
                (_unnumberedVisitors ??= []).Add(VisitorKey(visit.IdVisitor));
                break;
            default:
                (_repeatVisitors ??= []).Add(visit.DayVisitorNumber);
                break;
        }

        if (visit.UserId is not null)
        {
            _users.Add(visit.UserId);
        }
    }

    /// <summary>
    /// The columns of a report row as one SQL group row gives them, in Matomo's order: counts and
    /// maxima as integers, sums as decimal texts (what MySQL returns for <c>SUM()</c>).
    /// </summary>
    public KeyValuePair<string, object?>[] Columns() =>
    [
        new("nb_uniq_visitors", UniqueVisitors),
        new("nb_visits", Visits),
        new("nb_actions", MetricValues.DecimalText(Actions)),
        new("nb_users", Users),
        new("max_actions", MaxActions),
        new("sum_visit_length", MetricValues.DecimalText(VisitLength)),
        new("bounce_count", MetricValues.DecimalText(Bounces)),
        new("nb_visits_converted", MetricValues.DecimalText(Converted)),
    ];

    /// <summary>A visitor id (8 bytes) as a number, for distinct counts.</summary>
    public static ulong VisitorKey(byte[] idVisitor) => VisitRow.VisitorKey(idVisitor);

    /// <summary>
    /// The distinct day numbers of repeat visitors, the list compacted to them (in the order first seen). Each number
    /// is marked on this thread's array of marks (one per day number) with a mark of this count: linear, where sorting
    /// each row's list took a tenth of finishing the builders.
    /// </summary>
    private int DistinctRepeatVisitors()
    {
        if (_repeatVisitors is not { } list || list.Count == _repeatDistinct)
        {
            return _repeatDistinct;
        }

        var numbers = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(list);
        var highest = 0;
        foreach (var number in numbers)
        {
            highest = Math.Max(highest, number);
        }

        var marks = s_marks;
        if (marks is null || marks.Length <= highest)
        {
            // A new array has no marks: the mark of this count stays unused in it.
            s_marks = marks = new int[Math.Max(highest + 1, (marks?.Length ?? 0) * 2)];
        }

        if (s_mark == int.MaxValue)
        {
            Array.Clear(marks);
            s_mark = 0;
        }

        var mark = ++s_mark;
        var kept = 0;
        foreach (var number in numbers)
        {
            ref var marked = ref marks[number];
            if (marked != mark)
            {
                marked = mark;
                numbers[kept++] = number;
            }
        }

        list.RemoveRange(kept, list.Count - kept);
        _repeatDistinct = kept;
        return kept;
    }
}

/// <summary>
/// Visits grouped by a raw dimension value — Matomo's <c>GROUP BY</c> on a log column — before the
/// values are turned into report labels. Several raw values can share a label (<c>fr-fr</c> and
/// <c>fr</c> are both "French"); adding the groups to a <see cref="TableAccumulator"/> then reproduces
/// Matomo's rows exactly, value types included: a label fed by one group keeps the SQL types, a label
/// fed by several is summed into numbers.
/// </summary>
public sealed class VisitsByDimension<TKey>
    where TKey : notnull
{
    private readonly Dictionary<TKey, VisitMetrics> _groups;
    private readonly List<TKey> _order = [];

    public VisitsByDimension(IEqualityComparer<TKey>? comparer = null)
    {
        _groups = new Dictionary<TKey, VisitMetrics>(comparer);
    }

    public int Count => _order.Count;

    public void Add(TKey key, VisitRow visit)
    {
        if (!_groups.TryGetValue(key, out var metrics))
        {
            metrics = new VisitMetrics();
            _groups.Add(key, metrics);
            _order.Add(key);
        }

        metrics.Add(visit);
    }

    /// <summary>The groups in the order their key was first seen (or sorted by <paramref name="order"/>).</summary>
    public IEnumerable<(TKey Key, VisitMetrics Metrics)> Groups(IComparer<TKey>? order = null)
    {
        var keys = order is null ? _order : [.. _order.Order(order)];
        foreach (var key in keys)
        {
            yield return (key, _groups[key]);
        }
    }

    /// <summary>
    /// Adds every group as a row of <paramref name="table"/> under the label <paramref name="label"/> gives
    /// its key (null skips the group), in <paramref name="order"/> (first seen by default).
    /// </summary>
    public void AddTo(TableAccumulator table, Func<TKey, string?> label, IComparer<TKey>? order = null)
    {
        foreach (var (key, metrics) in Groups(order))
        {
            if (label(key) is { } text)
            {
                table.SumRow(text, metrics.Columns());
            }
        }
    }
}
