namespace Makoto.Core.DataTables;

/// <summary>
/// Builds a report table by label: rows are kept in the order their label was first seen (Matomo's
/// archive order, which also decides the subtable ids), rows with the same label are summed with the
/// report's <see cref="AggregationRules"/>, and each row may grow a subtable the same way.
/// </summary>
/// <remarks>
/// Two ways to add: <see cref="SumRow(string, IEnumerable{KeyValuePair{string, object}})"/> is Matomo's
/// <c>sumRowWithLabel</c> while a day is built — a label seen for the first time keeps its values as
/// given (so a one-source row keeps MySQL's value types), later ones are summed. <see cref="AddTable"/>
/// merges a whole table (a sub-period's report): its rows are summed into rows that start empty, so
/// every value becomes a number, and the summary rows ("Others") of the parts merge into one.
/// </remarks>
public sealed class TableAccumulator
{
    private readonly Dictionary<string, Entry> _rows = new(StringComparer.Ordinal);
    private readonly List<Entry> _order = [];
    private Entry? _summary;

    public TableAccumulator(AggregationRules? rules = null)
    {
        Rules = rules ?? AggregationRules.Default;
    }

    public AggregationRules Rules { get; }

    public int Count => _order.Count;

    /// <summary>True if a row with this label exists.</summary>
    public bool Contains(string label) => _rows.ContainsKey(label);

    /// <summary>The row with this label, created empty (only its label) at the end if missing.</summary>
    public DataRow Row(string label) => GetOrAdd(label).Row;

    /// <summary>The subtable builder of the row with this label (row and subtable created if missing).</summary>
    public TableAccumulator Subtable(string label)
    {
        var entry = GetOrAdd(label);
        return entry.Subtable ??= new TableAccumulator(Rules);
    }

    /// <summary>Adds the columns to the row with this label: as given for a new label, summed otherwise.</summary>
    public DataRow SumRow(string label, IEnumerable<KeyValuePair<string, object?>> columns)
    {
        if (_rows.TryGetValue(label, out var entry))
        {
            foreach (var (name, value) in columns)
            {
                Sum(entry.Row.Columns, name, value, Rules);
            }

            return entry.Row;
        }

        entry = GetOrAdd(label);
        foreach (var (name, value) in columns)
        {
            if (name != "label")
            {
                entry.Row.Columns[name] = value;
            }
        }

        return entry.Row;
    }

    /// <summary>Sums every column of <paramref name="source"/> into the row with its label (created empty).</summary>
    public void SumRow(DataRow source) => SumInto(GetOrAdd(source.Label ?? ""), source);

    /// <summary>
    /// Merges a whole table: each row summed into the row with its label (metadata of the first row seen
    /// kept, subtables merged recursively), the summary row into the summary row.
    /// </summary>
    public void AddTable(DataTable table)
    {
        foreach (var row in table.Rows)
        {
            SumInto(GetOrAdd(row.Label ?? ""), row);
        }

        if (table.SummaryRow is { } summary)
        {
            _summary ??= new Entry(NewRow(DataTable.SummaryRowLabel));
            SumInto(_summary, summary);
        }
    }

    /// <summary>The table, rows in first-seen order; nested accumulators become subtables.</summary>
    public DataTable ToTable()
    {
        var table = new DataTable();
        foreach (var entry in _order)
        {
            entry.Row.Subtable = entry.Subtable?.ToTable();
            table.Rows.Add(entry.Row);
        }

        table.SummaryRow = _summary?.Row;
        return table;
    }

    /// <summary>Adds <paramref name="value"/> to column <paramref name="name"/> of <paramref name="columns"/> by the rule of that column.</summary>
    public static void Sum(OrderedDictionary<string, object?> columns, string name, object? value, AggregationRules rules)
    {
        if (name == "label")
        {
            return;
        }

        // One lookup per column: the rest works on the column's index (this runs for every column of
        // every row of every sub-period when weeks, months and ranges are merged).
        var index = columns.IndexOf(name);
        var current = index >= 0 ? columns.GetAt(index).Value : null;
        var rule = rules.For(name);
        if (rule == ColumnAggregation.Sum && value is not null && current is long or null && MetricValues.TryInteger(value, out var addend))
        {
            // Integers, and the integer texts of day archives (MySQL's decimal sums): PHP's + gives an integer.
            var sum = current is long total ? total : 0;
            Set(columns, index, name, MetricValues.Box(sum + addend));
            return;
        }

        if (value is OrderedDictionary<string, object?> nested)
        {
            if (current is not OrderedDictionary<string, object?> target)
            {
                target = new OrderedDictionary<string, object?>(nested.Count, StringComparer.Ordinal);
                Set(columns, index, name, target);
            }

            foreach (var (key, item) in nested)
            {
                Sum(target, key, item, rules);
            }

            return;
        }

        if (rule is ColumnAggregation.Max or ColumnAggregation.Min)
        {
            // A missing column is PHP's false, which Matomo's max/min aggregations compare with.
            var existing = index >= 0 ? current : false;
            Set(columns, index, name, rule == ColumnAggregation.Max ? MetricValues.Max(existing, value) : MetricValues.Min(existing, value));
            return;
        }

        if (rule == ColumnAggregation.First || !MetricValues.IsNumeric(value))
        {
            if (index < 0)
            {
                columns.Add(name, value);
            }

            return;
        }

        Set(columns, index, name, MetricValues.Add(current, value));
    }

    private static void Set(OrderedDictionary<string, object?> columns, int index, string name, object? value)
    {
        if (index >= 0)
        {
            columns.SetAt(index, value);
        }
        else
        {
            columns.Add(name, value);
        }
    }

    private void SumInto(Entry entry, DataRow source)
    {
        // A new row (only its label) grows to the source's columns at once.
        entry.Row.Columns.EnsureCapacity(source.Columns.Count);
        foreach (var (name, value) in source.Columns)
        {
            Sum(entry.Row.Columns, name, value, Rules);
        }

        if (source.HasMetadata)
        {
            foreach (var (name, value) in source.Metadata)
            {
                entry.Row.Metadata.TryAdd(name, value);
            }
        }

        if (source.Subtable is { } subtable)
        {
            (entry.Subtable ??= new TableAccumulator(Rules)).AddTable(subtable);
        }
    }

    private Entry GetOrAdd(string label)
    {
        if (!_rows.TryGetValue(label, out var entry))
        {
            entry = new Entry(NewRow(label));
            _rows.Add(label, entry);
            _order.Add(entry);
        }

        return entry;
    }

    private static DataRow NewRow(string label)
    {
        var row = new DataRow();
        row.Columns["label"] = label;
        return row;
    }

    private sealed class Entry(DataRow row)
    {
        public DataRow Row { get; } = row;

        public TableAccumulator? Subtable { get; set; }
    }
}
