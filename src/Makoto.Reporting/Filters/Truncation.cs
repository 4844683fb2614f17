using Makoto.Core.DataTables;

namespace Makoto.Reporting.Filters;

/// <summary>
/// <c>filter_truncate</c> (Matomo's Truncate filter): keeps the first N rows in their current order
/// and sums the others, the existing summary row included, into a new summary row labelled
/// <c>-1</c> (written "Others"). Nothing happens when the table has at most N + 1 rows.
/// </summary>
internal static class Truncation
{
    /// <summary>
    /// Truncates the table after <paramref name="keep"/> rows and, when <paramref name="recursive"/>, the
    /// subtables of the rows it keeps. <paramref name="computed"/> names the processed metrics already in
    /// the rows: they are left out of the sums and computed again for the new row.
    /// </summary>
    public static void Apply(DataTable table, int keep, bool recursive, IReadOnlySet<string> computed) =>
        table.Walk(recursive, t => Truncate(t, keep, computed));

    private static void Truncate(DataTable table, int keep, IReadOnlySet<string> computed)
    {
        if (table.IsSimple || table.RowCount <= keep + 1)
        {
            return;
        }

        var others = new DataRow { Label = DataTable.SummaryRowLabel };
        for (var i = keep; i < table.Rows.Count; i++)
        {
            RowSum.Add(others, table.Rows[i], computed);
        }

        if (table.SummaryRow is { } summary)
        {
            RowSum.Add(others, summary, computed);
        }

        table.Rows.RemoveRange(keep, table.Rows.Count - keep);
        table.SummaryRow = others;
    }
}

/// <summary>
/// Adds a row's columns to another as Matomo's Row::sumRow does for rows of a report: numbers (numeric
/// strings too) are summed, <c>max_*</c> columns keep the maximum and <c>min_*</c> the minimum, nested
/// values (goal metrics) are summed key by key, other values keep the first one seen. Labels and
/// metadata are not copied.
/// </summary>
internal static class RowSum
{
    public static void Add(DataRow target, DataRow source, IReadOnlySet<string> skipped)
    {
        foreach (var (name, value) in source.Columns)
        {
            if (name == "label" || skipped.Contains(name))
            {
                continue;
            }

            target.Columns[name] = Merge(name, target.Columns.GetValueOrDefault(name), target.Columns.ContainsKey(name), value);
        }
    }

    private static object? Merge(string name, object? current, bool exists, object? added)
    {
        if (DataTableExtensions.ToNumber(added) is { } number)
        {
            if (!exists || current is null)
            {
                return number;
            }

            if (DataTableExtensions.ToNumber(current) is not { } sum)
            {
                return current;
            }

            return name.StartsWith("max_", StringComparison.Ordinal) ? Math.Max(sum, number)
                : name.StartsWith("min_", StringComparison.Ordinal) ? Math.Min(sum, number)
                : sum + number;
        }

        if (added is IEnumerable<KeyValuePair<string, object?>> nested)
        {
            var merged = new OrderedDictionary<string, object?>(StringComparer.Ordinal);
            if (current is IEnumerable<KeyValuePair<string, object?>> existing)
            {
                foreach (var (key, item) in existing)
                {
                    merged[key] = Copy(item);
                }
            }

            foreach (var (key, item) in nested)
            {
                merged[key] = Merge(key, merged.GetValueOrDefault(key), merged.ContainsKey(key), item);
            }

            return merged;
        }

        return exists && current is not null ? current : Copy(added);
    }

    /// <summary>A nested value copied so that summing never changes the rows it was read from.</summary>
    private static object? Copy(object? value)
    {
        if (value is not IEnumerable<KeyValuePair<string, object?>> nested)
        {
            return value;
        }

        var copy = new OrderedDictionary<string, object?>(StringComparer.Ordinal);
        foreach (var (key, item) in nested)
        {
            copy[key] = Copy(item);
        }

        return copy;
    }
}
