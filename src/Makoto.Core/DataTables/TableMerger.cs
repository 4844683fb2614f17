using System.Buffers;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using static Makoto.Core.DataTables.DataTableSerializer;

namespace Makoto.Core.DataTables;

/// <summary>
/// Merges whole report tables of sub-periods into the table of a longer period (Matomo's
/// <c>DataTable::addDataTable</c> when weeks, months, years and ranges are archived): rows are summed
/// by label into rows that start empty, in the order their label was first seen (which decides the
/// subtable ids), subtables recursively, the summary rows ("Others") into one, the metadata of the
/// first row seen kept. Every value becomes a number, by the column rules of
/// <see cref="TableAccumulator.Combine"/>.
/// </summary>
/// <remarks>
/// A year merges millions of cells, so the merged rows are not <see cref="DataRow"/>s: each holds its
/// values in an array indexed by a column number shared by the whole table tree, integers and
/// doubles unboxed, and archived tables are read straight from their blobs (<see cref="AddBlob"/>)
/// without building a row object, a column map or a value object per cell. Values other than
/// integers and doubles (texts, booleans, goal maps) and the max/min of mixed kinds go through
/// <see cref="TableAccumulator.Combine"/> as objects.
/// </remarks>
public sealed class TableMerger
{
    private const int LabelColumn = 0;

    private readonly Columns _columns;
    private RowIndex _index;
    private MergedRow? _summary;

    /// <summary>The reader of the blobs added (<see cref="AddBlob"/>), its buffers and names kept from one blob to the next.</summary>
    private BlobReader? _reader;

    public TableMerger(AggregationRules? rules = null)
        : this(new Columns(rules ?? AggregationRules.Default, new RowSupply()), RowPool.Tables)
    {
    }

    /// <summary>A table of the tree: its rows indexed in an index of that kind (<see cref="RowPool.Tables"/> or <see cref="RowPool.Subtables"/>).</summary>
    private TableMerger(Columns columns, int kind)
    {
        _columns = columns;
        _index = columns.Supply.TakeIndex(kind);
    }

    /// <summary>Sums a table's rows, subtables and summary row into this one.</summary>
    public void AddTable(DataTable table)
    {
        foreach (var row in table.Rows)
        {
            AddRow(Row(row.Label ?? ""), row);
        }

        if (table.SummaryRow is { } summary)
        {
            AddRow(_summary ??= NewRow(DataTable.SummaryRowLabel), summary);
        }
    }

    /// <summary>Sums the table archived in <paramref name="blob"/> (<see cref="DataTableSerializer"/>) into this one, reading it in place.</summary>
    public void AddBlob(ReadOnlySpan<byte> blob) => Decode(blob, this, static (cursor, merger) =>
    {
        merger.Read(merger._reader is { } reader ? reader.For(cursor) : merger._reader = new BlobReader(cursor, merger._columns));
        return 0;
    });

    /// <summary>The merged table: rows in first-seen order, each row's columns in the order they were first seen.</summary>
    public DataTable ToTable()
    {
        var table = new DataTable();
        table.Rows.Capacity = _index.Order.Count;
        foreach (var row in _index.Order)
        {
            table.Rows.Add(ToRow(row));
        }

        table.SummaryRow = _summary is null ? null : ToRow(_summary);
        return table;
    }

    /// <summary>
    /// Renames columns in every row of the tree as <see cref="DataTable.RenameColumns"/> does on the merged
    /// table: a renamed column moves to the end of its row, or replaces the value of a column of the new name.
    /// </summary>
    public void RenameColumns(IReadOnlyDictionary<string, string> renames)
    {
        if (renames.Count == 0)
        {
            return;
        }

        var pairs = new List<(int From, int To)>(renames.Count);
        foreach (var (from, to) in renames)
        {
            pairs.Add((_columns.IndexOf(from), _columns.IndexOf(to)));
        }

        Rename(pairs);
    }

    /// <summary>
    /// Truncates the merged table as <see cref="DataTable.Truncate"/> truncates the table <see cref="ToTable"/>
    /// would give: at most <paramref name="maxRows"/> rows with the summary row, the rows ranked by
    /// <paramref name="sortColumn"/> (largest first, ties in their order) and the others summed into the
    /// summary row without their subtables; the rows' subtables to <paramref name="maxSubtableRows"/>.
    /// </summary>
    public void Truncate(int maxRows, int maxSubtableRows, string sortColumn)
    {
        if (maxSubtableRows > 0)
        {
            foreach (var row in _index.Order)
            {
                row.Subtable?.Truncate(maxSubtableRows, maxSubtableRows, sortColumn);
            }
        }

        if (maxRows <= 0 || _index.Order.Count + (_summary is null ? 0 : 1) <= maxRows)
        {
            return;
        }

        var column = _columns.IndexOf(sortColumn);
        var order = _index.Order;
        var count = order.Count;
        var ranked = ArrayPool<(double Value, int Index)>.Shared.Rent(count);
        var rows = ArrayPool<MergedRow>.Shared.Rent(count);
        try
        {
            for (var i = 0; i < count; i++)
            {
                rows[i] = order[i];
                ranked[i] = (SortValue(rows[i], column), i);
            }

            ranked.AsSpan(0, count).Sort(static (a, b) => b.Value.CompareTo(a.Value) is var compared and not 0 ? compared : a.Index.CompareTo(b.Index));
            var keep = Math.Min(Math.Max(maxRows - 1, 0), count);
            var summary = _summary ??= NewRow(DataTable.SummaryRowLabel);
            for (var i = keep; i < count; i++)
            {
                var dropped = rows[ranked[i].Index];
                foreach (var index in dropped.Order)
                {
                    AddCell(summary, index, in dropped.Cells[index]);
                }

                _index.Rows.Remove(dropped.Label);
                Release(dropped);
            }

            order.Clear();
            for (var i = 0; i < keep; i++)
            {
                order.Add(rows[ranked[i].Index]);
            }
        }
        finally
        {
            ArrayPool<(double Value, int Index)>.Shared.Return(ranked);
            ArrayPool<MergedRow>.Shared.Return(rows, clearArray: true);
        }
    }

    /// <summary>
    /// Hands the merged rows (the subtables' too) and their indexes to the mergers made after this one, which take them
    /// for their new labels instead of allocating rows (<see cref="RowPool"/>): for a merger that is done, its table serialized and
    /// no longer read. A merger's rows are most of what merging a period allocates, and those of the months in flight
    /// outlived the young collections. The merger is empty afterwards, as a new one.
    /// </summary>
    public void Release()
    {
        ReleaseRows();
        var supply = _columns.Supply;
        supply.Give(_index, RowPool.Tables);
        _index = new RowIndex();
        supply.Return();
    }

    /// <summary>
    /// The merged table in the archive format (<see cref="DataTableSerializer"/>), with its subtables numbered as
    /// <see cref="DataTable.AssignSubtableIds"/> numbers them, compressed at <see cref="DataTableSerializer.PeriodLevel"/>:
    /// the same bytes as serializing <see cref="ToTable"/> at that level.
    /// </summary>
    public byte[] Serialize() => DataTableSerializer.Serialize(
        this,
        static (writer, merger) =>
        {
            var next = 0;
            merger.Write(writer, new WrittenNames(), numbered: true, ref next);
        },
        DataTableSerializer.PeriodLevel);

    private void Write(DataTableSerializer.Writer writer, WrittenNames names, bool numbered, ref int next)
    {
        writer.Flags(simple: false, hasSummary: _summary is not null);
        writer.Count(_index.Order.Count);
        foreach (var row in _index.Order)
        {
            WriteRow(writer, names, row, numbered, ref next);
        }

        if (_summary is { } summary)
        {
            // The summary row and what is under it are not numbered (AssignSubtableIds numbers the rows only).
            WriteRow(writer, names, summary, numbered: false, ref next);
        }
    }

    private void WriteRow(DataTableSerializer.Writer writer, WrittenNames names, MergedRow row, bool numbered, ref int next)
    {
        WriteShape(writer, names, row, withLabel: true);
        writer.Text(row.Label);
        WriteCells(writer, names, row);
        if (row.Metadata is { Count: > 0 } metadata)
        {
            writer.Pairs(metadata);
        }
        else
        {
            writer.Count(0);
        }

        if (row.Subtable is { } subtable)
        {
            writer.Count(numbered ? ++next : 0);
            subtable.Write(writer, names, numbered, ref next);
        }
        else
        {
            writer.Count(-1);
        }
    }

    /// <summary>
    /// Writes the shape of a row's columns (the label first, for a table's row) or of a goal map's keys: the number of the
    /// shape of a row of the same columns written before (most rows), otherwise as the writer finds or makes it.
    /// </summary>
    private static void WriteShape(DataTableSerializer.Writer writer, WrittenNames names, MergedRow row, bool withLabel)
    {
        var shapes = names.ShapesOf(row.Columns);
        var order = CollectionsMarshal.AsSpan(row.Order);
        if (shapes.TryGet(order, out var number))
        {
            writer.ShapeAgain(number);
            return;
        }

        shapes.Add(order, writer.Shape(row.Columns.Names, names.Of(row.Columns), withLabel ? LabelColumn : null, row.Order));
    }

    /// <summary>Writes the values of a row's columns (or a goal map's) in their order, after their shape; a map as the blob's nested map.</summary>
    private static void WriteCells(DataTableSerializer.Writer writer, WrittenNames names, MergedRow row)
    {
        foreach (var column in row.Order)
        {
            ref readonly var cell = ref row.Cells[column];
            switch (cell.Kind)
            {
                case CellKind.Integer:
                    writer.Integer(cell.Integer);
                    break;
                case CellKind.Double:
                    writer.Double(cell.Number);
                    break;
                case CellKind.Decimal:
                    cell.WriteDecimal(writer);
                    break;
                case CellKind.Map:
                    var map = cell.Map;
                    writer.MapStart();
                    WriteShape(writer, names, map, withLabel: false);
                    WriteCells(writer, names, map);
                    break;
                default:
                    writer.Value(cell.Object);
                    break;
            }
        }
    }

    private void Rename(List<(int From, int To)> pairs)
    {
        foreach (var row in _index.Order)
        {
            RenameRow(row, pairs);
        }

        if (_summary is { } summary)
        {
            RenameRow(summary, pairs);
        }

        static void RenameRow(MergedRow row, List<(int From, int To)> pairs)
        {
            foreach (var (from, to) in pairs)
            {
                row.Rename(from, to);
            }

            row.Subtable?.Rename(pairs);
        }
    }

    /// <summary>What <see cref="DataTable.SortDescending"/> ranks a row by: the column's numeric value, or negative infinity.</summary>
    private static double SortValue(MergedRow row, int column)
    {
        if (column >= row.Cells.Length)
        {
            return double.NegativeInfinity;
        }

        var cell = row.Cells[column];
        switch (cell.Kind)
        {
            case CellKind.Missing or CellKind.Map:
                return double.NegativeInfinity;
            case CellKind.Integer or CellKind.Double or CellKind.Decimal:
                return cell.Number;
            default:
                var value = cell.ToObject();
                return MetricValues.IsNumeric(value) ? MetricValues.ToDouble(value) : double.NegativeInfinity;
        }
    }

    private DataRow ToRow(MergedRow merged)
    {
        var row = new DataRow();
        row.Columns.EnsureCapacity(merged.Order.Count + 1);
        row.Columns.Add("label", merged.Label);
        foreach (var column in merged.Order)
        {
            row.Columns.Add(_columns.Names[column], merged.Cells[column].ToObject());
        }

        if (merged.Metadata is { } metadata)
        {
            foreach (var (name, value) in metadata)
            {
                row.Metadata.Add(name, value);
            }
        }

        row.Subtable = merged.Subtable?.ToTable();
        return row;
    }

    private MergedRow NewRow(string label) => _columns.Supply.Take(label, _columns);

    private void ReleaseRows()
    {
        foreach (var row in _index.Order)
        {
            Release(row);
        }

        if (_summary is { } summary)
        {
            Release(summary);
        }

        _index.Order.Clear();
        _index.Rows.Clear();
        _summary = null;
    }

    /// <summary>Gives a row this tree no longer holds (with the rows and the index of its subtable) back to the supply, cleared.</summary>
    private void Release(MergedRow row)
    {
        if (row.Subtable is { } subtable)
        {
            subtable.ReleaseRows();
            _columns.Supply.Give(subtable._index, RowPool.Subtables);
        }

        _columns.Supply.Give(row);
    }

    private MergedRow Row(string label)
    {
        if (!_index.Rows.TryGetValue(label, out var row))
        {
            row = NewRow(label);
            _index.Rows.Add(label, row);
            _index.Order.Add(row);
        }

        return row;
    }

    private MergedRow Row(ReadOnlySpan<char> label)
    {
        if (!_index.Labels.TryGetValue(label, out var row))
        {
            row = NewRow(label.ToString());
            _index.Rows.Add(row.Label, row);
            _index.Order.Add(row);
        }

        return row;
    }

    private void AddRow(MergedRow target, DataRow source)
    {
        foreach (var (name, value) in source.Columns)
        {
            if (name == "label")
            {
                continue;
            }

            var incoming = Incoming.Of(value);
            Add(target, _columns.IndexOf(name), ref incoming);
        }

        if (source.HasMetadata)
        {
            foreach (var (name, value) in source.Metadata)
            {
                (target.Metadata ??= new OrderedDictionary<string, object?>(StringComparer.Ordinal)).TryAdd(name, value);
            }
        }

        if (source.Subtable is { } subtable)
        {
            (target.Subtable ??= new TableMerger(_columns, RowPool.Subtables)).AddTable(subtable);
        }
    }

    private void Read(BlobReader reader)
    {
        var flags = reader.Cursor.ReadByte();
        var count = reader.Cursor.ReadCount();
        for (var i = 0; i < count; i++)
        {
            ReadRow(reader, summary: false);
        }

        if ((flags & 2) != 0)
        {
            ReadRow(reader, summary: true);
        }
    }

    private void ReadRow(BlobReader reader, bool summary)
    {
        var cursor = reader.Cursor;

        // A row's columns are its shape's (format version 3), or named one by one before their values.
        var shape = reader.Blob.Shaped ? reader.ShapeColumns(_columns) : null;
        var count = shape?.Length ?? cursor.ReadCount();

        // Values are summed as they are read once the row is known; the columns before the label (tables
        // are built label first, so rarely any) wait in a buffer until then.
        var target = summary ? _summary ??= NewRow(DataTable.SummaryRowLabel) : null;
        var held = 0;
        for (var i = 0; i < count; i++)
        {
            var column = shape is null ? reader.Column() : shape[i];
            var tag = (Tag)cursor.ReadByte();
            if (column == LabelColumn)
            {
                if (summary)
                {
                    Skip(cursor, reader.Blob, tag);
                    continue;
                }

                target = tag == Tag.Text ? Row(reader.Decode(cursor.ReadText())) : Row(Value(cursor, reader.Blob, tag)?.ToString() ?? "");
                AddHeld(reader, target, held);
                held = 0;
            }
            else if (target is null)
            {
                reader.Hold(held++, column, tag);
            }
            else
            {
                AddRead(reader, target, column, tag);
            }
        }

        if (target is null)
        {
            target = Row("");
            AddHeld(reader, target, held);
        }

        // The metadata of the first row seen is kept: later rows' values are skipped, not decoded.
        var metadata = reader.Cursor.ReadCount();
        for (var i = 0; i < metadata; i++)
        {
            var name = reader.Blob.Name(reader.Cursor);
            var map = target.Metadata ??= new OrderedDictionary<string, object?>(StringComparer.Ordinal);
            if (map.ContainsKey(name))
            {
                Skip(reader.Cursor, reader.Blob);
            }
            else
            {
                map.Add(name, Value(reader.Cursor, reader.Blob));
            }
        }

        if (reader.Cursor.Read7BitInt() >= 0)
        {
            (target.Subtable ??= new TableMerger(_columns, RowPool.Subtables)).Read(reader);
        }
    }

    /// <summary>Sums a value read from the blob into a column of a row: a text in place, a goal map into the row's map.</summary>
    private static void AddRead(BlobReader reader, MergedRow row, int column, Tag tag)
    {
        // The bulk of a day's cells are counts summed into counts (integers, MySQL's integer texts), decimals and
        // nulls of columns the row has: summed here without going through the general paths, which live in methods of
        // their own (NoInlining), so that this one's frame holds no value being summed to clear on each call.
        var cursor = reader.Cursor;
        switch (tag)
        {
            case Tag.IntegerText:
                AddIntegerText(row, column, ReadInteger(cursor));
                return;
            case Tag.DecimalText:
                var (digits, scale) = ReadDecimal(cursor);
                AddDecimalText(row, column, digits, scale);
                return;
            case Tag.Integer:
                var integer = ReadInteger(cursor);
                ref var cell = ref row.Cell(column);
                if (row.Columns.Rules[column] == ColumnAggregation.Sum && cell.IsIntegerOrNothing)
                {
                    SumInteger(row, ref cell, column, integer);
                    return;
                }

                AddInteger(row, column, integer);
                return;
            case Tag.Null:
                ref var nullInto = ref row.Cell(column);
                if (row.Columns.Rules[column] == ColumnAggregation.Sum ? !nullInto.IsMissing : !nullInto.IsMap && AddNull(row, ref nullInto, column))
                {
                    return;
                }

                AddValue(reader, row, column, tag);
                return;
            case Tag.Double:
                var number = cursor.ReadDouble();
                ref var doubleInto = ref row.Cell(column);
                if (row.Columns.Rules[column] == ColumnAggregation.Sum && (doubleInto.IsIntegerOrNothing || doubleInto.IsDouble))
                {
                    // PHP's + of a double and a number or nothing, as TrySum adds them (the time sums of merged periods).
                    if (doubleInto.IsMissing)
                    {
                        row.Order.Add(column);
                    }

                    doubleInto = Cell.Of(doubleInto.Number + number);
                    return;
                }

                AddDouble(row, column, number);
                return;
            case Tag.Map:
                AddMap(reader, row, column);
                return;
            default:
                AddValue(reader, row, column, tag);
                return;
        }
    }

    /// <summary>An integer summed into a column by the general path (another rule, or a value that is not an integer).</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void AddInteger(MergedRow row, int column, long value)
    {
        var incoming = Incoming.Of(value);
        Add(row, column, ref incoming);
    }

    /// <summary>A double summed into a column by the general path.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void AddDouble(MergedRow row, int column, double value)
    {
        var incoming = Incoming.Of(value);
        Add(row, column, ref incoming);
    }

    /// <summary>A text (summed as its number when it is an integer or decimal text), null, boolean or other value read and summed into a column.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void AddValue(BlobReader reader, MergedRow row, int column, Tag tag)
    {
        var cursor = reader.Cursor;
        Incoming incoming;
        if (tag == Tag.Text)
        {
            var text = cursor.ReadText();
            ref var cell = ref row.Cell(column);
            var sum = row.Columns.Rules[column] == ColumnAggregation.Sum;
            if (sum && cell.IsIntegerOrNothing && TryDigits(text, out var parsed))
            {
                SumInteger(row, ref cell, column, parsed);
                return;
            }

            if (sum && (cell.IsIntegerOrNothing || cell.IsDouble) && DecimalText.TryParse(text, out var digits, out var scale))
            {
                SumDecimal(row, ref cell, column, digits, scale);
                return;
            }

            incoming = Incoming.OfText(text);
        }
        else
        {
            incoming = Incoming.Of(Value(cursor, reader.Blob, tag));
        }

        Add(row, column, ref incoming);
    }

    /// <summary>
    /// A null merged into a column kept by max or min (the page timings of rows without them: a third of a day's page
    /// cells), as <see cref="TryMax"/> and <see cref="TryMin"/> merge it, without the general path: max keeps PHP's false
    /// for a missing column and nothing else changes; min takes the null over a missing or falsy value. False for the
    /// other rules (the general path).
    /// </summary>
    private static bool AddNull(MergedRow row, ref Cell cell, int column)
    {
        switch (row.Columns.Rules[column])
        {
            case ColumnAggregation.Max:
                if (cell.IsMissing)
                {
                    cell = Cell.False;
                    row.Order.Add(column);
                }

                return true;
            case ColumnAggregation.Min:
                if (cell.IsMissing)
                {
                    cell = Cell.From(null);
                    row.Order.Add(column);
                }
                else if (!cell.IsNull && !cell.Truthy)
                {
                    cell = Cell.From(null);
                }

                return true;
            default:
                return false;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void SumInteger(MergedRow row, ref Cell cell, int column, long value)
    {
        if (cell.IsMissing)
        {
            row.Order.Add(column);
        }

        Cell.AddInteger(ref cell, value);
    }

    /// <summary>MySQL's decimal sums ("0.5760") summed into a number or nothing: PHP's + of a numeric text with a number or nothing is a double.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void SumDecimal(MergedRow row, ref Cell cell, int column, long digits, byte scale)
    {
        if (cell.IsMissing)
        {
            row.Order.Add(column);
        }

        cell = Cell.Of(cell.Number + DecimalText.Value(digits, scale));
    }

    /// <summary>
    /// Sums an integer text read as its number (<see cref="Tag.IntegerText"/>): into a summed integer or nothing
    /// without a text, otherwise as the same text read as a <see cref="Tag.Text"/> is summed.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void AddIntegerText(MergedRow row, int column, long value)
    {
        ref var cell = ref row.Cell(column);
        if (row.Columns.Rules[column] == ColumnAggregation.Sum && cell.IsIntegerOrNothing)
        {
            SumInteger(row, ref cell, column, value);
            return;
        }

        AddIntegerTextValue(row, column, value);
    }

    /// <summary>An integer text summed into a column by the general path.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void AddIntegerTextValue(MergedRow row, int column, long value)
    {
        var incoming = Incoming.OfIntegerText(value);
        Add(row, column, ref incoming);
    }

    /// <summary>
    /// Sums a decimal text read as its digits and scale (<see cref="Tag.DecimalText"/>): into a summed number or
    /// nothing without a text, otherwise as the same text read as a <see cref="Tag.Text"/> is summed.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void AddDecimalText(MergedRow row, int column, long digits, byte scale)
    {
        ref var cell = ref row.Cell(column);
        switch (row.Columns.Rules[column])
        {
            case ColumnAggregation.Sum when cell.IsIntegerOrNothing || cell.IsDouble:
                SumDecimal(row, ref cell, column, digits, scale);
                return;

            // The page timings' extremes: a decimal text (truthy, it has a point) into nothing or a decimal of the same
            // scale is kept as TryMax and TryMin keep it, the digits comparing as the numbers do (at most 15 of them).
            case ColumnAggregation.Max or ColumnAggregation.Min when scale > 0 && cell.IsMissing:
                row.Order.Add(column);
                cell = Cell.OfDecimal(digits, scale);
                return;
            case ColumnAggregation.Max when scale > 0 && cell.IsDecimalOfScale(scale):
                if (digits > cell.Digits)
                {
                    cell = Cell.OfDecimal(digits, scale);
                }

                return;
            case ColumnAggregation.Min when scale > 0 && cell.IsDecimalOfScale(scale):
                if (digits < cell.Digits)
                {
                    cell = Cell.OfDecimal(digits, scale);
                }

                return;
        }

        AddDecimalTextValue(row, column, digits, scale);
    }

    /// <summary>A decimal text summed into a column by the general path.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void AddDecimalTextValue(MergedRow row, int column, long digits, byte scale)
    {
        var incoming = Incoming.OfDecimalText(digits, scale);
        Add(row, column, ref incoming);
    }

    /// <summary>
    /// An integer text of at most 18 digits with an optional sign, which <see cref="long.TryParse(string, NumberStyles, IFormatProvider, out long)"/>
    /// with a leading sign reads the same way; false for anything else (read by the general path).
    /// </summary>
    private static bool TryDigits(ReadOnlySpan<byte> text, out long value)
    {
        value = 0;
        var negative = text.Length > 0 && text[0] == (byte)'-';
        var start = text.Length > 0 && (negative || text[0] == (byte)'+') ? 1 : 0;
        if (text.Length == start || text.Length - start > 18)
        {
            return false;
        }

        long result = 0;
        for (var i = start; i < text.Length; i++)
        {
            var digit = (uint)(text[i] - '0');
            if (digit > 9)
            {
                return false;
            }

            result = (result * 10) + digit;
        }

        value = negative ? -result : result;
        return true;
    }

    /// <summary>Sums the values held before the row's label was read.</summary>
    private static void AddHeld(BlobReader reader, MergedRow row, int count)
    {
        for (var i = 0; i < count; i++)
        {
            ref readonly var value = ref reader.Held(i);
            if (value.Tag == Tag.IntegerText)
            {
                AddIntegerText(row, value.Column, value.Integer);
                continue;
            }

            if (value.Tag == Tag.DecimalText)
            {
                AddDecimalText(row, value.Column, value.Integer, value.Scale);
                continue;
            }

            var incoming = value.Tag switch
            {
                Tag.Integer => Incoming.Of(value.Integer),
                Tag.Double => Incoming.Of(value.Double),
                Tag.Text => Incoming.OfText(reader.Cursor.Slice(value.TextStart, value.TextLength)),
                _ => Incoming.Of(value.Object),
            };
            Add(row, value.Column, ref incoming);
        }
    }

    /// <summary>
    /// A nested map (goal metrics by goal) summed into the row's map of that column as it is read, as
    /// <see cref="TableAccumulator.Combine"/> sums a map: into the current map, or a new one replacing a value
    /// that is not a map. The map is a row of its own (keys numbered in <see cref="Columns.Keys"/>), so its
    /// numbers are summed unboxed like a row's columns.
    /// </summary>
    private static void AddMap(BlobReader reader, MergedRow row, int column)
    {
        var map = MapOf(row, column);
        var cursor = reader.Cursor;
        var shape = reader.Blob.Shaped ? reader.ShapeColumns(map.Columns) : null;
        var count = shape?.Length ?? cursor.ReadCount();
        for (var i = 0; i < count; i++)
        {
            var key = shape is null ? reader.KeyColumn(map.Columns) : shape[i];
            var tag = (Tag)cursor.ReadByte();
            if (key == LabelColumn)
            {
                Skip(cursor, reader.Blob, tag);
            }
            else
            {
                AddRead(reader, map, key, tag);
            }
        }
    }

    /// <summary>A map (from a table, or a value read before its row's label) summed into the row's map of that column, as <see cref="AddMap"/> does.</summary>
    private static void AddObjectMap(MergedRow row, int column, OrderedDictionary<string, object?> source)
    {
        var map = MapOf(row, column);
        foreach (var (key, item) in source)
        {
            if (key == "label")
            {
                continue;
            }

            var incoming = Incoming.Of(item);
            Add(map, map.Columns.IndexOf(key), ref incoming);
        }
    }

    /// <summary>The map of a row's column, created empty when the column is missing or holds a value that is not a map (which it replaces in place).</summary>
    private static MergedRow MapOf(MergedRow row, int column)
    {
        ref var cell = ref row.Cell(column);
        if (cell.Kind != CellKind.Map)
        {
            if (cell.IsMissing)
            {
                row.Order.Add(column);
            }

            cell = Cell.Of(row.Columns.Supply.Take("", row.Columns.Keys));
        }

        return cell.Map;
    }

    /// <summary>
    /// Sums a cell of another row of the tree into a column of a row, as its value (<see cref="Cell.ToObject"/>) is summed:
    /// a map's cells one by one into the row's map (the same keys, numbered alike in the tree) without making the map.
    /// </summary>
    private static void AddCell(MergedRow row, int column, in Cell cell)
    {
        if (cell.Kind != CellKind.Map)
        {
            var incoming = cell.ToIncoming();
            Add(row, column, ref incoming);
            return;
        }

        var source = cell.Map;
        var map = MapOf(row, column);
        foreach (var key in source.Order)
        {
            if (key != LabelColumn)
            {
                AddCell(map, key, in source.Cells[key]);
            }
        }
    }

    /// <summary>Sums one value into a column of a row: integers, doubles and numeric texts by fast paths, the rest as objects.</summary>
    private static void Add(MergedRow row, int column, ref Incoming value)
    {
        if (value.Object is OrderedDictionary<string, object?> map)
        {
            // PHP sums a map into the current map whatever the column's rule.
            AddObjectMap(row, column, map);
            return;
        }

        ref var cell = ref row.Cell(column);
        var missing = cell.IsMissing;
        var done = row.Columns.Rules[column] switch
        {
            ColumnAggregation.Sum => TrySum(ref cell, ref value),
            ColumnAggregation.Max => TryMax(ref cell, ref value),
            ColumnAggregation.Min => TryMin(ref cell, ref value),
            _ => false,
        };
        if (!done)
        {
            Combine(row.Columns, ref cell, column, value.ToObject());
        }

        if (missing && !cell.IsMissing)
        {
            row.Order.Add(column);
        }
    }

    /// <summary>PHP's + as <see cref="TableAccumulator.Combine"/> does it, for integers, doubles, numeric texts and null.</summary>
    private static bool TrySum(ref Cell cell, ref Incoming value)
    {
        var integerOrNothing = cell.IsIntegerOrNothing;
        var numeric = integerOrNothing || cell.IsDouble;
        switch (value.Kind)
        {
            case IncomingKind.Integer when integerOrNothing:
                cell = Cell.Of(cell.Integer + value.Integer);
                return true;
            case IncomingKind.Integer or IncomingKind.Double when numeric:
                cell = Cell.Of(cell.Number + value.Number);
                return true;
            case IncomingKind.Text when integerOrNothing && value.TryInteger(out var integer):
                // The integer texts of day archives (MySQL's decimal sums) are summed without a string.
                cell = Cell.Of(cell.Integer + integer);
                return true;
            case IncomingKind.Text when numeric && value.IsNumeric:
                cell = Cell.Of(cell.Number + value.Number);
                return true;
            case IncomingKind.Null:
                // Not a number: kept only by a row that does not have the column yet.
                if (cell.IsMissing)
                {
                    cell = Cell.From(null);
                }

                return true;
            default:
                return false;
        }
    }

    /// <summary>
    /// <see cref="MetricValues.Max"/> for numbers, texts and null: a missing column is PHP's false, which only
    /// a truthy value beats, as does a null or boolean current value; numbers and texts replace the current
    /// one when they compare greater as numbers; null never replaces anything.
    /// </summary>
    private static bool TryMax(ref Cell cell, ref Incoming value)
    {
        if (value.Kind == IncomingKind.Null)
        {
            if (cell.IsMissing)
            {
                cell = Cell.False;
            }

            return true;
        }

        if (value.Kind is not (IncomingKind.Integer or IncomingKind.Double or IncomingKind.Text))
        {
            return false;
        }

        switch (cell.Kind)
        {
            case CellKind.Missing:
                cell = value.Truthy ? value.ToCell() : Cell.False;
                return true;
            case CellKind.Integer or CellKind.Double or CellKind.Text or CellKind.Decimal:
                if (value.Number.CompareTo(cell.Number) > 0)
                {
                    cell = value.ToCell();
                }

                return true;
            case CellKind.Object when cell.Object is null or bool:
                if (value.Truthy && !cell.Truthy)
                {
                    cell = value.ToCell();
                }

                return true;
            default:
                return false;
        }
    }

    /// <summary>
    /// <see cref="MetricValues.Min"/> for numbers, texts and null: a falsy current value (or a missing column)
    /// gives way to the new one, a falsy new one to the current one, otherwise the smaller as a number.
    /// </summary>
    private static bool TryMin(ref Cell cell, ref Incoming value)
    {
        if (value.Kind is not (IncomingKind.Integer or IncomingKind.Double or IncomingKind.Text or IncomingKind.Null))
        {
            return false;
        }

        switch (cell.Kind)
        {
            case CellKind.Missing:
                cell = value.ToCell();
                return true;
            case CellKind.Integer or CellKind.Double or CellKind.Text or CellKind.Decimal or CellKind.Object when !cell.Truthy:
                cell = value.ToCell();
                return true;
            case CellKind.Integer or CellKind.Double or CellKind.Text or CellKind.Decimal:
                if (value.Kind != IncomingKind.Null && value.Truthy && value.Number.CompareTo(cell.Number) < 0)
                {
                    cell = value.ToCell();
                }

                return true;
            case CellKind.Object when value.Kind == IncomingKind.Null:
                // A truthy current value stays: null is falsy.
                return true;
            default:
                return false;
        }
    }

    private static void Combine(Columns columns, ref Cell cell, int column, object? value)
    {
        if (TableAccumulator.Combine(!cell.IsMissing, cell.ToObject(), value, columns.Rules[column], columns.RulesOfTable, out var result))
        {
            // A map kept by max or min (the only way a map comes back here) is kept as it is.
            cell = result is OrderedDictionary<string, object?> map ? Cell.Of(MergedRow.Copy(map, columns.Keys)) : Cell.From(result);
        }
    }

    /// <summary>The column names and rules of a table tree, numbered in the order they were first seen, and where its rows come from.</summary>
    private sealed class Columns
    {
        private readonly Dictionary<string, int> _indexes = new(StringComparer.Ordinal);
        private Columns? _keys;

        public Columns(AggregationRules rules, RowSupply supply, int depth = 0)
        {
            RulesOfTable = rules;
            Supply = supply;
            Depth = depth;
            IndexOf("label");
        }

        public AggregationRules RulesOfTable { get; }

        /// <summary>0 for a table tree's columns, 1 for the keys of its cells' maps (goals), 2 for the keys of maps in those (a goal's metrics)...</summary>
        public int Depth { get; }

        /// <summary>
        /// The keys of the maps held by cells numbered here, numbered apart from the columns and per depth, so that a
        /// goals map (a few goals) and a goal's metrics (a dozen) each have rows of their own size.
        /// </summary>
        public Columns Keys => _keys ??= new Columns(RulesOfTable, Supply, Depth + 1);

        /// <summary>Where the tree's rows (its maps' too) come from and go back to.</summary>
        public RowSupply Supply { get; }

        public List<string> Names { get; } = [];

        public List<ColumnAggregation> Rules { get; } = [];

        public int IndexOf(string name)
        {
            if (!_indexes.TryGetValue(name, out var index))
            {
                index = Names.Count;
                _indexes.Add(name, index);
                Names.Add(name);
                Rules.Add(RulesOfTable.For(name));
            }

            return index;
        }
    }

    /// <summary>
    /// The numbers one serialization gave the names of a table tree's columns and of its maps' keys, by depth and
    /// column number (0: not written yet), so that a name (and a shape of names) is written without looking it up by its text.
    /// </summary>
    private sealed class WrittenNames
    {
        private int[][] _byDepth = [];
        private ShapeNumbers[] _shapesByDepth = [];

        /// <summary>The shapes written of rows (depth 0, with their label) or of maps of this depth, by their columns.</summary>
        public ShapeNumbers ShapesOf(Columns columns)
        {
            if (columns.Depth >= _shapesByDepth.Length)
            {
                var grown = new ShapeNumbers[columns.Depth + 1];
                _shapesByDepth.CopyTo(grown, 0);
                for (var i = _shapesByDepth.Length; i < grown.Length; i++)
                {
                    grown[i] = new ShapeNumbers();
                }

                _shapesByDepth = grown;
            }

            return _shapesByDepth[columns.Depth];
        }

        public int[] Of(Columns columns)
        {
            if (columns.Depth >= _byDepth.Length)
            {
                var grown = new int[columns.Depth + 1][];
                _byDepth.CopyTo(grown, 0);
                grown.AsSpan(_byDepth.Length).Fill([]);
                _byDepth = grown;
            }

            ref var numbers = ref _byDepth[columns.Depth];
            if (numbers.Length < columns.Names.Count)
            {
                Array.Resize(ref numbers, columns.Names.Count);
            }

            return numbers;
        }
    }

    /// <summary>The numbers of the shapes written, by the column numbers of their rows (a hash of them, then the columns compared).</summary>
    private sealed class ShapeNumbers
    {
        private readonly Dictionary<int, List<(int[] Columns, int Number)>> _byHash = [];

        public bool TryGet(ReadOnlySpan<int> columns, out int number)
        {
            if (_byHash.TryGetValue(Hash(columns), out var candidates))
            {
                foreach (var (known, shape) in candidates)
                {
                    if (columns.SequenceEqual(known))
                    {
                        number = shape;
                        return true;
                    }
                }
            }

            number = 0;
            return false;
        }

        public void Add(ReadOnlySpan<int> columns, int number)
        {
            var hash = Hash(columns);
            if (!_byHash.TryGetValue(hash, out var candidates))
            {
                _byHash.Add(hash, candidates = []);
            }

            candidates.Add((columns.ToArray(), number));
        }

        private static int Hash(ReadOnlySpan<int> columns)
        {
            var hash = new HashCode();
            hash.AddBytes(MemoryMarshal.AsBytes(columns));
            return hash.ToHashCode();
        }
    }

    /// <summary>
    /// The rows a merger tree takes for its new labels and maps: rows given back by finished mergers (<see cref="RowPool"/>),
    /// fetched a batch at a time, or new ones when there are none; the rows the tree drops (truncated) are kept for
    /// its next labels until the tree is released. Rows of a table and rows of maps are kept apart (their cells are
    /// sized for their own columns).
    /// </summary>
    private sealed class RowSupply
    {
        private const int Batch = 64;

        private readonly Stack<MergedRow>[] _spare = [new(), new()];
        private readonly Stack<RowIndex>[] _spareIndexes = [new(), new()];

        /// <summary>An empty index for a table of the tree (<see cref="RowPool.Tables"/>) or a subtable (<see cref="RowPool.Subtables"/>).</summary>
        public RowIndex TakeIndex(int kind) => _spareIndexes[kind].TryPop(out var index) ? index : RowPool.TakeIndex(kind) ?? new RowIndex();

        /// <summary>Takes back the index of a table the tree no longer holds, emptied (its rows given back already).</summary>
        public void Give(RowIndex index, int kind) => _spareIndexes[kind].Push(index);

        public MergedRow Take(string label, Columns columns)
        {
            var spare = _spare[RowPool.KindOf(columns)];
            if (spare.Count == 0)
            {
                RowPool.Take(spare, RowPool.KindOf(columns), Batch);
            }

            if (spare.TryPop(out var row))
            {
                row.Reuse(label, columns);
                return row;
            }

            return new MergedRow(label, columns);
        }

        /// <summary>Takes back a row the tree no longer holds (the maps in its cells too), cleared; a batch of them goes to the pool.</summary>
        public void Give(MergedRow row)
        {
            row.Clear(this);
            var kind = RowPool.KindOf(row.Columns);
            var spare = _spare[kind];
            spare.Push(row);
            if (spare.Count >= 4 * Batch)
            {
                RowPool.Return(spare, kind);
            }
        }

        /// <summary>Gives the spare rows and indexes to the pool.</summary>
        public void Return()
        {
            RowPool.Return(_spare[0], 0);
            RowPool.Return(_spare[1], 1);
            RowPool.Return(_spareIndexes[RowPool.Tables], RowPool.Tables);
            RowPool.Return(_spareIndexes[RowPool.Subtables], RowPool.Subtables);
        }
    }

    /// <summary>
    /// Cleared rows and row indexes of released mergers, shared by the mergers of every thread (taken and given back in
    /// batches under a lock) and bounded by the cells the rows' arrays hold and the labels the indexes have room for:
    /// enough for the page-URL tables (and their goal maps) of the two months a range merges side by side and of the
    /// range itself: 8 MB of cell arrays at most, about 15 MB with the rest of the rows and the indexes.
    /// </summary>
    private static class RowPool
    {
        /// <summary>
        /// The most cells (16 bytes each) the pooled rows' arrays may hold together, a row counting 16 more for the rest of
        /// it: a month's page URLs of the bench's 1,000 visits a day are about 100,000 with their goal maps.
        /// </summary>
        public const int MaxCells = 1 << 19;

        /// <summary>The most labels the pooled indexes may have room for together (their dictionaries and lists).</summary>
        public const int MaxLabels = 1 << 16;

        /// <summary>The kind of index of a merger's own table.</summary>
        public const int Tables = 0;

        /// <summary>The kind of index of a subtable (mostly a few rows).</summary>
        public const int Subtables = 1;

        private static readonly Lock s_lock = new();
        private static readonly Stack<RowIndex>[] s_indexes = [new(), new()];
        private static int s_labels;

        /// <summary>Rows of tables, and rows of maps.</summary>
        private static readonly Stack<MergedRow>[] s_rows = [new(), new()];
        private static int s_cells;

        public static int KindOf(Columns columns) => columns.Depth == 0 ? 0 : 1;

        /// <summary>Moves up to <paramref name="count"/> pooled rows of a kind to <paramref name="into"/>.</summary>
        public static void Take(Stack<MergedRow> into, int kind, int count)
        {
            lock (s_lock)
            {
                var rows = s_rows[kind];
                while (count-- > 0 && rows.TryPop(out var row))
                {
                    s_cells -= Size(row);
                    into.Push(row);
                }
            }
        }

        /// <summary>Moves the (cleared) rows of a kind to the pool while it has room; the others are dropped.</summary>
        public static void Return(Stack<MergedRow> rows, int kind)
        {
            lock (s_lock)
            {
                while (rows.TryPop(out var row))
                {
                    var size = Size(row);
                    if (s_cells + size > MaxCells)
                    {
                        rows.Clear();
                        return;
                    }

                    s_cells += size;
                    s_rows[kind].Push(row);
                }
            }
        }

        private static int Size(MergedRow row) => row.Cells.Length + 16;

        public static RowIndex? TakeIndex(int kind)
        {
            lock (s_lock)
            {
                if (!s_indexes[kind].TryPop(out var index))
                {
                    return null;
                }

                s_labels -= index.Capacity;
                return index;
            }
        }

        /// <summary>Moves the (cleared) indexes of a kind to the pool while it has room; the others are dropped.</summary>
        public static void Return(Stack<RowIndex> indexes, int kind)
        {
            lock (s_lock)
            {
                while (indexes.TryPop(out var index))
                {
                    if (s_labels + index.Capacity > MaxLabels)
                    {
                        indexes.Clear();
                        return;
                    }

                    s_labels += index.Capacity;
                    s_indexes[kind].Push(index);
                }
            }
        }
    }

    /// <summary>The rows of one table of a tree: by label, and in the order their labels were first seen.</summary>
    private sealed class RowIndex
    {
        public RowIndex()
        {
            Labels = Rows.GetAlternateLookup<ReadOnlySpan<char>>();
        }

        public Dictionary<string, MergedRow> Rows { get; } = new(StringComparer.Ordinal);

        /// <summary><see cref="Rows"/> looked up by a label decoded into a buffer.</summary>
        public Dictionary<string, MergedRow>.AlternateLookup<ReadOnlySpan<char>> Labels { get; }

        public List<MergedRow> Order { get; } = [];

        /// <summary>The labels the index has room for (what it keeps allocated).</summary>
        public int Capacity => Math.Max(Rows.EnsureCapacity(0), Order.Capacity) + 1;
    }

    private sealed class MergedRow(string label, Columns columns)
    {
        private Cell[] _cells = [];
        private Columns _columns = columns;

        public string Label { get; private set; } = label;

        /// <summary>The names and rules of the row's columns (of a map's keys, for a map).</summary>
        public Columns Columns => _columns;

        /// <summary>The columns the row has, by number, in the order they were first seen (sized for the columns known: rows of a table mostly have the same).</summary>
        public List<int> Order { get; } = new(columns.Names.Count);

        public Cell[] Cells => _cells;

        public OrderedDictionary<string, object?>? Metadata { get; set; }

        public TableMerger? Subtable { get; set; }

        /// <summary>A cleared row (<see cref="Clear"/>) taken for a label of a table tree, as a new row (its arrays kept).</summary>
        public void Reuse(string label, Columns columns)
        {
            Label = label;
            _columns = columns;
        }

        /// <summary>
        /// Drops the row's label, values, metadata and subtable, keeping its arrays (and its metadata's) for another label;
        /// its cells sized for every column of its table tree, as the next tree's rows will mostly need (its columns are
        /// numbered in another order: a row kept short here would grow there).
        /// </summary>
        public void Clear(RowSupply supply)
        {
            Label = "";
            foreach (var column in Order)
            {
                if (_cells[column].Kind == CellKind.Map)
                {
                    supply.Give(_cells[column].Map);
                }
            }

            if (_cells.Length < _columns.Names.Count)
            {
                _cells = new Cell[_columns.Names.Count];
            }
            else
            {
                Array.Clear(_cells);
            }

            Order.Clear();
            Metadata?.Clear();
            Subtable = null;
        }

        /// <summary>Moves a column's value to another column: to the end of the row, or over the other column's value when the row has it.</summary>
        public void Rename(int from, int to)
        {
            var at = Order.IndexOf(from);
            if (at < 0)
            {
                return;
            }

            Order.RemoveAt(at);
            var value = _cells[from];
            _cells[from] = default;
            ref var target = ref Cell(to);
            if (target.IsMissing)
            {
                Order.Add(to);
            }

            target = value;
        }

        /// <summary>A map as it is, as a row of its keys (nested maps too).</summary>
        public static MergedRow Copy(OrderedDictionary<string, object?> map, Columns keys)
        {
            var row = keys.Supply.Take("", keys);
            foreach (var (key, value) in map)
            {
                var column = keys.IndexOf(key);
                row.Cell(column) = value is OrderedDictionary<string, object?> nested ? TableMerger.Cell.Of(Copy(nested, keys.Keys)) : TableMerger.Cell.From(value);
                row.Order.Add(column);
            }

            return row;
        }

        /// <summary>The row's columns as a map (what a map's row stands for).</summary>
        public OrderedDictionary<string, object?> ToMap()
        {
            var map = new OrderedDictionary<string, object?>(Order.Count, StringComparer.Ordinal);
            foreach (var column in Order)
            {
                map.Add(_columns.Names[column], _cells[column].ToObject());
            }

            return map;
        }

        public ref Cell Cell(int column)
        {
            if (column >= _cells.Length)
            {
                // Sized for every column the table tree has so far (rows of a table mostly have the same
                // columns): growing by one column at a time made a new array per column of each row.
                Array.Resize(ref _cells, Math.Max(Math.Max(column + 1, _columns.Names.Count), _columns.Depth == 0 ? 16 : 0));
            }

            return ref _cells[column];
        }
    }

    private enum CellKind : byte
    {
        Missing,
        Integer,
        Double,

        /// <summary>A text, with its value as a number (PHP's numeric value of the text, 0 when it is not numeric).</summary>
        Text,
        Object,

        /// <summary>A nested map (goal metrics), as a row of its keys.</summary>
        Map,

        /// <summary>A decimal text read from a blob (<c>"0.0100"</c>, MySQL's decimals), kept as its digits and scale (<see cref="DecimalText"/>) instead of a string.</summary>
        Decimal,
    }

    /// <summary>One value of a merged row: an integer or a double unboxed, a text with its numeric value, a map as a row of its keys, anything else as an object.</summary>
    /// <remarks>
    /// Sixteen bytes (a merged month holds millions of cells): the kind is told by the object field, a marker
    /// for integers, doubles, decimals (one per scale) and null, the string of a text, the row of a map, nothing
    /// for a missing column, and the value itself for anything else.
    /// </remarks>
    private readonly struct Cell
    {
        private static readonly object s_integer = new();
        private static readonly object s_double = new();
        private static readonly object s_null = new();
        private static readonly DecimalScale[] s_scales = Scales();

        /// <summary>The kind's marker, or the text, map row or other value.</summary>
        private readonly object? _object;

        /// <summary>The integer, the bits of the double (of a double, or of a text's numeric value), or a decimal's digits.</summary>
        private readonly long _bits;

        private Cell(object marker, long bits)
        {
            _object = marker;
            _bits = bits;
        }

        public static Cell False { get; } = new(BoxedFalse, 0);

        public CellKind Kind => _object switch
        {
            null => CellKind.Missing,
            _ when ReferenceEquals(_object, s_integer) => CellKind.Integer,
            _ when ReferenceEquals(_object, s_double) => CellKind.Double,
            string => CellKind.Text,
            DecimalScale => CellKind.Decimal,
            MergedRow => CellKind.Map,
            _ => CellKind.Object,
        };

        /// <summary>The value when it is kept as an object (a text, null, a boolean).</summary>
        public object? Object => ReferenceEquals(_object, s_null) ? null : _object;

        /// <summary>The map of a <see cref="CellKind.Map"/> cell.</summary>
        public MergedRow Map => (MergedRow)_object!;

        /// <summary>True when PHP's + of an integer keeps an integer: the column is missing, an integer or null.</summary>
        public bool IsMissing => _object is null;

        public bool IsDouble => ReferenceEquals(_object, s_double);

        public bool IsNull => ReferenceEquals(_object, s_null);

        public bool IsMap => _object is MergedRow;

        public bool IsIntegerOrNothing => _object is null || ReferenceEquals(_object, s_integer) || ReferenceEquals(_object, s_null);

        /// <summary>The value as an integer (0 when missing or null).</summary>
        public long Integer => ReferenceEquals(_object, s_integer) ? _bits : 0;

        /// <summary>The value as a number (<see cref="MetricValues.ToDouble"/>) for integers, doubles, texts, maps and nothing.</summary>
        public double Number => Kind switch
        {
            CellKind.Integer => _bits,
            CellKind.Double or CellKind.Text => BitConverter.Int64BitsToDouble(_bits),
            CellKind.Decimal => DecimalText.Value(_bits, Scale),
            _ => 0,
        };

        /// <summary><see cref="MetricValues.PhpTruthy"/> of the value (a map is not truthy: PHP's value of an array here is 0).</summary>
        public bool Truthy => Kind switch
        {
            CellKind.Integer => _bits != 0,
            CellKind.Double => BitConverter.Int64BitsToDouble(_bits) != 0,
            CellKind.Text => _object is string { Length: > 0 } text && text != "0",
            CellKind.Map => false,
            CellKind.Decimal => _bits != 0 || Scale != 0,
            _ => MetricValues.PhpTruthy(Object),
        };

        private byte Scale => ((DecimalScale)_object!).Scale;

        public static Cell Of(long value) => new(s_integer, value);

        public static Cell Of(double value) => new(s_double, BitConverter.DoubleToInt64Bits(value));

        public static Cell Of(string text, double number) => new(text, BitConverter.DoubleToInt64Bits(number));

        public static Cell Of(MergedRow map) => new(map, 0);

        public static Cell OfDecimal(long digits, byte scale) => new(s_scales[scale], digits);

        /// <summary>True for a <see cref="CellKind.Decimal"/> of this scale.</summary>
        public bool IsDecimalOfScale(byte scale) => ReferenceEquals(_object, s_scales[scale]);

        /// <summary>The digits of a <see cref="CellKind.Decimal"/>.</summary>
        public long Digits => _bits;

        /// <summary>
        /// Adds to an integer, missing or null cell, as <c>cell = Of(cell.Integer + value)</c> does: an integer's bits are
        /// added in place, without storing its marker again (a reference stored into the heap, a month's cells millions of
        /// times over).
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void AddInteger(ref Cell cell, long value)
        {
            if (ReferenceEquals(cell._object, s_integer))
            {
                Unsafe.AsRef(in cell._bits) += value;
            }
            else
            {
                cell = Of(cell.Integer + value);
            }
        }

        public static Cell From(object? value) => value switch
        {
            long integer => Of(integer),
            double number => Of(number),
            string text => Of(text, MetricValues.ToDouble(text)),
            null => new Cell(s_null, 0),
            _ => new Cell(value, 0),
        };

        public object? ToObject() => Kind switch
        {
            CellKind.Integer => MetricValues.Box(_bits),
            CellKind.Double => BitConverter.Int64BitsToDouble(_bits),
            CellKind.Map => Map.ToMap(),
            CellKind.Decimal => DecimalText.ToText(_bits, Scale),
            _ => Object,
        };

        /// <summary>Writes a <see cref="CellKind.Decimal"/> as the blob's integer or decimal text.</summary>
        public void WriteDecimal(DataTableSerializer.Writer writer) => writer.DecimalText(_bits, Scale);

        /// <summary>The value to sum into another row, as <see cref="ToObject"/> of it would be summed.</summary>
        public Incoming ToIncoming() => Kind switch
        {
            CellKind.Integer => Incoming.Of(_bits),
            CellKind.Double => Incoming.Of(BitConverter.Int64BitsToDouble(_bits)),
            _ => Incoming.Of(ToObject()),
        };

        private static DecimalScale[] Scales()
        {
            var scales = new DecimalScale[DecimalText.MaxScale + 1];
            for (var i = 0; i < scales.Length; i++)
            {
                scales[i] = new DecimalScale((byte)i);
            }

            return scales;
        }
    }

    /// <summary>The marker of a <see cref="CellKind.Decimal"/> cell, with the digits after its point.</summary>
    private sealed class DecimalScale(byte scale)
    {
        public byte Scale { get; } = scale;
    }

    private enum IncomingKind : byte
    {
        Integer,
        Double,
        Text,
        Null,
        Other,
    }

    /// <summary>
    /// A value being summed into a row: from a table (an object) or read in place from a blob (a text stays
    /// UTF-8 bytes, parsed as a number when needed, made a string only when it is kept; a canonical integer or
    /// decimal text is its number, and behaves as the text it stands for).
    /// </summary>
    private ref struct Incoming
    {
        private readonly ReadOnlySpan<byte> _utf8;

        /// <summary>An integer's value; an integer text's value or a decimal text's digits.</summary>
        private readonly long _integer;
        private double _double;
        private string? _string;
        private readonly object? _object;
        private bool _parsed;
        private bool _numeric;

        /// <summary>For a text read as its number: <see cref="Numeric.Integer"/> or <see cref="Numeric.Decimal"/> (with <see cref="_scale"/>).</summary>
        private readonly Numeric _typed;
        private readonly byte _scale;

        private Incoming(IncomingKind kind, long integer, double number, ReadOnlySpan<byte> utf8, string? text, object? value)
        {
            Kind = kind;
            _integer = integer;
            _double = number;
            _utf8 = utf8;
            _string = text;
            _object = value;
            _parsed = kind != IncomingKind.Text;
            _numeric = kind is IncomingKind.Integer or IncomingKind.Double;
        }

        private Incoming(Numeric typed, long integer, byte scale, double number)
            : this(IncomingKind.Text, integer, number, default, null, null)
        {
            _typed = typed;
            _scale = scale;
            _parsed = true;
            _numeric = true;
        }

        private enum Numeric : byte
        {
            None,
            Integer,
            Decimal,
        }

        public IncomingKind Kind { get; }

        public readonly long Integer => _integer;

        /// <summary>The value when it is neither a number, a text nor null (a boolean, a map).</summary>
        public readonly object? Object => _object;

        /// <summary>The value as a number (<see cref="MetricValues.ToDouble"/>): a text's numeric value, 0 when it is not numeric.</summary>
        public double Number
        {
            get
            {
                Parse();
                return Kind == IncomingKind.Integer ? _integer : _double;
            }
        }

        /// <summary>For a text: <see cref="MetricValues.IsNumeric"/>.</summary>
        public bool IsNumeric
        {
            get
            {
                Parse();
                return _numeric;
            }
        }

        /// <summary><see cref="MetricValues.PhpTruthy"/> for integers, doubles and texts.</summary>
        public readonly bool Truthy => Kind switch
        {
            IncomingKind.Integer => _integer != 0,
            IncomingKind.Double => _double != 0,
            IncomingKind.Text => _typed switch
            {
                Numeric.Integer => _integer != 0,
                Numeric.Decimal => true, // "0.0" is not PHP's "0"
                _ => _string is { } text ? text.Length > 0 && text != "0" : _utf8.Length > 0 && !(_utf8.Length == 1 && _utf8[0] == (byte)'0'),
            },
            _ => MetricValues.PhpTruthy(_object),
        };

        public static Incoming Of(long value) => new(IncomingKind.Integer, value, 0, default, null, null);

        public static Incoming Of(double value) => new(IncomingKind.Double, 0, value, default, null, null);

        public static Incoming Of(object? value) => value switch
        {
            null => new(IncomingKind.Null, 0, 0, default, null, null),
            long integer => Of(integer),
            double number => Of(number),
            string text => new(IncomingKind.Text, 0, 0, default, text, null),
            _ => new(IncomingKind.Other, 0, 0, default, null, value),
        };

        /// <summary>
        /// A canonical integer text read as its value (<see cref="Tag.IntegerText"/>): what <see cref="OfText"/> of its
        /// bytes is, numeric with the value's double (<c>double.Parse</c> of an integer text and the conversion of the
        /// integer both round to the nearest double).
        /// </summary>
        public static Incoming OfIntegerText(long value) => new(Numeric.Integer, value, 0, value);

        /// <summary>A decimal text read as its digits and scale (<see cref="Tag.DecimalText"/>): what <see cref="OfText"/> of its bytes is.</summary>
        public static Incoming OfDecimalText(long digits, byte scale) => new(Numeric.Decimal, digits, scale, DecimalText.Value(digits, scale));

        /// <summary>A text read from a blob: parsed in place when it is ASCII (the decimal texts of numbers), otherwise as a string.</summary>
        public static Incoming OfText(ReadOnlySpan<byte> utf8) => System.Text.Ascii.IsValid(utf8)
            ? new(IncomingKind.Text, 0, 0, utf8, null, null)
            : Of(Text(utf8));

        /// <summary>For a text: <see cref="MetricValues.TryInteger"/> (an integer text, as PHP's + reads it).</summary>
        public readonly bool TryInteger(out long integer)
        {
            switch (_typed)
            {
                case Numeric.Integer:
                    integer = _integer;
                    return true;
                case Numeric.Decimal:
                    integer = 0;
                    return false;
                default:
                    return _string is { } text
                        ? long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out integer)
                        : long.TryParse(_utf8, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out integer);
            }
        }

        public Cell ToCell() => Kind switch
        {
            IncomingKind.Integer => Cell.Of(_integer),
            IncomingKind.Double => Cell.Of(_double),

            // As DecimalText.TryParse of the text: a decimal text, or an integer text of at most 15 digits.
            IncomingKind.Text when _typed == Numeric.Decimal => Cell.OfDecimal(_integer, _scale),
            IncomingKind.Text when _typed == Numeric.Integer && _integer is >= -DecimalText.MaxDigitsValue and <= DecimalText.MaxDigitsValue => Cell.OfDecimal(_integer, 0),
            IncomingKind.Text when _typed == Numeric.None && _string is null && DecimalText.TryParse(_utf8, out var digits, out var scale) => Cell.OfDecimal(digits, scale),
            IncomingKind.Text => Cell.Of(String(), Number),
            _ => Cell.From(ToObject()),
        };

        public object? ToObject() => Kind switch
        {
            IncomingKind.Integer => MetricValues.Box(_integer),
            IncomingKind.Double => _double,
            IncomingKind.Text => String(),
            _ => _object,
        };

        private string String() => _string ??= _typed switch
        {
            Numeric.Integer => IntegerText(_integer),
            Numeric.Decimal => DecimalText.ToText(_integer, _scale),
            _ => Text(_utf8),
        };

        private void Parse()
        {
            if (_parsed)
            {
                return;
            }

            _parsed = true;
            if (_string is null && DecimalText.TryParse(_utf8, out var digits, out var scale))
            {
                _double = DecimalText.Value(digits, scale);
                _numeric = true;
                return;
            }

            _numeric = _string is { } text
                ? double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out _double)
                : double.TryParse(_utf8, NumberStyles.Float, CultureInfo.InvariantCulture, out _double);
            if (!_numeric)
            {
                _double = 0;
            }
        }
    }

    /// <summary>One column value of a row being read from a blob, before the row it belongs to is known.</summary>
    private struct PendingValue
    {
        public int Column;
        public Tag Tag;
        public long Integer;
        public double Double;
        public int TextStart;
        public int TextLength;

        /// <summary>A decimal text's scale (its digits in <see cref="Integer"/>).</summary>
        public byte Scale;
        public object? Object;
    }

    /// <summary>
    /// Reads the rows of one blob: its cursor, its names and shapes and their column numbers, and a reused buffer for
    /// values read before a row's label. It reads the next blob of the same tree (<see cref="For"/>) with its buffers and
    /// the strings of the names read before (a month's days name the same columns).
    /// </summary>
    private sealed class BlobReader
    {
        private readonly Columns _columns;
        private int[] _columnOfName = [];

        /// <summary>The key numbers of the names, per map depth (from 1).</summary>
        private int[][] _keyOfName = [];

        /// <summary>The column numbers of the shapes' names, by depth (0 for rows, then the maps') and shape number.</summary>
        private int[]?[][] _shapeColumns = [];
        private PendingValue[] _held = new PendingValue[16];
        private char[] _chars = new char[256];

        public BlobReader(BlobCursor cursor, Columns columns)
        {
            Cursor = cursor;
            _columns = columns;
            Blob = new BlobNames(cursor.Version >= DataTableSerializer.FirstShapedVersion);
        }

        public BlobCursor Cursor { get; private set; }

        /// <summary>The names and shapes read from the blob (their strings kept from one blob to the next).</summary>
        public BlobNames Blob { get; }

        /// <summary>Starts on another blob of the tree: its names and shapes are numbered anew.</summary>
        public BlobReader For(BlobCursor cursor)
        {
            Cursor = cursor;
            Blob.Reset(cursor.Version >= DataTableSerializer.FirstShapedVersion);
            Array.Fill(_columnOfName, -1);
            foreach (var keys in _keyOfName)
            {
                Array.Fill(keys, -1);
            }

            foreach (var byShape in _shapeColumns)
            {
                Array.Clear(byShape);
            }

            Array.Clear(_held);
            return this;
        }

        public ref readonly PendingValue Held(int index) => ref _held[index];

        /// <summary>Reads the value of a column into the buffer, at <paramref name="index"/>.</summary>
        public void Hold(int index, int column, Tag tag)
        {
            if (index >= _held.Length)
            {
                Array.Resize(ref _held, _held.Length * 2);
            }

            ref var value = ref _held[index];
            value.Column = column;
            value.Tag = tag;
            value.Object = null;
            switch (tag)
            {
                case Tag.Integer or Tag.IntegerText:
                    value.Integer = ReadInteger(Cursor);
                    break;
                case Tag.DecimalText:
                    (value.Integer, value.Scale) = ReadDecimal(Cursor);
                    break;
                case Tag.Double:
                    value.Double = Cursor.ReadDouble();
                    break;
                case Tag.Text:
                    var text = Cursor.ReadText();
                    value.TextStart = Cursor.Position - text.Length;
                    value.TextLength = text.Length;
                    break;
                default:
                    value.Object = Value(Cursor, Blob, tag);
                    break;
            }
        }

        /// <summary>A UTF-8 label decoded into a reused buffer.</summary>
        public ReadOnlySpan<char> Decode(ReadOnlySpan<byte> bytes)
        {
            var needed = Encoding.UTF8.GetMaxCharCount(bytes.Length);
            if (needed > _chars.Length)
            {
                _chars = new char[Math.Max(needed, _chars.Length * 2)];
            }

            var written = Encoding.UTF8.GetChars(bytes, _chars);
            return _chars.AsSpan(0, written);
        }

        /// <summary>Reads a column name (new, or a number referring to a name read before) and returns its column number.</summary>
        public int Column() => Number(ref _columnOfName, Blob.NameIndex(Cursor), _columns);

        /// <summary>Reads the key of a nested map (as a name) and returns its number among the <paramref name="keys"/> of the map's depth.</summary>
        public int KeyColumn(Columns keys) => Number(ref KeysOfName(keys.Depth), Blob.NameIndex(Cursor), keys);

        /// <summary>Reads a shape (format version 3) and returns the numbers of its names among <paramref name="numbers"/> (a row's columns, a map's keys), in order.</summary>
        public int[] ShapeColumns(Columns numbers)
        {
            var shape = Blob.ShapeNumber(Cursor);
            if (numbers.Depth >= _shapeColumns.Length)
            {
                var grown = new int[]?[numbers.Depth + 1][];
                _shapeColumns.CopyTo(grown, 0);
                grown.AsSpan(_shapeColumns.Length).Fill([]);
                _shapeColumns = grown;
            }

            ref var byShape = ref _shapeColumns[numbers.Depth];
            if (shape >= byShape.Length)
            {
                Array.Resize(ref byShape, Math.Max(shape + 1, byShape.Length * 2));
            }

            if (byShape[shape] is { } known)
            {
                return known;
            }

            var names = Blob.Shape(shape);
            var result = new int[names.Length];
            ref var numberOfName = ref numbers.Depth == 0 ? ref _columnOfName : ref KeysOfName(numbers.Depth);
            for (var i = 0; i < names.Length; i++)
            {
                result[i] = Number(ref numberOfName, names[i], numbers);
            }

            return byShape[shape] = result;
        }

        /// <summary>The key numbers of the names at a map depth (from 1).</summary>
        private ref int[] KeysOfName(int depth)
        {
            if (depth > _keyOfName.Length)
            {
                var grown = new int[depth][];
                _keyOfName.CopyTo(grown, 0);
                grown.AsSpan(_keyOfName.Length).Fill([]);
                _keyOfName = grown;
            }

            return ref _keyOfName[depth - 1];
        }

        /// <summary>The number among <paramref name="numbers"/> of the blob's name at <paramref name="index"/>, given when the name is first used as a column or a key.</summary>
        private int Number(ref int[] numberOfName, int index, Columns numbers)
        {
            if ((uint)index < (uint)numberOfName.Length && numberOfName[index] is var known and >= 0)
            {
                return known;
            }

            // Names are shared by columns, metadata and map keys: each gets its number when first used as a column or a key.
            var names = Blob.Names;
            if (numberOfName.Length < names.Count)
            {
                var grown = new int[Math.Max(names.Count, numberOfName.Length * 2)];
                grown.AsSpan().Fill(-1);
                numberOfName.CopyTo(grown, 0);
                numberOfName = grown;
            }

            var number = numberOfName[index];
            if (number < 0)
            {
                number = numberOfName[index] = numbers.IndexOf(names[index]);
            }

            return number;
        }
    }
}
