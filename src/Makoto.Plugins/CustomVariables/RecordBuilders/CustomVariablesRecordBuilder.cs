using Makoto.Archiving;
using Makoto.Archiving.Reports;
using Makoto.Core.DataTables;
using Makoto.Plugins.CustomVariables.Tracking;
using Makoto.Storage.Logs;

namespace Makoto.Plugins.CustomVariables.RecordBuilders;

/// <summary>
/// Matomo's custom variables report (plugin-CustomVariables, record <c>CustomVariables_valueByName</c>):
/// variable names with their values as subtables. Slot by slot: visits grouped by (name, value) with the
/// visit metrics, actions grouped likewise with visits, visitors and actions, conversions with their goals.
/// Names used only in page scope lose their visit counts (a visit may set them on several pages). The
/// slots a name was found in are kept in a <c>slots</c> column (keys <c>visit1</c>, <c>page4</c>, …) so
/// that periods merge them; the API shows them as Matomo's <c>slots</c> metadata.
/// </summary>
internal sealed class CustomVariablesRecordBuilder : IRecordBuilder
{
    public const string Record = "CustomVariables_valueByName";

    /// <summary>The label of an empty value in the archive (the getCustomVariables output keeps it).</summary>
    public const string ValueNotDefined = "Value not defined";

    public const string SlotsColumn = "slots";

    /// <summary>Names Matomo reserves for its own use (ecommerce and site search of old trackers).</summary>
    public static readonly string[] ReservedNames = ["_pks", "_pkn", "_pkc", "_pkp", "_pk_scat", "_pk_scount"];

    private static readonly string[] s_slotColumns =
    [
        .. Enumerable.Range(1, CustomVariablesProcessor.Slots).SelectMany(i => new[] { "custom_var_k" + i, "custom_var_v" + i }),
    ];

    public string Plugin => "CustomVariables";

    public LogNeeds Needs { get; } = new()
    {
        VisitColumns = ["idvisitor", "user_id", "visit_total_actions", "visit_total_time", "visit_goal_converted", .. s_slotColumns],
        ActionColumns = ["idvisitor", .. s_slotColumns],
        ConversionColumns = ["idgoal", "revenue", "revenue_subtotal", "revenue_tax", "revenue_shipping", "revenue_discount", "items", .. s_slotColumns],
    };

    public IReadOnlyList<ArchiveRecord> Records { get; } = [new TableRecord(Record) { Limits = RowLimitFamily.CustomDimensions }];

    public IDayAggregator StartDay(ArchiveContext context) => new Day();

    /// <summary>Re-writes the goal totals after a period merge.</summary>
    public void CompletePeriod(ArchiveContext context, ArchiveRecords records)
    {
        if (records.GetTable(Record) is { } table)
        {
            GoalsByDimension<(string, string?)>.WriteTotals(table);
        }
    }

    private static string ValueLabel(string? value) => string.IsNullOrEmpty(value) ? ValueNotDefined : value;

    private sealed class Day : IDayAggregator
    {
        private readonly Slot[] _slots = [.. Enumerable.Range(1, CustomVariablesProcessor.Slots).Select(i => new Slot(i))];

        public void OnVisit(VisitLog log)
        {
            foreach (var slot in _slots)
            {
                slot.OnVisit(log);
            }
        }

        public void Finish(ArchiveRecords records)
        {
            var table = new TableAccumulator();
            var slots = new Dictionary<string, OrderedDictionary<string, object?>>(StringComparer.Ordinal);
            foreach (var slot in _slots)
            {
                slot.AddTo(table, slots);
            }

            if (table.Count == 0)
            {
                return;
            }

            var result = table.ToTable();
            foreach (var row in result.Rows)
            {
                // Names only seen in page scope: visits are not countable (Matomo deletes them).
                if (!ReservedNames.Contains(row.Label) && row.Columns.Count == 4 && row.Columns.ContainsKey("nb_actions"))
                {
                    row.Columns.Remove("nb_uniq_visitors");
                    row.Columns.Remove("nb_visits");
                    row.Columns.Remove("nb_users");
                }
            }

            GoalsByDimension<(string, string?)>.WriteTotals(result);
            foreach (var row in result.Rows)
            {
                if (row.Label is { } label && slots.TryGetValue(label, out var found))
                {
                    row.Columns[SlotsColumn] = found;
                }
            }

            records.SetTable(Record, result);
        }
    }

    /// <summary>One slot's visits, actions and conversions of the day, grouped by (name, value) as MySQL groups text: case-insensitively.</summary>
    private sealed class Slot(int index)
    {
        private readonly VisitsByDimension<(string Name, string? Value)> _visits = new(PairComparer.Instance);
        private readonly Dictionary<(string Name, string? Value), ActionCounts> _actions = new(PairComparer.Instance);
        private readonly GoalsByDimension<(string Name, string? Value)> _goals = new(PairComparer.Instance);

        public void OnVisit(VisitLog log)
        {
            if (log.Visit is { } visit && visit.GetCustomVariable(index) is { Name: { Length: > 0 } name } variable)
            {
                _visits.Add((name, variable.Value), visit);
            }

            foreach (var action in log.Actions)
            {
                if (action.GetCustomVariable(index) is { Name: { Length: > 0 } actionName } actionVariable)
                {
                    var key = (actionName, actionVariable.Value);
                    if (!_actions.TryGetValue(key, out var counts))
                    {
                        counts = new ActionCounts();
                        _actions.Add(key, counts);
                    }

                    counts.Add(log.IdVisit, action);
                }
            }

            foreach (var conversion in log.Conversions)
            {
                if (conversion.GetCustomVariable(index) is { Name: { Length: > 0 } converted } conversionVariable)
                {
                    _goals.Add((converted, conversionVariable.Value), conversion);
                }
            }
        }

        public void AddTo(TableAccumulator table, Dictionary<string, OrderedDictionary<string, object?>> slots)
        {
            // Matomo's GROUP BY on the two text columns: case-insensitive alphabetical order.
            foreach (var ((name, value), metrics) in _visits.Groups(PairComparer.Instance))
            {
                AddSlot(slots, name, "visit");
                if (table.Contains(name))
                {
                    var existing = table.Row(name);
                    if (!existing.Columns.ContainsKey("nb_visits"))
                    {
                        continue;
                    }

                    // A row of page scope so far gets the visit metrics it lacks.
                    if (!existing.Columns.ContainsKey("max_actions"))
                    {
                        foreach (var column in (ReadOnlySpan<string>)["nb_users", "max_actions", "sum_visit_length", "bounce_count", "nb_visits_converted"])
                        {
                            existing.Columns[column] = 0L;
                        }
                    }
                }

                var columns = metrics.Columns();
                table.SumRow(name, columns);
                table.Subtable(name).SumRow(ValueLabel(value), columns);
            }

            var actions = _actions.ToList();
            actions.Sort(static (a, b) => PairComparer.Instance.Compare(a.Key, b.Key));
            foreach (var ((name, value), counts) in actions)
            {
                AddSlot(slots, name, "page");
                var columns = counts.Columns();
                table.Row(name);
                var subtable = table.Subtable(name);
                var label = ValueLabel(value);

                // A value row without visits (conversions only) is left alone; the name's row is summed anyway.
                if (!subtable.Contains(label) || subtable.Row(label).Columns.ContainsKey("nb_visits"))
                {
                    subtable.SumRow(label, columns);
                }

                table.SumRow(name, columns);
            }

            foreach (var ((name, value), goals) in _goals.GoalColumns())
            {
                KeyValuePair<string, object?>[] columns = [new("goals", goals)];
                table.SumRow(name, columns);
                table.Subtable(name).SumRow(ValueLabel(value), columns);
            }
        }

        private void AddSlot(Dictionary<string, OrderedDictionary<string, object?>> slots, string name, string scope)
        {
            if (!slots.TryGetValue(name, out var found))
            {
                found = new OrderedDictionary<string, object?>(StringComparer.Ordinal);
                slots.Add(name, found);
            }

            found.TryAdd(scope + index.ToString(System.Globalization.CultureInfo.InvariantCulture), 1L);
        }
    }

    /// <summary>The page-scope counts of one (name, value): Matomo's COUNT columns.</summary>
    private sealed class ActionCounts
    {
        private readonly HashSet<ulong> _visitors = [];
        private long _lastVisit = -1;
        private long _visits;
        private long _actions;

        public void Add(long idVisit, ActionRow action)
        {
            if (idVisit != _lastVisit)
            {
                _lastVisit = idVisit;
                _visits++;
            }

            _visitors.Add(VisitMetrics.VisitorKey(action.IdVisitor));
            _actions++;
        }

        public KeyValuePair<string, object?>[] Columns() =>
        [
            new("nb_uniq_visitors", (long)_visitors.Count),
            new("nb_visits", _visits),
            new("nb_actions", _actions),
        ];
    }

    /// <summary>(name, value) compared as MySQL's case-insensitive collation compares text.</summary>
    private sealed class PairComparer : IEqualityComparer<(string Name, string? Value)>, IComparer<(string Name, string? Value)>
    {
        public static readonly PairComparer Instance = new();

        public bool Equals((string Name, string? Value) x, (string Name, string? Value) y) =>
            string.Equals(x.Name, y.Name, StringComparison.OrdinalIgnoreCase) && string.Equals(x.Value, y.Value, StringComparison.OrdinalIgnoreCase);

        public int GetHashCode((string Name, string? Value) obj) =>
            HashCode.Combine(StringComparer.OrdinalIgnoreCase.GetHashCode(obj.Name), obj.Value is null ? 0 : StringComparer.OrdinalIgnoreCase.GetHashCode(obj.Value));

        public int Compare((string Name, string? Value) x, (string Name, string? Value) y)
        {
            var order = string.Compare(x.Name, y.Name, StringComparison.OrdinalIgnoreCase);
            return order != 0 ? order : string.Compare(x.Value, y.Value, StringComparison.OrdinalIgnoreCase);
        }
    }
}
