using System.Globalization;
using Makoto.Archiving;
using Makoto.Core.DataTables;
using Makoto.Core.Periods;
using Makoto.Core.Sites;
using Makoto.Plugins.Goals.RecordBuilders;
using Makoto.Reporting.Api;
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

    public IEnumerable<ApiMethod> Methods()
    {
        string[] common = ["idSite", "period", "date", "segment"];
        yield return new ApiMethod(Module, "get", call => Get(call, slices: GoalRecords.Slices))
        {
            IsReport = true,
            ParameterNames = [.. common, "idGoal", "columns", "showAllGoalSpecificMetrics", "compare"],
        };
        yield return new ApiMethod(Module, "getMetrics", call => Get(call, slices: [VisitorSlice.All]))
        {
            IsReport = true,
            ParameterNames = [.. common, "idGoal", "columns", "showAllGoalSpecificMetrics"],
        };
        yield return Items("getItemsSku", ItemsRecordBuilder.SkuRecord, "Product SKU", "productSku");
        yield return Items("getItemsName", ItemsRecordBuilder.NameRecord, "Product Name", "productName");
        yield return Items("getItemsCategory", ItemsRecordBuilder.CategoryRecord, "Product Category", "productCategory");
        yield return Distance("getDaysToConversion", GoalRecords.DaysUntilConversion, "1 day", "{0} days");
        yield return Distance("getVisitsUntilConversion", GoalRecords.VisitsUntilConversion, "1 visit", "{0} visits");
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
    /// Goals.get: the goal metrics of all visits, then of new visits (<c>_new_visit</c>) and of returning
    /// visits (<c>_returning_visit</c>), as Matomo merges three Goals.getMetrics answers. A slice without
    /// visits adds nothing, as Matomo's empty segment archive does.
    /// </summary>
    private object Get(ApiCall call, VisitorSlice[] slices)
    {
        var idGoal = ReadIdGoal(call);
        var showAll = idGoal is null && call.Parameters.GetBool("showAllGoalSpecificMetrics");
        return call.ForEachSiteAndPeriod((site, period) => Metrics(site, period, idGoal, showAll, slices));
    }

    private DataTable Metrics(Site site, Period period, int? idGoal, bool showAll, VisitorSlice[] slices)
    {
        var records = archiver.GetRecords(site, period);
        var columns = new List<KeyValuePair<string, object?>>();
        foreach (var slice in slices)
        {
            var suffix = GoalRecords.Suffix(slice);
            var visits = records.GetNumeric(GoalRecords.Visits + suffix) ?? 0;
            if (visits == 0)
            {
                continue;
            }

            foreach (var metric in GoalRecords.Metrics(idGoal))
            {
                columns.Add(new(metric + suffix, records.GetNumeric(GoalRecords.Name(metric, idGoal, slice)) ?? 0));
            }

            if (showAll)
            {
                foreach (var goal in goals.GetGoals(site.IdSite))
                {
                    foreach (var metric in GoalRecords.Metrics(goal.IdGoal))
                    {
                        columns.Add(new(GoalColumn(goal.IdGoal, metric) + suffix, records.GetNumeric(GoalRecords.Name(metric, goal.IdGoal, slice)) ?? 0));
                    }
                }
            }

            columns.Add(new(GoalRecords.Visits + suffix, visits));
        }

        return columns.Count == 0 ? new DataTable(isSimple: true) : DataTable.Simple(columns);
    }

    /// <summary>Matomo's goal-specific column name: <c>goal_1_nb_conversions</c>.</summary>
    private static string GoalColumn(int idGoal, string metric) => "goal_" + idGoal.ToString(CultureInfo.InvariantCulture) + "_" + metric;

    /// <summary>
    /// Goals.getItemsSku / getItemsName / getItemsCategory: the ordered items (or, with
    /// <c>abandonedCarts=1</c>, the abandoned ones) with the product views of each label.
    /// </summary>
    private ApiMethod Items(string action, string record, string dimension, string segment) =>
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
            return call.ArchivedTable(archiver, name, table => PresentItems(table, abandoned, dimension + " not defined", segment));
        })
        {
            IsReport = true,
            ParameterNames = ["idSite", "period", "date", "abandonedCarts", "segment"],
        };

    /// <summary>
    /// What Matomo's getItems does before the report filters: rows without a sold price show the
    /// average viewed price as <c>avg_price</c>, the label "Value not defined" is named after the
    /// dimension, and abandoned-cart reports call their orders <c>abandoned_carts</c>.
    /// </summary>
    private static void PresentItems(DataTable table, bool abandoned, string notDefined, string segment)
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

            if (abandoned && row.Columns.Remove("orders", out var carts))
            {
                row.Columns["abandoned_carts"] = carts;
            }

            row.Columns.Remove("price");
            row.Metadata["segment"] = SegmentMetadata.Condition(segment, row.Label ?? "");
        }
    }

    /// <summary>
    /// Goals.getDaysToConversion / getVisitsUntilConversion: the conversions of one goal (all goals but
    /// ecommerce without <c>idGoal</c>) by distance, in bucket order with readable labels.
    /// </summary>
    private ApiMethod Distance(string action, string record, string one, string many) =>
        new(Module, action, call =>
        {
            // Matomo reads idGoal=0 as "no goal" here (PHP's "0" is false), not as ecommerce orders.
            var idGoal = call["idGoal"]?.Trim() == "0" ? null : ReadIdGoal(call);
            return call.ArchivedTable(archiver, GoalRecords.Name(record, idGoal), table => RangeLabels.Beautify(table, one, many));
        })
        {
            IsReport = true,
            ParameterNames = ["idSite", "period", "date", "segment", "idGoal"],
        };
}
