using Makoto.Archiving;
using Makoto.Archiving.Reports;
using Makoto.Core.DataTables;
using Makoto.Core.Sites;
using Makoto.Storage.CustomDimensions;
using Makoto.Storage.Logs;

namespace Makoto.Plugins.CustomDimensions.RecordBuilders;

/// <summary>
/// One report per active custom dimension of a site (metrics-and-archiving.md §4), record
/// <c>CustomDimensions_Dimension{id}</c>. Visit scope: visits by value with the visit metrics and the
/// goals of the conversions carrying the value. Action scope: actions by value with Matomo's action
/// metrics (hits, visits, time spent, bounces, exits, page performance) and the page URLs as subtables.
/// Values are grouped as MySQL groups a text column: case-insensitively, the first value met names the group.
/// </summary>
internal sealed class CustomDimensionsRecordBuilder(CustomDimensionStore dimensions) : IRecordBuilder
{
    /// <summary>The stored and shown label of an empty value.</summary>
    public const string ValueNotDefined = "Value not defined";

    private static readonly string[] s_slots = ["custom_dimension_1", "custom_dimension_2", "custom_dimension_3", "custom_dimension_4", "custom_dimension_5"];

    /// <summary>The page performance timings Matomo adds to action metrics, in its order.</summary>
    private static readonly string[] s_timings = ["time_network", "time_server", "time_transfer", "time_dom_processing", "time_dom_completion", "time_on_load"];

    public string Plugin => "CustomDimensions";

    public LogNeeds Needs { get; } = new()
    {
        VisitColumns = ["idvisitor", "user_id", "visit_total_actions", "visit_total_time", "visit_goal_converted", .. s_slots],
        ActionColumns = ["idvisitor", "idaction_url", "time_spent_ref_action", .. s_timings, .. s_slots],
        ConversionColumns = ["idgoal", "revenue", "revenue_subtotal", "revenue_tax", "revenue_shipping", "revenue_discount", "items", .. s_slots],
    };

    /// <summary>No records are common to every site: each site has one per active dimension.</summary>
    public IReadOnlyList<ArchiveRecord> Records { get; } = [];

    public static string RecordName(int idDimension) => "CustomDimensions_Dimension" + idDimension.ToString(System.Globalization.CultureInfo.InvariantCulture);

    public IReadOnlyList<ArchiveRecord> RecordsFor(Site site)
    {
        var records = new List<ArchiveRecord>();
        foreach (var dimension in Active(site))
        {
            records.Add(new TableRecord(RecordName(dimension.IdCustomDimension)) { Limits = RowLimitFamily.CustomDimensions });
        }

        return records;
    }

    public IDayAggregator StartDay(ArchiveContext context)
    {
        var reports = new List<IDimensionDay>();
        foreach (var dimension in Active(context.Site))
        {
            reports.Add(dimension.Scope == "action" ? new ActionScopeDay(dimension, context.Actions) : new VisitScopeDay(dimension));
        }

        return new Day(reports);
    }

    /// <summary>Re-writes the goal totals of visit-scope reports after a period merge.</summary>
    public void CompletePeriod(ArchiveContext context, ArchiveRecords records)
    {
        foreach (var dimension in Active(context.Site))
        {
            if (dimension.Scope == "visit" && records.GetTable(RecordName(dimension.IdCustomDimension)) is { } table)
            {
                GoalsByDimension<string>.WriteTotals(table);
            }
        }
    }

    private IEnumerable<CustomDimension> Active(Site site)
    {
        foreach (var dimension in dimensions.ForSite(site.IdSite))
        {
            if (dimension.Active && dimension.Scope is "visit" or "action")
            {
                yield return dimension;
            }
        }
    }

    /// <summary>A stored value as a report label: an empty value is "Value not defined".</summary>
    private static string Label(string value) => value.Length == 0 ? ValueNotDefined : value;

    private interface IDimensionDay
    {
        void OnVisit(VisitLog log);

        void Finish(ArchiveRecords records);
    }

    private sealed class Day(List<IDimensionDay> reports) : IDayAggregator
    {
        public void OnVisit(VisitLog log)
        {
            foreach (var report in reports)
            {
                report.OnVisit(log);
            }
        }

        public void Finish(ArchiveRecords records)
        {
            foreach (var report in reports)
            {
                report.Finish(records);
            }
        }
    }

    /// <summary>
    /// Visit scope: Matomo's ranking query sums every visit metric but the maximum, so a day row keeps
    /// them as decimal texts (max_actions a number); conversions add the <c>goals</c> column.
    /// </summary>
    private sealed class VisitScopeDay(CustomDimension dimension) : IDimensionDay
    {
        private readonly VisitsByDimension<string> _visits = new(StringComparer.OrdinalIgnoreCase);
        private readonly GoalsByDimension<string> _goals = new(StringComparer.OrdinalIgnoreCase);
        private readonly Dictionary<string, string> _visitValues = new(StringComparer.OrdinalIgnoreCase);
        private readonly Dictionary<string, string> _conversionValues = new(StringComparer.OrdinalIgnoreCase);

        public void OnVisit(VisitLog log)
        {
            if (log.Visit is { } visit && visit.GetCustomDimension(dimension.Index) is { } value)
            {
                _visitValues.TryAdd(value, value);
                _visits.Add(value, visit);
            }

            foreach (var conversion in log.Conversions)
            {
                if (conversion.GetCustomDimension(dimension.Index) is { } converted)
                {
                    _conversionValues.TryAdd(converted, converted);
                    _goals.Add(converted, conversion);
                }
            }
        }

        public void Finish(ArchiveRecords records)
        {
            if (_visits.Count == 0 && _conversionValues.Count == 0)
            {
                return;
            }

            var table = new TableAccumulator();

            // Matomo: ORDER BY nb_visits DESC; equal counts by value.
            var groups = _visits.Groups().ToList();
            groups.Sort(static (a, b) =>
            {
                var order = b.Metrics.Visits.CompareTo(a.Metrics.Visits);
                return order != 0 ? order : string.Compare(a.Key, b.Key, StringComparison.OrdinalIgnoreCase);
            });

            foreach (var (key, metrics) in groups)
            {
                table.SumRow(Label(_visitValues[key]),
                [
                    new("nb_uniq_visitors", MetricValues.DecimalText(metrics.UniqueVisitors)),
                    new("nb_visits", MetricValues.DecimalText(metrics.Visits)),
                    new("nb_actions", MetricValues.DecimalText(metrics.Actions)),
                    new("nb_users", MetricValues.DecimalText(metrics.Users)),
                    new("max_actions", metrics.MaxActions),
                    new("sum_visit_length", MetricValues.DecimalText(metrics.VisitLength)),
                    new("bounce_count", MetricValues.DecimalText(metrics.Bounces)),
                    new("nb_visits_converted", MetricValues.DecimalText(metrics.Converted)),
                ]);
            }

            _goals.AddTo(table, key => Label(_conversionValues[key]));
            var result = table.ToTable();
            GoalsByDimension<string>.WriteTotals(result);
            records.SetTable(RecordName(dimension.IdCustomDimension), result);
        }
    }

    /// <summary>
    /// Action scope: actions grouped by (value, page URL) — one row of Matomo's SQL each, its metrics cast
    /// to floats — summed into one row per value with the URLs as its subtable. An action's time spent is
    /// what the next action of the visit recorded as time spent on the previous one; the exit is the
    /// visit's last action; a bounce is an action of a visit with at most one action.
    /// </summary>
    private sealed class ActionScopeDay(CustomDimension dimension, ActionNames names) : IDimensionDay
    {
        private readonly Dictionary<(string Value, long Url), ActionGroup> _groups = [];
        private readonly Dictionary<string, string> _values = new(StringComparer.OrdinalIgnoreCase);

        public void OnVisit(VisitLog log)
        {
            var actions = log.Actions;
            var lastAction = long.MinValue;
            foreach (var action in actions)
            {
                lastAction = Math.Max(lastAction, action.IdLinkVa);
            }

            for (var i = 0; i < actions.Count; i++)
            {
                var action = actions[i];
                if (action.GetCustomDimension(dimension.Index) is not { } value)
                {
                    continue;
                }

                if (!_values.TryGetValue(value, out var groupValue))
                {
                    groupValue = value;
                    _values.Add(value, value);
                }

                var key = (groupValue, action.IdactionUrl ?? 0);
                if (!_groups.TryGetValue(key, out var group))
                {
                    group = new ActionGroup();
                    _groups.Add(key, group);
                }

                var next = i + 1 < actions.Count ? actions[i + 1].TimeSpentRefAction : null;
                var exit = log.Visit is not null && action.IdLinkVa == lastAction;
                var bounce = log.Visit is { VisitTotalActions: 0 or 1 };
                group.Add(log.IdVisit, action, next is > 0 ? next.Value : 0, bounce, exit);
            }
        }

        public void Finish(ArchiveRecords records)
        {
            if (_groups.Count == 0)
            {
                return;
            }

            names.Load(_groups.Keys.Select(k => k.Url));

            // MySQL groups the URL text case-insensitively too.
            var merged = new Dictionary<(string Value, string Url), ActionGroup>(UrlGroupComparer.Instance);
            foreach (var ((value, urlId), group) in _groups)
            {
                var url = names.Get(urlId)?.Name ?? "";
                if (merged.TryGetValue((value, url), out var existing))
                {
                    existing.Merge(group);
                }
                else
                {
                    group.Url = url;
                    group.Value = value;
                    merged.Add((value, url), group);
                }
            }

            // Matomo: ORDER BY nb_hits DESC; MySQL leaves ties in the order a scan of the day by time met them.
            var groups = merged.Values.ToList();
            groups.Sort(static (a, b) =>
            {
                var order = b.Hits.CompareTo(a.Hits);
                return order != 0 ? order : a.FirstAction.CompareTo(b.FirstAction);
            });

            var table = new TableAccumulator();
            foreach (var group in groups)
            {
                var columns = group.Columns();
                var label = Label(group.Value!);
                table.SumRow(label, columns);
                var url = WithoutPrefix(group.Url!);
                if (url.Length > 0)
                {
                    table.Subtable(label).SumRow(url, columns);
                }
            }

            records.SetTable(RecordName(dimension.IdCustomDimension), table.ToTable());
        }

        /// <summary>Matomo's PageUrl::normalizeUrl: the URL without its <c>http(s)://(www.)</c> prefix.</summary>
        private static string WithoutPrefix(string url)
        {
            foreach (var prefix in (ReadOnlySpan<string>)["http://www.", "http://", "https://www.", "https://"])
            {
                if (url.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
                {
                    return url[prefix.Length..];
                }
            }

            return url;
        }
    }

    /// <summary>(value, URL) compared as MySQL's case-insensitive collation compares them.</summary>
    private sealed class UrlGroupComparer : IEqualityComparer<(string Value, string Url)>
    {
        public static readonly UrlGroupComparer Instance = new();

        public bool Equals((string Value, string Url) x, (string Value, string Url) y) =>
            string.Equals(x.Value, y.Value, StringComparison.OrdinalIgnoreCase) && string.Equals(x.Url, y.Url, StringComparison.OrdinalIgnoreCase);

        public int GetHashCode((string Value, string Url) obj) =>
            HashCode.Combine(StringComparer.OrdinalIgnoreCase.GetHashCode(obj.Value), StringComparer.OrdinalIgnoreCase.GetHashCode(obj.Url));
    }

    /// <summary>The actions of one (value, URL): Matomo's action metrics, time spent, bounces and exits.</summary>
    private sealed class ActionGroup
    {
        private readonly HashSet<long> _visits = [];
        private readonly HashSet<ulong> _visitors = [];
        private readonly Timing[] _timings = [new(), new(), new(), new(), new(), new()];
        private long _timeSpent;
        private long _bounces;
        private long _exits;

        public long Hits { get; private set; }

        public long FirstAction { get; private set; } = long.MaxValue;

        public string? Value { get; set; }

        public string? Url { get; set; }

        public void Add(long idVisit, ActionRow action, long timeSpent, bool bounce, bool exit)
        {
            Hits++;
            FirstAction = Math.Min(FirstAction, action.IdLinkVa);
            _visits.Add(idVisit);
            _visitors.Add(VisitMetrics.VisitorKey(action.IdVisitor));
            _timeSpent += timeSpent;
            _bounces += bounce ? 1 : 0;
            _exits += exit ? 1 : 0;
            _timings[0].Add(action.TimeNetwork);
            _timings[1].Add(action.TimeServer);
            _timings[2].Add(action.TimeTransfer);
            _timings[3].Add(action.TimeDomProcessing);
            _timings[4].Add(action.TimeDomCompletion);
            _timings[5].Add(action.TimeOnLoad);
        }

        public void Merge(ActionGroup other)
        {
            Hits += other.Hits;
            FirstAction = Math.Min(FirstAction, other.FirstAction);
            _visits.UnionWith(other._visits);
            _visitors.UnionWith(other._visitors);
            _timeSpent += other._timeSpent;
            _bounces += other._bounces;
            _exits += other._exits;
            for (var i = 0; i < _timings.Length; i++)
            {
                _timings[i].Merge(other._timings[i]);
            }
        }

        /// <summary>The row in Matomo's column order, every value a float as its record builder casts them.</summary>
        public List<KeyValuePair<string, object?>> Columns()
        {
            var columns = new List<KeyValuePair<string, object?>>
            {
                new("nb_visits", (double)_visits.Count),
                new("nb_uniq_visitors", (double)_visitors.Count),
                new("nb_hits", (double)Hits),
            };
            for (var i = 0; i < s_timings.Length; i++)
            {
                var timing = _timings[i];
                columns.Add(new("sum_" + s_timings[i], timing.Sum / 1000.0));
                columns.Add(new("nb_hits_with_" + s_timings[i], (double)timing.Count));
                columns.Add(new("min_" + s_timings[i], (timing.Min ?? 0) / 1000.0));
                columns.Add(new("max_" + s_timings[i], (timing.Max ?? 0) / 1000.0));
            }

            columns.Add(new("sum_time_spent", (double)_timeSpent));
            columns.Add(new("bounce_count", (double)_bounces));
            columns.Add(new("exit_nb_visits", (double)_exits));
            return columns;
        }
    }

    /// <summary>One page performance timing (milliseconds) over a group's actions.</summary>
    private sealed class Timing
    {
        public long Sum { get; private set; }

        public long Count { get; private set; }

        public long? Min { get; private set; }

        public long? Max { get; private set; }

        public void Add(long? value)
        {
            if (value is not { } ms)
            {
                return;
            }

            Sum += ms;
            Count++;
            Min = Min is { } min ? Math.Min(min, ms) : ms;
            Max = Max is { } max ? Math.Max(max, ms) : ms;
        }

        public void Merge(Timing other)
        {
            Sum += other.Sum;
            Count += other.Count;
            if (other.Min is { } min)
            {
                Min = Min is { } current ? Math.Min(current, min) : min;
            }

            if (other.Max is { } max)
            {
                Max = Max is { } current ? Math.Max(current, max) : max;
            }
        }
    }
}
