using System.Globalization;

namespace Makoto.Plugins.Goals.RecordBuilders;

/// <summary>
/// The names of Goals' archive records (metrics-and-archiving.md §4.1), as Matomo's Goals archiver
/// writes them: <c>Goal_&lt;idgoal&gt;_&lt;metric&gt;</c> per goal (0 for ecommerce orders, −1 for
/// abandoned carts), <c>Goal_&lt;metric&gt;</c> over all goals, and the conversion-distance tables
/// <c>Goal_[&lt;idgoal&gt;_]visits_until_conv</c> and <c>…days_until_conv</c>.
/// </summary>
/// <remarks>
/// Goals.get also reports every metric for new and for returning visits, which Matomo computes from
/// the archives of the segments <c>visitorType==new</c> and <c>visitorType==returning,visitorType==returningCustomer</c>.
/// Makoto has no segment archives yet, so the Goals builder keeps those numbers in the main archive,
/// under the name the segment archive would use followed by the slice's suffix
/// (<c>Goal_1_nb_conversions_new_visit</c>, <c>nb_visits_returning_visit</c>).
/// </remarks>
internal static class GoalRecords
{
    /// <summary>Matomo's idgoal of an abandoned cart.</summary>
    public const int AbandonedCart = -1;

    /// <summary>Matomo's idgoal of an ecommerce order.</summary>
    public const int Order = 0;

    /// <summary>The table of conversions by the visitor's number of visits.</summary>
    public const string VisitsUntilConversion = "visits_until_conv";

    /// <summary>The table of conversions by days since the visitor's first visit.</summary>
    public const string DaysUntilConversion = "days_until_conv";

    /// <summary>The visit count of the new and returning slices (the VisitsSummary record of the segment archive).</summary>
    public const string Visits = "nb_visits";

    /// <summary>The metrics of every goal.</summary>
    public static readonly string[] GoalMetrics = ["nb_conversions", "nb_visits_converted", "revenue"];

    /// <summary>The metrics of ecommerce orders (Matomo's Goals::getGoalColumns).</summary>
    public static readonly string[] OrderMetrics =
        ["nb_conversions", "nb_visits_converted", "revenue", "revenue_subtotal", "revenue_tax", "revenue_shipping", "revenue_discount", "items"];

    /// <summary>The metrics of abandoned carts.</summary>
    public static readonly string[] CartMetrics = ["nb_conversions", "nb_visits_converted", "revenue", "items"];

    /// <summary>The metrics of one goal, or of all goals together when <paramref name="idGoal"/> is null.</summary>
    public static string[] Metrics(int? idGoal) => idGoal switch
    {
        Order => OrderMetrics,
        AbandonedCart => CartMetrics,
        _ => GoalMetrics,
    };

    /// <summary><c>Goal_1_revenue</c>, <c>Goal_revenue</c> (all goals), with a slice suffix when given.</summary>
    public static string Name(string metric, int? idGoal = null, VisitorSlice slice = VisitorSlice.All) =>
        (idGoal is { } id ? "Goal_" + id.ToString(CultureInfo.InvariantCulture) + "_" + metric : "Goal_" + metric) + Suffix(slice);

    /// <summary>The suffix Goals.get appends to the metrics of a slice.</summary>
    public static string Suffix(VisitorSlice slice) => slice switch
    {
        VisitorSlice.New => "_new_visit",
        VisitorSlice.Returning => "_returning_visit",
        _ => "",
    };

    /// <summary>The slices in Goals.get's order.</summary>
    public static readonly VisitorSlice[] Slices = [VisitorSlice.All, VisitorSlice.New, VisitorSlice.Returning];

    /// <summary>
    /// The slice of a visit by <c>visitor_returning</c>: 0 is new, 1 (returning) and 2 (returning
    /// customer) are returning, anything else belongs to neither.
    /// </summary>
    public static VisitorSlice? SliceOf(int? visitorReturning) => visitorReturning switch
    {
        0 => VisitorSlice.New,
        1 or 2 => VisitorSlice.Returning,
        _ => null,
    };
}

/// <summary>The visits whose goal metrics Goals.get reports: all, new, returning.</summary>
internal enum VisitorSlice
{
    All,
    New,
    Returning,
}
