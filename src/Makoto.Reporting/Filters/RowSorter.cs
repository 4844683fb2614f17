using System.Text;
using Makoto.Core.DataTables;

namespace Makoto.Reporting.Filters;

/// <summary>
/// <c>filter_sort_column</c> / <c>filter_sort_order</c> as Matomo's Sort filter applies them:
/// <list type="bullet">
/// <item>The column is looked up in the first row; when that row lacks it, <c>nb_visits</c> is used if the row has it.</item>
/// <item>Numbers (numeric strings included) sort numerically, anything else in PHP's natural, case-insensitive order.</item>
/// <item>Ties of a numeric sort are broken by <c>label</c> in the opposite direction (so <c>desc</c> lists equal rows
/// alphabetically) when sorting by <c>nb_visits</c>, otherwise by <c>nb_visits</c> in the same direction, then label.</item>
/// <item>Rows without a value (missing column, nested goal metrics) come last, ordered by the tie-breaker only.</item>
/// <item>The summary row ("Others") stays last; subtables are sorted the same way when asked to.</item>
/// </list>
/// </summary>
internal static class RowSorter
{
    public static void Sort(DataTable table, string column, bool descending, bool recursive)
    {
        if (table.IsSimple || table.Rows.Count == 0)
        {
            return;
        }

        var first = table.Rows[0];
        var primary = first.Columns.ContainsKey(column) || !first.Columns.ContainsKey("nb_visits") ? column : "nb_visits";
        var primaryNumeric = IsNumericColumn(table, primary);
        var secondary = SecondaryColumn(first, primary);
        var secondaryDescending = secondary == "label" ? !descending : descending;
        var secondaryNumeric = secondary is not null && IsNumericColumn(table, secondary);
        var order = new SortOrder(primary, descending, primaryNumeric, primaryNumeric ? secondary : null, secondary, secondaryDescending, secondaryNumeric);
        table.Walk(recursive, order.Apply);
    }

    /// <summary>Matomo's tie-breaker: label after nb_visits, nb_visits (else label) after anything else.</summary>
    private static string? SecondaryColumn(DataRow first, string primary)
    {
        if (primary == "nb_visits")
        {
            return first.Columns.ContainsKey("label") ? "label" : null;
        }

        if (first.Columns.ContainsKey("nb_visits"))
        {
            return "nb_visits";
        }

        return primary != "label" && first.Columns.ContainsKey("label") ? "label" : null;
    }

    /// <summary>Whether the first value of the column (label excepted) is a number, as Matomo picks numeric or string order.</summary>
    private static bool IsNumericColumn(DataTable table, string column)
    {
        if (column == "label")
        {
            return false;
        }

        foreach (var row in table.Rows)
        {
            if (row.Columns.TryGetValue(column, out var value) && value is not null && !IsNested(value))
            {
                return DataTableExtensions.ToNumber(value) is not null;
            }
        }

        return false;
    }

    private static bool IsNested(object value) => value is System.Collections.IEnumerable and not string;

    /// <summary>The sort key of one row: its position, and its values read once.</summary>
    private readonly record struct Entry(DataRow Row, int Position, object? Primary, object? Secondary);

    private sealed record SortOrder(
        string Primary,
        bool Descending,
        bool PrimaryNumeric,
        string? TieBreaker,
        string? Secondary,
        bool SecondaryDescending,
        bool SecondaryNumeric)
    {
        public void Apply(DataTable table)
        {
            var withValues = new List<Entry>(table.Rows.Count);
            var withoutValues = new List<Entry>();
            for (var i = 0; i < table.Rows.Count; i++)
            {
                var row = table.Rows[i];
                var primary = Value(row, Primary, PrimaryNumeric);
                var entry = new Entry(row, i, primary, Secondary is null ? null : Value(row, Secondary, SecondaryNumeric));
                (primary is null ? withoutValues : withValues).Add(entry);
            }

            withValues.Sort(ComparePrimary);
            withoutValues.Sort(CompareSecondary);
            table.Rows.Clear();
            foreach (var entry in withValues)
            {
                table.Rows.Add(entry.Row);
            }

            foreach (var entry in withoutValues)
            {
                table.Rows.Add(entry.Row);
            }
        }

        private int ComparePrimary(Entry x, Entry y)
        {
            var result = CompareValues(x.Primary, y.Primary, PrimaryNumeric, Descending);
            if (result == 0 && TieBreaker is not null)
            {
                result = CompareValues(x.Secondary, y.Secondary, SecondaryNumeric, SecondaryDescending);
            }

            return result != 0 ? result : x.Position.CompareTo(y.Position);
        }

        private int CompareSecondary(Entry x, Entry y)
        {
            var result = Secondary is null ? 0 : CompareValues(x.Secondary, y.Secondary, SecondaryNumeric, SecondaryDescending);
            return result != 0 ? result : x.Position.CompareTo(y.Position);
        }

        /// <summary>The value to sort on: a double for numeric order, UTF-8 bytes for natural order, null when the row has none.</summary>
        private static object? Value(DataRow row, string column, bool numeric)
        {
            if (!row.Columns.TryGetValue(column, out var value) || value is null || IsNested(value))
            {
                return null;
            }

            return numeric
                ? DataTableExtensions.ToNumber(value) ?? 0
                : Encoding.UTF8.GetBytes(Rendering.ValueFormat.Text(value) ?? "");
        }

        private static int CompareValues(object? x, object? y, bool numeric, bool descending)
        {
            int result;
            if (x is null || y is null)
            {
                result = x is null ? (y is null ? 0 : -1) : 1;
            }
            else if (numeric)
            {
                result = ((double)x).CompareTo((double)y);
            }
            else
            {
                result = NaturalOrder.Compare((byte[])x, (byte[])y);
            }

            return descending ? -result : result;
        }
    }
}
