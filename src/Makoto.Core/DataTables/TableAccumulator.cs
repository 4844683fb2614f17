namespace Makoto.Core.DataTables;

/// <summary>
/// Builds a report table by label: rows are kept in the order their label was first seen (Matomo's
/// archive order, which also decides the subtable ids), rows with the same label are summed with the
/// report's <see cref="AggregationRules"/>, and each row may grow a subtable the same way.
/// </summary>
/// <remarks>
/// <see cref="SumRow(string, IEnumerable{KeyValuePair{string, object}})"/> is Matomo's
/// <c>sumRowWithLabel</c> while a day is built: a label seen for the first time keeps its values as
/// given (so a one-source row keeps MySQL's value types), later ones are summed. Whole tables of
/// sub-periods are merged by <see cref="TableMerger"/>, with the same column rules (<see cref="Combine"/>).
/// </remarks>
public sealed class TableAccumulator
{
    private readonly Dictionary<string, Entry> _rows = new(StringComparer.Ordinal);
    private readonly List<Entry> _order = [];

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

    /// <summary>The table, rows in first-seen order; nested accumulators become subtables.</summary>
    public DataTable ToTable()
    {
        var table = new DataTable();
        foreach (var entry in _order)
        {
            entry.Row.Subtable = entry.Subtable?.ToTable();
            table.Rows.Add(entry.Row);
        }

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
        // every row summed into an "Others" row or built into a day's table).
        var index = columns.IndexOf(name);
        if (Combine(index >= 0, index >= 0 ? columns.GetAt(index).Value : null, value, rules.For(name), rules, out var result))
        {
            if (index >= 0)
            {
                columns.SetAt(index, result);
            }
            else
            {
                columns.Add(name, result);
            }
        }
    }

    /// <summary>
    /// Matomo's sum of one column of two rows (<c>Row::sumRow</c>): the new value of a column that
    /// <paramref name="exists"/> with <paramref name="current"/> (or is missing) when
    /// <paramref name="value"/> is summed into it by <paramref name="rule"/>. False when the column
    /// keeps its value. A nested map (goal metrics) is summed into <paramref name="current"/> when that
    /// is a map, otherwise into a new map that replaces it.
    /// </summary>
    internal static bool Combine(bool exists, object? current, object? value, ColumnAggregation rule, AggregationRules rules, out object? result)
    {
        if (rule == ColumnAggregation.Sum && value is not null && current is long or null && MetricValues.TryInteger(value, out var addend))
        {
            // Integers, and the integer texts of day archives (MySQL's decimal sums): PHP's + gives an integer.
            var sum = current is long total ? total : 0;
            result = MetricValues.Box(sum + addend);
            return true;
        }

        if (value is OrderedDictionary<string, object?> nested)
        {
            if (current is not OrderedDictionary<string, object?> target)
            {
                target = new OrderedDictionary<string, object?>(nested.Count, StringComparer.Ordinal);
            }

            foreach (var (key, item) in nested)
            {
                Sum(target, key, item, rules);
            }

            result = target;
            return true;
        }

        if (rule is ColumnAggregation.Max or ColumnAggregation.Min)
        {
            // A missing column is PHP's false, which Matomo's max/min aggregations compare with.
            var existing = exists ? current : false;
            result = rule == ColumnAggregation.Max ? MetricValues.Max(existing, value) : MetricValues.Min(existing, value);
            return true;
        }

        if (rule == ColumnAggregation.First || !MetricValues.IsNumeric(value))
        {
            result = value;
            return !exists;
        }

        result = MetricValues.Add(current, value);
        return true;
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
