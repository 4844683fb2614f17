using Makoto.Core.Sites;
using Makoto.Plugins.Live.VisitorLog;

namespace Makoto.Plugins.Tests.Live;

/// <summary>
/// The visitor log's bounds for <c>period</c> and <c>date</c> (Matomo's Live Model::getStartAndEndDate)
/// in Europe/Berlin, which is UTC+2 until 2026-10-25 and UTC+1 after.
/// </summary>
public class LogWindowTests
{
    private static readonly TimeZoneInfo s_berlin = SiteTimeZones.Resolve("Europe/Berlin");
    private static readonly DateTime s_now = Utc(2026, 11, 23, 12, 0);

    private static DateTime Utc(int year, int month, int day, int hour, int minute) => new(year, month, day, hour, minute, 0, DateTimeKind.Utc);

    [Fact]
    public void A_day_runs_from_local_midnight_to_the_next_local_midnight()
    {
        Assert.Equal((Utc(2026, 10, 10, 22, 0), Utc(2026, 10, 11, 22, 0)), LogWindow.Of("day", "2026-10-11", s_berlin, s_now));
    }

    [Fact]
    public void Week_month_and_range_cover_their_local_days()
    {
        Assert.Equal((Utc(2026, 10, 11, 22, 0), Utc(2026, 10, 18, 22, 0)), LogWindow.Of("week", "2026-10-14", s_berlin, s_now));

        // October starts in summer time and ends in winter time.
        Assert.Equal((Utc(2026, 9, 30, 22, 0), Utc(2026, 10, 31, 23, 0)), LogWindow.Of("month", "2026-10-01", s_berlin, s_now));
        Assert.Equal((Utc(2026, 10, 10, 22, 0), Utc(2026, 10, 13, 22, 0)), LogWindow.Of("range", "2026-10-11,2026-10-13", s_berlin, s_now));
        Assert.Equal((Utc(2026, 10, 10, 22, 0), Utc(2026, 10, 13, 22, 0)), LogWindow.Of("day", "2026-10-11,2026-10-13", s_berlin, s_now));
    }

    [Fact]
    public void Today_starts_a_day_earlier_and_has_no_end()
    {
        Assert.Equal((Utc(2026, 11, 21, 23, 0), null), LogWindow.Of("day", "today", s_berlin, s_now));
        Assert.Equal((Utc(2026, 11, 21, 23, 0), null), LogWindow.Of("day", "2026-11-23", s_berlin, s_now));
        // last7: the seven days up to today, 17 to 23 November.
        Assert.Equal((Utc(2026, 11, 16, 23, 0), null), LogWindow.Of("range", "last7", s_berlin, s_now));
    }

    [Fact]
    public void A_period_that_reaches_past_now_ends_a_second_after_now()
    {
        Assert.Equal((Utc(2026, 10, 31, 23, 0), s_now.AddSeconds(1)), LogWindow.Of("month", "2026-11-01", s_berlin, s_now));
    }

    [Fact]
    public void Without_period_or_date_there_are_no_bounds()
    {
        Assert.Equal((null, null), LogWindow.Of(null, "2026-10-11", s_berlin, s_now));
        Assert.Equal((null, null), LogWindow.Of("day", "", s_berlin, s_now));
    }
}
