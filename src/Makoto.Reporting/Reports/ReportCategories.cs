namespace Makoto.Reporting.Reports;

/// <summary>
/// The categories and subcategories of Matomo's reporting menu, in Matomo's order, which is also the
/// order of <c>API.getReportMetadata</c>. Reports in a subcategory missing here come after the known
/// ones of their category, by name.
/// </summary>
public static class ReportCategories
{
    public const string AllWebsites = "All Websites";
    public const string Visitors = "Visitors";
    public const string Actions = "Actions";
    public const string Referrers = "Referrers";
    public const string Ecommerce = "Ecommerce";
    public const string Goals = "Goals";
    public const string Api = "API";

    public const string Overview = "Overview";
    public const string Locations = "Locations";
    public const string Devices = "Devices";
    public const string Software = "Software";
    public const string Times = "Times";
    public const string UserIds = "User IDs";
    public const string CustomVariables = "Custom Variables";

    public const string Pages = "Pages";
    public const string EntryPages = "Entry pages";
    public const string ExitPages = "Exit pages";
    public const string PageTitles = "Page titles";
    public const string SiteSearch = "Site Search";
    public const string Outlinks = "Outlinks";
    public const string Downloads = "Downloads";
    public const string Events = "Events";
    public const string Contents = "Contents";
    public const string Engagement = "Engagement";
    public const string Performance = "Performance";

    public const string AllChannels = "All Channels";
    public const string SearchEngines = "Search Engines & Keywords";
    public const string Websites = "Websites";
    public const string SocialNetworks = "Social Networks";
    public const string Campaigns = "Campaigns";

    public const string Products = "Products";

    private static readonly string[] s_categories = [AllWebsites, Visitors, Actions, Referrers, Ecommerce, Goals, Api];

    private static readonly string[] s_subcategories =
    [
        Overview, Locations, Devices, Software, Times, UserIds, CustomVariables,
        Pages, EntryPages, ExitPages, PageTitles, SiteSearch, Outlinks, Downloads, Events, Contents, Engagement, Performance,
        AllChannels, SearchEngines, Websites, SocialNetworks, Campaigns,
        Products,
    ];

    /// <summary>Orders reports as Matomo lists them: by category, then subcategory (none first), then the report's order.</summary>
    public static int Compare(ReportMetadata a, ReportMetadata b)
    {
        var byCategory = Position(s_categories, a.Category).CompareTo(Position(s_categories, b.Category));
        if (byCategory != 0)
        {
            return byCategory;
        }

        if (a.Category != b.Category)
        {
            return string.CompareOrdinal(a.Category, b.Category);
        }

        var bySubcategory = SubcategoryPosition(a.Subcategory).CompareTo(SubcategoryPosition(b.Subcategory));
        if (bySubcategory != 0)
        {
            return bySubcategory;
        }

        if (a.Subcategory != b.Subcategory)
        {
            return string.CompareOrdinal(a.Subcategory, b.Subcategory);
        }

        return a.Order.CompareTo(b.Order);
    }

    private static int SubcategoryPosition(string? subcategory) => subcategory is null ? -1 : Position(s_subcategories, subcategory);

    private static int Position(string[] list, string name)
    {
        var index = Array.IndexOf(list, name);
        return index < 0 ? list.Length : index;
    }
}
