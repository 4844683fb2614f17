using Makoto.Reporting.Metrics;
using Makoto.Reporting.Reports;

namespace Makoto.Plugins.Actions.Api;

/// <summary>
/// What <c>API.getReportMetadata</c> says about the Actions reports, and the metrics only they have.
/// The page reports also type (and partly document) the page metrics they do not list, as Matomo does.
/// </summary>
internal static class ActionsReportMetadata
{
    private const string SiteSearchGuide = "https://matomo.org/docs/site-search/";
    private const string Navigate = "Use the plus and minus icons on the left to navigate.";
    private const string UniquePageviewsDocumentation =
        "The number of visits that included this page. If a page was viewed multiple times during one visit, it is only counted once.";

    private const string PageBounceRateDocumentation = "The percentage of visits that started on this page and left the website straight away.";
    private const string SearchesDocumentation = "The number of visits that searched for this keyword on your website's search engine.";
    private const string SearchExitsDocumentation = "The percentage of visits that left the website after searching for this Keyword on your Site Search engine.";
    private const string LinkClicksDocumentation = "The number of times this link was clicked.";
    private const string UniqueLinkClicksDocumentation =
        "The number of visits that involved a click on this link. If a link was clicked multiple times during one visit, it is only counted once.";

    private const string SiteSearchIntroduction =
        "Tracking searches that visitors make on your website is a very effective way to learn more about what your audience is looking for, it can help find ideas for new content, new Ecommerce products that potential customers might be searching for, and generally improve the visitors' experience on your website.";

    private const string FollowingSearchDocumentation =
        "When visitors search on your website, they are looking for a particular page, content, product, or service. This report lists the pages that were clicked the most after an internal search. In other words, the list of pages the most searched for by visitors already on your website.<br/>" + Navigate;

    private static readonly ReportMetric s_uniquePageviews = new("nb_visits", "Unique Pageviews", UniquePageviewsDocumentation);
    private static readonly ReportMetric s_pageBounceRate = new("bounce_rate", Documentation: PageBounceRateDocumentation);
    private static readonly ReportMetric s_searches = new("nb_visits", "Searches", SearchesDocumentation);
    private static readonly ReportMetric s_searchExits = new("exit_rate", "% Search Exits", SearchExitsDocumentation);

    /// <summary>The metrics of Actions.get, site search and the page goal columns.</summary>
    public static MetricDefinitionSet Definitions { get; } = new(
    [
        new("nb_pageviews", "Pageviews", Documentation: "The number of times this page was visited."),
        new("nb_uniq_pageviews", "Unique Pageviews", Documentation: UniquePageviewsDocumentation),
        new("nb_downloads", "Downloads", Documentation: LinkClicksDocumentation),
        new("nb_uniq_downloads", "Unique Downloads", Documentation: UniqueLinkClicksDocumentation),
        new("nb_outlinks", "Outlinks", Documentation: LinkClicksDocumentation),
        new("nb_uniq_outlinks", "Unique Outlinks", Documentation: UniqueLinkClicksDocumentation),
        new("nb_searches", "Searches", Documentation: SearchesDocumentation),
        new("nb_keywords", "Unique Keywords"),
        new("avg_time_generation", "Avg. generation time", MetricType.Duration,
            "The average time it took to generate the page. This metric includes the time it took the server to generate the web page, plus the time it took for the visitor to download the response from the server. A lower 'Avg. generation time' means a faster website for your visitors!"),
        new("nb_pages_per_search", "Search Results pages", Documentation:
            "Visitors will search on your website, and sometimes click \"next\" to view more results. This is the average number of search results pages viewed for this keyword."),
        new("nb_hits_following_search", "Clicked in search results", Documentation:
            "The number of times this Page was visited after a visitor did a search on your website, and clicked on this page in the search results."),
        new("nb_conversions_attrib", "Conversions"),
        new("revenue_attrib", "Revenue", MetricType.Money),
        new("nb_conversions_page_rate", "Viewed before conversion rate", MetricType.Percent),
        new("nb_conversions_entry", "Conversions"),
        new("revenue_entry", "Revenue", MetricType.Money),
        new("revenue_per_entry", "Revenue per Entry"),
        new("nb_conversions_entry_rate", "Conversion Rate", MetricType.Percent),
    ]);

    public static ReportMetadata Get { get; } = new()
    {
        Category = ReportCategories.Actions,
        Name = "Actions - Main metrics",
        Documentation = "This report provides a very basic overview of what actions your visitors take on your website.",
        Metrics = ["nb_pageviews", "nb_uniq_pageviews", "nb_downloads", "nb_uniq_downloads", "nb_outlinks", "nb_uniq_outlinks", "nb_searches", "nb_keywords"],
        ProcessedMetrics = ["avg_time_generation"],
        Order = 1,
    };

    public static ReportMetadata PageUrls { get; } = Pages(
        ReportCategories.Pages, "Page URLs", "Page URL", "getPageUrls", order: 1,
        "This report contains information about the page URLs that have been visited. <br /> The table is organized hierarchically, the URLs are displayed as a folder structure.<br />" + Navigate) with
    {
        RelatedReports = ["Actions.getEntryPageUrls", "Actions.getExitPageUrls"],
    };

    public static ReportMetadata PageTitles { get; } = Pages(
        ReportCategories.PageTitles, "Page titles", "Page Title", "getPageTitles", order: 1,
        "This report contains information about the titles of the pages that have been visited. <br /> The page title is the HTML <title> Tag that most browsers show in their window title.") with
    {
        RelatedReports = ["Actions.getEntryPageTitles", "Actions.getExitPageTitles"],
    };

    public static ReportMetadata EntryPageUrls { get; } = EntryPages(
        "Entry pages", "Entry Page URL", "getEntryPageUrls", order: 1,
        "This report contains information about the entry pages that were used during the specified period. An entry page is the first page that a user views during their visit. <br /> The entry URLs are displayed as a folder structure.<br />" + Navigate) with
    {
        DocumentedMetrics = ["entry_nb_visits", "entry_bounce_count", "avg_time_on_page", "avg_time_generation"],
        RelatedReports = ["Actions.getEntryPageTitles"],
    };

    public static ReportMetadata EntryPageTitles { get; } = EntryPages(
        "Entry page titles", "Entry Page title", "getEntryPageTitles", order: 2,
        "This report contains information about the titles of entry pages that were used during the specified period. " + Navigate) with
    {
        DocumentedMetrics = ["entry_nb_visits", "entry_bounce_count", s_pageBounceRate, "avg_time_generation"],
        RelatedReports = ["Actions.getPageTitles", "Actions.getEntryPageUrls"],
    };

    public static ReportMetadata ExitPageUrls { get; } = ExitPages(
        "Exit pages", "Exit Page URL", "getExitPageUrls", order: 1,
        "This report contains information about the exit pages that occurred during the specified period. An exit page is the last page that a user views during their visit. <br /> The exit URLs are displayed as a folder structure.<br />" + Navigate) with
    {
        RelatedReports = ["Actions.getExitPageTitles"],
    };

    public static ReportMetadata ExitPageTitles { get; } = ExitPages(
        "Exit page titles", "Exit Page Title", "getExitPageTitles", order: 2,
        "This report contains information about the titles of exit pages that occurred during the specified period. " + Navigate) with
    {
        DocumentedMetrics = ["exit_nb_visits", s_uniquePageviews, "exit_rate", "avg_time_generation"],
        RelatedReports = ["Actions.getPageTitles", "Actions.getExitPageUrls"],
    };

    public static ReportMetadata SiteSearchKeywords { get; } = SiteSearch(
        "Site Search Keywords", "Keyword", order: 1,
        "This report lists the Search Keywords that visitors searched for on your internal Search Engine.<br/><br/>" + SiteSearchIntroduction) with
    {
        Metrics = [s_searches, "nb_pages_per_search"],
        ProcessedMetrics = [s_searchExits],
        OtherMetrics = ["avg_time_on_page", "bounce_rate", "avg_time_generation"],
        DocumentedMetrics = [s_searches, "nb_pages_per_search", s_searchExits],
    };

    public static ReportMetadata SiteSearchNoResultKeywords { get; } = SiteSearch(
        "Search Keywords with No Results", "Keyword with No Search Result", order: 3,
        SiteSearchIntroduction + "<br /><br />This report lists the Search Keywords that did not return any Search result: maybe the search engine algorithm can be improved, or maybe your visitors are looking for content that is not (yet) on your website?") with
    {
        Metrics = [s_searches],
        ProcessedMetrics = [s_searchExits],
        OtherMetrics = ["avg_time_on_page", "bounce_rate", "avg_time_generation"],
        DocumentedMetrics = [s_searches, s_searchExits],
    };

    public static ReportMetadata SiteSearchCategories { get; } = SiteSearch(
        "Search Categories", "Search Category", order: 5,
        "This report lists the Categories that visitors selected when they made a Search on your website.<br/>For example, Ecommerce websites typically have a \"Category\" selector so that visitors can restrict their searches to all products in a specific Category.") with
    {
        Metrics = [s_searches, "nb_pages_per_search", s_searchExits],
    };

    public static ReportMetadata PageUrlsFollowingSiteSearch { get; } = FollowingSearch(
        "Pages Following a Site Search", order: 2, "Actions.getPageTitlesFollowingSiteSearch");

    public static ReportMetadata PageTitlesFollowingSiteSearch { get; } = FollowingSearch(
        "Page Titles Following a Site Search", order: 4, "Actions.getPageUrlsFollowingSiteSearch");

    public static ReportMetadata Outlinks { get; } = Links(
        ReportCategories.Outlinks, "Outlinks", "Clicked Outlink", "getOutlinks", "Unique Clicks", "Clicks",
        "This report shows a hierarchical list of outlink URLs that were clicked by your visitors. An outlink is a link that leads the visitor away from your website (to another domain).<br />" + Navigate);

    public static ReportMetadata Downloads { get; } = Links(
        ReportCategories.Downloads, "Downloads", "Download URL", "getDownloads", "Unique Downloads", "Downloads",
        "In this report, you can see which files your visitors have downloaded. <br /> What Matomo counts as a download is the click on a download link. Whether the download was completed or not isn't known to Matomo.");

    private static ReportMetadata Pages(string subcategory, string name, string dimension, string action, int order, string documentation) => new()
    {
        Category = ReportCategories.Actions,
        Subcategory = subcategory,
        Name = name,
        Dimension = dimension,
        Documentation = documentation,
        Metrics = ["nb_hits", s_uniquePageviews],
        ProcessedMetrics = ["avg_time_on_page", s_pageBounceRate, "exit_rate", "avg_time_generation"],
        GoalMetrics = GoalMetricSet.Pages,
        ActionToLoadSubTables = action,
        Order = order,
    };

    private static ReportMetadata EntryPages(string name, string dimension, string action, int order, string documentation) => new()
    {
        Category = ReportCategories.Actions,
        Subcategory = ReportCategories.EntryPages,
        Name = name,
        Dimension = dimension,
        Documentation = documentation,
        Metrics = ["entry_nb_visits", "entry_bounce_count"],
        ProcessedMetrics = ["bounce_rate", "avg_time_generation"],
        OtherMetrics = ["avg_time_on_page", "exit_rate"],
        GoalMetrics = GoalMetricSet.EntryPages,
        ActionToLoadSubTables = action,
        Order = order,
    };

    private static ReportMetadata ExitPages(string name, string dimension, string action, int order, string documentation) => new()
    {
        Category = ReportCategories.Actions,
        Subcategory = ReportCategories.ExitPages,
        Name = name,
        Dimension = dimension,
        Documentation = documentation,
        Metrics = ["exit_nb_visits", s_uniquePageviews],
        ProcessedMetrics = ["exit_rate", "avg_time_generation"],
        OtherMetrics = ["avg_time_on_page", "bounce_rate"],
        ActionToLoadSubTables = action,
        Order = order,
    };

    private static ReportMetadata SiteSearch(string name, string dimension, int order, string documentation) => new()
    {
        Category = ReportCategories.Actions,
        Subcategory = ReportCategories.SiteSearch,
        Name = name,
        Dimension = dimension,
        Documentation = documentation,
        OnlineGuideUrl = SiteSearchGuide,
        Order = order,
    };

    private static ReportMetadata FollowingSearch(string name, int order, string related) =>
        SiteSearch(name, "Destination Page", order, FollowingSearchDocumentation) with
        {
            Metrics = ["nb_hits_following_search", "nb_hits"],
            OtherMetrics = ["avg_time_on_page", "bounce_rate", "exit_rate", "avg_time_generation"],
            DocumentedMetrics = ["nb_hits_following_search", "nb_hits"],
            RelatedReports = [related],
        };

    private static ReportMetadata Links(
        string subcategory, string name, string dimension, string action, string uniqueName, string clicksName, string documentation) => new()
    {
        Category = ReportCategories.Actions,
        Subcategory = subcategory,
        Name = name,
        Dimension = dimension,
        Documentation = documentation,
        Metrics = [new("nb_visits", uniqueName, UniqueLinkClicksDocumentation), new("nb_hits", clicksName, LinkClicksDocumentation)],
        ActionToLoadSubTables = action,
        Order = 1,
    };
}
