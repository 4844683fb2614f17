using System.Globalization;
using Makoto.Reporting.Reports;

namespace Makoto.Web.Ui.Services;

/// <summary>The metrics a report's rows carry, which decide the columns of its "plain" view.</summary>
public enum MetricKind
{
    /// <summary>Visit metrics (nb_visits, nb_actions, bounces …): most reports.</summary>
    Visits,

    /// <summary>Page metrics (nb_hits, nb_visits, bounce and exit rates, time on page): the Actions page reports.</summary>
    Pages,

    /// <summary>Entry page metrics (entrances, bounces).</summary>
    EntryPages,

    /// <summary>Exit page metrics (exits, exit rate).</summary>
    ExitPages,

    /// <summary>Clicks: downloads and outlinks.</summary>
    Clicks,

    /// <summary>Site search keywords and categories.</summary>
    SiteSearch,

    Events,

    Contents,

    /// <summary>Ecommerce products.</summary>
    Products,

    /// <summary>Conversions by days or visits before converting.</summary>
    Conversions,
}

/// <summary>What a piece of a report page shows.</summary>
public enum WidgetKind
{
    /// <summary>A report table with its charts (the report's method, its rows, subtables).</summary>
    Report,

    /// <summary>The evolution graph of a one-row report (VisitsSummary.get, Goals.get …).</summary>
    Evolution,

    /// <summary>The key numbers of a one-row report with small evolution lines.</summary>
    Sparklines,

    VisitorLog,

    RealTime,

    VisitorMap,

    GoalsOverview,

    /// <summary>One goal (or the ecommerce orders): its evolution, numbers, and conversions by dimension.</summary>
    Goal,

    AllWebsites,
}

/// <summary>
/// One widget of a report page or the dashboard: a report method with its parameters, or one of the
/// special views. <see cref="Id"/> is the widget's Matomo-style id (<c>widgetUserCountrygetCountry</c>).
/// </summary>
public sealed record ReportDefinition
{
    public required string Name { get; init; }

    public WidgetKind Kind { get; init; } = WidgetKind.Report;

    /// <summary>The API method (<c>UserCountry.getCountry</c>); for special views the method they read.</summary>
    public required string Method { get; init; }

    /// <summary>Extra API parameters (<c>idDimension</c>, <c>idGoal</c> …).</summary>
    public IReadOnlyList<(string Name, string Value)> Parameters { get; init; } = [];

    /// <summary>The heading of the label column.</summary>
    public string Dimension { get; init; } = "Label";

    public MetricKind Metrics { get; init; } = MetricKind.Visits;

    /// <summary>Rows carry conversions per goal (the "goals" column), so the goals view can be shown.</summary>
    public bool HasGoals { get; init; }

    /// <summary>The metric evolution graphs and sparklines start with (one-row reports).</summary>
    public IReadOnlyList<string> SparklineMetrics { get; init; } = [];

    public string Module => Method[..Method.IndexOf('.', StringComparison.Ordinal)];

    public string Action => Method[(Method.IndexOf('.', StringComparison.Ordinal) + 1)..];

    /// <summary>The widget id as Matomo builds them: <c>widget</c>, module, action, then the parameters.</summary>
    public string Id
    {
        get
        {
            var id = "widget" + Module + Action + (Kind is WidgetKind.Report ? "" : Kind.ToString());
            foreach (var (name, value) in Parameters)
            {
                id += name + value;
            }

            return id;
        }
    }
}

/// <summary>A menu entry under a category: its name, address part and the widgets of its page.</summary>
public sealed record Subcategory(string Category, string Name, IReadOnlyList<ReportDefinition> Widgets)
{
    public string Slug => ReportCatalog.Slug(Name);

    public string Path => "/reports/" + ReportCatalog.Slug(Category) + "/" + Slug;
}

/// <summary>
/// The report menu of the UI, laid out as Matomo's (Visitors, Behaviour, Acquisition, Goals, Ecommerce),
/// with every core report and the special views. A report appears when its API method is registered, so
/// a plugin that is switched off takes its reports out of the menu; per-site entries (custom dimensions,
/// goals, ecommerce) are added from the site's configuration.
/// </summary>
public static class ReportCatalog
{
    public const string Visitors = "Visitors";
    public const string Behaviour = "Behaviour";
    public const string Acquisition = "Acquisition";
    public const string Goals = "Goals";
    public const string Ecommerce = "Ecommerce";

    public static IReadOnlyList<string> Categories { get; } = [Visitors, Behaviour, Acquisition, Goals, Ecommerce];

    public static readonly string[] VisitSparklines = ["nb_visits", "nb_uniq_visitors", "nb_actions", "nb_actions_per_visit", "avg_time_on_site", "bounce_rate", "max_actions"];

    public static readonly string[] GoalSparklines = ["nb_conversions", "nb_visits_converted", "conversion_rate", "revenue"];

    public static readonly string[] EcommerceSparklines = ["nb_conversions", "conversion_rate", "revenue", "avg_order_revenue", "items", "revenue_subtotal", "revenue_tax", "revenue_shipping", "revenue_discount"];

    private static readonly Subcategory[] s_static =
    [
        new(Visitors, "Overview",
        [
            Special("Visits over time", WidgetKind.Evolution, "VisitsSummary.get", VisitSparklines),
            Special("Visits overview", WidgetKind.Sparklines, "VisitsSummary.get", VisitSparklines),
        ]),
        new(Visitors, "Visits Log", [Special("Visits log", WidgetKind.VisitorLog, "Live.getLastVisitsDetails")]),
        new(Visitors, "Real-time", [Special("Real-time visitors", WidgetKind.RealTime, "Live.getLastVisitsDetails")]),
        new(Visitors, "Locations",
        [
            Special("Visitor map", WidgetKind.VisitorMap, "UserCountry.getCountry"),
            Report("Continent", "UserCountry.getContinent", "Continent", goals: true),
            Report("Country", "UserCountry.getCountry", "Country", goals: true),
            Report("Region", "UserCountry.getRegion", "Region", goals: true),
            Report("City", "UserCountry.getCity", "City", goals: true),
            Report("Browser language", "UserLanguage.getLanguage", "Language"),
            Report("Language code", "UserLanguage.getLanguageCode", "Language code"),
        ]),
        new(Visitors, "Devices",
        [
            Report("Device type", "DevicesDetection.getType", "Device type", goals: true),
            Report("Device brand", "DevicesDetection.getBrand", "Device brand", goals: true),
            Report("Device model", "DevicesDetection.getModel", "Device model", goals: true),
            Report("Screen resolution", "Resolution.getResolution", "Resolution"),
        ]),
        new(Visitors, "Software",
        [
            Report("Operating system versions", "DevicesDetection.getOsVersions", "Operating system version", goals: true),
            Report("Operating system families", "DevicesDetection.getOsFamilies", "Operating system family", goals: true),
            Report("Browsers", "DevicesDetection.getBrowsers", "Browser", goals: true),
            Report("Browser versions", "DevicesDetection.getBrowserVersions", "Browser version", goals: true),
            Report("Browser engines", "DevicesDetection.getBrowserEngines", "Browser engine", goals: true),
            Report("Configurations", "Resolution.getConfiguration", "Configuration"),
            Report("Browser plugins", "DevicePlugins.getPlugin", "Plugin"),
        ]),
        new(Visitors, "Times",
        [
            Report("Visits per local time", "VisitTime.getVisitInformationPerLocalTime", "Local time", goals: true),
            Report("Visits per server time", "VisitTime.getVisitInformationPerServerTime", "Server time", goals: true),
            Report("Visits by day of week", "VisitTime.getByDayOfWeek", "Day of the week"),
        ]),
        new(Visitors, "Engagement",
        [
            Special("Returning visits over time", WidgetKind.Evolution, "VisitFrequency.get", ["nb_visits_returning", "nb_actions_returning", "avg_time_on_site_returning", "bounce_rate_returning"]),
            Special("Frequency overview", WidgetKind.Sparklines, "VisitFrequency.get", ["nb_visits_new", "nb_visits_returning", "nb_actions_returning", "nb_actions_per_visit_returning", "avg_time_on_site_returning", "bounce_rate_returning"]),
            Report("Visits per visit duration", "VisitorInterest.getNumberOfVisitsPerVisitDuration", "Visit duration"),
            Report("Visits per number of pages", "VisitorInterest.getNumberOfVisitsPerPage", "Pages per visit"),
            Report("Visits by visit number", "VisitorInterest.getNumberOfVisitsByVisitCount", "Visit number"),
            Report("Visits by days since last visit", "VisitorInterest.getNumberOfVisitsByDaysSinceLast", "Days since last visit"),
        ]),
        new(Visitors, "User IDs", [Report("User IDs", "UserId.getUsers", "User ID")]),
        new(Visitors, "Custom Variables", [Report("Custom variables", "CustomVariables.getCustomVariables", "Custom variable name", goals: true)]),
        new(Behaviour, "Pages", [Report("Page URLs", "Actions.getPageUrls", "Page URL", MetricKind.Pages, goals: true)]),
        new(Behaviour, "Entry pages",
        [
            Report("Entry page URLs", "Actions.getEntryPageUrls", "Entry page URL", MetricKind.EntryPages, goals: true),
            Report("Entry page titles", "Actions.getEntryPageTitles", "Entry page title", MetricKind.EntryPages, goals: true),
        ]),
        new(Behaviour, "Exit pages",
        [
            Report("Exit page URLs", "Actions.getExitPageUrls", "Exit page URL", MetricKind.ExitPages),
            Report("Exit page titles", "Actions.getExitPageTitles", "Exit page title", MetricKind.ExitPages),
        ]),
        new(Behaviour, "Page titles", [Report("Page titles", "Actions.getPageTitles", "Page title", MetricKind.Pages, goals: true)]),
        new(Behaviour, "Site Search",
        [
            Report("Site search keywords", "Actions.getSiteSearchKeywords", "Keyword", MetricKind.SiteSearch),
            Report("Keywords without results", "Actions.getSiteSearchNoResultKeywords", "Keyword", MetricKind.SiteSearch),
            Report("Search categories", "Actions.getSiteSearchCategories", "Search category", MetricKind.SiteSearch),
            Report("Pages following a search", "Actions.getPageUrlsFollowingSiteSearch", "Destination page", MetricKind.Pages),
            Report("Page titles following a search", "Actions.getPageTitlesFollowingSiteSearch", "Destination page title", MetricKind.Pages),
        ]),
        new(Behaviour, "Outlinks", [Report("Outlinks", "Actions.getOutlinks", "Clicked URL", MetricKind.Clicks)]),
        new(Behaviour, "Downloads", [Report("Downloads", "Actions.getDownloads", "Download URL", MetricKind.Clicks)]),
        new(Behaviour, "Events",
        [
            Report("Event categories", "Events.getCategory", "Event category", MetricKind.Events),
            Report("Event actions", "Events.getAction", "Event action", MetricKind.Events),
            Report("Event names", "Events.getName", "Event name", MetricKind.Events),
        ]),
        new(Behaviour, "Contents",
        [
            Report("Content names", "Contents.getContentNames", "Content name", MetricKind.Contents),
            Report("Content pieces", "Contents.getContentPieces", "Content piece", MetricKind.Contents),
        ]),
        new(Behaviour, "Performance",
        [
            Special("Page load time over time", WidgetKind.Evolution, "PagePerformance.get", ["avg_page_load_time", "avg_time_network", "avg_time_server", "avg_time_transfer", "avg_time_dom_processing", "avg_time_dom_completion", "avg_time_on_load"]),
            Special("Performance overview", WidgetKind.Sparklines, "PagePerformance.get", ["avg_page_load_time", "avg_time_network", "avg_time_server", "avg_time_transfer", "avg_time_dom_processing", "avg_time_dom_completion", "avg_time_on_load"]),
        ]),
        new(Acquisition, "All Channels",
        [
            Report("Channel types", "Referrers.getReferrerType", "Channel type", goals: true),
            Report("Referrers", "Referrers.getAll", "Referrer", goals: true),
        ]),
        new(Acquisition, "Search Engines & Keywords",
        [
            Report("Search engines", "Referrers.getSearchEngines", "Search engine", goals: true),
            Report("Keywords", "Referrers.getKeywords", "Keyword", goals: true),
        ]),
        new(Acquisition, "Websites", [Report("Websites", "Referrers.getWebsites", "Website", goals: true)]),
        new(Acquisition, "Social Networks", [Report("Social networks", "Referrers.getSocials", "Social network", goals: true)]),
        new(Acquisition, "Campaigns", [Report("Campaigns", "Referrers.getCampaigns", "Campaign", goals: true)]),
        new(Goals, "Overview",
        [
            Special("Goals overview", WidgetKind.GoalsOverview, "Goals.get", GoalSparklines),
            Report("Visits to conversion", "Goals.getVisitsUntilConversion", "Visits to conversion", MetricKind.Conversions),
            Report("Days to conversion", "Goals.getDaysToConversion", "Days to conversion", MetricKind.Conversions),
        ]),
        new(Ecommerce, "Overview",
        [
            Special("Ecommerce orders", WidgetKind.Goal, "Goals.get", EcommerceSparklines) with { Parameters = [("idGoal", "ecommerceOrder")] },
        ]),
        new(Ecommerce, "Products",
        [
            Report("Product SKU", "Goals.getItemsSku", "Product SKU", MetricKind.Products),
            Report("Product name", "Goals.getItemsName", "Product name", MetricKind.Products),
            Report("Product category", "Goals.getItemsCategory", "Product category", MetricKind.Products),
        ]),
        new(Ecommerce, "Abandoned carts",
        [
            Special("Abandoned carts", WidgetKind.Goal, "Goals.get", ["nb_conversions", "conversion_rate", "revenue", "items"]) with { Parameters = [("idGoal", "ecommerceAbandonedCart")] },
        ]),
    ];

    /// <summary>
    /// The widgets of the dashboard that are no report of the menu: those of <see cref="WidgetMetadata.Specials"/> (the list
    /// <c>API.getWidgetMetadata</c> also reads), shown with the UI's names and sparkline metrics. A container's children
    /// are shown as the container.
    /// </summary>
    public static IReadOnlyList<ReportDefinition> DashboardSpecials { get; } = [.. WidgetMetadata.Specials.Select(Present)];

    /// <summary>How the UI shows one of Matomo's non-report widgets.</summary>
    private static ReportDefinition Present(WidgetDefinition widget) => Services.DashboardWidgets.KindOf(widget) switch
    {
        WidgetKind.Evolution => Special("Visits over time", WidgetKind.Evolution, widget.Method, VisitSparklines),
        WidgetKind.Sparklines => Special("Visits overview", WidgetKind.Sparklines, widget.Method, VisitSparklines),
        WidgetKind.RealTime => Special("Real-time visitors", WidgetKind.RealTime, widget.Method),
        WidgetKind.VisitorMap => Special("Visitor map", WidgetKind.VisitorMap, widget.Method),
        WidgetKind.GoalsOverview => Special("Goals overview", WidgetKind.GoalsOverview, widget.Method, GoalSparklines),
        WidgetKind.VisitorLog => Special("Visits log", WidgetKind.VisitorLog, widget.Method),
        var kind => Special(widget.Name, kind, widget.Method),
    };

    /// <summary>The menu for a site: the static entries whose methods exist, then the site's custom dimensions and goals.</summary>
    public static IReadOnlyList<Subcategory> Menu(Func<string, bool> hasMethod, SiteMenuFacts site)
    {
        var result = new List<Subcategory>();
        foreach (var category in Categories)
        {
            if (category == Ecommerce && !site.Ecommerce)
            {
                continue;
            }

            foreach (var sub in s_static.Where(s => s.Category == category))
            {
                var widgets = sub.Widgets.Where(w => hasMethod(w.Method)).ToList();
                if (widgets.Count > 0)
                {
                    result.Add(sub with { Widgets = widgets });
                }
            }

            foreach (var dimension in site.CustomDimensions.Where(d => d.Category == category))
            {
                if (hasMethod("CustomDimensions.getCustomDimension"))
                {
                    result.Add(new Subcategory(category, dimension.Name,
                    [
                        Report(dimension.Name, "CustomDimensions.getCustomDimension", dimension.Name, dimension.Category == Behaviour ? MetricKind.Pages : MetricKind.Visits, goals: true)
                            with { Parameters = [("idDimension", dimension.Id.ToString(CultureInfo.InvariantCulture))] },
                    ]));
                }
            }

            if (category == Goals && hasMethod("Goals.get"))
            {
                foreach (var (id, name) in site.Goals)
                {
                    result.Add(new Subcategory(Goals, name,
                    [
                        Special(name, WidgetKind.Goal, "Goals.get", GoalSparklines) with { Parameters = [("idGoal", id.ToString(CultureInfo.InvariantCulture))] },
                    ]));
                }
            }
        }

        return result;
    }

    /// <summary>Every widget that can be put on the dashboard: the specials and each report of the menu, once.</summary>
    public static IReadOnlyList<(string Category, ReportDefinition Widget)> DashboardWidgets(IReadOnlyList<Subcategory> menu, Func<string, bool> hasMethod)
    {
        var result = new List<(string, ReportDefinition)>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var special in DashboardSpecials)
        {
            if (hasMethod(special.Method) && seen.Add(special.Id))
            {
                result.Add(("Dashboard", special));
            }
        }

        foreach (var sub in menu)
        {
            foreach (var widget in sub.Widgets)
            {
                if (seen.Add(widget.Id))
                {
                    result.Add((sub.Category + " › " + sub.Name, widget));
                }
            }
        }

        return result;
    }

    /// <summary>The reports whose rows carry conversions per goal, for "goals by dimension".</summary>
    public static IReadOnlyList<ReportDefinition> GoalDimensions(IReadOnlyList<Subcategory> menu) =>
        [.. menu.SelectMany(s => s.Widgets).Where(w => w.Kind == WidgetKind.Report && w.HasGoals).DistinctBy(w => w.Id)];

    public static string Slug(string name)
    {
        var chars = new List<char>();
        foreach (var c in name.ToLowerInvariant())
        {
            if (char.IsAsciiLetterOrDigit(c))
            {
                chars.Add(c);
            }
            else if (chars.Count > 0 && chars[^1] != '-')
            {
                chars.Add('-');
            }
        }

        return new string([.. chars]).Trim('-');
    }

    private static ReportDefinition Report(string name, string method, string dimension, MetricKind metrics = MetricKind.Visits, bool goals = false) =>
        new() { Name = name, Method = method, Dimension = dimension, Metrics = metrics, HasGoals = goals };

    private static ReportDefinition Special(string name, WidgetKind kind, string method, IReadOnlyList<string>? sparklines = null) =>
        new() { Name = name, Kind = kind, Method = method, SparklineMetrics = sparklines ?? [] };
}

/// <summary>What the menu needs to know about a site: ecommerce, its goals and its custom dimensions.</summary>
public sealed record SiteMenuFacts(bool Ecommerce, IReadOnlyList<(int Id, string Name)> Goals, IReadOnlyList<(int Id, string Name, string Category)> CustomDimensions);
