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

    /// <summary>Compute unique visitors and users of weeks (from the logs, as Matomo does).</summary>
    public bool UniqueVisitorsForWeeks { get; set; } = true;

    /// <summary>Compute unique visitors and users of months (from the logs, as Matomo does).</summary>
    public bool UniqueVisitorsForMonths { get; set; } = true;
}
