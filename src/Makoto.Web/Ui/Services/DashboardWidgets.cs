using Makoto.Plugins.Dashboard;

namespace Makoto.Web.Ui.Services;

/// <summary>
/// Translates between the widgets stored in a dashboard layout (Matomo's module/action parameters, so
/// layouts are those of Matomo) and the UI's widget definitions.
/// </summary>
public static class DashboardWidgets
{
    /// <summary>Matomo's widgets that are no plain report: their parameters and what the UI shows for them.</summary>
    private static readonly (string Module, string Action, (string Name, string Value)[] Extra, WidgetKind Kind, string Method)[] s_specials =
    [
        ("VisitsSummary", "getEvolutionGraph", [("forceView", "1"), ("viewDataTable", "graphEvolution")], WidgetKind.Evolution, "VisitsSummary.get"),
        ("VisitsSummary", "get", [("forceView", "1"), ("viewDataTable", "sparklines")], WidgetKind.Sparklines, "VisitsSummary.get"),
        ("Live", "widget", [], WidgetKind.RealTime, "Live.getLastVisitsDetails"),
        ("Live", "getLastVisitsDetails", [("forceView", "1"), ("viewDataTable", "VisitorLog")], WidgetKind.VisitorLog, "Live.getLastVisitsDetails"),
        ("UserCountryMap", "visitorMap", [], WidgetKind.VisitorMap, "UserCountry.getCountry"),
        ("CoreHome", "renderWidgetContainer", [("containerId", "GoalsOverview")], WidgetKind.GoalsOverview, "Goals.get"),
        ("MultiSites", "standalone", [], WidgetKind.AllWebsites, "MultiSites.getAll"),
    ];

    /// <summary>The UI widget for a stored widget, or null when Makoto has no such widget (or its plugin is off).</summary>
    public static ReportDefinition? Resolve(DashboardWidget widget, IReadOnlyList<Subcategory> menu, Func<string, bool> hasMethod)
    {
        foreach (var (module, action, extra, kind, method) in s_specials)
        {
            if (widget.Module == module && widget.Action == action && extra.All(e => widget.Parameters.GetValueOrDefault(e.Name) == e.Value))
            {
                return hasMethod(method) ? ReportCatalog.DashboardSpecials.FirstOrDefault(s => s.Kind == kind && s.Method == method) : null;
            }
        }

        var name = widget.Module + "." + widget.Action;
        foreach (var definition in menu.SelectMany(s => s.Widgets))
        {
            if (definition.Kind == WidgetKind.Report && definition.Method == name
                && definition.Parameters.All(p => widget.Parameters.GetValueOrDefault(p.Name) == p.Value))
            {
                return definition;
            }
        }

        return null;
    }

    /// <summary>The stored form of a UI widget.</summary>
    public static DashboardWidget ToWidget(ReportDefinition definition)
    {
        foreach (var (module, action, extra, kind, method) in s_specials)
        {
            if (definition.Kind == kind && definition.Method == method)
            {
                return DashboardWidget.For(module, action, extra);
            }
        }

        return DashboardWidget.For(definition.Module, definition.Action, [.. definition.Parameters]);
    }

    /// <summary>A name for a stored widget Makoto cannot show (a Matomo plugin it does not have).</summary>
    public static string Describe(DashboardWidget widget) => widget.Module + " › " + widget.Action;
}
