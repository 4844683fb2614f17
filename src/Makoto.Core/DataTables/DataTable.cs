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

    public OrderedDictionary<string, object?> Metadata { get; } = new(StringComparer.Ordinal);

    /// <summary>The subtable under this row (e.g. the pages inside a folder), if any.</summary>
    public DataTable? Subtable { get; set; }

    /// <summary>The id clients use to request <see cref="Subtable"/> (<c>idSubtable</c>).</summary>
    public int? IdSubtable { get; set; }

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

    public static double ToDouble(object? value) => value switch
    {
        null => 0,
        int i => i,
        long l => l,
        double d => d,
        float f => f,
        decimal m => (double)m,
        _ => 0,
    };
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
