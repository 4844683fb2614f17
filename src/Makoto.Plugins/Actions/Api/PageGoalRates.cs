using System.Globalization;
using Makoto.Archiving;
using Makoto.Core.DataTables;
using Makoto.Core.Periods;
using Makoto.Core.Sites;
using Makoto.Reporting.Metrics;
using Makoto.Storage.Goals;

namespace Makoto.Plugins.Actions.Api;

/// <summary>
/// <c>nb_conversions_page_rate</c> of the page reports (Matomo's CalculateConversionPageRate): for each
/// goal of a row, the share of the period's conversions of that goal whose visit viewed the page,
/// at most 1. Matomo computes it when answering, on the rows of the table it returns (not on their
/// subtables), from the Goals archive's <c>Goal_&lt;idgoal&gt;_nb_conversions</c> of the period.
/// </summary>
internal static class PageGoalRates
{
    private const string Rate = "nb_conversions_page_rate";
    private const string Viewed = "nb_conversions_page_uniq";

    /// <summary>
    /// Starts getting the period's conversion totals beside the page table, when a site with goals (or ecommerce) asks
    /// for a period above a day: its goals' numbers are then merged from the sub-periods (a year's months' and weeks')
    /// while the page table is merged, not after it. Nothing to start for a day (its archive holds them).
    /// </summary>
    public static void Prepare(ArchiveRecords records, Site site, Period period, GoalStore goals)
    {
        if (period.Type == PeriodType.Day)
        {
            return;
        }

        // Every goal's total is merged with the others (the Goals plugin's numbers): asking for one gets them all.
        int? idGoal = site.Ecommerce ? 0 : goals.GetGoals(site.IdSite) is [var first, ..] ? first.IdGoal : null;
        if (idGoal is { } id)
        {
            records.PrepareNumeric(TotalName(id));
        }
    }

    public static void Compute(DataTable table, ArchiveRecords records)
    {
        var totals = new Dictionary<string, double?>(StringComparer.Ordinal);
        foreach (var row in table.Rows)
        {
            if (row.Columns.GetValueOrDefault("goals") is OrderedDictionary<string, object?> goals)
            {
                foreach (var key in goals.Keys)
                {
                    if (!totals.ContainsKey(key))
                    {
                        totals[key] = IdGoal(key) is { } id ? records.GetNumeric(TotalName(id)) : null;
                    }
                }
            }
        }

        var anyTotal = false;
        foreach (var total in totals.Values)
        {
            anyTotal |= total is not null;
        }

        if (!anyTotal)
        {
            return;
        }

        foreach (var row in table.Rows)
        {
            if (row.Columns.GetValueOrDefault("goals") is not OrderedDictionary<string, object?> goals)
            {
                continue;
            }

            foreach (var (key, value) in goals)
            {
                if (value is OrderedDictionary<string, object?> metrics && metrics.TryGetValue(Viewed, out var viewed))
                {
                    metrics[Rate] = Math.Min(1, ProcessedMetrics.Quotient(MetricValues.ToDouble(viewed), totals[key] ?? 0, 3));
                }
            }
        }
    }

    /// <summary>The Goals archive's number of a goal's conversions in the period.</summary>
    private static string TotalName(int idGoal) => "Goal_" + idGoal.ToString(CultureInfo.InvariantCulture) + "_nb_conversions";

    /// <summary>The idgoal of a key of the goals column (<c>idgoal=2</c>, <c>idgoal=ecommerceOrder</c>).</summary>
    private static int? IdGoal(string key) => key switch
    {
        "idgoal=ecommerceOrder" => 0,
        "idgoal=ecommerceAbandonedCart" => -1,
        _ when key.StartsWith("idgoal=", StringComparison.Ordinal)
            && int.TryParse(key.AsSpan("idgoal=".Length), NumberStyles.Integer, CultureInfo.InvariantCulture, out var id) => id,
        _ => null,
    };
}
