using Makoto.Core.Sites;
using Makoto.Plugins.VisitTime.Api;
using Makoto.Plugins.VisitTime.RecordBuilders;

namespace Makoto.Plugins.Tests.VisitTime;

/// <summary>
/// The hours of VisitTime's server-time report: UTC hours turned into the site's hours with the offset
/// of the UTC date on which the archived day starts, and the site's hours turned back into the UTC
/// hours of the rows' segments with the offset of the period's last day.
/// </summary>
public sealed class HourConversionTests
{
    private static readonly TimeZoneInfo s_berlin = SiteTimeZones.Resolve("Europe/Berlin");

    [Theory]
    [InlineData(22, 0)]
    [InlineData(23, 1)]
    [InlineData(0, 2)]
    [InlineData(21, 23)]
    public void Utc_hours_of_a_summer_day_are_two_hours_behind_berlin(int utcHour, int localHour)
    {
        // Monday 2026-10-12 in Berlin starts at 22:00 UTC on Sunday.
        var dayStart = new DateTime(2026, 10, 11, 22, 0, 0, DateTimeKind.Utc);
        Assert.Equal(localHour, VisitTimeRecordBuilder.LocalHour(utcHour, dayStart, s_berlin));
    }

    [Fact]
    public void The_offset_is_the_one_of_the_utc_date_the_day_starts_on()
    {
        // Sunday 2026-10-25 starts at 22:00 UTC on Saturday, in summer time. The clocks go back at 01:00
        // UTC, but every UTC hour of the day is read with Saturday's offset (+2), as Matomo does.
        var dayStart = new DateTime(2026, 10, 24, 22, 0, 0, DateTimeKind.Utc);
        Assert.Equal(2, VisitTimeRecordBuilder.LocalHour(0, dayStart, s_berlin));
        Assert.Equal(12, VisitTimeRecordBuilder.LocalHour(10, dayStart, s_berlin));
    }

    [Theory]
    [InlineData(0, "2026-10-13", 22)]
    [InlineData(10, "2026-10-13", 8)]
    [InlineData(0, "2026-10-31", 23)]
    [InlineData(10, "2026-10-31", 9)]
    public void Segment_hours_use_the_offset_of_the_last_day(int hour, string lastDay, int utcHour) =>
        Assert.Equal(utcHour, VisitTimeApi.UtcHour(hour, DateOnly.Parse(lastDay, System.Globalization.CultureInfo.InvariantCulture), s_berlin));

    [Fact]
    public void An_hour_skipped_by_the_spring_change_takes_the_winter_offset() =>
        Assert.Equal(1, VisitTimeApi.UtcHour(2, new DateOnly(2026, 3, 29), s_berlin));
}
