using Makoto.Storage.Dashboards;

namespace Makoto.Plugins.Dashboard;

/// <summary>
/// The dashboards of each user: the first one is created with Matomo's default widgets when the user
/// first opens it; layouts are saved as the user moves, adds and removes widgets.
/// </summary>
public sealed class DashboardLayouts(DashboardStore store)
{
    public const string DefaultName = "Dashboard";

    /// <summary>
    /// Matomo 5's default dashboard (its Dashboard::getDefaultLayout without the promotion widgets), with the
    /// browsers, pages and goals overview widgets added: real-time visitors and browsers; visits over time,
    /// the visits overview and the goals overview; the visitor map, channel types and pages.
    /// </summary>
    public static DashboardLayout DefaultLayout() => new(
    [
        [
            DashboardWidget.For("Live", "widget"),
            DashboardWidget.For("DevicesDetection", "getBrowsers"),
        ],
        [
            DashboardWidget.For("VisitsSummary", "getEvolutionGraph", ("forceView", "1"), ("viewDataTable", "graphEvolution")),
            DashboardWidget.For("VisitsSummary", "get", ("forceView", "1"), ("viewDataTable", "sparklines")),
            DashboardWidget.For("CoreHome", "renderWidgetContainer", ("containerId", "GoalsOverview")),
        ],
        [
            DashboardWidget.For("UserCountryMap", "visitorMap"),
            DashboardWidget.For("Referrers", "getReferrerType"),
            DashboardWidget.For("Actions", "getPageUrls"),
        ],
    ]);

    /// <summary>The user's dashboards; a user without any gets the default one.</summary>
    public IReadOnlyList<DashboardRecord> GetAll(string login)
    {
        var all = store.GetAll(login);
        if (all.Count > 0)
        {
            return all;
        }

        store.Add(login, DefaultName, DefaultLayout().ToJson());
        return store.GetAll(login);
    }

    /// <summary>The layout of a dashboard (the default layout when the stored one cannot be read); null when the user has no such dashboard.</summary>
    public DashboardLayout? GetLayout(string login, int id)
    {
        var dashboard = id == 1 ? GetAll(login).FirstOrDefault(d => d.Id == 1) : store.Get(login, id);
        return dashboard is null ? null : DashboardLayout.Parse(dashboard.Layout) ?? DefaultLayout();
    }

    public bool SaveLayout(string login, int id, DashboardLayout layout) => store.SaveLayout(login, id, layout.ToJson());

    public bool ResetLayout(string login, int id) => store.SaveLayout(login, id, DefaultLayout().ToJson());

    /// <summary>A new dashboard, empty or with the default widgets; returns its id.</summary>
    public int Create(string login, string name, bool withDefaultWidgets)
    {
        var layout = withDefaultWidgets ? DefaultLayout() : new DashboardLayout([[], [], []]);
        return store.Add(login, string.IsNullOrWhiteSpace(name) ? DefaultName : name.Trim(), layout.ToJson());
    }

    public bool Rename(string login, int id, string name) => store.Rename(login, id, name.Trim());

    /// <summary>Removes a dashboard; the first one stays (as in Matomo).</summary>
    public bool Remove(string login, int id) => id != 1 && store.Delete(login, id);
}
