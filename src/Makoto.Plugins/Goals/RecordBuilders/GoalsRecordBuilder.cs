using Makoto.Archiving;
using Makoto.Archiving.Reports;
using Makoto.Core.DataTables;
using Makoto.Core.Sites;
using Makoto.Storage.Goals;
using Makoto.Storage.Logs;

namespace Makoto.Plugins.Goals.RecordBuilders;

/// <summary>
/// Goals' general records (metrics-and-archiving.md §4.1, Matomo's GeneralGoalsRecords): for each
/// goal of the day's conversions its conversions, converted visits and revenue (orders and carts also
/// the revenue parts and items), the same over all goals but abandoned carts, and two tables of
/// conversions per goal: by the visitor's visit count and by days since the first visit. Every number
/// is also kept for new and for returning visits (see <see cref="GoalRecords"/>).
/// </summary>
/// <remarks>
/// As in Matomo, an archive whose visits converted nothing has no goal records at all (Goals.get then
/// reports zeros), money is summed per goal and rounded to cents like MySQL's <c>ROUND(SUM(…), 2)</c>,
/// and longer periods sum the records of the site's current goals, of orders and carts and of the
/// total. The distance tables of a day keep MySQL's value types: a goal's counts are decimal texts
/// (<c>SUM(CASE …)</c>), the total over goals is a number once two goals were added.
/// </remarks>
internal sealed class GoalsRecordBuilder(GoalStore goals) : IRecordBuilder
{
    /// <summary>The visit-count buckets of <c>visits_until_conv</c>.</summary>
    public static readonly RangeBuckets VisitCounts = new([(1, 1), (2, 2), (3, 3), (4, 4), (5, 5), (6, 6), (7, 7), (8, 8), (9, 14), (15, 25), (26, 50), (51, 100)], 100);

    /// <summary>The day buckets of <c>days_until_conv</c>.</summary>
    public static readonly RangeBuckets Days = new([(0, 0), (1, 1), (2, 2), (3, 3), (4, 4), (5, 5), (6, 6), (7, 7), (8, 14), (15, 30), (31, 60), (61, 120), (121, 364)], 364);

    public string Plugin => "Goals";

    public LogNeeds Needs { get; } = new()
    {
        VisitColumns = ["visitor_returning", "visit_goal_converted"],
        ConversionColumns =
        [
            "idgoal", "revenue", "revenue_subtotal", "revenue_tax", "revenue_shipping", "revenue_discount", "items",
            "visitor_returning", "visitor_count_visits", "visitor_seconds_since_first",
        ],
    };

    /// <summary>The records every site has: totals, orders and carts, the slices' visit counts.</summary>
    public IReadOnlyList<ArchiveRecord> Records { get; } = Declare([]);

    public IReadOnlyList<ArchiveRecord> RecordsFor(Site site)
    {
        var ids = new List<int>();
        foreach (var goal in goals.GetGoals(site.IdSite))
        {
            ids.Add(goal.IdGoal);
        }

        return Declare(ids);
    }

    public IDayAggregator StartDay(ArchiveContext context) => new Day();

    private static List<ArchiveRecord> Declare(List<int> goalIds)
    {
        var ids = new List<int?> { null, GoalRecords.AbandonedCart, GoalRecords.Order };
        foreach (var id in goalIds)
        {
            ids.Add(id);
        }

        var records = new List<ArchiveRecord>();
        foreach (var slice in GoalRecords.Slices)
        {
            if (slice != VisitorSlice.All)
            {
                records.Add(new NumericRecord(GoalRecords.Visits + GoalRecords.Suffix(slice)));
            }

            foreach (var id in ids)
            {
                foreach (var metric in GoalRecords.Metrics(id))
                {
                    records.Add(new NumericRecord(GoalRecords.Name(metric, id, slice)));
                }
            }
        }

        foreach (var id in ids)
        {
            records.Add(new TableRecord(GoalRecords.Name(GoalRecords.VisitsUntilConversion, id)) { SortColumn = "nb_conversions" });
            records.Add(new TableRecord(GoalRecords.Name(GoalRecords.DaysUntilConversion, id)) { SortColumn = "nb_conversions" });
        }

        return records;
    }

    private sealed class Day : IDayAggregator
    {
        private readonly Slice[] _slices = [new(), new(), new()];
        private readonly SortedDictionary<int, long[]> _visitsUntil = [];
        private readonly SortedDictionary<int, long[]> _daysUntil = [];

        public void OnVisit(VisitLog log)
        {
            var visitSlice = GoalRecords.SliceOf(log.Visit?.VisitorReturning);
            if (log.Visit is { } visit)
            {
                _slices[(int)VisitorSlice.All].AddVisit(visit);
                if (visitSlice is { } slice)
                {
                    _slices[(int)slice].AddVisit(visit);
                }
            }

            foreach (var conversion in log.Conversions)
            {
                // Segments join the conversion's visit; a visit counted on another day is not at hand, its copy on the conversion is.
                var slice = log.Visit is null ? GoalRecords.SliceOf(conversion.VisitorReturning) : visitSlice;
                _slices[(int)VisitorSlice.All].Add(conversion);
                if (slice is { } s)
                {
                    _slices[(int)s].Add(conversion);
                }

                Count(_visitsUntil, conversion.IdGoal, VisitCounts, conversion.VisitorCountVisits);
                if (conversion.VisitorSecondsSinceFirst is { } seconds)
                {
                    Count(_daysUntil, conversion.IdGoal, Days, (long)Math.Floor(seconds / 86400d));
                }
            }
        }

        public void Finish(ArchiveRecords records)
        {
            foreach (var slice in GoalRecords.Slices)
            {
                var sums = _slices[(int)slice];
                if (slice != VisitorSlice.All)
                {
                    records.SetNumeric(GoalRecords.Visits + GoalRecords.Suffix(slice), sums.Visits);
                }

                if (sums.VisitsConverted > 0)
                {
                    sums.Write(records, slice);
                }
            }

            if (_slices[(int)VisitorSlice.All].VisitsConverted > 0)
            {
                WriteTables(records, GoalRecords.VisitsUntilConversion, _visitsUntil, VisitCounts);
                WriteTables(records, GoalRecords.DaysUntilConversion, _daysUntil, Days);
            }
        }

        private static void Count(SortedDictionary<int, long[]> counts, int idGoal, RangeBuckets buckets, long value)
        {
            if (!counts.TryGetValue(idGoal, out var values))
            {
                values = new long[buckets.Count];
                counts.Add(idGoal, values);
            }

            buckets.Add(value, values);
        }

        /// <summary>
        /// One table per goal with a conversion (one SQL row each, so decimal texts), and the total of
        /// the standard goals — orders and carts excluded — summed from them.
        /// </summary>
        private void WriteTables(ArchiveRecords records, string name, SortedDictionary<int, long[]> counts, RangeBuckets buckets)
        {
            var overview = new TableAccumulator();
            foreach (var idGoal in _slices[(int)VisitorSlice.All].GoalIds)
            {
                counts.TryGetValue(idGoal, out var values);
                var table = new TableAccumulator();
                for (var i = 0; i < buckets.Count; i++)
                {
                    KeyValuePair<string, object?>[] columns = [new("nb_conversions", MetricValues.DecimalText(values?[i] ?? 0))];
                    table.SumRow(buckets.Labels[i], columns);
                    if (idGoal > GoalRecords.Order)
                    {
                        overview.SumRow(buckets.Labels[i], columns);
                    }
                }

                records.SetTable(GoalRecords.Name(name, idGoal), table.ToTable());
            }

            records.SetTable(GoalRecords.Name(name), overview.ToTable());
        }
    }

    /// <summary>The visits and conversions of one slice of a day.</summary>
    private sealed class Slice
    {
        private readonly SortedDictionary<int, GoalSums> _goals = [];

        public long Visits { get; private set; }

        public long VisitsConverted { get; private set; }

        public IEnumerable<int> GoalIds => _goals.Keys;

        public void AddVisit(VisitRow visit)
        {
            Visits++;
            if (visit.VisitGoalConverted == 1)
            {
                VisitsConverted++;
            }
        }

        public void Add(ConversionRow conversion)
        {
            if (!_goals.TryGetValue(conversion.IdGoal, out var sums))
            {
                sums = new GoalSums();
                _goals.Add(conversion.IdGoal, sums);
            }

            sums.Add(conversion);
        }

        /// <summary>The numeric records of every goal and of all goals; abandoned carts stay out of the totals.</summary>
        public void Write(ArchiveRecords records, VisitorSlice slice)
        {
            long conversions = 0;
            double revenue = 0;
            foreach (var (idGoal, sums) in _goals)
            {
                foreach (var metric in GoalRecords.Metrics(idGoal))
                {
                    records.SetNumeric(GoalRecords.Name(metric, idGoal, slice), sums.Value(metric));
                }

                if (idGoal != GoalRecords.AbandonedCart)
                {
                    conversions += sums.Conversions;
                    revenue += sums.Value("revenue");
                }
            }

            records.SetNumeric(GoalRecords.Name("nb_conversions", null, slice), conversions);
            records.SetNumeric(GoalRecords.Name("nb_visits_converted", null, slice), VisitsConverted);
            records.SetNumeric(GoalRecords.Name("revenue", null, slice), revenue);
        }
    }

    /// <summary>One goal's conversions; conversions of a visit arrive together, so distinct visits are counted by change of visit.</summary>
    private sealed class GoalSums
    {
        private long _lastVisit = -1;
        private long _visits;
        private double _revenue;
        private double _subtotal;
        private double _tax;
        private double _shipping;
        private double _discount;
        private long _items;

        public long Conversions { get; private set; }

        public void Add(ConversionRow conversion)
        {
            Conversions++;
            if (conversion.IdVisit != _lastVisit)
            {
                _visits++;
                _lastVisit = conversion.IdVisit;
            }

            _revenue += conversion.Revenue ?? 0;
            _subtotal += conversion.RevenueSubtotal ?? 0;
            _tax += conversion.RevenueTax ?? 0;
            _shipping += conversion.RevenueShipping ?? 0;
            _discount += conversion.RevenueDiscount ?? 0;
            _items += conversion.Items ?? 0;
        }

        public double Value(string metric) => metric switch
        {
            "nb_conversions" => Conversions,
            "nb_visits_converted" => _visits,
            "revenue" => Money(_revenue),
            "revenue_subtotal" => Money(_subtotal),
            "revenue_tax" => Money(_tax),
            "revenue_shipping" => Money(_shipping),
            "revenue_discount" => Money(_discount),
            "items" => _items,
            _ => 0,
        };

        /// <summary>MySQL's <c>ROUND(SUM(x), 2)</c> of a double column.</summary>
        private static double Money(double sum) => Math.Round(sum, 2, MidpointRounding.ToEven);
    }
}
