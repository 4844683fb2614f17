using Makoto.Archiving;
using Makoto.Archiving.Reports;
using Makoto.Core.DataTables;
using Makoto.Storage.Logs;

namespace Makoto.Plugins.VisitorInterest.RecordBuilders;

/// <summary>
/// Visits counted in ranges (metrics-and-archiving.md §4, Matomo's VisitorInterest Engagement records):
/// by visit duration, by actions per visit, by the visitor's visit number and by days since the
/// visitor's last visit. Each record has one row per range with <c>nb_visits</c>, in range order; a day
/// keeps MySQL's value type for its counts (<c>SUM(CASE …)</c>, so decimal texts), every range listed
/// even when it counts nothing. The ranges overlap on their shared bounds as Matomo's do (a visit of
/// exactly 60 s counts in 31–60 s and in 1–2 min).
/// </summary>
internal sealed class VisitorInterestRecordBuilder : IRecordBuilder
{
    public const string TimeGapRecord = "VisitorInterest_timeGap";
    public const string PageGapRecord = "VisitorInterest_pageGap";
    public const string VisitsByVisitCountRecord = "VisitorInterest_visitsByVisitCount";
    public const string DaysSinceLastVisitRecord = "VisitorInterest_daysSinceLastVisit";

    /// <summary>Visit durations in seconds: 0–10 s, 11–30 s, 31–60 s, then 1–2, 2–4, 4–7, 7–10, 10–15, 15–30 and 30+ minutes.</summary>
    public static readonly RangeBuckets Durations =
        new([(0, 10), (11, 30), (31, 60), (60, 120), (120, 240), (240, 420), (420, 600), (600, 900), (900, 1800)], 1800);

    /// <summary>Actions per visit: 1 to 5, 6–7, 8–10, 11–14, 15–20, 21+.</summary>
    public static readonly RangeBuckets Pages = new([(1, 1), (2, 2), (3, 3), (4, 4), (5, 5), (6, 7), (8, 10), (11, 14), (15, 20)], 20);

    /// <summary>The visitor's visit number: 1 to 8, 9–14, 15–25, 26–50, 51–100, 101–200, 201+.</summary>
    public static readonly RangeBuckets VisitNumbers =
        new([(1, 1), (2, 2), (3, 3), (4, 4), (5, 5), (6, 6), (7, 7), (8, 8), (9, 14), (15, 25), (26, 50), (51, 100), (101, 200)], 200);

    /// <summary>Whole days since the visitor's last visit: 0 to 7, 8–14, 15–30, 31–60, 61–120, 121–364, 365+.</summary>
    public static readonly RangeBuckets DaysSinceLast =
        new([(0, 0), (1, 1), (2, 2), (3, 3), (4, 4), (5, 5), (6, 6), (7, 7), (8, 14), (15, 30), (31, 60), (61, 120), (121, 364)], 364);

    public string Plugin => "VisitorInterest";

    public LogNeeds Needs { get; } = new()
    {
        VisitColumns = ["visit_total_time", "visit_total_actions", "visitor_count_visits", "visitor_seconds_since_last", "visitor_returning"],
    };

    public IReadOnlyList<ArchiveRecord> Records { get; } =
    [
        new TableRecord(TimeGapRecord),
        new TableRecord(PageGapRecord),
        new TableRecord(VisitsByVisitCountRecord),
        new TableRecord(DaysSinceLastVisitRecord),
    ];

    public IDayAggregator StartDay(ArchiveContext context) => new Day();

    private sealed class Day : IDayAggregator
    {
        private readonly long[] _durations = new long[Durations.Count];
        private readonly long[] _pages = new long[Pages.Count];
        private readonly long[] _visitNumbers = new long[VisitNumbers.Count];
        private readonly long[] _daysSinceLast = new long[DaysSinceLast.Count];
        private long _newVisits;

        public void OnVisit(VisitLog log)
        {
            if (log.Visit is not { } visit)
            {
                return;
            }

            Durations.Add(visit.VisitTotalTime, _durations);
            if (visit.VisitTotalActions is { } actions)
            {
                Pages.Add(actions, _pages);
            }

            VisitNumbers.Add(visit.VisitorCountVisits, _visitNumbers);

            // Matomo counts the days since the last visit of returning visitors only (visitor_returning = 1,
            // so not of returning customers), and new visitors (0) in a row of their own.
            if (visit.VisitorReturning == 0)
            {
                _newVisits++;
            }
            else if (visit.VisitorReturning == 1 && visit.VisitorSecondsSinceLast is { } seconds)
            {
                DaysSinceLast.Add(seconds / 86400, _daysSinceLast);
            }
        }

        public void Finish(ArchiveRecords records)
        {
            records.SetTable(TimeGapRecord, Table(Durations, _durations));
            records.SetTable(PageGapRecord, Table(Pages, _pages));
            records.SetTable(VisitsByVisitCountRecord, Table(VisitNumbers, _visitNumbers));

            var daysSinceLast = Table(DaysSinceLast, _daysSinceLast);
            var newVisits = new DataRow();
            newVisits.Label = RangeBuckets.NewVisitsLabel;
            newVisits["nb_visits"] = MetricValues.DecimalText(_newVisits);
            daysSinceLast.Rows.Insert(0, newVisits);
            records.SetTable(DaysSinceLastVisitRecord, daysSinceLast);
        }

        private static DataTable Table(RangeBuckets buckets, long[] counts)
        {
            var table = new DataTable();
            for (var i = 0; i < buckets.Count; i++)
            {
                var row = new DataRow();
                row.Label = buckets.Labels[i];
                row["nb_visits"] = MetricValues.DecimalText(counts[i]);
                table.Rows.Add(row);
            }

            return table;
        }
    }
}
