using System.Text.RegularExpressions;
using Makoto.Core.DataTables;
using Makoto.Reporting.Api;
using Makoto.Reporting.Rendering;

namespace Makoto.Reporting.Filters;

/// <summary>
/// <c>filter_pattern</c> and <c>filter_pattern_recursive</c>: keep the rows whose column (or metadata
/// entry of that name) matches a case-insensitive regular expression. A missing value counts as the
/// empty text; the summary row is matched like any row (its label is <c>-1</c> at this stage).
/// </summary>
internal static class PatternFilter
{
    /// <summary>Keeps the rows of the table (not of its subtables) that match in one of <paramref name="columns"/>.</summary>
    public static void Apply(DataTable table, Regex pattern, IReadOnlyList<string> columns)
    {
        foreach (var row in table.RowsWithSummary())
        {
            if (!Matches(row, pattern, columns))
            {
                table.Remove(row);
            }
        }
    }

    /// <summary>
    /// Keeps the rows that match or that have a matching row somewhere in their subtables; the
    /// subtables are filtered the same way, so a kept folder shows only the branches that lead to
    /// matches. Returns how many rows the table keeps.
    /// </summary>
    public static int ApplyRecursive(DataTable table, Regex pattern, IReadOnlyList<string> columns)
    {
        foreach (var row in table.RowsWithSummary())
        {
            var foundBelow = row.Subtable is { } subtable && ApplyRecursive(subtable, pattern, columns) > 0;
            if (!foundBelow && !Matches(row, pattern, columns))
            {
                table.Remove(row);
            }
        }

        return table.RowCount;
    }

    private static bool Matches(DataRow row, Regex pattern, IReadOnlyList<string> columns)
    {
        foreach (var column in columns)
        {
            var value = row.ColumnOrMetadata(column);
            var text = value is System.Collections.IEnumerable and not string ? "Array" : ValueFormat.Text(value) ?? "";
            try
            {
                if (pattern.IsMatch(text))
                {
                    return true;
                }
            }
            catch (RegexMatchTimeoutException)
            {
                throw new ApiException($"The pattern '{pattern}' takes too long to match; use a simpler regular expression.");
            }
        }

        return false;
    }
}
