using Makoto.Archiving;
using Makoto.Core.Periods;
using Makoto.Storage.Archives;

namespace Makoto.Plugins.PrivacyManager;

/// <summary>What a report purge deletes: the reports of months older than <see cref="OlderThanMonths"/>, except what is kept.</summary>
public sealed record ReportPurgeRules
{
    /// <summary>Full months kept before the current one (at least 2, as Matomo).</summary>
    public required int OlderThanMonths { get; init; }

    public bool KeepBasicMetrics { get; init; }

    public bool KeepDay { get; init; }

    public bool KeepWeek { get; init; }

    public bool KeepMonth { get; init; }

    public bool KeepYear { get; init; }

    public bool KeepRange { get; init; }

    public bool KeepSegments { get; init; }
}

/// <summary>
/// Deleting old reports (Matomo's delete_reports_*): the archives of periods that start in a month before the
/// first kept one go, except the period types, segments and basic metrics the rules keep. With the raw logs
/// still there, a deleted report is built again when asked for; with them purged, it stays gone. A server
/// running beside a console purge drops the archives it holds in memory within seconds (the store's removal mark).
/// </summary>
public sealed class ReportPurger(ArchiveStore archives, Archiver archiver, TimeProvider clock)
{
    /// <summary>
    /// The basic metrics kept with <see cref="ReportPurgeRules.KeepBasicMetrics"/>: VisitsSummary's numbers
    /// and the conversions and revenue of all goals together.
    /// </summary>
    public static readonly IReadOnlyList<string> BasicMetrics =
    [
        "nb_visits", "nb_uniq_visitors", "nb_users", "nb_actions", "max_actions", "sum_visit_length", "bounce_count",
        "nb_visits_converted", "sum_daily_nb_uniq_visitors", "sum_daily_nb_users",
        "Goal_nb_conversions", "Goal_nb_visits_converted", "Goal_revenue",
    ];

    /// <summary>The first month kept: the current month (UTC) and the <paramref name="olderThanMonths"/> before it stay.</summary>
    public DateOnly FirstKeptMonth(int olderThanMonths)
    {
        if (olderThanMonths < 2)
        {
            throw new ArgumentException($"Reports are kept at least 2 months; {olderThanMonths} is too few.");
        }

        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        return new DateOnly(today.Year, today.Month, 1).AddMonths(-olderThanMonths);
    }

    /// <summary>Deletes the old reports; returns the archive rows deleted.</summary>
    public long Purge(ReportPurgeRules rules)
    {
        var keepPeriods = new List<int>();
        foreach (var (keep, type) in (ReadOnlySpan<(bool, PeriodType)>)
            [(rules.KeepDay, PeriodType.Day), (rules.KeepWeek, PeriodType.Week), (rules.KeepMonth, PeriodType.Month), (rules.KeepYear, PeriodType.Year), (rules.KeepRange, PeriodType.Range)])
        {
            if (keep)
            {
                keepPeriods.Add((int)type);
            }
        }

        var rows = archives.PurgeReports(FirstKeptMonth(rules.OlderThanMonths), keepPeriods, rules.KeepBasicMetrics ? BasicMetrics : [], rules.KeepSegments);
        archiver.ForgetCachedArchives();
        return rows;
    }
}
