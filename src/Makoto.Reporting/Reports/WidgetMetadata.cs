using System.Globalization;
using System.Net;
using Makoto.Reporting.Api;

namespace Makoto.Reporting.Reports;

/// <summary>
/// A widget that is no plain report widget: the dashboard's graphs, sparklines, visits log, real-time and map
/// widgets, with Matomo's module, action and parameters (so dashboard layouts and <c>API.getWidgetMetadata</c> are
/// Matomo's). The web UI's dashboard and <c>API.getWidgetMetadata</c> both read <see cref="WidgetMetadata.Specials"/>.
/// </summary>
public sealed record WidgetDefinition
{
    public required string Name { get; init; }

    /// <summary>The report category it belongs to (as report metadata names it: <c>Visitors</c>, <c>Goals</c> …).</summary>
    public required string Category { get; init; }

    public string? Subcategory { get; init; }

    public required string Module { get; init; }

    public required string Action { get; init; }

    /// <summary>A view the widget forces (Matomo's <c>forceView=1&amp;viewDataTable=…</c>, which come first in its parameters).</summary>
    public string? ForcedView { get; init; }

    /// <summary>Parameters after <c>module</c> and <c>action</c>.</summary>
    public IReadOnlyList<(string Name, string Value)> Parameters { get; init; } = [];

    public int Order { get; init; } = 99;

    public bool IsWide { get; init; }

    /// <summary>A report widget (Matomo's <c>ReportWidgetConfig</c>): its metadata carries <c>viewDataTable</c> and <c>isReport</c>.</summary>
    public bool IsReport { get; init; }

    /// <summary>For a container (<c>CoreHome.renderWidgetContainer</c>): its id and the widgets it holds.</summary>
    public string? ContainerId { get; init; }

    public IReadOnlyList<WidgetDefinition> Children { get; init; } = [];

    /// <summary>The API method the widget shows; the widget exists only while that method is registered.</summary>
    public required string Method { get; init; }

    /// <summary>All parameters in Matomo's order: the forced view, <c>module</c>, <c>action</c>, the container id, the rest.</summary>
    public IReadOnlyList<(string Name, string Value)> AllParameters
    {
        get
        {
            var all = new List<(string, string)>();
            if (ForcedView is not null)
            {
                all.Add(("forceView", "1"));
                all.Add(("viewDataTable", ForcedView));
            }

            all.Add(("module", Module));
            all.Add(("action", Action));
            if (ContainerId is not null)
            {
                all.Add(("containerId", ContainerId));
            }

            all.AddRange(Parameters);
            return all;
        }
    }

    /// <summary>Matomo's unique id: <c>widget</c> + module + action + each other parameter's name and value; a container's is <c>widget</c> + its id.</summary>
    public string UniqueId => ContainerId is not null
        ? WidgetMetadata.UniqueId(ContainerId, "", Parameters)
        : WidgetMetadata.UniqueId(Module, Action, AllParameters.Where(p => p.Name is not ("module" or "action")));
}

/// <summary>
/// <c>API.getWidgetMetadata</c>: every widget of a site in Matomo's shape and order. Each report that has a category
/// and a subcategory gives one widget, as Matomo's <c>Report::configureWidgets</c> does by default (its name, module,
/// action and parameters, order 100 + the report's order, the table view) unless its plugin shows it through widgets
/// of its own; the non-report widgets come from <see cref="Specials"/>. Categories and subcategories carry Matomo's ids, orders and icons.
/// </summary>
public static class WidgetMetadata
{
    private const string Visitors = ReportCategories.Visitors;
    private const string Goals = ReportCategories.Goals;

    /// <summary>The widgets of Makoto's dashboard that are no plain report, as Matomo defines them.</summary>
    public static IReadOnlyList<WidgetDefinition> Specials { get; } =
    [
        new()
        {
            Name = "Visits Over Time", Category = Visitors, Subcategory = ReportCategories.Overview, Module = "VisitsSummary",
            Action = "getEvolutionGraph", ForcedView = "graphEvolution", Order = 5, IsReport = true, Method = "VisitsSummary.get",
        },
        new()
        {
            Name = "Visits Overview", Category = Visitors, Subcategory = ReportCategories.Overview, Module = "VisitsSummary", Action = "get",
            ForcedView = "sparklines", Order = 10, IsReport = true, Method = "VisitsSummary.get",
        },
        new()
        {
            Name = "Visits Log", Category = Visitors, Subcategory = VisitsLog, Module = "Live", Action = "getLastVisitsDetails",
            ForcedView = "VisitorLog", Parameters = [("small", "1")], Order = 10, IsReport = true, Method = "Live.getLastVisitsDetails",
        },
        new()
        {
            Name = "Visitors in Real-time", Category = Visitors, Subcategory = RealTime, Module = "Live", Action = "widget", Order = 20,
            IsWide = true, Method = "Live.getLastVisitsDetails",
        },
        new()
        {
            Name = "Visitor Map", Category = Visitors, Subcategory = ReportCategories.Locations, Module = "UserCountryMap", Action = "visitorMap",
            Order = 1, Method = "UserCountry.getCountry",
        },
        new()
        {
            Name = "Goals Overview", Category = Goals, Subcategory = ReportCategories.Overview, Module = "CoreHome", Action = "renderWidgetContainer",
            ContainerId = "GoalsOverview", Order = 1, Method = "Goals.get",
            Children =
            [
                new()
                {
                    Name = "Evolution over the period", Category = Goals, Subcategory = ReportCategories.Overview, Module = "Goals",
                    Action = "getEvolutionGraph", ForcedView = "graphEvolution", Order = 5, IsReport = true, Method = "Goals.get",
                },
                new()
                {
                    Name = "Goals Overview", Category = Goals, Subcategory = ReportCategories.Overview, Module = "Goals", Action = "get",
                    ForcedView = "sparklines", Order = 10, IsReport = true, Method = "Goals.get",
                },
            ],
        },
        new()
        {
            Name = "All Websites Dashboard", Category = ReportCategories.AllWebsites, Module = "MultiSites", Action = "standalone",
            Method = "MultiSites.getAll",
        },
    ];

    /// <summary>The subcategory of the visits log page.</summary>
    public const string VisitsLog = "Visits Log";

    /// <summary>The subcategory of the real-time page.</summary>
    public const string RealTime = "Real-time";

    /// <summary>Report category name → Matomo's category id, display name, order and icon.</summary>
    private static readonly Dictionary<string, (string Id, string Name, int Order, string Icon)> s_categories = new(StringComparer.Ordinal)
    {
        [ReportCategories.AllWebsites] = ("General_MultiSitesSummary", "All Websites", 3, ""),
        [Visitors] = ("General_Visitors", "Visitors", 5, "icon-reporting-visitors"),
        [ReportCategories.Actions] = ("General_Actions", "Behaviour", 10, "icon-reporting-actions"),
        [ReportCategories.Referrers] = ("Referrers_Referrers", "Acquisition", 15, "icon-reporting-referer"),
        [ReportCategories.Ecommerce] = ("Goals_Ecommerce", "Ecommerce", 20, "icon-reporting-ecommerce"),
        [Goals] = ("Goals_Goals", "Goals", 25, "icon-reporting-goal"),
    };

    /// <summary>(Category, subcategory name) → Matomo's subcategory id and order.</summary>
    private static readonly Dictionary<(string, string), (string Id, int Order)> s_subcategories = new()
    {
        [(Visitors, ReportCategories.Overview)] = ("General_Overview", 2),
        [(Visitors, VisitsLog)] = ("Live_VisitorLog", 5),
        [(Visitors, RealTime)] = ("General_RealTime", 7),
        [(Visitors, ReportCategories.Locations)] = ("UserCountry_SubmenuLocations", 10),
        [(Visitors, ReportCategories.Devices)] = ("DevicesDetection_Devices", 15),
        [(Visitors, ReportCategories.Software)] = ("DevicesDetection_Software", 20),
        [(Visitors, ReportCategories.Times)] = ("VisitTime_SubmenuTimes", 35),
        [(Visitors, ReportCategories.UserIds)] = ("UserId_UserReportTitle", 40),
        [(Visitors, ReportCategories.CustomVariables)] = ("CustomVariables_CustomVariables", 45),
        [(ReportCategories.Actions, ReportCategories.Pages)] = ("General_Pages", 5),
        [(ReportCategories.Actions, ReportCategories.EntryPages)] = ("Actions_SubmenuPagesEntry", 10),
        [(ReportCategories.Actions, ReportCategories.ExitPages)] = ("Actions_SubmenuPagesExit", 15),
        [(ReportCategories.Actions, ReportCategories.PageTitles)] = ("Actions_SubmenuPageTitles", 20),
        [(ReportCategories.Actions, ReportCategories.SiteSearch)] = ("Actions_SubmenuSitesearch", 25),
        [(ReportCategories.Actions, ReportCategories.Outlinks)] = ("General_Outlinks", 30),
        [(ReportCategories.Actions, ReportCategories.Downloads)] = ("General_Downloads", 35),
        [(ReportCategories.Actions, ReportCategories.Events)] = ("Events_Events", 40),
        [(ReportCategories.Actions, ReportCategories.Contents)] = ("Contents_Contents", 45),
        [(ReportCategories.Actions, ReportCategories.Engagement)] = ("VisitorInterest_Engagement", 46),
        [(ReportCategories.Actions, ReportCategories.Performance)] = ("PagePerformance_Performance", 47),
        [(ReportCategories.Referrers, ReportCategories.Overview)] = ("General_Overview", 2),
        [(ReportCategories.Referrers, ReportCategories.AllChannels)] = ("Referrers_WidgetGetAll", 5),
        [(ReportCategories.Referrers, ReportCategories.SearchEngines)] = ("Referrers_SubmenuSearchEngines", 10),
        [(ReportCategories.Referrers, ReportCategories.Websites)] = ("Referrers_SubmenuWebsitesOnly", 15),
        [(ReportCategories.Referrers, ReportCategories.SocialNetworks)] = ("Referrers_Socials", 16),
        [(ReportCategories.Referrers, ReportCategories.Campaigns)] = ("Referrers_Campaigns", 20),
        [(ReportCategories.Ecommerce, ReportCategories.Overview)] = ("General_Overview", 2),
        [(ReportCategories.Ecommerce, ReportCategories.Products)] = ("Goals_Products", 10),
        [(Goals, ReportCategories.Overview)] = ("General_Overview", 2),
    };

    /// <summary>
    /// Matomo's <c>WidgetsList::getWidgetUniqueId</c>: <c>widget</c> + module + action, then each parameter's name and
    /// value (URL-encoded, percent signs dropped).
    /// </summary>
    public static string UniqueId(string module, string action, IEnumerable<(string Name, string Value)> parameters)
    {
        var id = "widget" + module + action;
        foreach (var (name, value) in parameters)
        {
            id += name + WebUtility.UrlEncode(value).Replace("%", "", StringComparison.Ordinal);
        }

        return id;
    }

    /// <summary>The flat widget list of <c>API.getWidgetMetadata</c> for a site's reports.</summary>
    public static List<PlainObject> Build(IReadOnlyList<ListedReport> reports, Func<string, bool> hasMethod)
    {
        var flat = new List<PlainObject>();
        foreach (var report in reports)
        {
            var metadata = report.Metadata;
            if (metadata.Subcategory is null || metadata.IsSubtableReport || HasOwnWidgets(report))
            {
                continue;
            }

            var parameters = new List<(string, string)> { ("module", report.Module), ("action", report.Action) };
            parameters.AddRange(metadata.Parameters.Select(p => (p.Key, Convert.ToString(p.Value, CultureInfo.InvariantCulture) ?? "")));
            var item = Item(metadata.Name, metadata.Category, metadata.Subcategory, nested: false);
            item["module"] = report.Module;
            item["action"] = report.Action;
            item["order"] = 100 + metadata.Order;
            item["parameters"] = Parameters(parameters);
            item["uniqueId"] = UniqueId(report.Module, report.Action, parameters.Skip(2));
            item["isWide"] = false;
            item["viewDataTable"] = "table";
            item["isReport"] = true;
            flat.Add(item);
        }

        foreach (var special in Specials)
        {
            if (!hasMethod(special.Method))
            {
                continue;
            }

            flat.Add(Describe(special, nested: false));
            foreach (var child in special.Children)
            {
                flat.Add(Describe(child, nested: false));
            }
        }

        flat.Sort(Compare);
        return flat;
    }

    /// <summary>
    /// A report its plugin shows through widgets of its own (<see cref="Specials"/> of the same module, such as
    /// VisitsSummary's graph and sparklines) instead of the default table widget, as Matomo's reports that override
    /// <c>configureWidgets</c>.
    /// </summary>
    private static bool HasOwnWidgets(ListedReport report)
    {
        var method = report.Module + "." + report.Action;
        return Specials.SelectMany(s => s.Children.Prepend(s)).Any(s => s.Module == report.Module && s.Method == method);
    }

    /// <summary>One widget in Matomo's shape; a nested one (inside a container) gets a category of its own, as Matomo builds it.</summary>
    private static PlainObject Describe(WidgetDefinition widget, bool nested)
    {
        var item = Item(widget.Name, widget.Category, widget.Subcategory, nested);
        item["module"] = widget.Module;
        item["action"] = widget.Action;
        item["order"] = widget.Order;
        item["parameters"] = Parameters(widget.AllParameters);
        item["uniqueId"] = widget.UniqueId;
        item["isWide"] = widget.IsWide;
        if (widget.IsReport)
        {
            item["viewDataTable"] = widget.ForcedView ?? "table";
            item["isReport"] = true;
        }

        if (widget.ContainerId is not null)
        {
            item["layout"] = "";
            item["isContainer"] = true;
            item["widgets"] = widget.Children.Select(c => (object?)Describe(c, nested: true)).ToList();
        }

        return item;
    }

    private static PlainObject Item(string name, string category, string? subcategory, bool nested)
    {
        var (categoryId, categoryName, categoryOrder, icon) = s_categories.TryGetValue(category, out var known) ? known : (category, category, 99, "");
        (string Id, int Order)? sub = subcategory is null
            ? null
            : s_subcategories.TryGetValue((category, subcategory), out var knownSub) ? knownSub : (subcategory, 99);
        return new PlainObject
        {
            ["name"] = name,
            ["category"] = new PlainObject
            {
                ["id"] = categoryId,
                ["name"] = categoryName,
                ["order"] = nested ? 99 : categoryOrder,
                ["icon"] = nested ? "" : icon,
                ["help"] = "",
                ["widget"] = null,
            },
            ["subcategory"] = sub is { } s
                ? new PlainObject { ["id"] = s.Id, ["name"] = subcategory, ["order"] = nested ? 99 : s.Order, ["help"] = "" }
                : null,
        };
    }

    private static PlainObject Parameters(IEnumerable<(string Name, string Value)> parameters)
    {
        var result = new PlainObject();
        foreach (var (name, value) in parameters)
        {
            result[name] = value;
        }

        return result;
    }

    /// <summary>Matomo's <c>sortWidgets</c>: by category order, then subcategory order (widgets without one first), then unique id.</summary>
    private static int Compare(PlainObject a, PlainObject b)
    {
        var byCategory = CategoryOrder(a).CompareTo(CategoryOrder(b));
        if (byCategory != 0)
        {
            return byCategory;
        }

        var (subA, subB) = (SubcategoryOrder(a), SubcategoryOrder(b));
        if (subA != 0 && subB != 0 && subA != subB)
        {
            return subA.CompareTo(subB);
        }

        if ((subA == 0) != (subB == 0))
        {
            return subA != 0 ? 1 : -1;
        }

        return string.CompareOrdinal((string)a["uniqueId"]!, (string)b["uniqueId"]!);
    }

    private static int CategoryOrder(PlainObject item) => (int)((PlainObject)item["category"]!)["order"]!;

    private static int SubcategoryOrder(PlainObject item) => item["subcategory"] is PlainObject sub ? (int)sub["order"]! : 0;
}
