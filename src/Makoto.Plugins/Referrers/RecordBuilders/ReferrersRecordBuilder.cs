using System.Globalization;
using Makoto.Archiving;
using Makoto.Archiving.Reports;
using Makoto.Core.DataTables;
using Makoto.Storage.Logs;

namespace Makoto.Plugins.Referrers.RecordBuilders;

/// <summary>
/// Where visits came from (metrics-and-archiving.md §4, Matomo's Referrers record builder): visits
/// grouped by the referrer columns of <c>log_visit</c> (type, name, keyword, URL) and conversions by
/// those of <c>log_conversion</c> (the referrer credited at conversion time), summed into six tables —
/// referrer types; keywords → search engines; search engines → keywords; social networks → URLs;
/// websites → URLs; campaigns → keywords — and the distinct counts of engines, networks, keywords,
/// campaigns, websites and website URLs.
/// </summary>
/// <remarks>
/// Each group is one row of Matomo's SQL, in its order (<see cref="SqlGroupOrder"/>), and is added to
/// the tables as Matomo adds it, so rows appear in Matomo's order and get its subtable ids. Matomo
/// casts the visit metrics of these groups to integers, and sums the per-group distinct visitors and
/// users into a row. Labels are stored values: the type number, the names, <c>""</c> for a search
/// without keyword; the API names them.
/// </remarks>
internal sealed class ReferrersRecordBuilder : IRecordBuilder
{
    public const string TypeRecord = "Referrers_type";
    public const string KeywordsRecord = "Referrers_searchEngineByKeyword";
    public const string SearchEnginesRecord = "Referrers_keywordBySearchEngine";
    public const string SocialNetworksRecord = "Referrers_urlBySocialNetwork";
    public const string WebsitesRecord = "Referrers_urlByWebsite";
    public const string CampaignsRecord = "Referrers_keywordByCampaign";

    public const string DistinctSearchEngines = "Referrers_distinctSearchEngines";
    public const string DistinctSocialNetworks = "Referrers_distinctSocialNetworks";
    public const string DistinctKeywords = "Referrers_distinctKeywords";
    public const string DistinctCampaigns = "Referrers_distinctCampaigns";
    public const string DistinctWebsites = "Referrers_distinctWebsites";
    public const string DistinctWebsitesUrls = "Referrers_distinctWebsitesUrls";

    /// <summary>The distinct counts and the table whose rows each one counts.</summary>
    private static readonly (string Numeric, string Table)[] s_rowCounts =
    [
        (DistinctSearchEngines, SearchEnginesRecord),
        (DistinctSocialNetworks, SocialNetworksRecord),
        (DistinctKeywords, KeywordsRecord),
        (DistinctCampaigns, CampaignsRecord),
        (DistinctWebsites, WebsitesRecord),
    ];

    public string Plugin => "Referrers";

    public LogNeeds Needs { get; } = new()
    {
        VisitColumns = ["idvisitor", "user_id", "visit_total_actions", "visit_total_time", "visit_goal_converted", "referer_type", "referer_name", "referer_keyword", "referer_url"],
        ConversionColumns = ["idgoal", "revenue", "revenue_subtotal", "revenue_tax", "revenue_shipping", "revenue_discount", "items", "referer_type", "referer_name", "referer_keyword"],
    };

    public IReadOnlyList<ArchiveRecord> Records { get; } =
    [
        Table(TypeRecord),
        Table(KeywordsRecord),
        Table(SearchEnginesRecord),
        Table(SocialNetworksRecord),
        Table(WebsitesRecord),
        Table(CampaignsRecord),
        new NumericRecord(DistinctSearchEngines, NumericAggregation.None),
        new NumericRecord(DistinctSocialNetworks, NumericAggregation.None),
        new NumericRecord(DistinctKeywords, NumericAggregation.None),
        new NumericRecord(DistinctCampaigns, NumericAggregation.None),
        new NumericRecord(DistinctWebsites, NumericAggregation.None),
        new NumericRecord(DistinctWebsitesUrls, NumericAggregation.None),
    ];

    public IDayAggregator StartDay(ArchiveContext context) => new Day();

    /// <summary>
    /// A longer period counts the rows of its merged tables, as Matomo does; the distinct website URLs
    /// are the rows of the websites' subtables.
    /// </summary>
    public void CompletePeriod(ArchiveContext context, ArchiveRecords records)
    {
        foreach (var (numeric, table) in s_rowCounts)
        {
            records.SetNumeric(numeric, records.GetTable(table)?.RowCount ?? 0);
        }

        var urls = 0;
        if (records.GetTable(WebsitesRecord) is { } websites)
        {
            foreach (var row in websites.AllRows)
            {
                urls += row.Subtable?.RowCount ?? 0;
            }
        }

        records.SetNumeric(DistinctWebsitesUrls, urls);
    }

    /// <summary>The stored type of a visit or conversion: Matomo counts an empty type as a direct entry.</summary>
    public static int TypeOf(int? stored) => stored is null or 0 ? ReferrerType.Direct : stored.Value;

    private static TableRecord Table(string name) => new(name) { Limits = RowLimitFamily.Referrers };

    /// <summary>One SQL group: the referrer columns as stored (the URL only for visits).</summary>
    private readonly record struct ReferrerKey(int? Type, string? Name, string? Keyword, string? Url);

    /// <summary>Matomo's <c>GROUP BY referer_type, referer_name, referer_keyword, referer_url</c>: equality and order.</summary>
    private sealed class KeyOrder : IComparer<ReferrerKey>, IEqualityComparer<ReferrerKey>
    {
        public static readonly KeyOrder Instance = new();

        public int Compare(ReferrerKey x, ReferrerKey y)
        {
            var order = SqlGroupOrder.Compare(x.Type, y.Type);
            if (order == 0)
            {
                order = SqlGroupOrder.Text.Compare(x.Name, y.Name);
            }

            if (order == 0)
            {
                order = SqlGroupOrder.Text.Compare(x.Keyword, y.Keyword);
            }

            return order != 0 ? order : SqlGroupOrder.Text.Compare(x.Url, y.Url);
        }

        public bool Equals(ReferrerKey x, ReferrerKey y) => Compare(x, y) == 0;

        public int GetHashCode(ReferrerKey key) => HashCode.Combine(
            key.Type,
            SqlGroupOrder.Text.GetHashCode(key.Name),
            SqlGroupOrder.Text.GetHashCode(key.Keyword),
            SqlGroupOrder.Text.GetHashCode(key.Url));
    }

    private sealed class Day : IDayAggregator
    {
        private readonly VisitsByDimension<ReferrerKey> _visits = new(KeyOrder.Instance);
        private readonly GoalsByDimension<ReferrerKey> _goals = new(KeyOrder.Instance);

        private readonly TableAccumulator _types = new();
        private readonly TableAccumulator _keywords = new();
        private readonly TableAccumulator _searchEngines = new();
        private readonly TableAccumulator _socialNetworks = new();
        private readonly TableAccumulator _websites = new();
        private readonly TableAccumulator _campaigns = new();
        private readonly HashSet<string> _websiteUrls = new(StringComparer.Ordinal);

        public void OnVisit(VisitLog log)
        {
            if (log.Visit is { } visit)
            {
                _visits.Add(new ReferrerKey(visit.RefererType, visit.RefererName, visit.RefererKeyword, visit.RefererUrl), visit);
            }

            foreach (var conversion in log.Conversions)
            {
                _goals.Add(new ReferrerKey(conversion.RefererType, conversion.RefererName, conversion.RefererKeyword, null), conversion);
            }
        }

        public void Finish(ArchiveRecords records)
        {
            foreach (var (key, metrics) in _visits.Groups(KeyOrder.Instance))
            {
                AddVisits(key, IntegerColumns(metrics));
            }

            foreach (var (key, idGoal) in _goals.GroupsByGoal(KeyOrder.Instance))
            {
                AddConversions(key, idGoal);
            }

            Write(records, TypeRecord, _types);
            Write(records, KeywordsRecord, _keywords);
            Write(records, SearchEnginesRecord, _searchEngines);
            Write(records, SocialNetworksRecord, _socialNetworks);
            Write(records, WebsitesRecord, _websites);
            Write(records, CampaignsRecord, _campaigns);
            records.SetNumeric(DistinctSearchEngines, _searchEngines.Count);
            records.SetNumeric(DistinctSocialNetworks, _socialNetworks.Count);
            records.SetNumeric(DistinctKeywords, _keywords.Count);
            records.SetNumeric(DistinctCampaigns, _campaigns.Count);
            records.SetNumeric(DistinctWebsites, _websites.Count);
            records.SetNumeric(DistinctWebsitesUrls, _websiteUrls.Count);
        }

        private void AddVisits(ReferrerKey key, KeyValuePair<string, object?>[] columns)
        {
            var type = TypeOf(key.Type);
            var name = key.Name ?? "";
            switch (type)
            {
                case ReferrerType.SearchEngine:
                    var keyword = key.Keyword ?? "";
                    _searchEngines.SumRow(name, columns);
                    _searchEngines.Subtable(name).SumRow(keyword, columns);
                    _keywords.SumRow(keyword, columns);
                    _keywords.Subtable(keyword).SumRow(name, columns);
                    break;
                case ReferrerType.Social:
                    _socialNetworks.SumRow(name, columns);
                    _socialNetworks.Subtable(name).SumRow(key.Url ?? "", columns);
                    break;
                case ReferrerType.Website:
                    _websites.SumRow(name, columns);
                    _websites.Subtable(name).SumRow(key.Url ?? "", columns);
                    _websiteUrls.Add(key.Url ?? "");
                    break;
                case ReferrerType.Campaign:
                    _campaigns.SumRow(name, columns);
                    if (!string.IsNullOrEmpty(key.Keyword))
                    {
                        _campaigns.Subtable(name).SumRow(key.Keyword, columns);
                    }

                    break;
            }

            // Types Matomo does not know (it stops archiving on them) are counted under their number only.
            _types.SumRow(type.ToString(CultureInfo.InvariantCulture), columns);
        }

        private void AddConversions(ReferrerKey key, int idGoal)
        {
            var type = TypeOf(key.Type);
            var name = key.Name ?? "";
            switch (type)
            {
                case ReferrerType.SearchEngine:
                    _searchEngines.SumRow(name, _goals.GoalsColumn(key, idGoal));
                    _keywords.SumRow(key.Keyword ?? "", _goals.GoalsColumn(key, idGoal));
                    break;
                case ReferrerType.Social:
                    _socialNetworks.SumRow(name, _goals.GoalsColumn(key, idGoal));
                    break;
                case ReferrerType.Website:
                    _websites.SumRow(name, _goals.GoalsColumn(key, idGoal));
                    break;
                case ReferrerType.Campaign:
                    _campaigns.SumRow(name, _goals.GoalsColumn(key, idGoal));
                    if (!string.IsNullOrEmpty(key.Keyword))
                    {
                        _campaigns.Subtable(name).SumRow(key.Keyword, _goals.GoalsColumn(key, idGoal));
                    }

                    break;
                case ReferrerType.Direct:
                    break;
                default:
                    // The referrer of a conversion comes from the tracker; Matomo ignores types it does not know.
                    return;
            }

            _types.SumRow(type.ToString(CultureInfo.InvariantCulture), _goals.GoalsColumn(key, idGoal));
        }

        /// <summary>Matomo casts the visit metrics of these groups to integers, sums included.</summary>
        private static KeyValuePair<string, object?>[] IntegerColumns(VisitMetrics metrics) =>
        [
            new("nb_uniq_visitors", metrics.UniqueVisitors),
            new("nb_visits", metrics.Visits),
            new("nb_actions", metrics.Actions),
            new("nb_users", metrics.Users),
            new("max_actions", metrics.MaxActions),
            new("sum_visit_length", metrics.VisitLength),
            new("bounce_count", metrics.Bounces),
            new("nb_visits_converted", metrics.Converted),
        ];

        private static void Write(ArchiveRecords records, string name, TableAccumulator accumulator)
        {
            var table = accumulator.ToTable();
            GoalsByDimension<ReferrerKey>.WriteTotals(table);
            records.SetTable(name, table);
        }
    }
}
