using System.Globalization;
using Makoto.Archiving;
using Makoto.Core.DataTables;
using Makoto.Core.Periods;
using Makoto.Core.Segments;
using Makoto.Core.Security;
using Makoto.Core.Sites;
using Makoto.Reporting.Api;
using Makoto.Reporting.Filters;
using Makoto.Reporting.Metrics;
using Makoto.Reporting.Reports;

namespace Makoto.Plugins.MultiSites.Api;

/// <summary>
/// MultiSites.getAll and MultiSites.getOne (metrics-and-archiving.md §4, MultiSites): the key numbers
/// of every site the user can view — visits, actions, page views, goal revenue, with
/// <c>enhanced=1</c> also conversions, orders and ecommerce revenue — read from each site's archives
/// (no records of their own), and their evolution against the previous period.
/// </summary>
/// <remarks>
/// As Matomo's API does: the evolution (<c>visits_evolution</c> …) is computed for one day, week, month
/// or year and for lists of dates (each against the period before it), not for ranges nor
/// <c>lastN</c>/<c>previousN</c>; while the current period is running, the previous period's value of
/// visits, actions, page views and conversions is first scaled to the elapsed share of the period;
/// orders and ecommerce revenue exist only for ecommerce sites; without <c>enhanced</c>, getAll leaves
/// out the sites without visits.
/// </remarks>
internal sealed class MultiSitesApi(Archiver archiver) : IApiModule
{
    private const string Module = "MultiSites";

    /// <summary>Sites a <c>pattern</c> search returns at most (Matomo's <c>site_selector_max_sites</c>).</summary>
    private const int PatternLimit = 15;

    /// <summary>Matomo's metrics: output column, archive record, evolution column, ecommerce only, scaled while the period runs.</summary>
    private static readonly Metric[] s_base =
    [
        new("nb_visits", "nb_visits", "visits_evolution", EcommerceOnly: false, Scaled: true),
        new("nb_actions", "nb_actions", "actions_evolution", EcommerceOnly: false, Scaled: true),
        new("nb_pageviews", "Actions_nb_pageviews", "pageviews_evolution", EcommerceOnly: false, Scaled: true),
        new("revenue", "Goal_revenue", "revenue_evolution", EcommerceOnly: false, Scaled: false),
    ];

    private static readonly Metric[] s_enhanced =
    [
        .. s_base,
        new("nb_conversions", "Goal_nb_conversions", "nb_conversions_evolution", EcommerceOnly: false, Scaled: true),
        new("orders", "Goal_0_nb_conversions", "orders_evolution", EcommerceOnly: true, Scaled: false),
        new("ecommerce_revenue", "Goal_0_revenue", "ecommerce_revenue_evolution", EcommerceOnly: true, Scaled: false),
    ];

    /// <summary>How format_metrics writes the evolutions (percents) and the revenues (money).</summary>
    private static readonly Dictionary<string, MetricType> s_types = Types();

    public IEnumerable<ApiMethod> Methods()
    {
        yield return new ApiMethod(Module, "getAll", GetAll)
        {
            IsReport = true,
            Report = new ReportPresentation { MetricTypes = s_types },
            ParameterNames = ["period", "date", "segment", "enhanced", "pattern", "showColumns"],
            Metadata = Dashboard("All Websites dashboard", order: 1,
                "This report gives you an informational overview for each of your websites, containing the most general metrics about your visitors."),
        };
        yield return new ApiMethod(Module, "getOne", GetOne)
        {
            IsReport = true,
            Report = new ReportPresentation { DefaultSortColumn = null, MetricTypes = s_types },
            ParameterNames = ["idSite", "period", "date", "segment", "enhanced"],
            Metadata = Dashboard("Single Website dashboard", order: 2,
                "This report gives you an informational overview for a specific website, containing the most general metrics about your visitors."),
        };
    }

    /// <summary>The evolutions of the dashboard metrics, and the product revenue.</summary>
    public static MetricDefinitionSet Definitions { get; } = new(
    [
        new("ecommerce_revenue", "Product Revenue", MetricType.Money),
        new("visits_evolution", "Visits Evolution", MetricType.Percent),
        new("actions_evolution", "Actions Evolution", MetricType.Percent),
        new("pageviews_evolution", "Pageviews Evolution", MetricType.Percent),
        new("revenue_evolution", "Revenue Evolution", MetricType.Percent),
        new("nb_conversions_evolution", "Conversions Evolution", MetricType.Percent),
        new("orders_evolution", "Ecommerce Orders Evolution", MetricType.Percent),
        new("ecommerce_revenue_evolution", "Product Revenue Evolution", MetricType.Percent),
    ]);

    private static ReportMetadata Dashboard(string name, int order, string documentation) => new()
    {
        Category = ReportCategories.AllWebsites,
        Name = name,
        Dimension = "Website",
        Documentation = documentation,
        Metrics = ["nb_visits", "nb_actions", "nb_pageviews", "revenue", "nb_conversions", new("orders", "Ecommerce Orders"), "ecommerce_revenue"],
        ProcessedMetrics =
        [
            "visits_evolution", "actions_evolution", "pageviews_evolution", "revenue_evolution", "nb_conversions_evolution",
            "orders_evolution", "ecommerce_revenue_evolution",
        ],
        Order = order,
    };

    private static Dictionary<string, MetricType> Types()
    {
        var types = new Dictionary<string, MetricType>(StringComparer.Ordinal)
        {
            ["revenue"] = MetricType.Money,
            ["ecommerce_revenue"] = MetricType.Money,
        };
        foreach (var metric in s_enhanced)
        {
            types[metric.Evolution] = MetricType.Percent;
        }

        return types;
    }

    private object GetAll(ApiCall call)
    {
        if (!call.Access.IsSuperUser && !call.Access.Sites.Values.Any(level => level >= AccessLevel.View))
        {
            throw new ApiException("You can't access this resource as it requires 'view' access for at least one website.", call.Access.IsAnonymous ? 401 : 200);
        }

        var sites = Sites(call);
        var enhanced = call.Parameters.GetBool("enhanced");
        var metrics = Metrics(enhanced, call["showColumns"]);
        if (sites.Count == 0)
        {
            return new DataTable();
        }

        var segment = call.Segment;
        var dropEmpty = !enhanced && metrics.Any(m => m.Column == "nb_visits");
        return ForPeriods(call, sites[0], period =>
        {
            var table = new DataTable();
            foreach (var site in sites)
            {
                var row = Row(site, period.Current, period.Previous, segment, metrics, call.Clock);
                if (dropEmpty && MetricValues.ToDouble(row["nb_visits"]) == 0)
                {
                    continue;
                }

                row.Columns.Insert(0, "label", site.Name);
                table.Rows.Add(row);
            }

            return table;
        });
    }

    private object GetOne(ApiCall call)
    {
        var site = call.RequireSite();
        var segment = call.Segment;
        var metrics = Metrics(call.Parameters.GetBool("enhanced"), null);
        return ForPeriods(call, site, period =>
        {
            var table = new DataTable(isSimple: true);
            table.Rows.Add(Row(site, period.Current, period.Previous, segment, metrics, call.Clock));
            return table;
        });
    }

    /// <summary>The sites the user can view, or those whose name, URL or id matches <c>pattern</c>.</summary>
    private static List<Site> Sites(ApiCall call)
    {
        var pattern = call["pattern"]?.Trim();
        var result = new List<Site>();
        foreach (var site in call.SiteStore.GetAll())
        {
            if (!call.Access.Has(site.IdSite, AccessLevel.View))
            {
                continue;
            }

            if (!string.IsNullOrEmpty(pattern) && !Matches(site, pattern))
            {
                continue;
            }

            result.Add(site);
            if (!string.IsNullOrEmpty(pattern) && result.Count == PatternLimit)
            {
                break;
            }
        }

        return result;
    }

    private static bool Matches(Site site, string pattern)
    {
        if (site.IdSite.ToString(CultureInfo.InvariantCulture) == pattern
            || site.Name.Contains(pattern, StringComparison.OrdinalIgnoreCase)
            || site.MainUrl.Contains(pattern, StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        foreach (var url in site.AliasUrls)
        {
            if (url.Contains(pattern, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The metrics asked for: Matomo's list (the enhanced one with <c>enhanced=1</c>), restricted to <c>showColumns</c>.</summary>
    private static List<Metric> Metrics(bool enhanced, string? showColumns)
    {
        var wanted = string.IsNullOrWhiteSpace(showColumns)
            ? null
            : new HashSet<string>(showColumns.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries), StringComparer.Ordinal);
        var result = new List<Metric>();
        foreach (var metric in enhanced ? s_enhanced : s_base)
        {
            if (wanted is null || wanted.Contains(metric.Column))
            {
                result.Add(metric);
            }
        }

        return result;
    }

    /// <summary>
    /// One table per requested period (a map keyed by period for several), each with the period it is
    /// compared to — none for ranges and lastN/previousN.
    /// </summary>
    private static object ForPeriods(ApiCall call, Site site, Func<(Period Current, Period? Previous), DataTable> table)
    {
        var selection = call.Periods(site);
        var date = call["date"] ?? "";
        var compared = selection.Periods[0].Type != PeriodType.Range
            && !date.Contains("last", StringComparison.Ordinal)
            && !date.Contains("previous", StringComparison.Ordinal);
        if (!selection.IsMultiple)
        {
            var period = selection.Single;
            return table((period, compared ? period.Previous() : null));
        }

        var map = new DataTableMap("date");
        foreach (var period in selection.Periods)
        {
            map.Entries[period.Key] = table((period, compared ? period.Previous() : null));
        }

        return map;
    }

    private DataRow Row(Site site, Period current, Period? previous, Segment segment, List<Metric> metrics, TimeProvider clock)
    {
        var records = archiver.GetRecords(site, current, segment);
        var row = new DataRow();
        foreach (var metric in metrics)
        {
            if (!metric.EcommerceOnly || site.Ecommerce)
            {
                row.Columns[metric.Column] = records.GetNumeric(metric.Record) ?? 0;
            }
        }

        if (previous is { } past)
        {
            var pastRecords = archiver.GetRecords(site, past, segment);
            var ratio = ElapsedRatio(current, past, clock);
            foreach (var metric in metrics)
            {
                if (row.Columns.TryGetValue(metric.Column, out var value))
                {
                    var pastValue = (pastRecords.GetNumeric(metric.Record) ?? 0) * (metric.Scaled ? ratio : 1);
                    row.Columns[metric.Evolution] = Evolution(MetricValues.ToDouble(value), pastValue);
                }
            }
        }

        row.Metadata["idsite"] = site.IdSite;
        row.Metadata["group"] = site.Group;
        row.Metadata["main_url"] = site.MainUrl;
        return row;
    }

    /// <summary>Matomo's evolution: (current − past) / past to three decimals; 0 when equal, 1 (100 %) from nothing.</summary>
    private static double Evolution(double current, double past)
    {
        var change = current - past;
        if (change == 0)
        {
            return 0;
        }

        return past == 0 ? 1 : ProcessedMetrics.Quotient(change, past, 3);
    }

    /// <summary>
    /// The share of the previous period that the running current period covers so far: seconds since
    /// the current period began over the previous period's seconds (its days from 00:00:00 to 23:59:59,
    /// read as UTC as Matomo does), 1 when the current period is not running.
    /// </summary>
    private static double ElapsedRatio(Period current, Period past, TimeProvider clock)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var currentStart = current.Start.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        var currentEnd = current.End.ToDateTime(new TimeOnly(23, 59, 59), DateTimeKind.Utc);
        if (now < currentStart || now > currentEnd)
        {
            return 1;
        }

        var pastSeconds = (past.End.ToDateTime(new TimeOnly(23, 59, 59)) - past.Start.ToDateTime(TimeOnly.MinValue)).TotalSeconds;
        return (now - currentStart).TotalSeconds / pastSeconds;
    }

    private sealed record Metric(string Column, string Record, string Evolution, bool EcommerceOnly, bool Scaled);
}
