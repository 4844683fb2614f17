using System.Globalization;
using Makoto.Core.DataTables;
using Makoto.Storage.Logs;

namespace Makoto.Archiving.Reports;

/// <summary>What the goal metrics of report rows read.</summary>
public static class GoalMetrics
{
    /// <summary>The <c>log_conversion</c> columns <see cref="GoalsByDimension{TKey}"/> reads (for <see cref="LogNeeds.ConversionColumns"/>).</summary>
    public static IReadOnlyList<string> LogColumns { get; } =
        ["idgoal", "items", "revenue", "revenue_subtotal", "revenue_tax", "revenue_shipping", "revenue_discount"];
}

/// <summary>
/// The goal metrics of a report's rows (metrics-and-archiving.md §4.1): conversions grouped by a raw
/// dimension value and goal, written into each row's <c>goals</c> column as Matomo does —
/// <c>idgoal=ecommerceAbandonedCart</c>, <c>idgoal=ecommerceOrder</c>, <c>idgoal=1</c>, … each with
/// <c>nb_conversions</c>, <c>nb_visits_converted</c> and <c>revenue</c> (orders and carts also the
/// revenue parts and <c>items</c>) — followed by the row totals <c>nb_conversions</c> and
/// <c>revenue</c> over every goal but abandoned carts.
/// </summary>
public sealed class GoalsByDimension<TKey>
    where TKey : notnull
{
    /// <summary>Matomo's idgoal of an abandoned cart.</summary>
    public const int AbandonedCart = -1;

    /// <summary>Matomo's idgoal of an ecommerce order.</summary>
    public const int Order = 0;

    private readonly Dictionary<TKey, SortedDictionary<int, Group>> _groups;
    private readonly List<TKey> _order = [];

    public GoalsByDimension(IEqualityComparer<TKey>? comparer = null)
    {
        _groups = new Dictionary<TKey, SortedDictionary<int, Group>>(comparer);
    }

    public void Add(TKey key, ConversionRow conversion)
    {
        if (!_groups.TryGetValue(key, out var goals))
        {
            goals = [];
            _groups.Add(key, goals);
            _order.Add(key);
        }

        if (!goals.TryGetValue(conversion.IdGoal, out var group))
        {
            group = new Group();
            goals.Add(conversion.IdGoal, group);
        }

        group.Add(conversion);
    }

    /// <summary>
    /// Adds the <c>goals</c> column of every key to the row of its label (null skips the key), then
    /// writes the rows' conversion totals.
    /// </summary>
    public void AddTo(TableAccumulator table, Func<TKey, string?> label)
    {
        foreach (var (key, goals) in GoalColumns())
        {
            if (label(key) is { } text)
            {
                table.SumRow(text, [new("goals", goals)]);
            }
        }
    }

    /// <summary>
    /// The <c>goals</c> column of every key, in the order the keys were first seen, for reports that add
    /// it to rows at several levels (a row and its subtable row).
    /// </summary>
    public IEnumerable<(TKey Key, OrderedDictionary<string, object?> Goals)> GoalColumns()
    {
        foreach (var key in _order)
        {
            var goals = new OrderedDictionary<string, object?>(StringComparer.Ordinal);
            foreach (var (idGoal, group) in _groups[key])
            {
                goals[GoalKey(idGoal)] = group.Columns(idGoal);
            }

            yield return (key, goals);
        }
    }

    /// <summary>
    /// The (key, goal) groups in the order of Matomo's SQL (<c>GROUP BY idgoal, dimensions</c>): by goal
    /// id, then by key in <paramref name="keyOrder"/>. Builders that add one group to several tables
    /// or to subtables take each group's <c>goals</c> column from <see cref="GoalsColumn"/>.
    /// </summary>
    public IEnumerable<(TKey Key, int IdGoal)> GroupsByGoal(IComparer<TKey> keyOrder)
    {
        var goalIds = new SortedSet<int>();
        foreach (var goals in _groups.Values)
        {
            goalIds.UnionWith(goals.Keys);
        }

        var keys = _order.ToArray();
        Array.Sort(keys, keyOrder);
        foreach (var idGoal in goalIds)
        {
            foreach (var key in keys)
            {
                if (_groups[key].ContainsKey(idGoal))
                {
                    yield return (key, idGoal);
                }
            }
        }
    }

    /// <summary>A new <c>goals</c> column holding one group's metrics for one goal, to sum into a row.</summary>
    public KeyValuePair<string, object?>[] GoalsColumn(TKey key, int idGoal)
    {
        var goals = new OrderedDictionary<string, object?>(StringComparer.Ordinal)
        {
            [GoalKey(idGoal)] = _groups[key][idGoal].Columns(idGoal),
        };
        return [new("goals", goals)];
    }

    /// <summary>
    /// Puts the goals of every row of the tree in goal order and (re)writes the row totals
    /// <c>nb_conversions</c> and <c>revenue</c> right after them (Matomo's EnrichRecordWithGoalMetricSums,
    /// which also gives a row without visits <c>nb_visits</c> 0). Used after a day is built and after
    /// a period is merged.
    /// </summary>
    public static void WriteTotals(DataTable table)
    {
        foreach (var row in table.AllRows)
        {
            if (row.Columns.TryGetValue("goals", out var value) && value is OrderedDictionary<string, object?> goals)
            {
                var sorted = new OrderedDictionary<string, object?>(StringComparer.Ordinal);
                foreach (var key in goals.Keys.OrderBy(GoalOrder))
                {
                    sorted[key] = goals[key];
                }

                object conversions = 0L;
                object revenue = 0L;
                foreach (var (key, metrics) in sorted)
                {
                    if (key != GoalKey(AbandonedCart) && metrics is OrderedDictionary<string, object?> goal)
                    {
                        conversions = MetricValues.Add(conversions, goal.GetValueOrDefault("nb_conversions"));
                        revenue = MetricValues.Add(revenue, goal.GetValueOrDefault("revenue"));
                    }
                }

                row.Columns["goals"] = sorted;
                row.Columns.Remove("nb_conversions");
                row.Columns.Remove("revenue");
                var position = row.Columns.IndexOf("goals");
                row.Columns.Insert(position + 1, "nb_conversions", conversions);
                row.Columns.Insert(position + 2, "revenue", revenue);

                // A row that only conversions created gets Matomo's nb_visits of 0.
                row.Columns.TryAdd("nb_visits", 0L);
            }

            if (row.Subtable is { } subtable)
            {
                WriteTotals(subtable);
            }
        }
    }

    /// <summary>The key of a goal in the <c>goals</c> column.</summary>
    public static string GoalKey(int idGoal) => idGoal switch
    {
        AbandonedCart => "idgoal=ecommerceAbandonedCart",
        Order => "idgoal=ecommerceOrder",
        _ => "idgoal=" + idGoal.ToString(CultureInfo.InvariantCulture),
    };

    private static int GoalOrder(string key) => key switch
    {
        "idgoal=ecommerceAbandonedCart" => AbandonedCart,
        "idgoal=ecommerceOrder" => Order,
        _ => int.TryParse(key.AsSpan("idgoal=".Length), NumberStyles.Integer, CultureInfo.InvariantCulture, out var id) ? id : int.MaxValue,
    };

    private sealed class Group
    {
        private readonly HashSet<long> _visits = [];
        private long _conversions;
        private double _revenue;
        private double _subtotal;
        private double _tax;
        private double _shipping;
        private double _discount;
        private long _items;

        public void Add(ConversionRow conversion)
        {
            _conversions++;
            _visits.Add(conversion.IdVisit);
            _revenue += conversion.Revenue ?? 0;
            _subtotal += conversion.RevenueSubtotal ?? 0;
            _tax += conversion.RevenueTax ?? 0;
            _shipping += conversion.RevenueShipping ?? 0;
            _discount += conversion.RevenueDiscount ?? 0;
            _items += conversion.Items ?? 0;
        }

        /// <summary>One goal's metrics; sums of money rounded to cents as Matomo's SQL does.</summary>
        public OrderedDictionary<string, object?> Columns(int idGoal)
        {
            var columns = new OrderedDictionary<string, object?>(StringComparer.Ordinal)
            {
                ["nb_conversions"] = _conversions,
                ["nb_visits_converted"] = (long)_visits.Count,
                ["revenue"] = Money(_revenue),
            };
            if (idGoal == Order)
            {
                columns["revenue_subtotal"] = Money(_subtotal);
                columns["revenue_tax"] = Money(_tax);
                columns["revenue_shipping"] = Money(_shipping);
                columns["revenue_discount"] = Money(_discount);
            }

            if (idGoal is Order or AbandonedCart)
            {
                columns["items"] = _items;
            }

            return columns;
        }

        private static object Money(double sum)
        {
            var rounded = Math.Round(sum, 2);
            return rounded == Math.Floor(rounded) && Math.Abs(rounded) < 1e15 ? (long)rounded : (object)rounded;
        }
    }
}
