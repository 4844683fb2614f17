using System.Globalization;
using System.Text.RegularExpressions;

namespace Makoto.Core.Periods;

/// <summary>
/// What the <c>period</c> and <c>date</c> parameters of a Reporting API call select: either one
/// period, or (for <c>lastN</c>, <c>previousN</c> and <c>A,B</c> with a period other than range)
/// a chronological list of periods that is rendered as a multi-period map keyed by period.
/// </summary>
public sealed partial class PeriodSelection
{
    /// <summary>Matomo's caps on the number of periods of a multi-period request.</summary>
    private const int MaxDays = 5 * 365;
    private const int MaxWeeks = 10 * 52;
    private const int MaxMonths = 10 * 12;
    private const int MaxYears = 10;

    /// <summary>Matomo does not accept dates before its first release.</summary>
    private static readonly DateOnly s_oldestDate = new(1991, 8, 6);

    private PeriodSelection(IReadOnlyList<Period> periods, bool isMultiple)
    {
        Periods = periods;
        IsMultiple = isMultiple;
    }

    /// <summary>The selected periods in chronological order (one element unless <see cref="IsMultiple"/>).</summary>
    public IReadOnlyList<Period> Periods { get; }

    /// <summary>True when the output must be a map keyed by period, even if it holds one period.</summary>
    public bool IsMultiple { get; }

    /// <summary>The single selected period; only valid when <see cref="IsMultiple"/> is false.</summary>
    public Period Single => IsMultiple ? throw new InvalidOperationException("Multi-period selection.") : Periods[0];

    /// <summary>
    /// Parses Matomo's period and date parameters. <paramref name="today"/> is today's date in the
    /// site's timezone. Throws <see cref="PeriodFormatException"/> with Matomo's message on bad input.
    /// </summary>
    public static PeriodSelection Parse(string? period, string? date, DateOnly today)
    {
        if (string.IsNullOrWhiteSpace(period))
        {
            throw new PeriodFormatException("Please specify a value for 'period'.");
        }

        if (!PeriodTypeExtensions.TryParse(period, out var type))
        {
            throw new PeriodFormatException(
                $"The period '{period}' is not supported. Try any of the following instead: day, week, month, year, range");
        }

        if (string.IsNullOrWhiteSpace(date))
        {
            throw new PeriodFormatException("Please specify a value for 'date'.");
        }

        date = date.Trim();
        return type == PeriodType.Range ? ParseRange(date, today) : ParseUnit(type, date, today);
    }

    private static PeriodSelection ParseUnit(PeriodType type, string date, DateOnly today)
    {
        var lastN = LastNRegex().Match(date);
        if (lastN.Success)
        {
            var n = ParseCount(lastN.Groups[2].Value, type);
            var end = Period.Containing(type, today);
            if (lastN.Groups[1].Value == "previous")
            {
                end = end.Previous();
            }

            return new PeriodSelection(Sequence(end, n), isMultiple: true);
        }

        var comma = date.IndexOf(',', StringComparison.Ordinal);
        if (comma >= 0)
        {
            var (start, endDate) = ParseBounds(date, comma, today);
            var periods = new List<Period>();
            for (var p = Period.Containing(type, start); p.Start <= endDate; p = p.Next())
            {
                periods.Add(p);
            }

            if (periods.Count > MaxCount(type))
            {
                periods.RemoveRange(0, periods.Count - MaxCount(type));
            }

            return new PeriodSelection(periods, isMultiple: true);
        }

        return new PeriodSelection([Period.Containing(type, ParseDate(date, today))], isMultiple: false);
    }

    private static PeriodSelection ParseRange(string date, DateOnly today)
    {
        var lastN = LastNRegex().Match(date);
        DateOnly start, end;
        if (lastN.Success)
        {
            var n = ParseCount(lastN.Groups[2].Value, PeriodType.Day);
            end = lastN.Groups[1].Value == "previous" ? today.AddDays(-1) : today;
            start = end.AddDays(-(n - 1));
        }
        else
        {
            var comma = date.IndexOf(',', StringComparison.Ordinal);
            if (comma < 0)
            {
                throw InvalidRange(date);
            }

            (start, end) = ParseBounds(date, comma, today);
        }

        if (end > today)
        {
            end = today;
        }

        if (end < start)
        {
            throw InvalidRange(date);
        }

        return new PeriodSelection([Period.Range(start, end)], isMultiple: false);
    }

    private static (DateOnly Start, DateOnly End) ParseBounds(string date, int comma, DateOnly today)
    {
        var startText = date[..comma].Trim();
        var endText = date[(comma + 1)..].Trim();
        if (startText.Length == 0 || endText.Length == 0)
        {
            throw InvalidRange(date);
        }

        var start = ParseDate(startText, today);
        var end = ParseDate(endText, today);
        if (end < start)
        {
            throw InvalidRange(date);
        }

        return (start, end);
    }

    /// <summary>
    /// One date: <c>YYYY-MM-DD</c>, <c>today</c>, <c>now</c>, <c>yesterday</c>, <c>yesterdaySameTime</c>,
    /// <c>lastWeek</c>, <c>lastMonth</c>, <c>lastYear</c>.
    /// </summary>
    public static DateOnly ParseDate(string text, DateOnly today)
    {
        switch (text)
        {
            case "today":
            case "now":
                return today;
            case "yesterday":
            case "yesterdaySameTime":
                return today.AddDays(-1);
            case "lastWeek":
                return today.AddDays(-7);
            case "lastMonth":
                return today.AddMonths(-1);
            case "lastYear":
                return today.AddYears(-1);
        }

        if (DateRegex().IsMatch(text)
            && DateOnly.TryParseExact(text, ["yyyy-M-d", "yyyy-MM-dd"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var d))
        {
            if (d < s_oldestDate)
            {
                throw new PeriodFormatException(
                    $"The date '{text}' is before the first website was online. Try a date that's after {s_oldestDate:yyyy-MM-dd}.");
            }

            return d;
        }

        throw new PeriodFormatException(
            "Date format must be: YYYY-MM-DD, or 'today' or 'yesterday' or any keyword supported by the strtotime function " +
            $"(see https://www.php.net/strtotime for more information): {text}");
    }

    private static int ParseCount(string digits, PeriodType type)
    {
        if (!int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n < 1)
        {
            n = 1;
        }

        return Math.Min(n, MaxCount(type));
    }

    private static int MaxCount(PeriodType type) => type switch
    {
        PeriodType.Week => MaxWeeks,
        PeriodType.Month => MaxMonths,
        PeriodType.Year => MaxYears,
        _ => MaxDays,
    };

    private static List<Period> Sequence(Period last, int count)
    {
        var periods = new Period[count];
        var p = last;
        for (var i = count - 1; i >= 0; i--)
        {
            periods[i] = p;
            if (i > 0)
            {
                p = p.Previous();
            }
        }

        return [.. periods];
    }

    private static PeriodFormatException InvalidRange(string date) => new(
        $"The date '{date}' is not a correct date range. It should have the following format:  'lastN', 'previousN', 'YYYY-MM-DD,YYYY-MM-DD'.");

    [GeneratedRegex(@"^(last|previous)([0-9]{1,9})$")]
    private static partial Regex LastNRegex();

    [GeneratedRegex(@"^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}$")]
    private static partial Regex DateRegex();
}

/// <summary>A <c>period</c> or <c>date</c> parameter that cannot be understood; the message is Matomo's.</summary>
public sealed class PeriodFormatException(string message) : Exception(message);
