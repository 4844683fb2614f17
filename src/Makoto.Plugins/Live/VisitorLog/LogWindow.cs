using System.Text.RegularExpressions;
using Makoto.Core.Periods;
using Makoto.Core.Sites;

namespace Makoto.Plugins.Live.VisitorLog;

/// <summary>
/// The bounds on <c>visit_last_action_time</c> that <c>period</c> and <c>date</c> give the visitor
/// log, both inclusive, with Matomo's quirks (Live Model::getStartAndEndDate): the period starts at
/// local midnight of its first day and ends at local midnight after its last day; a period that
/// reaches today (or <c>today</c>, <c>now</c>, <c>lastN</c>, <c>previousN</c>) has no end; a single
/// date that is today starts a day earlier.
/// </summary>
internal static partial class LogWindow
{
    /// <summary>The bounds for the parameters, or (null, null) when one of them is missing.</summary>
    public static (DateTime? FromUtc, DateTime? ToUtc) Of(string? period, string? date, TimeZoneInfo timeZone, DateTime nowUtc)
    {
        if (string.IsNullOrWhiteSpace(period) || string.IsNullOrWhiteSpace(date))
        {
            return (null, null);
        }

        period = period.Trim();
        date = date.Trim();
        var siteToday = SiteTimeZones.LocalDate(nowUtc, timeZone);
        var utcToday = DateOnly.FromDateTime(nowUtc);
        Period selected;
        var endDateText = date;
        if (period == "range" || date.Contains(',', StringComparison.Ordinal) || LastNRegex().IsMatch(date))
        {
            selected = PeriodSelection.Parse("range", date, siteToday).Single;
            if (RangeRegex().Match(date) is { Success: true } range)
            {
                endDateText = range.Groups[1].Value;
            }
        }
        else
        {
            if (!PeriodTypeExtensions.TryParse(period, out var type))
            {
                throw new PeriodFormatException(
                    $"The period '{period}' is not supported. Try any of the following instead: day, week, month, year, range");
            }

            // Matomo reads "today" and "yesterday" in UTC here, and looks one day further back for today.
            var day = PeriodSelection.ParseDate(date, utcToday);
            if (date is "today" or "now" || day == siteToday)
            {
                day = day.AddDays(-1);
            }

            selected = Period.Containing(type, day);
        }

        var (from, to) = SiteTimeZones.UtcBounds(selected.Start, selected.End, timeZone);
        if (from > nowUtc)
        {
            from = nowUtc;
        }

        var open = date is "now" or "today" or "yesterdaySameTime"
            || date.Contains("last", StringComparison.Ordinal)
            || date.Contains("previous", StringComparison.Ordinal)
            || PeriodSelection.ParseDate(endDateText, utcToday) == siteToday;
        if (open)
        {
            return (from, null);
        }

        return (from, to > nowUtc ? nowUtc.AddSeconds(1) : to);
    }

    [GeneratedRegex(@"^(?:last|previous)[0-9]+$")]
    private static partial Regex LastNRegex();

    [GeneratedRegex(@"^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2},([0-9]{4}-[0-9]{1,2}-[0-9]{1,2}|today|now|yesterday)$")]
    private static partial Regex RangeRegex();
}
