using Makoto.Plugins.Dashboard;
using Makoto.Reporting.Reports;

namespace Makoto.Web.Ui.Services;

/// <summary>
/// Translates between the widgets stored in a dashboard layout (Matomo's module/action parameters, so
/// layouts are those of Matomo) and the UI's widget definitions.
/// </summary>
public static class DashboardWidgets
{
    /// <summary>Matomo's widgets that are no plain report (<see cref="WidgetMetadata.Specials"/>) and what the UI shows for each.</summary>
    private static readonly (WidgetDefinition Definition, WidgetKind Kind)[] s_specials = [.. WidgetMetadata.Specials.Select(d => (d, KindOf(d)))];

    /// <summary>What the UI shows for one of Matomo's non-report widgets.</summary>
    public static WidgetKind KindOf(WidgetDefinition widget) => (widget.Module, widget.Action) switch
    {
        ("VisitsSummary", "getEvolutionGraph") => WidgetKind.Evolution,
        ("VisitsSummary", "get") => WidgetKind.Sparklines,
        ("Live", "widget") => WidgetKind.RealTime,
        ("Live", "getLastVisitsDetails") => WidgetKind.VisitorLog,
        ("UserCountryMap", "visitorMap") => WidgetKind.VisitorMap,
        ("CoreHome", "renderWidgetContainer") when widget.ContainerId == "GoalsOverview" => WidgetKind.GoalsOverview,
        ("MultiSites", "standalone") => WidgetKind.AllWebsites,
        _ => throw new InvalidOperationException($"The UI has no view for the widget {widget.UniqueId}."),
    };

    /// <summary>The UI widget for a stored widget, or null when Makoto has no such widget (or its plugin is off).</summary>
    public static ReportDefinition? Resolve(DashboardWidget widget, IReadOnlyList<Subcategory> menu, Func<string, bool> hasMethod)
    {
        foreach (var (definition, kind) in s_specials)
        {
            if (widget.Module == definition.Module && widget.Action == definition.Action
                && Extra(definition).All(e => e.Name == "small" || widget.Parameters.GetValueOrDefault(e.Name) == e.Value))
            {
                return hasMethod(definition.Method) ? ReportCatalog.DashboardSpecials.FirstOrDefault(s => s.Kind == kind && s.Method == definition.Method) : null;
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

    /// <summary>The stored form of a UI widget: Matomo's parameters (the visits log's <c>small=1</c> included; layouts stored without it match too).</summary>
    public static DashboardWidget ToWidget(ReportDefinition definition)
    {
        foreach (var (special, kind) in s_specials)
        {
            if (definition.Kind == kind && definition.Method == special.Method)
            {
                return DashboardWidget.For(special.Module, special.Action, [.. Extra(special)]);
            }
        }

        return DashboardWidget.For(definition.Module, definition.Action, [.. definition.Parameters]);
    }

    private static IEnumerable<(string Name, string Value)> Extra(WidgetDefinition definition) =>
        definition.AllParameters.Where(p => p.Name is not ("module" or "action"));

    /// <summary>A name for a stored widget Makoto cannot show (a Matomo plugin it does not have).</summary>
    public static string Describe(DashboardWidget widget) => widget.Module + " › " + widget.Action;
}
