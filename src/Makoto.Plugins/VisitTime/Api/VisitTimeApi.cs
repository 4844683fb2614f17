using System.Globalization;
using Makoto.Archiving;
using Makoto.Core.DataTables;
using Makoto.Core.Periods;
using Makoto.Core.Sites;
using Makoto.Reporting.Api;
using Makoto.Reporting.Filters;
using Makoto.Reporting.Reports;
using static Makoto.Plugins.VisitTime.RecordBuilders.VisitTimeRecordBuilder;
using static Makoto.Plugins.VisitsSummary.RecordBuilders.VisitsSummaryRecordBuilder;

namespace Makoto.Plugins.VisitTime.Api;

/// <summary>
/// VisitTime.getVisitInformationPerLocalTime, getVisitInformationPerServerTime and getByDayOfWeek
/// (reporting-api.md §7). The hour reports list the 24 hours in order, labelled <c>00</c> to <c>23</c>;
/// a server hour's segment is <c>visitStartServerHour==</c> the UTC hour that the site's hour has on the
/// last day of the requested period, as in Matomo. Visits by day of week sum the VisitsSummary
/// numbers of every day archive of the period by weekday.
/// </summary>
internal sealed class VisitTimeApi(Archiver archiver) : IApiModule
{
    private const string Module = "VisitTime";

    /// <summary>The columns summed by day of week: the visit metrics without <c>max_actions</c>, in Matomo's order.</summary>
    private static readonly string[] s_dayOfWeekMetrics = [NbUniqVisitors, NbVisits, NbActions, NbUsers, SumVisitLength, BounceCount, NbVisitsConverted];

    private static readonly string[] s_dayNames = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];

    public IEnumerable<ApiMethod> Methods()
    {
        string[] parameters = ["idSite", "period", "date", "segment"];

        // Matomo declares no default order for these reports: the rows stay in hour (or weekday) order.
        var hours = new ReportPresentation { DefaultSortColumn = null, Presentation = (table, _) => PadHours(table) };
        yield return new ApiMethod(Module, "getVisitInformationPerLocalTime", call => call.ArchivedTable(archiver, LocalTimeRecord, LocalHourSegments))
        {
            IsReport = true,
            Report = hours,
            ParameterNames = parameters,
        };
        yield return new ApiMethod(Module, "getVisitInformationPerServerTime", ServerTime)
        {
            IsReport = true,
            Report = hours,
            ParameterNames = [.. parameters, "hideFutureHoursWhenToday"],
        };
        yield return new ApiMethod(Module, "getByDayOfWeek", ByDayOfWeek)
        {
            IsReport = true,
            Report = new ReportPresentation { DefaultSortColumn = null },
            ParameterNames = parameters,
        };
    }

    private static void LocalHourSegments(DataTable table)
    {
        foreach (var row in table.Rows)
        {
            row.Metadata[ReportFilters.SegmentValue] = row.Label ?? "";
        }

        table.AddSegmentFromSegmentValue("visitLocalHour");
    }

    private object ServerTime(ApiCall call)
    {
        var hideFutureHours = call.Parameters.GetBool("hideFutureHoursWhenToday");
        return call.ForEachSiteAndPeriod((site, period) =>
        {
            var table = archiver.GetRecords(site, period).GetTable(ServerTimeRecord)?.Clone() ?? new DataTable();
            var lastDay = call.Periods(site).Periods[^1].End;
            foreach (var row in table.Rows)
            {
                if (Hour(row) is { } hour)
                {
                    row.Metadata["segment"] = "visitStartServerHour==" + UtcHour(hour, lastDay, site.TimeZone).ToString(CultureInfo.InvariantCulture);
                }
            }

            if (hideFutureHours && IsToday(call, site))
            {
                HideFutureHours(table, SiteTimeZones.ToLocal(call.Clock.GetUtcNow().UtcDateTime, site.TimeZone).Hour);
            }

            return table;
        });
    }

    /// <summary>The UTC hour of the site's <paramref name="hour"/> on <paramref name="day"/> (Matomo's AddSegmentByLabelInUTC).</summary>
    internal static int UtcHour(int hour, DateOnly day, TimeZoneInfo timeZone)
    {
        var local = day.ToDateTime(new TimeOnly(hour, 0));
        return (local - timeZone.GetUtcOffset(local)).Hour;
    }

    /// <summary>Matomo hides future hours only for <c>period=day</c> with <c>date=today</c> or today's date.</summary>
    private static bool IsToday(ApiCall call, Site site)
    {
        var date = call["date"]?.Trim();
        return call["period"]?.Trim() == "day"
            && (date == "today" || date == site.Today(call.Clock).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
    }

    /// <summary>
    /// Drops the hours after <paramref name="currentHour"/>; a table without rows gets the hours up to
    /// it with no visits instead, as Matomo answers for a day that has none yet.
    /// </summary>
    private static void HideFutureHours(DataTable table, int currentHour)
    {
        if (table.Rows.Count == 0)
        {
            for (var hour = 0; hour <= currentHour; hour++)
            {
                var row = new DataRow();
                row.Label = HourLabel(hour);
                row["nb_visits"] = 0L;
                table.Rows.Add(row);
            }

            return;
        }

        table.Rows.RemoveAll(row => Hour(row) > currentHour);
    }

    /// <summary>Labels <c>0</c> to <c>23</c> written with two digits.</summary>
    private static void PadHours(DataTable table)
    {
        foreach (var row in table.Rows)
        {
            if (Hour(row) is { } hour)
            {
                row.Label = hour.ToString("00", CultureInfo.InvariantCulture);
            }
        }
    }

    private static int? Hour(DataRow row) =>
        int.TryParse(row.Label, NumberStyles.None, CultureInfo.InvariantCulture, out var hour) ? hour : null;

    /// <summary>
    /// The VisitsSummary numbers of every day of the period (zeros for days without visits), summed by
    /// day of week into seven rows, Monday first, each with its weekday number as <c>day_of_week</c>.
    /// </summary>
    private object ByDayOfWeek(ApiCall call)
    {
        call.RejectSegment();
        if (call.IsMultiSite)
        {
            throw new ApiException("VisitTime.getByDayOfWeek does not support multiple sites.");
        }

        var site = call.RequireSite();
        var selection = call.Periods(site);
        if (selection.IsMultiple)
        {
            throw new ApiException("VisitTime.getByDayOfWeek does not support multiple dates.");
        }

        var period = selection.Single;
        var weekdays = new TableAccumulator();
        for (var day = period.Start; day <= period.End; day = day.AddDays(1))
        {
            var records = archiver.GetRecords(site, Period.Day(day));
            var columns = new KeyValuePair<string, object?>[s_dayOfWeekMetrics.Length];
            for (var i = 0; i < columns.Length; i++)
            {
                var value = records.GetNumeric(s_dayOfWeekMetrics[i]) ?? 0;
                columns[i] = new(s_dayOfWeekMetrics[i], MetricValues.Numeric(value));
            }

            weekdays.SumRow(WeekdayNumber(day).ToString(CultureInfo.InvariantCulture), columns);
        }

        var grouped = weekdays.ToTable();
        var table = new DataTable();
        for (var weekday = 1; weekday <= 7; weekday++)
        {
            var row = new DataRow();
            row.Label = s_dayNames[weekday - 1];
            row["nb_visits"] = 0L;
            if (grouped.FindRow(weekday.ToString(CultureInfo.InvariantCulture)) is { } sums)
            {
                foreach (var (name, value) in sums.Columns)
                {
                    TableAccumulator.Sum(row.Columns, name, value, AggregationRules.Default);
                }
            }

            row.Metadata["day_of_week"] = (long)weekday;
            table.Rows.Add(row);
        }

        return table;
    }

    /// <summary>ISO weekday: 1 for Monday to 7 for Sunday.</summary>
    private static int WeekdayNumber(DateOnly day) => day.DayOfWeek == DayOfWeek.Sunday ? 7 : (int)day.DayOfWeek;
}
