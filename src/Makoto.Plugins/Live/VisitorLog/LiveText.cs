using System.Globalization;
using Makoto.Core.Sites;

namespace Makoto.Plugins.Live.VisitorLog;

/// <summary>The date and time forms of the visitor log (Matomo's English formats).</summary>
internal static class LiveText
{
    /// <summary>Seconds since the Unix epoch of a UTC time.</summary>
    public static long Timestamp(DateTime utc) => (long)(DateTime.SpecifyKind(utc, DateTimeKind.Utc) - DateTime.UnixEpoch).TotalSeconds;

    /// <summary>
    /// The timestamp Matomo gives an action: the site's local wall-clock time read as if it were UTC
    /// (a visit at 21:52:24 UTC in Berlin summer time gives the timestamp of 23:52:24 UTC).
    /// </summary>
    public static long LocalTimestamp(DateTime utc, TimeZoneInfo timeZone) =>
        (long)(DateTime.SpecifyKind(SiteTimeZones.ToLocal(utc, timeZone), DateTimeKind.Utc) - DateTime.UnixEpoch).TotalSeconds;

    /// <summary><c>Monday, October 12, 2026</c>.</summary>
    public static string LongDate(DateTime time) => time.ToString("dddd, MMMM d, yyyy", CultureInfo.InvariantCulture);

    /// <summary><c>23:55:01</c>.</summary>
    public static string Time(DateTime time) => time.ToString("HH:mm:ss", CultureInfo.InvariantCulture);

    /// <summary><c>Oct 12, 2026 23:52:24</c>.</summary>
    public static string ShortDateTime(DateTime time) => time.ToString("MMM d, yyyy HH:mm:ss", CultureInfo.InvariantCulture);

    /// <summary><c>2026-10-12 21:55:01</c>.</summary>
    public static string DateTimeText(DateTime time) => time.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);

    /// <summary>The hour without a leading zero, as PHP's <c>date('G')</c>: <c>6</c>, <c>21</c>.</summary>
    public static string Hour(int hour) => hour.ToString(CultureInfo.InvariantCulture);

    /// <summary>Whole days in a number of seconds (PHP's <c>floor($s / 86400)</c>; 0 for none).</summary>
    public static long Days(long? seconds) => seconds is { } s ? (long)Math.Floor(s / 86400.0) : 0;
}
