using Makoto.Core.DataTables;
using Makoto.Plugins.Actions.RecordBuilders;

namespace Makoto.Plugins.Actions.Api;

/// <summary>
/// The page performance columns of the page reports (<c>sum_time_X</c>, <c>nb_hits_with_time_X</c>,
/// <c>min_time_X</c>, <c>max_time_X</c>): as in Matomo's average performance metrics, when no row of
/// the answer has a time for X, the four columns of X leave the answer.
/// </summary>
internal static class PagePerformanceColumns
{
    /// <summary>
    /// Removes the empty timings of <paramref name="tree"/> (the answer's table), judged on the rows of
    /// <paramref name="shown"/> (the table or subtable whose rows are asked for), from its subtables too
    /// when <paramref name="subtables"/> (they are the answer's own copies then).
    /// </summary>
    public static void RemoveEmpty(DataTable tree, DataTable shown, bool subtables)
    {
        if (shown.RowCount == 0)
        {
            return;
        }

        foreach (var timing in ActionColumns.Timings)
        {
            var sum = 0.0;
            foreach (var row in shown.AllRows)
            {
                sum += row.GetNumber("sum_" + timing);
            }

            if (sum <= 0)
            {
                Remove(tree, ["sum_" + timing, "nb_hits_with_" + timing, "min_" + timing, "max_" + timing], subtables);
            }
        }
    }

    private static void Remove(DataTable table, string[] columns, bool subtables)
    {
        foreach (var row in table.AllRows)
        {
            foreach (var column in columns)
            {
                row.Columns.Remove(column);
            }

            if (subtables && row.Subtable is { } subtable)
            {
                Remove(subtable, columns, subtables);
            }
        }
    }
}
