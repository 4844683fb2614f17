using System.Globalization;
using System.Text.RegularExpressions;
using Makoto.Archiving;
using Makoto.Core.DataTables;
using Makoto.Core.Periods;
using Makoto.Core.Sites;
using Makoto.Reporting.Api;
using Makoto.Reporting.Reports;
using Makoto.Reporting.Filters;
using Makoto.Reporting.Metrics;
using static Makoto.Plugins.Referrers.RecordBuilders.ReferrersRecordBuilder;

namespace Makoto.Plugins.Referrers.Api;

/// <summary>
/// The Referrers API (reporting-api.md §5.4 and §7): the overview (<c>get</c>), referrer types, all
/// referrers, keywords and search engines both ways, campaigns, websites and social networks with
/// their subtables, and the distinct counts.
/// </summary>
/// <remarks>
/// Report methods return the whole archived tree with every subtable presented; the report pipeline
/// picks the subtable of <c>idSubtable</c> and shows subtables for <c>expanded=1</c>. In getReferrerType
/// the subtable id of a row is its referrer type and the subtable is that type's report.
/// </remarks>
internal sealed class ReferrersApi(Archiver archiver) : IApiModule
{
    private const string Module = "Referrers";

    /// <summary>The visits of each type in Referrers.get, in Matomo's order.</summary>
    private static readonly (string Column, int Type)[] s_visitsByType =
    [
        ("Referrers_visitorsFromSearchEngines", ReferrerType.SearchEngine),
        ("Referrers_visitorsFromSocialNetworks", ReferrerType.Social),
        ("Referrers_visitorsFromDirectEntry", ReferrerType.Direct),
        ("Referrers_visitorsFromWebsites", ReferrerType.Website),
        ("Referrers_visitorsFromCampaigns", ReferrerType.Campaign),
    ];

    /// <summary>The distinct counts in Referrers.get, in Matomo's order.</summary>
    private static readonly string[] s_distinct =
        [DistinctSearchEngines, DistinctSocialNetworks, DistinctKeywords, DistinctWebsites, DistinctWebsitesUrls, DistinctCampaigns];

    /// <summary>The share of the visits of each type in Referrers.get, in Matomo's order.</summary>
    private static readonly ProcessedMetric[] s_shareOfVisits =
    [
        ShareOfVisits("Referrers_visitorsFromDirectEntry"),
        ShareOfVisits("Referrers_visitorsFromSearchEngines"),
        ShareOfVisits("Referrers_visitorsFromCampaigns"),
        ShareOfVisits("Referrers_visitorsFromSocialNetworks"),
        ShareOfVisits("Referrers_visitorsFromWebsites"),
    ];

    public IEnumerable<ApiMethod> Methods()
    {
        string[] common = ["idSite", "period", "date", "segment"];
        string[] expandable = [.. common, "expanded"];
        string[] subtable = [.. common, "idSubtable"];

        yield return new ApiMethod(Module, "get", Get)
        {
            IsReport = true,
            Report = new ReportPresentation { DefaultSortColumn = null, ProcessedMetrics = s_shareOfVisits },
            ParameterNames = common,
            Metadata = ReferrersReportMetadata.Get,
        };
        yield return Report("getReferrerType", [.. common, "typeReferrer", "idSubtable", "expanded"], GetReferrerType, ReferrersReportMetadata.ReferrerType, "Referrers_ReferrerType", "Referrers_ReferrerName");
        yield return Report("getAll", common, GetAll, ReferrersReportMetadata.All, "Referrers_Referrer");
        yield return Report("getKeywords", expandable, call => Each(call, reports => reports.Keywords()), ReferrersReportMetadata.Keywords, "Referrers_Keyword", "Referrers_SearchEngine");
        yield return Report("getSearchEnginesFromKeywordId", subtable, call => Subtable(call, reports => reports.Keywords()), Sub(ReferrersReportMetadata.Keywords, "Search Engine"), "Referrers_SearchEngine");
        yield return Report("getSearchEngines", expandable, call => Each(call, reports => reports.SearchEngines()), ReferrersReportMetadata.SearchEngines, "Referrers_SearchEngine", "Referrers_Keyword");
        yield return Report("getKeywordsFromSearchEngineId", subtable, call => Subtable(call, reports => reports.SearchEngines()), Sub(ReferrersReportMetadata.SearchEngines, "Keyword"), "Referrers_Keyword");
        yield return Report("getCampaigns", expandable, call => Each(call, reports => reports.Campaigns()), ReferrersReportMetadata.Campaigns, "Referrers_Campaign", "Referrers_Keyword");
        yield return Report("getKeywordsFromCampaignId", subtable, call => Subtable(call, reports => reports.Campaigns()), Sub(ReferrersReportMetadata.Campaigns, "Keyword"), "Referrers_Keyword");
        yield return Report("getWebsites", expandable, call => Each(call, reports => reports.Websites()), ReferrersReportMetadata.Websites, "Referrers_Website", "Referrers_WebsitePage");
        yield return Report("getUrlsFromWebsiteId", subtable, call => Subtable(call, reports => reports.Websites()), Sub(ReferrersReportMetadata.Websites, "Website Page"), "Referrers_WebsitePage");
        yield return Report("getSocials", expandable, call => Each(call, reports => reports.Socials()), ReferrersReportMetadata.Socials, "Referrers_SocialNetwork", "Referrers_ReferrerUrl");
        yield return Report("getUrlsForSocial", subtable, GetUrlsForSocial, Sub(ReferrersReportMetadata.Socials, "Website Page"), "Referrers_ReferrerUrl");

        yield return Count("getNumberOfDistinctSearchEngines", DistinctSearchEngines);
        yield return Count("getNumberOfDistinctSocialNetworks", DistinctSocialNetworks);
        yield return Count("getNumberOfDistinctKeywords", DistinctKeywords);
        yield return Count("getNumberOfDistinctCampaigns", DistinctCampaigns);
        yield return Count("getNumberOfDistinctWebsites", DistinctWebsites);
        yield return Count("getNumberOfDistinctWebsitesUrls", DistinctWebsitesUrls);
    }

    /// <summary>
    /// A report method: rows sorted by visits unless asked otherwise, without processed metrics (as
    /// Matomo answers these reports), and <c>flat=1</c> metadata named after Matomo's dimensions.
    /// </summary>
    private static ApiMethod Report(
        string action, string[] parameters, ApiHandler handler, ReportMetadata metadata, string dimension, string? subtableDimension = null) =>
        new(Module, action, handler)
        {
            IsReport = true,
            Report = new ReportPresentation { Dimension = dimension, SubtableDimension = subtableDimension },
            ParameterNames = parameters,
            Metadata = metadata,
        };

    private static ReportMetadata Sub(ReportMetadata parent, string dimension) => ReferrersReportMetadata.Subtable(parent, dimension);

    private ApiMethod Count(string action, string record) =>
        new(Module, action, call => call.ForEachSiteAndPeriod((site, period) =>
            new ApiValue(call.Records(archiver, site, period).GetNumeric(record) ?? 0)))
        {
            ParameterNames = ["idSite", "period", "date", "segment"],
        };

    /// <summary><c>column_percent</c>: the type's visits over the visits of all types, two decimals, a percent.</summary>
    private static ProcessedMetric ShareOfVisits(string column) =>
        new(column + "_percent", row =>
        {
            var total = 0.0;
            foreach (var (visits, _) in s_visitsByType)
            {
                total += row.NumberOf(visits);
            }

            return ProcessedMetrics.Quotient(row.NumberOf(column), total, 2);
        }, MetricType.Percent);

    /// <summary>Referrers.get: the visits of each referrer type and the distinct counts, as one row; the shares are processed metrics.</summary>
    private object Get(ApiCall call) => call.ForEachSiteAndPeriod((site, period) =>
    {
        var records = call.Records(archiver, site, period);
        var types = records.GetTable(TypeRecord);
        var columns = new List<KeyValuePair<string, object?>>();
        foreach (var (column, type) in s_visitsByType)
        {
            var row = types?.FindRow(type.ToString(CultureInfo.InvariantCulture));
            columns.Add(new(column, row?["nb_visits"] ?? 0L));
        }

        foreach (var name in s_distinct)
        {
            columns.Add(new(name, records.GetNumeric(name) ?? 0));
        }

        return DataTable.Simple(columns);
    });

    /// <summary>
    /// Referrers.getReferrerType. Its <c>idSubtable</c> is a referrer type and answers with that type's
    /// report; <c>typeReferrer</c> keeps the types whose number matches it.
    /// </summary>
    private object GetReferrerType(ApiCall call)
    {
        RequireSingleSite(call, "getReferrerType");
        var typeReferrer = call["typeReferrer"];
        return Each(call, reports => reports.ReferrerTypes(typeReferrer is null or "" or "false" or "0" ? null : typeReferrer));
    }

    /// <summary>Referrers.getAll: every referrer of every type in one table, for one site and one period.</summary>
    private object GetAll(ApiCall call)
    {
        RequireSingleSite(call, "getAll");
        var result = call.ForEachSiteAndPeriod((site, period) => ReferrerTables.All(For(call, site, period).ReferrerTypes(null)));
        return result is DataTableMap
            ? throw new ApiException("Referrers.getAll with multiple sites or dates is not supported (yet).")
            : result;
    }

    /// <summary>
    /// Referrers.getUrlsForSocial: the URLs of the social network whose row has the id
    /// <c>idSubtable</c> in getSocials (picked by the report pipeline), or of every network without it.
    /// </summary>
    private object GetUrlsForSocial(ApiCall call)
    {
        if (call.Parameters.GetInt("idSubtable") is > 0)
        {
            return Each(call, reports => reports.Socials());
        }

        return Each(call, reports =>
        {
            var urls = new DataTable();
            foreach (var row in reports.Socials().Rows)
            {
                if (row.Subtable is { } subtable)
                {
                    urls.Rows.AddRange(subtable.Rows);
                }
            }

            return urls;
        });
    }

    private object Each(ApiCall call, Func<ReferrerReports, DataTable> report) =>
        call.ForEachSiteAndPeriod((site, period) => report(For(call, site, period)));

    /// <summary>
    /// A method that answers with one subtable of a report: <c>idSubtable</c> is required, and the
    /// report pipeline picks that subtable from the report's tree.
    /// </summary>
    private object Subtable(ApiCall call, Func<ReferrerReports, DataTable> report)
    {
        call.Parameters.Require("idSubtable");
        return Each(call, report);
    }

    private static void RequireSingleSite(ApiCall call, string action)
    {
        if (call.IsMultiSite)
        {
            throw new ApiException($"Referrers.{action} with multiple sites is not supported (yet).");
        }
    }

    private ReferrerReports For(ApiCall call, Site site, Period period) => new(call.Records(archiver, site, period));

    /// <summary>The presented reports of one archive; each call returns a new copy.</summary>
    private sealed class ReferrerReports(ArchiveRecords records)
    {
        public DataTable Keywords() => Presented(KeywordsRecord, ReferrerTables.Keywords);

        public DataTable SearchEngines() => Presented(SearchEnginesRecord, ReferrerTables.SearchEngines);

        public DataTable Campaigns() => Presented(CampaignsRecord, ReferrerTables.Campaigns);

        public DataTable Websites() => Presented(WebsitesRecord, ReferrerTables.Websites);

        public DataTable Socials() => Presented(SocialNetworksRecord, ReferrerTables.Socials);

        /// <summary>The referrer types; <paramref name="typeReferrer"/> (a pattern) keeps the types whose number matches it.</summary>
        public DataTable ReferrerTypes(string? typeReferrer)
        {
            var table = Table(TypeRecord);
            if (typeReferrer is not null)
            {
                table.Rows.RemoveAll(row => !Matches(row.Label ?? "", typeReferrer));
            }

            ReferrerTables.ReferrerTypes(table, type => type switch
            {
                ReferrerType.SearchEngine => Keywords(),
                ReferrerType.Social => Socials(),
                ReferrerType.Website => Websites(),
                ReferrerType.Campaign => Campaigns(),
                _ => null,
            });
            return table;
        }

        private DataTable Presented(string record, Action<DataTable> present)
        {
            var table = Table(record);
            present(table);
            return table;
        }

        private DataTable Table(string record) => records.GetTable(record)?.Clone() ?? new DataTable();

        /// <summary>Matomo's Pattern filter: a case-insensitive regular expression searched in the label.</summary>
        private static bool Matches(string label, string pattern)
        {
            try
            {
                return Regex.IsMatch(label, pattern, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(100));
            }
            catch (Exception error) when (error is ArgumentException or RegexMatchTimeoutException)
            {
                throw new ApiException($"The parameter 'typeReferrer' is not a valid pattern: '{pattern}'. Give a referrer type number such as 2.");
            }
        }
    }
}
