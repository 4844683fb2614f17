using System.Globalization;
using Makoto.Archiving;
using Makoto.Core.DataTables;
using Makoto.Plugins.Goals.RecordBuilders;
using Makoto.Reporting.Api;
using Makoto.Reporting.Filters;
using Makoto.Reporting.Metrics;
using Makoto.Reporting.Reports;
using Makoto.Storage.Goals;

namespace Makoto.Plugins.Goals.Api;

/// <summary>
/// Goals' and ecommerce's report methods (reporting-api.md §7): Goals.get (and the internal
/// Goals.getMetrics it is built from), Goals.getItemsSku / getItemsName / getItemsCategory,
/// Goals.getDaysToConversion and Goals.getVisitsUntilConversion. Matomo 5 has no Ecommerce API
/// module: its ecommerce reports are these methods with <c>idGoal=ecommerceOrder</c> or
/// <c>abandonedCarts=1</c>.
/// </summary>
internal sealed class GoalsReportsApi(Archiver archiver, GoalStore goals) : IApiModule
{
    private const string Module = "Goals";

    /// <summary>How format_metrics writes Goals.get's money and rates, in every slice.</summary>
    private static readonly IReadOnlyDictionary<string, MetricType> s_goalTypes = GoalTypes();

    public IEnumerable<ApiMethod> Methods()
    {
        string[] common = ["idSite", "period", "date", "segment"];
        var metrics = new ReportPresentation
        {
            DefaultSortColumn = null,
            MetricTypes = s_goalTypes,
            ProcessedMetricsFor = GoalSpecificTypes,
        };
        yield return new ApiMethod(Module, "get", call => Get(call, GoalRecords.Slices))
        {
            IsReport = true,
            Report = metrics,
            ParameterNames = [.. common, "idGoal", "columns", "showAllGoalSpecificMetrics", "compare"],
            Metadata = GoalsReportMetadata.Overview,
            MetadataVariants = context => GoalsReportMetadata.OverviewVariants(context.Site, goals.GetGoals(context.Site.IdSite)),
        };
        yield return new ApiMethod(Module, "getMetrics", call => Get(call, [VisitorSlice.All]))
        {
            IsReport = true,
            Report = metrics,
            ParameterNames = [.. common, "idGoal", "columns", "showAllGoalSpecificMetrics"],
        };
        yield return Items("getItemsSku", ItemsRecordBuilder.SkuRecord, "Product SKU", "productSku", order: 2);
        yield return Items("getItemsName", ItemsRecordBuilder.NameRecord, "Product Name", "productName", order: 1);
        yield return Items("getItemsCategory", ItemsRecordBuilder.CategoryRecord, "Product Category", "productCategory", order: 3);
        yield return Distance("getDaysToConversion", GoalRecords.DaysUntilConversion, "1 day", "{0} days", GoalsReportMetadata.DaysToConversion);
        yield return Distance("getVisitsUntilConversion", GoalRecords.VisitsUntilConversion, "1 visit", "{0} visits", GoalsReportMetadata.VisitsToConversion);
    }

    /// <summary>
    /// <c>idGoal</c>: absent (all goals), a goal id, <c>ecommerceOrder</c> or <c>ecommerceAbandonedCart</c>.
    /// An id that is no goal of the site reports zeros, as in Matomo.
    /// </summary>
    private static int? ReadIdGoal(ApiCall call)
    {
        var text = call["idGoal"]?.Trim();
        return text switch
        {
            null or "" or "false" => null,
            "ecommerceOrder" => GoalRecords.Order,
            "ecommerceAbandonedCart" => GoalRecords.AbandonedCart,
            _ when int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var id) => id,
            _ => throw new ApiException($"The parameter 'idGoal' must be a goal id, 'ecommerceOrder' or 'ecommerceAbandonedCart', but '{text}' was given."),
        };
    }

    /// <summary>
    /// Goals.get: Goals.getMetrics for all visits, then for new visits (suffix <c>_new_visit</c>) and for
    /// returning visits (<c>_returning_visit</c>), merged into one row as Matomo merges its three
    /// answers. A slice without visits adds nothing, as Matomo's empty segment archive does.
    /// </summary>
    /// <remarks>
    /// Each slice is a report of its own in Matomo — its processed metrics computed from its own
    /// columns, <c>columns</c> applied, then the names suffixed — so the processed metrics are computed
    /// here, per slice, from the shared definitions; the report pipeline only formats them.
    /// </remarks>
    private object Get(ApiCall call, VisitorSlice[] slices)
    {
        var idGoal = ReadIdGoal(call);
        var showAll = idGoal is null && call.Parameters.GetBool("showAllGoalSpecificMetrics");
        var requested = ReportRequest.Parse(call.Parameters).Columns;
        return call.ForEachSiteAndPeriod((site, period) =>
        {
            var records = call.Records(archiver, site, period);
            var goalIds = new List<int>();
            if (showAll)
            {
                foreach (var goal in goals.GetGoals(site.IdSite))
                {
                    goalIds.Add(goal.IdGoal);
                }
            }

            var merged = new List<KeyValuePair<string, object?>>();
            foreach (var slice in slices)
            {
                var suffix = GoalRecords.Suffix(slice);
                var visits = records.GetNumeric(GoalRecords.Visits + suffix) ?? 0;
                if (visits == 0)
                {
                    continue;
                }

                foreach (var (name, value) in SliceMetrics(records, slice, visits, idGoal, showAll ? goalIds : null, requested))
                {
                    merged.Add(new(name + suffix, value));
                }
            }

            return merged.Count == 0 ? new DataTable(isSimple: true) : DataTable.Simple(merged);
        });
    }

    /// <summary>
    /// One Goals.getMetrics answer: the goal's stored metrics (with <paramref name="goalIds"/>, those of
    /// every goal and <c>nb_visits</c> too), then the processed ones — average order value for orders
    /// and carts, each goal's conversion rate, the conversion rate — restricted to <c>columns</c>.
    /// </summary>
    private static List<KeyValuePair<string, object?>> SliceMetrics(
        ArchiveRecords records, VisitorSlice slice, double visits, int? idGoal, List<int>? goalIds, IReadOnlyList<string> requested)
    {
        var row = new DataRow();
        var stored = new List<string>();
        foreach (var metric in GoalRecords.Metrics(idGoal))
        {
            row[metric] = records.GetNumeric(GoalRecords.Name(metric, idGoal, slice)) ?? 0;
            stored.Add(metric);
        }

        var processed = new List<ProcessedMetric>();
        if (idGoal is GoalRecords.Order or GoalRecords.AbandonedCart)
        {
            processed.Add(GoalMetrics.AverageOrderRevenue);
        }

        foreach (var id in goalIds ?? [])
        {
            foreach (var metric in GoalRecords.Metrics(id))
            {
                var column = GoalMetrics.GoalColumn(id, metric);
                row[column] = records.GetNumeric(GoalRecords.Name(metric, id, slice)) ?? 0;
                stored.Add(column);
            }

            processed.Add(GoalMetrics.GoalConversionRate(id));
        }

        row[GoalRecords.Visits] = visits;
        if (goalIds is not null)
        {
            stored.Add(GoalRecords.Visits);
        }

        processed.Add(CoreMetrics.ConversionRate);
        foreach (var metric in processed)
        {
            row[metric.Name] = metric.Compute(row);
        }

        // Without columns: every stored metric, then the processed ones; with columns: the stored ones asked for, in that order, then the processed ones asked for.
        var shown = new List<KeyValuePair<string, object?>>();
        foreach (var name in requested.Count == 0 ? stored : requested.Where(stored.Contains))
        {
            shown.Add(new(name, row[name]));
        }

        foreach (var metric in processed)
        {
            if (requested.Count == 0 || requested.Contains(metric.Name))
            {
                shown.Add(new(metric.Name, row[metric.Name]));
            }
        }

        return shown;
    }

    private static Dictionary<string, MetricType> GoalTypes()
    {
        var types = new Dictionary<string, MetricType>(StringComparer.Ordinal);
        foreach (var slice in GoalRecords.Slices)
        {
            var suffix = GoalRecords.Suffix(slice);
            foreach (var money in new[] { "revenue", "revenue_subtotal", "revenue_tax", "revenue_shipping", "revenue_discount", "avg_order_revenue" })
            {
                types[money + suffix] = MetricType.Money;
            }

            types["conversion_rate" + suffix] = MetricType.Percent;
        }

        return types;
    }

    /// <summary>The formats of the goal-specific columns of showAllGoalSpecificMetrics (already computed: nothing to add).</summary>
    private static IEnumerable<ProcessedMetric> GoalSpecificTypes(DataTable table)
    {
        if (table.Rows.Count == 0)
        {
            yield break;
        }

        foreach (var name in table.Rows[0].Columns.Keys)
        {
            if (!name.StartsWith("goal_", StringComparison.Ordinal))
            {
                continue;
            }

            var metric = Unsuffixed(name);
            if (metric.EndsWith("_conversion_rate", StringComparison.Ordinal))
            {
                yield return new ProcessedMetric(name, _ => null, MetricType.Percent);
            }
            else if (metric.EndsWith("_revenue", StringComparison.Ordinal))
            {
                yield return new ProcessedMetric(name, _ => null, MetricType.Money);
            }
        }
    }

    private static string Unsuffixed(string name)
    {
        foreach (var slice in GoalRecords.Slices)
        {
            var suffix = GoalRecords.Suffix(slice);
            if (suffix.Length > 0 && name.EndsWith(suffix, StringComparison.Ordinal))
            {
                return name[..^suffix.Length];
            }
        }

        return name;
    }

    /// <summary>
    /// Goals.getItemsSku / getItemsName / getItemsCategory: the ordered items (or, with
    /// <c>abandonedCarts=1</c>, the abandoned ones) with the product views of each label, sorted by
    /// revenue; average price, average quantity and conversion rate are processed metrics.
    /// </summary>
    private ApiMethod Items(string action, string record, string dimension, string segment, int order) =>
        new(Module, action, call =>
        {
            foreach (var site in call.RequireSites())
            {
                if (!site.Ecommerce)
                {
                    throw new ApiException(
                        $"Goals.{action} is a product report, but ecommerce is not enabled for the website id {site.IdSite}. Enable it with SitesManager.updateSite and ecommerce=1.");
                }
            }

            var abandoned = call.Parameters.GetBool("abandonedCarts");
            var name = abandoned ? ItemsRecordBuilder.CartRecord(record) : record;
            return call.ArchivedTable(archiver, name, table => PrepareItems(table, abandoned, dimension + " not defined"));
        })
        {
            IsReport = true,
            Report = new ReportPresentation
            {
                DefaultSortColumn = "revenue",
                ProcessedMetrics = [GoalMetrics.AveragePrice, GoalMetrics.AverageQuantity, GoalMetrics.ProductConversionRate],
                MetricTypes = new Dictionary<string, MetricType>(StringComparer.Ordinal) { ["revenue"] = MetricType.Money },
                Presentation = (table, _) =>
                {
                    foreach (var row in table.AllRows)
                    {
                        row.Columns.Remove("price");
                    }

                    SegmentMetadata.Add(table, segment);
                },
            },
            ParameterNames = ["idSite", "period", "date", "abandonedCarts", "segment"],
            MetadataVariants = context => context.Site.Ecommerce ? [GoalsReportMetadata.Product(dimension, order)] : [],
        };

    /// <summary>
    /// What Matomo's getItems does before the report filters: rows without a sold price show the
    /// average viewed price as <c>avg_price</c>, the label "Value not defined" is named after the
    /// dimension, and abandoned-cart reports call their orders <c>abandoned_carts</c>. The summed
    /// <c>price</c> stays until the average price is computed.
    /// </summary>
    private static void PrepareItems(DataTable table, bool abandoned, string notDefined)
    {
        foreach (var row in table.Rows)
        {
            if (!row.Columns.ContainsKey("avg_price") && !row.Columns.ContainsKey("price") && row.Columns.Remove("avg_price_viewed", out var viewed))
            {
                row.Columns["avg_price"] = viewed;
            }

            row.Columns.Remove("avg_price_viewed");
            if (row.Label == ItemsRecordBuilder.NotDefined)
            {
                row.Label = notDefined;
            }
        }

        if (abandoned)
        {
            foreach (var row in table.AllRows)
            {
                if (row.Columns.Remove("orders", out var carts))
                {
                    row.Columns["abandoned_carts"] = carts;
                }
            }
        }
    }

    /// <summary>
    /// Goals.getDaysToConversion / getVisitsUntilConversion: the conversions of one goal (all goals but
    /// ecommerce without <c>idGoal</c>) by distance; after the report filters the rows are put back in
    /// bucket order with readable labels, as Matomo's queued filters do.
    /// </summary>
    private ApiMethod Distance(string action, string record, string one, string many, GoalsReportMetadata.Distance distance) =>
        new(Module, action, call =>
        {
            // Matomo reads idGoal=0 as "no goal" here (PHP's "0" is false), not as ecommerce orders.
            var idGoal = call["idGoal"]?.Trim() == "0" ? null : ReadIdGoal(call);
            return call.ArchivedTable(archiver, GoalRecords.Name(record, idGoal));
        })
        {
            IsReport = true,
            Report = new ReportPresentation
            {
                DefaultSortColumn = null,
                Presentation = (table, _) => RangeLabels.Beautify(table, one, many),
            },
            ParameterNames = ["idSite", "period", "date", "segment", "idGoal"],
            Metadata = distance.Metadata,
            MetadataVariants = context => distance.Variants(context.Site, goals.GetGoals(context.Site.IdSite)),
        };
}
