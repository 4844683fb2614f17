using Makoto.Core.Periods;
using Makoto.Core.Sites;
using Makoto.Storage.Archives;
using Makoto.Storage.Sites;

namespace Makoto.Archiving;

/// <summary>The archives one site needs, in the order they are built (days, then weeks, months, years).</summary>
public sealed record SiteArchiveWork(Site Site, IReadOnlyList<Period> Periods);

/// <summary>
/// What <c>makoto archive</c> builds, in Matomo's order (Matomo's <c>core:archive</c>): for each site
/// the days invalidated by late hits, today and yesterday — or every day of a requested date range —
/// and the weeks, months and years containing them. Ranges are built when requested.
/// </summary>
public sealed class ArchivePlanner(ArchiveStore store, SiteStore sites, TimeProvider clock)
{
    private static readonly PeriodType[] s_allTypes = [PeriodType.Day, PeriodType.Week, PeriodType.Month, PeriodType.Year];

    /// <summary>
    /// The work per site. <paramref name="siteIds"/> null means every site; a date range replaces the
    /// default days (invalidated days, yesterday, today); <paramref name="types"/> limits the period types.
    /// </summary>
    public IReadOnlyList<SiteArchiveWork> Plan(
        IReadOnlyCollection<int>? siteIds = null,
        (DateOnly From, DateOnly To)? dates = null,
        IReadOnlyCollection<PeriodType>? types = null)
    {
        var invalidated = dates is null ? store.InvalidatedDays() : [];
        foreach (var (idSite, day) in store.DirtyDays.Pending())
        {
            invalidated.Add((idSite, day));
        }

        var work = new List<SiteArchiveWork>();
        foreach (var site in sites.GetAll())
        {
            if (siteIds is not null && !siteIds.Contains(site.IdSite))
            {
                continue;
            }

            var today = site.Today(clock);
            var created = SiteTimeZones.LocalDate(site.TsCreated, site.TimeZone);
            var days = new SortedSet<DateOnly>();
            if (dates is { } range)
            {
                for (var day = Max(range.From, created); day <= Min(range.To, today); day = day.AddDays(1))
                {
                    days.Add(day);
                }
            }
            else
            {
                days.Add(today);
                if (today.AddDays(-1) >= created)
                {
                    days.Add(today.AddDays(-1));
                }

                foreach (var (idSite, day) in invalidated)
                {
                    if (idSite == site.IdSite && day <= today)
                    {
                        days.Add(day);
                    }
                }
            }

            var periods = new List<Period>();
            var seen = new HashSet<Period>();
            foreach (var type in s_allTypes)
            {
                if (types is not null && !types.Contains(type))
                {
                    continue;
                }

                foreach (var day in days.Reverse())
                {
                    var period = Period.Containing(type, day);
                    if (seen.Add(period))
                    {
                        periods.Add(period);
                    }
                }
            }

            if (periods.Count > 0)
            {
                work.Add(new SiteArchiveWork(site, periods));
            }
        }

        return work;
    }

    /// <summary>The sites with these ids (every site for null); an id that does not exist is an error.</summary>
    public IReadOnlyList<Site> Sites(IReadOnlyCollection<int>? siteIds)
    {
        if (siteIds is null)
        {
            return sites.GetAll();
        }

        var found = new List<Site>();
        foreach (var id in siteIds)
        {
            found.Add(sites.Get(id) ?? throw new KeyNotFoundException($"There is no site with id {id}."));
        }

        return found;
    }

    /// <summary>Invalidates the site's archives of every period containing a day of the range, so they are rebuilt.</summary>
    public int Invalidate(int idSite, DateOnly from, DateOnly to)
    {
        var count = 0;
        for (var day = from; day <= to; day = day.AddDays(1))
        {
            store.DirtyDays.MarkDirty(idSite, day);
            count += store.InvalidateContainingNow(idSite, day);
        }

        return count;
    }

    private static DateOnly Max(DateOnly a, DateOnly b) => a > b ? a : b;

    private static DateOnly Min(DateOnly a, DateOnly b) => a < b ? a : b;
}
