using System.Globalization;

namespace Makoto.Core.Periods;

/// <summary>The kinds of period Matomo reports on; the numbers are those stored in archive tables.</summary>
public enum PeriodType
{
    Day = 1,
    Week = 2,
    Month = 3,
    Year = 4,
    Range = 5,
}

/// <summary>
/// A reporting period: an inclusive span of calendar days in a site's timezone.
/// Weeks run Monday to Sunday; months and years are calendar months and years.
/// </summary>
public readonly record struct Period
{
    private Period(PeriodType type, DateOnly start, DateOnly end)
    {
        Type = type;
        Start = start;
        End = end;
    }

    public PeriodType Type { get; }

    public DateOnly Start { get; }

    public DateOnly End { get; }

    public static Period Day(DateOnly date) => new(PeriodType.Day, date, date);

    public static Period Week(DateOnly date)
    {
        var monday = date.AddDays(-(((int)date.DayOfWeek + 6) % 7));
        return new Period(PeriodType.Week, monday, monday.AddDays(6));
    }

    public static Period Month(DateOnly date)
    {
        var first = new DateOnly(date.Year, date.Month, 1);
        return new Period(PeriodType.Month, first, first.AddMonths(1).AddDays(-1));
    }

    public static Period Year(DateOnly date) =>
        new(PeriodType.Year, new DateOnly(date.Year, 1, 1), new DateOnly(date.Year, 12, 31));

    public static Period Range(DateOnly start, DateOnly end)
    {
        if (end < start)
        {
            throw new ArgumentException($"The range end {end:yyyy-MM-dd} is before its start {start:yyyy-MM-dd}.");
        }

        return new Period(PeriodType.Range, start, end);
    }

    /// <summary>The period of the given type that contains <paramref name="date"/> (not for ranges).</summary>
    public static Period Containing(PeriodType type, DateOnly date) => type switch
    {
        PeriodType.Day => Day(date),
        PeriodType.Week => Week(date),
        PeriodType.Month => Month(date),
        PeriodType.Year => Year(date),
        _ => throw new ArgumentException("A range is not defined by one date.", nameof(type)),
    };

    /// <summary>Number of days in the period.</summary>
    public int DayCount => End.DayNumber - Start.DayNumber + 1;

    /// <summary>Matomo's lower-case name of the period type: day, week, month, year, range.</summary>
    public string TypeName => Type.ToName();

    /// <summary>
    /// The key Matomo uses for this period in multi-period output:
    /// day <c>2024-05-01</c>, week <c>2024-04-29,2024-05-05</c>, month <c>2024-05</c>, year <c>2024</c>,
    /// range <c>2024-05-01,2024-05-15</c>.
    /// </summary>
    public string Key => Type switch
    {
        PeriodType.Day => Format(Start),
        PeriodType.Month => Start.ToString("yyyy-MM", CultureInfo.InvariantCulture),
        PeriodType.Year => Start.ToString("yyyy", CultureInfo.InvariantCulture),
        _ => Format(Start) + "," + Format(End),
    };

    public bool Contains(DateOnly date) => date >= Start && date <= End;

    /// <summary>The period of the same type that follows this one (not for ranges).</summary>
    public Period Next() => Type switch
    {
        PeriodType.Day => Day(Start.AddDays(1)),
        PeriodType.Week => Week(Start.AddDays(7)),
        PeriodType.Month => Month(Start.AddMonths(1)),
        PeriodType.Year => Year(Start.AddYears(1)),
        _ => throw new InvalidOperationException("A range has no next period."),
    };

    /// <summary>The period of the same type that precedes this one (not for ranges).</summary>
    public Period Previous() => Type switch
    {
        PeriodType.Day => Day(Start.AddDays(-1)),
        PeriodType.Week => Week(Start.AddDays(-7)),
        PeriodType.Month => Month(Start.AddMonths(-1)),
        PeriodType.Year => Year(Start.AddYears(-1)),
        _ => throw new InvalidOperationException("A range has no previous period."),
    };

    /// <summary>
    /// The sub-periods an archive of this period is merged from: a week from its days, a month
    /// from its days, a year from its months, a range from the largest whole years, months and
    /// weeks it covers and days for the rest. A day has none.
    /// </summary>
    public IReadOnlyList<Period> SubPeriods()
    {
        var result = new List<Period>();
        switch (Type)
        {
            case PeriodType.Day:
                break;
            case PeriodType.Week:
            case PeriodType.Month:
                for (var d = Start; d <= End; d = d.AddDays(1))
                {
                    result.Add(Day(d));
                }

                break;
            case PeriodType.Year:
                for (var m = Start; m <= End; m = m.AddMonths(1))
                {
                    result.Add(Month(m));
                }

                break;
            case PeriodType.Range:
                DecomposeRange(result);
                break;
        }

        return result;
    }

    private void DecomposeRange(List<Period> result)
    {
        var d = Start;
        while (d <= End)
        {
            var year = Year(d);
            if (year.Start == d && year.End <= End)
            {
                result.Add(year);
                d = year.End.AddDays(1);
                continue;
            }

            var month = Month(d);
            if (month.Start == d && month.End <= End)
            {
                result.Add(month);
                d = month.End.AddDays(1);
                continue;
            }

            var week = Week(d);
            if (week.Start == d && week.End <= End)
            {
                result.Add(week);
                d = week.End.AddDays(1);
                continue;
            }

            result.Add(Day(d));
            d = d.AddDays(1);
        }
    }

    public override string ToString() => $"{TypeName} {Key}";

    private static string Format(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}

public static class PeriodTypeExtensions
{
    public static string ToName(this PeriodType type) => type switch
    {
        PeriodType.Day => "day",
        PeriodType.Week => "week",
        PeriodType.Month => "month",
        PeriodType.Year => "year",
        PeriodType.Range => "range",
        _ => throw new ArgumentOutOfRangeException(nameof(type)),
    };

    public static bool TryParse(string? name, out PeriodType type)
    {
        switch (name?.Trim().ToLowerInvariant())
        {
            case "day": type = PeriodType.Day; return true;
            case "week": type = PeriodType.Week; return true;
            case "month": type = PeriodType.Month; return true;
            case "year": type = PeriodType.Year; return true;
            case "range": type = PeriodType.Range; return true;
            default: type = default; return false;
        }
    }
}
