using Makoto.Core.Periods;

namespace Makoto.Core.Tests;

public class PeriodSelectionTests
{
    private static readonly DateOnly s_today = new(2026, 11, 23); // a Monday

    private static DateOnly D(string text) => DateOnly.Parse(text, System.Globalization.CultureInfo.InvariantCulture);

    [Theory]
    [InlineData("today", "2026-11-23")]
    [InlineData("now", "2026-11-23")]
    [InlineData("yesterday", "2026-11-22")]
    [InlineData("yesterdaySameTime", "2026-11-22")]
    [InlineData("lastWeek", "2026-11-16")]
    [InlineData("lastMonth", "2026-10-23")]
    [InlineData("lastYear", "2025-11-23")]
    [InlineData("2026-10-12", "2026-10-12")]
    [InlineData("2026-1-5", "2026-01-05")]
    public void Single_dates(string text, string expected)
    {
        var selection = PeriodSelection.Parse("day", text, s_today);
        Assert.False(selection.IsMultiple);
        Assert.Equal(Period.Day(D(expected)), selection.Single);
    }

    [Fact]
    public void A_week_date_selects_the_week_containing_it()
    {
        var selection = PeriodSelection.Parse("week", "2026-10-11", s_today);
        Assert.Equal("2026-10-05,2026-10-11", selection.Single.Key);
    }

    [Fact]
    public void LastN_days_end_with_today()
    {
        var selection = PeriodSelection.Parse("day", "last3", s_today);
        Assert.True(selection.IsMultiple);
        Assert.Equal(new[] { "2026-11-21", "2026-11-22", "2026-11-23" }, selection.Periods.Select(p => p.Key));
    }

    [Fact]
    public void PreviousN_ends_with_the_period_before_the_current_one()
    {
        var months = PeriodSelection.Parse("month", "previous2", s_today);
        Assert.Equal(new[] { "2026-09", "2026-10" }, months.Periods.Select(p => p.Key));

        var weeks = PeriodSelection.Parse("week", "previous1", s_today);
        Assert.True(weeks.IsMultiple);
        Assert.Equal(new[] { "2026-11-16,2026-11-22" }, weeks.Periods.Select(p => p.Key));
    }

    [Fact]
    public void A_date_range_with_a_unit_period_is_multi_period_covering_both_ends()
    {
        var selection = PeriodSelection.Parse("week", "2026-10-11,2026-10-13", s_today);
        Assert.True(selection.IsMultiple);
        Assert.Equal(new[] { "2026-10-05,2026-10-11", "2026-10-12,2026-10-18" }, selection.Periods.Select(p => p.Key));

        var years = PeriodSelection.Parse("year", "2024-12-31,2026-01-01", s_today);
        Assert.Equal(new[] { "2024", "2025", "2026" }, years.Periods.Select(p => p.Key));
    }

    [Fact]
    public void Range_period_is_one_aggregated_period()
    {
        var selection = PeriodSelection.Parse("range", "2026-10-11,2026-10-13", s_today);
        Assert.False(selection.IsMultiple);
        Assert.Equal(Period.Range(D("2026-10-11"), D("2026-10-13")), selection.Single);
    }

    [Fact]
    public void Range_lastN_counts_days_and_ends_today_and_previousN_ends_yesterday()
    {
        Assert.Equal(Period.Range(D("2026-11-17"), D("2026-11-23")), PeriodSelection.Parse("range", "last7", s_today).Single);
        Assert.Equal(Period.Range(D("2026-11-16"), D("2026-11-22")), PeriodSelection.Parse("range", "previous7", s_today).Single);
    }

    [Fact]
    public void Range_end_in_the_future_is_clipped_to_today_and_relative_ends_work()
    {
        Assert.Equal(Period.Range(D("2026-11-01"), s_today), PeriodSelection.Parse("range", "2026-11-01,2027-01-01", s_today).Single);
        Assert.Equal(Period.Range(D("2026-11-01"), D("2026-11-22")), PeriodSelection.Parse("range", "2026-11-01,yesterday", s_today).Single);
        Assert.Equal(Period.Range(D("2026-10-23"), s_today), PeriodSelection.Parse("range", "lastMonth,today", s_today).Single);
    }

    [Fact]
    public void Multi_period_requests_are_capped_like_matomo()
    {
        Assert.Equal(10, PeriodSelection.Parse("year", "last50", s_today).Periods.Count);
        Assert.Equal(120, PeriodSelection.Parse("month", "last500", s_today).Periods.Count);
        Assert.Equal(1825, PeriodSelection.Parse("day", "last9999", s_today).Periods.Count);
    }

    [Theory]
    [InlineData("weekly", "today", "The period 'weekly' is not supported. Try any of the following instead: day, week, month, year, range")]
    [InlineData("day", "2026-13-01", "Date format must be: YYYY-MM-DD")]
    [InlineData("day", "tomorrowish", "Date format must be: YYYY-MM-DD")]
    [InlineData("range", "2026-10-01", "is not a correct date range")]
    [InlineData("range", "2026-10-05,2026-10-01", "is not a correct date range")]
    [InlineData("day", "", "Please specify a value for 'date'.")]
    [InlineData("", "today", "Please specify a value for 'period'.")]
    public void Bad_input_gets_matomo_messages(string period, string date, string message)
    {
        var error = Assert.Throws<PeriodFormatException>(() => PeriodSelection.Parse(period, date, s_today));
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }
}
