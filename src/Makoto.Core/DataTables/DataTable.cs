namespace Makoto.Core.DataTables;

/// <summary>
/// Matomo's report model: rows of named columns and metadata, optional subtables, and an optional
/// summary row ("Others"). A <em>simple</em> table holds one row of metrics without a label and is
/// rendered as a JSON object (VisitsSummary.get); other tables are rendered as lists of rows.
/// </summary>
public sealed class DataTable
{
    /// <summary>Label of the summary row in archives; rendered as "Others".</summary>
    public const string SummaryRowLabel = "-1";

    public DataTable(bool isSimple = false)
    {
        IsSimple = isSimple;
    }

    /// <summary>True for a one-row table of metrics rendered as an object.</summary>
    public bool IsSimple { get; }

    public List<DataRow> Rows { get; } = [];

    /// <summary>The "Others" row that holds everything cut by truncation, if any.</summary>
    public DataRow? SummaryRow { get; set; }

    public int RowCount => Rows.Count + (SummaryRow is null ? 0 : 1);

    /// <summary>Rows followed by the summary row, if any.</summary>
    public IEnumerable<DataRow> AllRows
    {
        get
        {
            foreach (var row in Rows)
            {
                yield return row;
            }

            if (SummaryRow is not null)
            {
                yield return SummaryRow;
            }
        }
    }

    public DataRow AddRow(DataRow row)
    {
        Rows.Add(row);
        return row;
    }

    /// <summary>The first row whose label equals <paramref name="label"/>, or null.</summary>
    public DataRow? FindRow(string label)
    {
        foreach (var row in Rows)
        {
            if (string.Equals(row.Label, label, StringComparison.Ordinal))
            {
                return row;
            }
        }

        return null;
    }

    /// <summary>
    /// Keeps at most <paramref name="maxRows"/> rows (the summary row included): when there are more, the
    /// rows are sorted by <paramref name="sortColumn"/> descending (ties keep their order), the first
    /// <c>maxRows - 1</c> stay and the others are summed into the summary row ("Others") — their
    /// subtables are dropped. Subtables are truncated to <paramref name="maxSubtableRows"/> the same way.
    /// Zero or less means no limit.
    /// </summary>
    public void Truncate(int maxRows, int maxSubtableRows, string sortColumn, AggregationRules rules)
    {
        if (maxSubtableRows > 0)
        {
            foreach (var row in Rows)
            {
                row.Subtable?.Truncate(maxSubtableRows, maxSubtableRows, sortColumn, rules);
            }
        }

        if (maxRows <= 0 || RowCount <= maxRows)
        {
            return;
        }

        SortDescending(sortColumn);
        var keep = Math.Max(maxRows - 1, 0);
        var summary = SummaryRow;
        if (summary is null)
        {
            summary = new DataRow();
            summary.Columns["label"] = SummaryRowLabel;
        }

        for (var i = keep; i < Rows.Count; i++)
        {
            foreach (var (name, value) in Rows[i].Columns)
            {
                TableAccumulator.Sum(summary.Columns, name, value, rules);
            }
        }

        Rows.RemoveRange(keep, Rows.Count - keep);
        SummaryRow = summary;
    }

    /// <summary>Stable sort of the rows by a numeric column, largest first (rows without it last).</summary>
    public void SortDescending(string column)
    {
        var ordered = Rows
            .Select((row, index) => (Row: row, Index: index, Value: row.Columns.TryGetValue(column, out var v) && MetricValues.IsNumeric(v) ? MetricValues.ToDouble(v) : double.NegativeInfinity))
            .OrderByDescending(x => x.Value)
            .ThenBy(x => x.Index)
            .Select(x => x.Row)
            .ToList();
        Rows.Clear();
        Rows.AddRange(ordered);
    }

    /// <summary>
    /// Numbers the subtables of the whole tree the way Matomo's archives do: depth first in row order,
    /// from 1. Returns the number of subtables.
    /// </summary>
    public int AssignSubtableIds()
    {
        var next = 0;
        Number(this, ref next);
        return next;

        static void Number(DataTable table, ref int next)
        {
            foreach (var row in table.Rows)
            {
                if (row.Subtable is { } subtable)
                {
                    row.IdSubtable = ++next;
                    Number(subtable, ref next);
                }
                else
                {
                    row.IdSubtable = null;
                }
            }
        }
    }

    /// <summary>The subtable with this id anywhere in the tree, or null.</summary>
    public DataTable? FindSubtable(int idSubtable)
    {
        foreach (var row in Rows)
        {
            if (row.Subtable is not { } subtable)
            {
                continue;
            }

            if (row.IdSubtable == idSubtable)
            {
                return subtable;
            }

            if (subtable.FindSubtable(idSubtable) is { } found)
            {
                return found;
            }
        }

        return null;
    }

    /// <summary>Renames columns in every row of the tree; a renamed column moves to the end of its row.</summary>
    public void RenameColumns(IReadOnlyDictionary<string, string> renames)
    {
        if (renames.Count == 0)
        {
            return;
        }

        foreach (var row in AllRows)
        {
            foreach (var (from, to) in renames)
            {
                if (row.Columns.Remove(from, out var value))
                {
                    row.Columns[to] = value;
                }
            }

            row.Subtable?.RenameColumns(renames);
        }
    }

    /// <summary>A deep copy (rows, nested values and subtables), for callers that filter a shared table.</summary>
    public DataTable Clone() => Copy(subtables: true);

    /// <summary>
    /// A copy of the rows and their nested values whose rows keep the original subtables, for callers
    /// that change only this table's rows (a large report answered without <c>expanded</c> need not copy
    /// its thousands of subtable rows). The subtables are shared: they must not be changed.
    /// </summary>
    public DataTable CloneKeepingSubtables() => Copy(subtables: false);

    private DataTable Copy(bool subtables)
    {
        var copy = new DataTable(IsSimple);
        foreach (var row in Rows)
        {
            copy.Rows.Add(row.Copy(subtables));
        }

        copy.SummaryRow = SummaryRow?.Copy(subtables);
        return copy;
    }

    /// <summary>A simple table holding the given metrics in order.</summary>
    public static DataTable Simple(IEnumerable<KeyValuePair<string, object?>> columns)
    {
        var table = new DataTable(isSimple: true);
        var row = new DataRow();
        foreach (var (name, value) in columns)
        {
            row.Columns[name] = value;
        }

        table.Rows.Add(row);
        return table;
    }
}

/// <summary>One row of a <see cref="DataTable"/>: ordered columns, ordered metadata, optional subtable.</summary>
public sealed class DataRow
{
    public OrderedDictionary<string, object?> Columns { get; } = new(StringComparer.Ordinal);

    private OrderedDictionary<string, object?>? _metadata;

    /// <summary>The row's metadata (created on first use: most archived rows have none).</summary>
    public OrderedDictionary<string, object?> Metadata => _metadata ??= new(StringComparer.Ordinal);

    /// <summary>True when the row has metadata; reading it does not create the map.</summary>
    public bool HasMetadata => _metadata is { Count: > 0 };

    /// <summary>The subtable under this row (e.g. the pages inside a folder), if any.</summary>
    public DataTable? Subtable { get; set; }

    /// <summary>The id clients use to request <see cref="Subtable"/> (<c>idSubtable</c>).</summary>
    public int? IdSubtable { get; set; }

    /// <summary>A deep copy of the row, its nested column values and its subtable.</summary>
    public DataRow Clone() => Copy(subtables: true);

    /// <summary>A copy of the row and its nested values, with a copy of its subtable or (false) the same subtable.</summary>
    internal DataRow Copy(bool subtables)
    {
        var copy = new DataRow { IdSubtable = IdSubtable, Subtable = subtables ? Subtable?.Clone() : Subtable };
        foreach (var (name, value) in Columns)
        {
            copy.Columns[name] = CloneValue(value);
        }

        if (HasMetadata)
        {
            foreach (var (name, value) in Metadata)
            {
                copy.Metadata[name] = CloneValue(value);
            }
        }

        return copy;
    }

    private static object? CloneValue(object? value)
    {
        if (value is not OrderedDictionary<string, object?> nested)
        {
            return value;
        }

        var copy = new OrderedDictionary<string, object?>(StringComparer.Ordinal);
        foreach (var (key, item) in nested)
        {
            copy[key] = CloneValue(item);
        }

        return copy;
    }

    /// <summary>The <c>label</c> column as a string, or null.</summary>
    public string? Label
    {
        get => Columns.TryGetValue("label", out var v) ? v?.ToString() : null;
        set => Columns["label"] = value;
    }

    public object? this[string column]
    {
        get => Columns.TryGetValue(column, out var v) ? v : null;
        set => Columns[column] = value;
    }

    /// <summary>The column's value as a double (0 when missing or not numeric).</summary>
    public double GetNumber(string column) => Columns.TryGetValue(column, out var v) ? ToDouble(v) : 0;

    public static double ToDouble(object? value) => MetricValues.ToDouble(value);
}

/// <summary>
/// Several results keyed by period (<c>date</c>) or by site (<c>idSite</c>): Matomo's DataTable\Map.
/// The values are <see cref="DataTable"/>s or nested maps.
/// </summary>
public sealed class DataTableMap
{
    public DataTableMap(string keyName)
    {
        KeyName = keyName;
    }

    /// <summary>"date" or "idSite": the attribute name used by the XML renderer and CSV column.</summary>
    public string KeyName { get; }

    public OrderedDictionary<string, object> Entries { get; } = new(StringComparer.Ordinal);
}
