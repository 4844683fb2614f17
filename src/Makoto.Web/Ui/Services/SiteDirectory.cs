using Makoto.Core.Sites;

namespace Makoto.Web.Ui.Services;

/// <summary>
/// The websites the logged-in user can see (SitesManager.getSitesWithAtLeastViewAccess), kept for the
/// UI connection and reloaded after a website is added, changed or deleted.
/// </summary>
public sealed class SiteDirectory(ApiClient api, TimeProvider clock)
{
    private IReadOnlyList<SiteSummary>? _sites;

    public async Task<IReadOnlyList<SiteSummary>> GetAsync()
    {
        if (_sites is not null)
        {
            return _sites;
        }

        var sites = new List<SiteSummary>();
        foreach (var site in await api.ListAsync("SitesManager.getSitesWithAtLeastViewAccess"))
        {
            var timezone = site.Text("timezone");
            var zone = SiteTimeZones.TryResolve(timezone, out var resolved) ? resolved : TimeZoneInfo.Utc;
            sites.Add(new SiteSummary(
                site.Int("idsite"),
                site.Text("name"),
                site.Text("main_url"),
                site.Text("currency"),
                site.Bool("ecommerce"),
                timezone,
                SiteTimeZones.LocalDate(clock.GetUtcNow().UtcDateTime, zone)));
        }

        _sites = sites;
        return sites;
    }

    /// <summary>Forgets the list, so the next read sees added, changed or deleted websites.</summary>
    public void Reload() => _sites = null;
}
