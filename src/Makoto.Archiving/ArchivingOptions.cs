namespace Makoto.Archiving;

/// <summary>Archiving settings (section <c>Makoto:Archiving</c>), named after Matomo's [General] keys.</summary>
public sealed class ArchivingOptions
{
    /// <summary>
    /// How stale, in seconds, an archive of a running period (today, this week, …) may get once new
    /// hits have arrived for its site; it is rebuilt on the next request after that (Matomo's
    /// time_before_today_archive_considered_outdated, whose default is 900). Without new hits such an
    /// archive stays valid.
    /// </summary>
    public int TodayArchiveTtlSeconds { get; set; } = 10;

    /// <summary>
    /// How often, in seconds, the background archiver rebuilds what changed: the archives of today (and
    /// of the week, month and year containing it) of sites that received hits, and the archives of past
    /// days invalidated by late hits. Reports are then ready before anyone asks. 0 turns it off (archives
    /// are still built when a report is requested, and by <c>makoto archive</c>).
    /// </summary>
    public int BackgroundIntervalSeconds { get; set; } = 30;

    /// <summary>
    /// The largest share of the time the background archiver may spend rebuilding (0 to 1): after a round
    /// that took T seconds it waits at least T × (1 − share) / share before the next, so on a site whose
    /// today has grown to a million visits it does not take a core away from tracking all the time
    /// (with 0.25, a 20 s round is followed by at least 60 s of rest). 1 keeps the plain interval.
    /// </summary>
    public double BackgroundMaxShare { get; set; } = 0.25;

    /// <summary>
    /// The tracking load, in hits committed per second since the previous round, at which the background
    /// archiver leaves today's archives alone (for at most <see cref="BackgroundMaxYieldSeconds"/>): rebuilding a
    /// today that grows by thousands of visits a second takes memory and processor time in proportion to the
    /// day, beside the tracking threads. Reports asked for meanwhile are still built on request
    /// (<see cref="TodayArchiveTtlSeconds"/>), and invalidated past days are rebuilt as usual. 0 never yields.
    /// </summary>
    public int BackgroundYieldHitsPerSecond { get; set; } = 1000;

    /// <summary>The longest, in seconds, the background archiver leaves a site's today alone under tracking load.</summary>
    public int BackgroundMaxYieldSeconds { get; set; } = 300;

    /// <summary>
    /// The row limits of report tables (Matomo's datatable_archiving_maximum_rows_*): a table keeps at
    /// most this many rows, the rest summed into "Others". Makoto's defaults are ten times Matomo's,
    /// so "Others" appears only on large sites.
    /// </summary>
    public RowLimits RowLimits { get; set; } = new();
}

/// <summary>The families of report tables that share a row limit.</summary>
public enum RowLimitFamily
{
    Standard,
    Actions,
    SiteSearch,
    Referrers,
    Events,
    CustomDimensions,
    Products,
    UserIdUsers,
}

/// <summary>Row limits per <see cref="RowLimitFamily"/>: top-level rows and rows of each subtable.</summary>
public sealed class RowLimits
{
    public int Standard { get; set; } = 5000;

    public int Actions { get; set; } = 5000;

    public int ActionsSubtable { get; set; } = 1000;

    public int SiteSearch { get; set; } = 5000;

    public int Referrers { get; set; } = 10000;

    public int ReferrersSubtable { get; set; } = 500;

    public int Events { get; set; } = 5000;

    public int EventsSubtable { get; set; } = 5000;

    public int CustomDimensions { get; set; } = 10000;

    public int CustomDimensionsSubtable { get; set; } = 10000;

    public int Products { get; set; } = 100000;

    public int UserIdUsers { get; set; } = 500000;

    /// <summary>The limits of a family: (top level, subtables); zero means no limit.</summary>
    public (int Top, int Subtable) For(RowLimitFamily family) => family switch
    {
        RowLimitFamily.Actions => (Actions, ActionsSubtable),
        RowLimitFamily.SiteSearch => (SiteSearch, SiteSearch),
        RowLimitFamily.Referrers => (Referrers, ReferrersSubtable),
        RowLimitFamily.Events => (Events, EventsSubtable),
        RowLimitFamily.CustomDimensions => (CustomDimensions, CustomDimensionsSubtable),
        RowLimitFamily.Products => (Products, Products),
        RowLimitFamily.UserIdUsers => (UserIdUsers, UserIdUsers),
        _ => (Standard, Standard),
    };
}
