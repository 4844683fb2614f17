using Makoto.Archiving;
using Makoto.Archiving.Reports;
using Makoto.Core.DataTables;
using Makoto.Storage.Logs;

namespace Makoto.Plugins.Events.RecordBuilders;

/// <summary>
/// The event reports (metrics-and-archiving.md §4.2): event hits grouped by (category, action, name) —
/// one SQL group row each in Matomo — then summed into six tables, each dimension with each other one
/// as its subtable. Groups are added in Matomo's SQL order (most visits first, then by name), which
/// fixes the first-seen order of rows and so the subtable ids; day values keep MySQL's types.
/// </summary>
internal sealed class EventsRecordBuilder : IRecordBuilder
{
    public const string CategoryAction = "Events_category_action";
    public const string CategoryName = "Events_category_name";
    public const string ActionCategory = "Events_action_category";
    public const string ActionName = "Events_action_name";
    public const string NameAction = "Events_name_action";
    public const string NameCategory = "Events_name_category";

    /// <summary>The stored label of events without a name; the API shows it as "Event Name not defined".</summary>
    public const string NameNotSet = "Piwik_EventNameNotSet";

    /// <summary>Each record with its (main, sub) dimensions, in Matomo's order of filling them.</summary>
    private static readonly (string Record, Dimension Main, Dimension Sub)[] s_records =
    [
        (CategoryAction, Dimension.Category, Dimension.Action),
        (CategoryName, Dimension.Category, Dimension.Name),
        (ActionName, Dimension.Action, Dimension.Name),
        (ActionCategory, Dimension.Action, Dimension.Category),
        (NameAction, Dimension.Name, Dimension.Action),
        (NameCategory, Dimension.Name, Dimension.Category),
    ];

    public string Plugin => "Events";

    public LogNeeds Needs { get; } = new()
    {
        ActionColumns = ["idvisitor", "idaction_event_category", "idaction_event_action", "idaction_name", "custom_float"],
    };

    public IReadOnlyList<ArchiveRecord> Records { get; } =
    [
        .. s_records.Select(r => new TableRecord(r.Record) { Limits = RowLimitFamily.Events }),
    ];

    public IDayAggregator StartDay(ArchiveContext context) => new Day(context.Actions);

    private enum Dimension
    {
        Category,
        Action,
        Name,
    }

    private sealed class Day(ActionNames names) : IDayAggregator
    {
        private readonly Dictionary<(long Category, long Action, long Name), Group> _groups = [];

        public void OnVisit(VisitLog log)
        {
            foreach (var action in log.Actions)
            {
                if (action.IdactionEventCategory is not { } category)
                {
                    continue;
                }

                var key = (category, action.IdactionEventAction ?? 0, action.IdactionName ?? 0);
                if (!_groups.TryGetValue(key, out var group))
                {
                    group = new Group(key);
                    _groups.Add(key, group);
                }

                group.Add(log.IdVisit, action);
            }
        }

        public void Finish(ArchiveRecords records)
        {
            if (_groups.Count == 0)
            {
                return;
            }

            var ids = new HashSet<long>();
            foreach (var key in _groups.Keys)
            {
                ids.Add(key.Category);
                ids.Add(key.Action);
                ids.Add(key.Name);
            }

            names.Load(ids);
            var groups = new List<Group>(_groups.Values);
            foreach (var group in groups)
            {
                group.Category = names.Get(group.Key.Category)?.Name;
                group.Action = names.Get(group.Key.Action)?.Name;
                group.Name = names.Get(group.Key.Name)?.Name;
            }

            // Matomo: ORDER BY nb_visits DESC, eventName (NULL first, case-insensitive); MySQL leaves ties
            // in the order it met the groups scanning the day by time, which the first action id follows.
            groups.Sort(static (a, b) =>
            {
                var order = b.Visits.CompareTo(a.Visits);
                if (order == 0)
                {
                    order = (a.Name is null, b.Name is null) switch
                    {
                        (true, false) => -1,
                        (false, true) => 1,
                        _ => string.Compare(a.Name, b.Name, StringComparison.OrdinalIgnoreCase),
                    };
                }

                return order != 0 ? order : a.FirstAction.CompareTo(b.FirstAction);
            });

            var tables = new TableAccumulator[s_records.Length];
            for (var i = 0; i < tables.Length; i++)
            {
                tables[i] = new TableAccumulator();
            }

            foreach (var group in groups)
            {
                var columns = group.Columns();
                for (var i = 0; i < s_records.Length; i++)
                {
                    var (_, main, sub) = s_records[i];
                    var mainLabel = group.Label(main);
                    if (main == Dimension.Name && IsEmpty(mainLabel))
                    {
                        mainLabel = NameNotSet;
                    }

                    tables[i].SumRow(mainLabel!, columns);
                    var subLabel = group.Label(sub);
                    if (!IsEmpty(subLabel))
                    {
                        tables[i].Subtable(mainLabel!).SumRow(subLabel!, columns);
                    }
                }
            }

            for (var i = 0; i < s_records.Length; i++)
            {
                records.SetTable(s_records[i].Record, tables[i].ToTable());
            }
        }

        /// <summary>PHP's <c>empty()</c> of a label: null, "" and "0".</summary>
        private static bool IsEmpty(string? label) => string.IsNullOrEmpty(label) || label == "0";
    }

    /// <summary>The events of one (category, action, name) of the day: one row of Matomo's SQL.</summary>
    private sealed class Group((long Category, long Action, long Name) key)
    {
        private readonly HashSet<ulong> _visitors = [];
        private long _lastVisit = -1;
        private long _events;
        private long _withValue;
        private double _sum;
        private double? _min;
        private double? _max;

        public (long Category, long Action, long Name) Key { get; } = key;

        public long Visits { get; private set; }

        /// <summary>The lowest <c>idlink_va</c> of the group: where a scan of the day by time meets it first.</summary>
        public long FirstAction { get; private set; } = long.MaxValue;

        public string? Category { get; set; }

        public string? Action { get; set; }

        public string? Name { get; set; }

        public void Add(long idVisit, ActionRow action)
        {
            // Visits stream in id order, so a new visit id is a new distinct visit.
            if (idVisit != _lastVisit)
            {
                _lastVisit = idVisit;
                Visits++;
            }

            FirstAction = Math.Min(FirstAction, action.IdLinkVa);
            _visitors.Add(VisitMetrics.VisitorKey(action.IdVisitor));
            _events++;
            if (action.CustomFloat is { } value)
            {
                _withValue++;
                _sum += value;
                _min = _min is { } min ? Math.Min(min, value) : value;
                _max = _max is { } max ? Math.Max(max, value) : value;
            }
        }

        public string? Label(Dimension dimension) => dimension switch
        {
            Dimension.Category => Category,
            Dimension.Action => Action,
            _ => Name,
        };

        /// <summary>
        /// The row as Matomo's ranking query returns it: the distinct-visitor count an integer, the other
        /// counts summed into decimal texts, the value sum, minimum and maximum rounded to cents (0 when
        /// the events have no value).
        /// </summary>
        public KeyValuePair<string, object?>[] Columns() =>
        [
            new("nb_uniq_visitors", (long)_visitors.Count),
            new("nb_visits", MetricValues.DecimalText(Visits)),
            new("nb_events", MetricValues.DecimalText(_events)),
            new("nb_events_with_value", MetricValues.DecimalText(_withValue)),
            new("sum_event_value", Cents(_sum)),
            new("min_event_value", Cents(_min ?? 0)),
            new("max_event_value", Cents(_max ?? 0)),
        ];

        private static double Cents(double value) => Math.Round(value, 2, MidpointRounding.AwayFromZero);
    }
}
