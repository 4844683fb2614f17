using Makoto.Reporting.Metrics;
using Makoto.Reporting.Reports;
using static Makoto.Plugins.Referrers.RecordBuilders.ReferrersRecordBuilder;

namespace Makoto.Plugins.Referrers.Api;

/// <summary>What <c>API.getReportMetadata</c> says about the Referrers reports, and the metrics of Referrers.get.</summary>
internal static class ReferrersReportMetadata
{
    private const string RowClickHint = " <br /> By clicking on a row in the table, you can see ";
    private const string WebsitesDocumentation =
        "In this table, you can see which websites referred visitors to your site." + RowClickHint + "which URLs the links to your website were on.";

    /// <summary>The visits of each channel type, their shares and the distinct counts of Referrers.get.</summary>
    public static MetricDefinitionSet Definitions { get; } = new(
    [
        new("Referrers_visitorsFromSearchEngines", "Visitors from Search Engines"),
        new("Referrers_visitorsFromSearchEngines_percent", "Percent of Visitors from Search Engines", MetricType.Percent),
        new("Referrers_visitorsFromSocialNetworks", "Visitors from Social Networks"),
        new("Referrers_visitorsFromSocialNetworks_percent", "Percent of Visitors from Social Networks", MetricType.Percent),
        new("Referrers_visitorsFromDirectEntry", "Visitors from Direct Entry"),
        new("Referrers_visitorsFromDirectEntry_percent", "Percent of Visitors from Direct Entry", MetricType.Percent),
        new("Referrers_visitorsFromWebsites", "Visitors from Websites"),
        new("Referrers_visitorsFromWebsites_percent", "Percent of Visitors from Websites", MetricType.Percent),
        new("Referrers_visitorsFromCampaigns", "Visitors from Campaigns"),
        new("Referrers_visitorsFromCampaigns_percent", "Percent of Visitors from Campaigns", MetricType.Percent),
        new(DistinctSearchEngines, "Distinct search engines"),
        new(DistinctSocialNetworks, "Distinct social networks"),
        new(DistinctWebsites, "Distinct websites"),
        new(DistinctKeywords, "Distinct keywords"),
        new(DistinctCampaigns, "Distinct campaigns"),
    ]);

    public static ReportMetadata Get { get; } = new()
    {
        Category = ReportCategories.Referrers,
        Name = "Referrers Overview",
        Documentation = "This report shows what acquisition channels your visitors used to get to your website, and the number of visits each channel type is responsible for.",
        Metrics =
        [
            "Referrers_visitorsFromSearchEngines", "Referrers_visitorsFromSearchEngines_percent",
            "Referrers_visitorsFromSocialNetworks", "Referrers_visitorsFromSocialNetworks_percent",
            "Referrers_visitorsFromDirectEntry", "Referrers_visitorsFromDirectEntry_percent",
            "Referrers_visitorsFromWebsites", "Referrers_visitorsFromWebsites_percent",
            "Referrers_visitorsFromCampaigns", "Referrers_visitorsFromCampaigns_percent",
            DistinctSearchEngines, DistinctSocialNetworks, DistinctWebsites, DistinctKeywords, DistinctCampaigns,
        ],
        Order = 1,
    };

    public static ReportMetadata ReferrerType { get; } = Report(
        ReportCategories.AllChannels, "Channel Type", "Channel Type", order: 1,
        "This table contains information about the distribution of the channel types.<br /><b>Direct Entry:</b> A visitor has entered the URL in their browser and started browsing on your website - they entered the website directly.<br /><b>Search Engines:</b> A visitor was referred to your website by a search engine. <br /> See the \"Search Engines & Keywords\" report for more details.<br /><b>Websites:</b> The visitor followed a link on another website that led to your site. <br /> See the \"Websites\" report for more details.<br /><b>Campaigns:</b> Visitors that came to your website as the result of a campaign. <br /> See the \"Campaigns\" report for more details.") with
    {
        GoalMetrics = GoalMetricSet.Visits,
        ConstantRowsCount = true,
    };

    public static ReportMetadata All { get; } = Report(
        ReportCategories.AllChannels, "All Channels", "Referrer", order: 2,
        "This report shows all your Referrers in one unified report, listing all Websites, Search keywords and Campaigns used by your visitors to find your website.");

    public static ReportMetadata Keywords { get; } = Report(
        ReportCategories.SearchEngines, "Keywords", "Keyword", order: 1,
        "This report shows which keywords users were searching for before they were referred to your website. <br /><br /> By clicking on a row in the table, you can see the distribution of search engines that were queried for the keyword.<br /><br />Note: This report lists most keywords as not defined, because most search engines do not send the exact keyword used on the search engine.") with
    {
        GoalMetrics = GoalMetricSet.Visits,
        ActionToLoadSubTables = "getSearchEnginesFromKeywordId",
        Dimensions = [new("Referrers_Keyword", "Keyword"), new("Referrers_SearchEngine", "Search Engine")],
    };

    public static ReportMetadata SearchEngines { get; } = Report(
        ReportCategories.SearchEngines, "Search Engines", "Search Engine", order: 2,
        "This report shows which search engines referred users to your website." + RowClickHint + "what users were searching for using a specific search engine.") with
    {
        GoalMetrics = GoalMetricSet.Visits,
        ActionToLoadSubTables = "getKeywordsFromSearchEngineId",
        Dimensions = [new("Referrers_SearchEngine", "Search Engine"), new("Referrers_Keyword", "Keyword")],
    };

    public static ReportMetadata Websites { get; } = Report(ReportCategories.Websites, "Websites", "Website", order: 1, WebsitesDocumentation) with
    {
        GoalMetrics = GoalMetricSet.Visits,
        ActionToLoadSubTables = "getUrlsFromWebsiteId",
        Dimensions = [new("Referrers_Website", "Website"), new("Referrers_WebsitePage", "Website Page")],
    };

    public static ReportMetadata Socials { get; } = Report(ReportCategories.SocialNetworks, "Social Networks", "Social network", order: 1, WebsitesDocumentation) with
    {
        ActionToLoadSubTables = "getUrlsForSocial",
        Dimensions = [new("Referrers_SocialNetwork", "Social network"), new("Referrers_WebsitePage", "Website Page")],
    };

    public static ReportMetadata Campaigns { get; } = Report(
        ReportCategories.Campaigns, "Campaigns", "Campaign", order: 1, "This report shows which campaigns led visitors to your website.") with
    {
        GoalMetrics = GoalMetricSet.Visits,
        OnlineGuideUrl = "https://matomo.org/docs/tracking-campaigns/",
        ActionToLoadSubTables = "getKeywordsFromCampaignId",
        Dimensions = [new("Referrers_Campaign", "Campaign"), new("Referrers_Keyword", "Keyword")],
    };

    /// <summary>The report of one row's subtable: listed with <c>showSubtableReports=1</c> only.</summary>
    public static ReportMetadata Subtable(ReportMetadata parent, string dimension) =>
        parent with
        {
            Dimension = dimension,
            IsSubtableReport = true,
            ActionToLoadSubTables = null,
            Dimensions = [],
            Order = parent.Order + 1,
        };

    private static ReportMetadata Report(string subcategory, string name, string dimension, int order, string documentation) =>
        ReportMetadata.VisitDimension(ReportCategories.Referrers, subcategory, name, dimension, order, documentation);
}
