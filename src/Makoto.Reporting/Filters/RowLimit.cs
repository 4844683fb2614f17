using Makoto.Core.DataTables;

namespace Makoto.Reporting.Filters;

/// <summary>
/// <c>filter_offset</c> / <c>filter_limit</c> (Matomo's Limit filter): keeps the rows from the offset
/// on, at most <c>limit</c> of them (all when negative), the summary row counting as the last row;
/// with <c>keep_summary_row=1</c> the summary row is kept whatever the window. Subtables are not limited.
/// </summary>
internal static class RowLimit
{
    public static void Apply(DataTable table, int offset, int limit, bool keepSummaryRow)
    {
        var summary = table.SummaryRow;
        var rows = table.RowsWithSummary();
        var start = Math.Min(offset, rows.Count);
        var end = limit < 0 ? rows.Count : (int)Math.Min(rows.Count, (long)start + limit);

        table.Rows.Clear();
        table.SummaryRow = null;
        for (var i = start; i < end; i++)
        {
            if (ReferenceEquals(rows[i], summary))
            {
                table.SummaryRow = summary;
            }
            else
            {
                table.Rows.Add(rows[i]);
            }
        }

        if (keepSummaryRow && summary is not null)
        {
            table.SummaryRow = summary;
        }
    }
}
