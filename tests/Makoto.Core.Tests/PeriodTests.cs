using Makoto.Core.Periods;

namespace Makoto.Core.Tests;

public class PeriodTests
{
    private static DateOnly D(string text) => DateOnly.Parse(text, System.Globalization.CultureInfo.InvariantCulture);

    [Theory]
    [InlineData("2026-10-11", "2026-10-05", "2026-10-11")] // Sunday belongs to the week that started on Monday the 5th
    [InlineData("2026-10-12", "2026-10-12", "2026-10-18")] // Monday starts a week
    [InlineData("2026-10-18", "2026-10-12", "2026-10-18")]
    [InlineData("2027-01-01", "2026-12-28", "2027-01-03")] // a week across the new year
    public void Week_runs_from_monday_to_sunday(string date, string start, string end)
    {
        var week = Period.Week(D(date));
        Assert.Equal(D(start), week.Start);
        Assert.Equal(D(end), week.End);
        Assert.Equal(7, week.DayCount);
    }

    [Theory]
    [InlineData("2024-02-10", "2024-02-01", "2024-02-29")] // leap year
    [InlineData("2026-02-10", "2026-02-01", "2026-02-28")]
    [InlineData("2026-12-31", "2026-12-01", "2026-12-31")]
    public void Month_is_the_calendar_month(string date, string start, string end)
    {
        var month = Period.Month(D(date));
        Assert.Equal(D(start), month.Start);
        Assert.Equal(D(end), month.End);
    }

    [Fact]
    public void Keys_follow_matomo()
    {
        Assert.Equal("2024-05-01", Period.Day(D("2024-05-01")).Key);
        Assert.Equal("2024-04-29,2024-05-05", Period.Week(D("2024-05-01")).Key);
        Assert.Equal("2024-05", Period.Month(D("2024-05-17")).Key);
        Assert.Equal("2024", Period.Year(D("2024-05-17")).Key);
        Assert.Equal("2024-05-01,2024-05-15", Period.Range(D("2024-05-01"), D("2024-05-15")).Key);
    }

    [Fact]
    public void Week_and_month_are_merged_from_days_and_year_from_months()
    {
        var week = Period.Week(D("2026-10-14")).SubPeriods();
        Assert.Equal(7, week.Count);
        Assert.All(week, p => Assert.Equal(PeriodType.Day, p.Type));
        Assert.Equal(D("2026-10-12"), week[0].Start);

        Assert.Equal(31, Period.Month(D("2026-10-14")).SubPeriods().Count);

        var year = Period.Year(D("2026-10-14")).SubPeriods();
        Assert.Equal(12, year.Count);
        Assert.Equal(Period.Month(D("2026-12-01")), year[11]);
    }

    [Fact]
    public void Range_uses_whole_months_and_weeks_it_covers_and_days_for_the_rest()
    {
        // 2026-09-28 is a Monday: five whole weeks fit (the month of October does not start the
        // range, so it is not used); 11-02 starts a week that ends after 11-03, so days finish it.
        var range = Period.Range(D("2026-09-28"), D("2026-11-03")).SubPeriods();
        var expected = new[]
        {
            Period.Week(D("2026-09-28")),
            Period.Week(D("2026-10-05")),
            Period.Week(D("2026-10-12")),
            Period.Week(D("2026-10-19")),
            Period.Week(D("2026-10-26")),
            Period.Day(D("2026-11-02")),
            Period.Day(D("2026-11-03")),
        };
        Assert.Equal(expected, range);
    }

    [Fact]
    public void Range_starting_on_the_first_of_a_month_uses_the_month_and_the_year_when_whole()
    {
        var range = Period.Range(D("2025-01-01"), D("2026-02-03")).SubPeriods();
        Assert.Equal(
            new[]
            {
                Period.Year(D("2025-01-01")),
                Period.Month(D("2026-01-01")),
                Period.Day(D("2026-02-01")), // Sunday: no whole week fits before the end
                Period.Day(D("2026-02-02")),
                Period.Day(D("2026-02-03")),
            },
            range);
    }

    [Fact]
    public void Range_subperiods_cover_every_day_exactly_once()
    {
        var start = D("2024-12-27");
        var end = D("2026-03-09");
        var days = Period.Range(start, end).SubPeriods().SelectMany(p => Enumerable.Range(0, p.DayCount).Select(i => p.Start.AddDays(i))).ToList();
        Assert.Equal(end.DayNumber - start.DayNumber + 1, days.Count);
        Assert.Equal(days.Distinct().Count(), days.Count);
        Assert.Equal(start, days.Min());
        Assert.Equal(end, days.Max());
    }

    [Fact]
    public void Next_and_previous_move_by_one_period()
    {
        Assert.Equal(Period.Month(D("2026-03-01")), Period.Month(D("2026-02-15")).Next());
        Assert.Equal(Period.Month(D("2026-01-01")), Period.Month(D("2026-02-15")).Previous());
        Assert.Equal(Period.Week(D("2026-10-05")), Period.Week(D("2026-10-12")).Previous());
        Assert.Equal(Period.Year(D("2025-06-01")), Period.Year(D("2026-06-01")).Previous());
    }
}
