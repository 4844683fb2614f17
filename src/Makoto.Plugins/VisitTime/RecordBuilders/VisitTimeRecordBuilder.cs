using System.Globalization;
using Makoto.Archiving;
using Makoto.Archiving.Reports;
using Makoto.Core.DataTables;
using Makoto.Storage.Logs;

namespace Makoto.Plugins.VisitTime.RecordBuilders;

/// <summary>
/// Visits by hour (metrics-and-archiving.md §4, Matomo's VisitTime LocalTime and ServerTime records),
/// one row per hour labelled <c>0</c> to <c>23</c>, in hour order, hours without visits as rows of zeros:
/// <list type="bullet">
/// <item><c>VisitTime_localTime</c>: the hour of the visitor's local time at the visit's start
/// (<c>visitor_localtime</c>).</item>
/// <item><c>VisitTime_serverTime</c>: the hour of the visit's first action in the site's timezone, with the
/// goal metrics of the conversions by the hour they happened. As Matomo does, visits and conversions are
/// grouped by their UTC hour, which is then turned into the site's hour with the timezone offset of
/// the UTC date on which the day starts.</item>
/// </list>
/// Each hour's row keeps the value types of its SQL group row; hours added as zeros have integers.
/// </summary>
internal sealed class VisitTimeRecordBuilder : IRecordBuilder
{
    public const string LocalTimeRecord = "VisitTime_localTime";
    public const string ServerTimeRecord = "VisitTime_serverTime";

    public string Plugin => "VisitTime";

    public LogNeeds Needs { get; } = new()
    {
        VisitColumns = [.. VisitMetrics.LogColumns, "visitor_localtime", "visit_first_action_time"],
        ConversionColumns = [.. GoalMetrics.LogColumns, "server_time"],
    };

    public IReadOnlyList<ArchiveRecord> Records { get; } = [new TableRecord(LocalTimeRecord), new TableRecord(ServerTimeRecord)];

    public IDayAggregator StartDay(ArchiveContext context) => new Day(context);

    /// <summary>The hour label of a row: <c>0</c> to <c>23</c>.</summary>
    public static string HourLabel(int hour) => hour.ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// The site's hour for a UTC hour of a day's archive: the UTC instant at that hour on the UTC date on
    /// which the site's day starts, in the site's timezone (Matomo's convertTimeToLocalTimezone).
    /// </summary>
    public static int LocalHour(int utcHour, DateTime dayStartUtc, TimeZoneInfo timeZone)
    {
        var instant = new DateTime(dayStartUtc.Year, dayStartUtc.Month, dayStartUtc.Day, utcHour, 0, 0, DateTimeKind.Utc);
        return TimeZoneInfo.ConvertTimeFromUtc(instant, timeZone).Hour;
    }

    private sealed class Day(ArchiveContext context) : IDayAggregator
    {
        private readonly VisitsByDimension<int> _localHours = new();
        private readonly VisitsByDimension<int> _serverHours = new();
        private readonly GoalsByDimension<int> _conversionHours = new();

        public void OnVisit(VisitLog log)
        {
            if (log.Visit is { } visit)
            {
                // Tracking always stores the visitor's local time; a visit without one has no local hour.
                if (visit.VisitorLocaltime is { } localTime)
                {
                    _localHours.Add(localTime.Hour, visit);
                }

                _serverHours.Add(visit.VisitFirstActionTime.Hour, visit);
            }

            foreach (var conversion in log.Conversions)
            {
                _conversionHours.Add(conversion.ServerTime.Hour, conversion);
            }
        }

        public void Finish(ArchiveRecords records)
        {
            var local = new TableAccumulator();
            _localHours.AddTo(local, HourLabel, Comparer<int>.Default);
            records.SetTable(LocalTimeRecord, AllHours(local.ToTable()));

            var start = context.UtcBounds.StartUtc;
            var timeZone = context.Site.TimeZone;
            var server = new TableAccumulator();
            _serverHours.AddTo(server, hour => HourLabel(LocalHour(hour, start, timeZone)), Comparer<int>.Default);
            _conversionHours.AddTo(server, hour => HourLabel(LocalHour(hour, start, timeZone)));
            var table = server.ToTable();
            GoalsByDimension<int>.WriteTotals(table);
            records.SetTable(ServerTimeRecord, AllHours(table));
        }

        /// <summary>Adds a row of zeros for every hour without one, then orders the rows by hour (Matomo's ensureAllHoursAreSet).</summary>
        private static DataTable AllHours(DataTable table)
        {
            for (var hour = 0; hour < 24; hour++)
            {
                var label = HourLabel(hour);
                if (table.FindRow(label) is null)
                {
                    var row = new DataRow();
                    row.Label = label;
                    row["nb_uniq_visitors"] = 0L;
                    row["nb_visits"] = 0L;
                    row["nb_actions"] = 0L;
                    row["nb_users"] = 0L;
                    row["max_actions"] = 0L;
                    row["sum_visit_length"] = 0L;
                    row["bounce_count"] = 0L;
                    row["nb_visits_converted"] = 0L;
                    table.Rows.Add(row);
                }
            }

            var ordered = table.Rows.OrderBy(row => int.Parse(row.Label ?? "0", CultureInfo.InvariantCulture)).ToList();
            table.Rows.Clear();
            table.Rows.AddRange(ordered);
            return table;
        }
    }
}
