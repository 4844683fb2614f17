using System.Globalization;
using Makoto.Core.DataTables;

namespace Makoto.Reporting.Filters;

/// <summary>Helpers on the report model used by the filters and processed metrics.</summary>
public static class DataTableExtensions
{
    /// <summary>
    /// The column's value as a number the way PHP reads it: numbers as they are, numeric strings
    /// (<c>"15"</c>, which some archives hold) parsed, anything else 0.
    /// </summary>
    public static double NumberOf(this DataRow row, string column) =>
        row.Columns.TryGetValue(column, out var value) ? ToNumber(value) ?? 0 : 0;

    /// <summary>A number, a numeric string (leading and trailing blanks allowed) as a number, otherwise null.</summary>
    public static double? ToNumber(object? value) => value switch
    {
        int i => i,
        long l => l,
        double d => d,
        float f => f,
        decimal m => (double)m,
        bool b => b ? 1 : 0,
        string s when double.TryParse(s.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) => parsed,
        _ => null,
    };

    /// <summary>The value of a column, or of the metadata entry of that name when there is no such column.</summary>
    public static object? ColumnOrMetadata(this DataRow row, string name) =>
        row.Columns.TryGetValue(name, out var value) ? value : row.Metadata.GetValueOrDefault(name);

    /// <summary>The rows of the table followed by its summary row, as a list that may be changed while walking it.</summary>
    internal static List<DataRow> RowsWithSummary(this DataTable table)
    {
        var rows = new List<DataRow>(table.RowCount);
        rows.AddRange(table.Rows);
        if (table.SummaryRow is { } summary)
        {
            rows.Add(summary);
        }

        return rows;
    }

    /// <summary>Removes <paramref name="row"/>, the summary row included.</summary>
    internal static void Remove(this DataTable table, DataRow row)
    {
        if (ReferenceEquals(table.SummaryRow, row))
        {
            table.SummaryRow = null;
            return;
        }

        table.Rows.Remove(row);
    }

    /// <summary>Calls <paramref name="action"/> on the table and, when <paramref name="recursive"/>, on every subtable below it.</summary>
    internal static void Walk(this DataTable table, bool recursive, Action<DataTable> action)
    {
        action(table);
        if (!recursive)
        {
            return;
        }

        foreach (var row in table.AllRows)
        {
            row.Subtable?.Walk(recursive: true, action);
        }
    }
}
