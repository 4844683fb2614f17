using Makoto.Storage;
using Makoto.Storage.Segments;
using static Makoto.Storage.Segments.SegmentFactory;

namespace Makoto.Plugins.CoreHome;

/// <summary>
/// The segments of the core visit dimensions (metrics-and-archiving.md §7.2): identity, visit counts and
/// durations, engagement, ecommerce status and the server and local times of the visit.
/// </summary>
internal static class CoreHomeSegments
{
    private const string Visitors = "Visitors";
    private const string Visit = "Visit";
    private const long Day = 86400;

    private static readonly Dictionary<string, int> s_visitorTypes = new(StringComparer.Ordinal)
    {
        ["new"] = 0,
        ["returning"] = 1,
        ["returningCustomer"] = 2,
    };

    private static readonly Dictionary<string, int> s_ecommerceStatuses = new(StringComparer.Ordinal)
    {
        ["none"] = 0,
        ["ordered"] = 1,
        ["abandonedCart"] = 2,
        ["orderedThenAbandonedCart"] = 3,
    };

    public static SegmentDimension[] All { get; } =
    [
        Column(SegmentScope.Visit, "visitId", "Visit ID", Visitors, "idvisit", SegmentValueType.Number),
        new SegmentDimension
        {
            Segment = "visitorId",
            Name = "Visitor ID",
            Category = Visitors,
            Scope = SegmentScope.Visit,
            Sql = new ColumnSql("log_visit.idvisitor", SegmentValueType.Binary, SegmentValues.HexId),
            SqlSegment = "log_visit.idvisitor",
            RequiresRegisteredUser = true,
        },
        new SegmentDimension
        {
            Segment = "fingerprint",
            Name = "Visit fingerprint",
            Category = Visitors,
            Scope = SegmentScope.Visit,
            Sql = new ColumnSql("log_visit.config_id", SegmentValueType.Binary, SegmentValues.HexId),
            SqlSegment = "log_visit.config_id",
            RequiresRegisteredUser = true,
        },
        Column(SegmentScope.Visit, "userId", "User ID", Visitors, "user_id") with { RequiresRegisteredUser = true },
        Column(SegmentScope.Visit, "visitorType", "Visit type", Visitors, "visitor_returning", SegmentValueType.Number, Names(s_visitorTypes))
            with { AcceptedValues = "new, returning, returningCustomer", SuggestedValues = Fixed("returningCustomer", "returning", "new") },
        Column(SegmentScope.Visit, "visitCount", "Number of visits", Visitors, "visitor_count_visits", SegmentValueType.Number, kind: SegmentKind.Metric),
        Column(SegmentScope.Visit, "daysSinceFirstVisit", "Days since first visit", Visitors, "visitor_seconds_since_first", SegmentValueType.Number, Times(Day), SegmentKind.Metric),
        Column(SegmentScope.Visit, "secondsSinceFirstVisit", "Seconds since first visit", Visitors, "visitor_seconds_since_first", SegmentValueType.Number, kind: SegmentKind.Metric),
        Column(SegmentScope.Visit, "daysSinceLastVisit", "Days since last visit", Visitors, "visitor_seconds_since_last", SegmentValueType.Number, Times(Day), SegmentKind.Metric),
        Column(SegmentScope.Visit, "secondsSinceLastVisit", "Seconds since last visit", Visitors, "visitor_seconds_since_last", SegmentValueType.Number, kind: SegmentKind.Metric),
        Column(SegmentScope.Visit, "daysSinceLastEcommerceOrder", "Days since last ecommerce order", Visitors, "visitor_seconds_since_order", SegmentValueType.Number, Times(Day), SegmentKind.Metric),
        Column(SegmentScope.Visit, "secondsSinceLastEcommerceOrder", "Seconds since last ecommerce order", Visitors, "visitor_seconds_since_order", SegmentValueType.Number, kind: SegmentKind.Metric),
        Column(SegmentScope.Visit, "visitDuration", "Visit duration (in seconds)", Visit, "visit_total_time", SegmentValueType.Number, kind: SegmentKind.Metric),
        Column(SegmentScope.Visit, "actions", "Number of actions", Visit, "visit_total_actions", SegmentValueType.Number, kind: SegmentKind.Metric),
        Column(SegmentScope.Visit, "interactions", "Number of interactions", Visit, "visit_total_interactions", SegmentValueType.Number, kind: SegmentKind.Metric),
        Column(SegmentScope.Visit, "searches", "Number of site searches", Visit, "visit_total_searches", SegmentValueType.Number, kind: SegmentKind.Metric),
        Column(SegmentScope.Visit, "events", "Number of events", Visit, "visit_total_events", SegmentValueType.Number, kind: SegmentKind.Metric),
        Column(SegmentScope.Visit, "visitConverted", "Visit converted at least one goal", Visit, "visit_goal_converted", SegmentValueType.Number)
            with { AcceptedValues = "0, 1" },
        Column(SegmentScope.Visit, "visitEcommerceStatus", "Visit ecommerce status at the end of the visit", Visit, "visit_goal_buyer", SegmentValueType.Number, Names(s_ecommerceStatuses))
            with { AcceptedValues = "none, ordered, abandonedCart, orderedThenAbandonedCart", SuggestedValues = Fixed("none", "ordered", "abandonedCart", "orderedThenAbandonedCart") },
        Column(SegmentScope.Visit, "profilable", "Profilable", Visitors, "profilable", SegmentValueType.Number) with { SuggestedValues = Fixed("0", "1") },
        Column(SegmentScope.Visit, "visitIp", "Visit IP", Visitors, "location_ip", SegmentValueType.Binary, IpBytes) with { RequiresRegisteredUser = true },
        DatePart(SegmentScope.Visit, "visitStartServerHour", "Server time - hour (start of the visit)", Visit, SqlDatePart.Hour, "visit_first_action_time", Numbers(0, 23)),
        DatePart(SegmentScope.Visit, "visitStartServerMinute", "Server time - minute (start of the visit)", Visit, SqlDatePart.Minute, "visit_first_action_time", Numbers(0, 59)),
        DatePart(SegmentScope.Visit, "visitServerHour", "Server time - hour (end of the visit)", Visit, SqlDatePart.Hour, "visit_last_action_time"),
        DatePart(SegmentScope.Visit, "visitEndServerHour", "Server time - hour (end of the visit)", Visit, SqlDatePart.Hour, "visit_last_action_time"),
        DatePart(SegmentScope.Visit, "visitEndServerMinute", "Server time - minute (end of the visit)", Visit, SqlDatePart.Minute, "visit_last_action_time", Numbers(0, 59)),
        DatePart(SegmentScope.Visit, "visitEndServerSecond", "Server time - second (end of the visit)", Visit, SqlDatePart.Second, "visit_last_action_time", Numbers(0, 59)),
        new SegmentDimension
        {
            Segment = "visitEndServerDate",
            Name = "Server date (end of the visit)",
            Category = Visit,
            Scope = SegmentScope.Visit,
            Sql = new ColumnSql(d => d.DatePart(SqlDatePart.Date, "log_visit.visit_last_action_time")),
            SqlSegment = "DATE(log_visit.visit_last_action_time)",
            SuggestedValues = RecentDates,
        },
        DatePart(SegmentScope.Visit, "visitEndServerDayOfWeek", "Server time - day of the week (end of the visit)", Visit, SqlDatePart.DayOfWeek, "visit_last_action_time", Numbers(1, 7)),
        DatePart(SegmentScope.Visit, "visitEndServerDayOfMonth", "Server time - day of the month (end of the visit)", Visit, SqlDatePart.DayOfMonth, "visit_last_action_time", Numbers(0, 31)),
        DatePart(SegmentScope.Visit, "visitEndServerDayOfYear", "Server time - day of the year (end of the visit)", Visit, SqlDatePart.DayOfYear, "visit_last_action_time", Numbers(1, 366)),
        DatePart(SegmentScope.Visit, "visitEndServerWeekOfYear", "Server time - week of the year (end of the visit)", Visit, SqlDatePart.WeekOfYear, "visit_last_action_time", Numbers(1, 53)),
        DatePart(SegmentScope.Visit, "visitEndServerMonth", "Server time - month (end of the visit)", Visit, SqlDatePart.Month, "visit_last_action_time", Numbers(1, 12)),
        DatePart(SegmentScope.Visit, "visitEndServerQuarter", "Server time - quarter (end of the visit)", Visit, SqlDatePart.Quarter, "visit_last_action_time", Numbers(1, 4)),
        DatePart(SegmentScope.Visit, "visitEndServerYear", "Server time - year (end of the visit)", Visit, SqlDatePart.Year, "visit_last_action_time", Years),
        DatePart(SegmentScope.Visit, "visitLocalHour", "Local time - hour (start of the visit)", Visit, SqlDatePart.Hour, "visitor_localtime"),
        DatePart(SegmentScope.Visit, "visitLocalMinute", "Local time - minute (start of the visit)", Visit, SqlDatePart.Minute, "visitor_localtime", Numbers(1, 59)),
    ];

    /// <summary>Matomo's suggestions for the year: 2016 and as many years after it as values are asked.</summary>
    private static IReadOnlyList<object> Years(DateTime nowUtc, int limit)
    {
        var years = new List<object>();
        for (var year = 2016; year <= 2016 + limit; year++)
        {
            years.Add(year);
        }

        return years;
    }

    /// <summary>Matomo's suggestions for the date: today (UTC) and as many days before it as values are asked.</summary>
    private static IReadOnlyList<object> RecentDates(DateTime nowUtc, int limit)
    {
        var dates = new List<object>();
        var day = DateOnly.FromDateTime(nowUtc);
        for (var i = 0; i <= limit; i++)
        {
            dates.Add(day.AddDays(-i).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        }

        return dates;
    }

    /// <summary>An IP address as the bytes stored in <c>location_ip</c> (4 for IPv4, 16 for IPv6).</summary>
    private static object IpBytes(string value) =>
        System.Net.IPAddress.TryParse(value.Trim(), out var address)
            ? address.GetAddressBytes()
            : throw InvalidValue("visitIp", value);
}
