using Makoto.Core.DataTables;

namespace Makoto.Reporting.Filters;

/// <summary>
/// <c>filter_excludelowpop</c> / <c>filter_excludelowpop_value</c> (Matomo's ExcludeLowPopulation):
/// removes the rows whose column is below the minimum; a minimum of 0 (the default) means 2 % of the
/// column's total over the table. Rows without the column count as 0.
/// </summary>
internal static class LowPopulationFilter
{
    /// <summary>The share of the total used when no minimum is given.</summary>
    public const double DefaultShareOfTotal = 0.02;

    public static void Apply(DataTable table, string column, double minimum)
    {
        var rows = table.RowsWithSummary();
        if (minimum == 0)
        {
            var total = 0.0;
            foreach (var row in rows)
            {
                total += row.NumberOf(column);
            }

            minimum = total * DefaultShareOfTotal;
        }

        foreach (var row in rows)
        {
            // PHP finds an array (goal metrics) greater than any number: such rows stay.
            if (row[column] is not System.Collections.IEnumerable or string && row.NumberOf(column) < minimum)
            {
                table.Remove(row);
            }
        }
    }
}
