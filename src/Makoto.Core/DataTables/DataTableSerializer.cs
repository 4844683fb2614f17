using System.Buffers;
using System.IO.Compression;
using System.Runtime.CompilerServices;
using System.Text;
using ZstdSharp;

namespace Makoto.Core.DataTables;

/// <summary>
/// The archive format of a report: a <see cref="DataTable"/> with its whole subtable tree in one
/// compact, versioned binary blob, Zstandard-compressed when that pays.
/// </summary>
/// <remarks>
/// Layout (version 3), after a 4-byte header (<c>MKT</c> and the version byte) and a codec byte (0 stored,
/// 1 Brotli, which only earlier Makotos wrote, 2 Zstandard): a table is <c>flags</c> (1 simple, 2 has summary
/// row), the row count and the rows, then the summary row. A row is its shape and its columns' values, then
/// its metadata (a count, then name and value pairs) and, when it has one, its subtable id and subtable. A
/// shape is the list of a row's column names (a nested map's keys), written once (0, the count and the names)
/// and then referred to by number: the rows of a report mostly have the same columns, which are then neither
/// written nor read again for each row. Names are written once and then referred to by number too. A value is
/// a tag (null, integer, double, text, nested map, boolean, integer text, decimal text) and its data; a nested
/// map is its shape and its values. Numeric texts (MySQL's decimal strings, kept as texts as Matomo gives them)
/// stay texts, but the canonical ones are written as numbers with their own tags (an integer text as its zigzag
/// 7-bit value, a decimal text as its scale and digits) when writing them back gives the same bytes: the text
/// read back is the same, and a merge sums them without parsing text. Versions 1 and 2 (each column and map key
/// named before its value; version 1 without the two numeric text tags) still read.
/// </remarks>
public static class DataTableSerializer
{
    private const byte Version = 3;

    /// <summary>The first version still read: values named one by one, without <see cref="Tag.IntegerText"/> and <see cref="Tag.DecimalText"/>.</summary>
    private const byte FirstVersion = 1;

    /// <summary>The first version whose rows and maps start with their shape (<see cref="BlobNames"/>).</summary>
    internal const byte FirstShapedVersion = 3;
    private const byte Stored = 0;
    private const byte Brotli = 1;
    private const byte Zstandard = 2;
    private const int CompressAbove = 256;

    /// <summary>The largest decompressed body read (a year's largest tables are a few tens of megabytes).</summary>
    private const int MaxPayload = 1 << 29;

    /// <summary>The largest serialization buffer a thread keeps for its next table.</summary>
    private const int KeptBuffer = 4 << 20;

    /// <summary>The serialization buffer of this thread, reused from one table to the next.</summary>
    [ThreadStatic]
    private static BlobBuffer? s_buffer;

    /// <summary>This thread's Zstandard compressor (not thread-safe; making one per blob costs its tables).</summary>
    [ThreadStatic]
    private static Compressor? s_compressor;

    /// <summary>This thread's Zstandard decompressor.</summary>
    [ThreadStatic]
    private static Decompressor? s_decompressor;

    /// <summary>The decimal texts of 0 to 16,383, shared by decoded tables.</summary>
    private static readonly string[] s_counts = CountTexts();

    private static ReadOnlySpan<byte> Magic => "MKT"u8;

    /// <summary>PHP's false as a report value, boxed once (not once per decoded or merged cell).</summary>
    internal static object BoxedFalse { get; } = false;

    /// <summary>PHP's true as a report value, boxed once.</summary>
    internal static object BoxedTrue { get; } = true;

    internal enum Tag : byte
    {
        Null = 0,
        Integer = 1,
        Double = 2,
        Text = 3,
        Map = 4,
        False = 5,
        True = 6,

        /// <summary>A text that is a canonical integer (<c>"0"</c>, <c>"-12"</c>; no leading zero, plus sign or negative zero), as its zigzag 7-bit value.</summary>
        IntegerText = 7,

        /// <summary>A decimal text that <see cref="DataTables.DecimalText"/> reads and writes back the same (<c>"0.5230"</c>), as its scale (a byte, 1 to 15) and its zigzag 7-bit digits.</summary>
        DecimalText = 8,
    }

    /// <summary>
    /// The Zstandard level of a day's tables: built once from the logs, read by every period above them.
    /// Measured on the 365 day page-URL tables of the range bench (version 2: 58.5 MB serialized; the <c>codec</c> mode
    /// of bench/Makoto.Benchmarks): level 6 gives 10.21 MB, compressed in 399-414 ms and decompressed in 40 ms,
    /// where Brotli quality 5 (the codec before) gives 9.38 MB in 593 ms and 67 ms; level 3 gives 10.95 MB in
    /// 119 ms, level 9 9.84 MB in 677 ms (a day archived from the logs pays the compression).
    /// </summary>
    public const int DayLevel = 6;

    /// <summary>
    /// The Zstandard level of tables merged for a week, month, year or range (<see cref="TableMerger.Serialize"/>):
    /// a range merged by a request compresses its months' and weeks' tables while the request waits. Measured on
    /// the 13 month page-URL tables merged from those days (5.9 MB serialized): level 2 gives 1.59 MB, compressed
    /// in 13 ms and decompressed in 4 ms, where Brotli quality 3 (the codec before) gives 1.54 MB in 32 ms and
    /// 10 ms; level 1 gives 1.72 MB in 12 ms, level 3 1.52 MB in 19 ms.
    /// </summary>
    public const int PeriodLevel = 2;

    public static byte[] Serialize(DataTable table) => Serialize(table, DayLevel);

    /// <summary>The blob of a table, compressed at a Zstandard <paramref name="level"/> (<see cref="DayLevel"/>, <see cref="PeriodLevel"/>); any level reads the same.</summary>
    public static byte[] Serialize(DataTable table, int level) => Serialize(table, static (writer, table) => writer.Table(table), level);

    /// <summary>
    /// A blob of the table <paramref name="write"/> writes (a table's flags, rows and summary row, as
    /// <see cref="Writer.Table"/> does), in a thread's reused buffer, Zstandard-compressed when that pays.
    /// </summary>
    internal static byte[] Serialize<TState>(TState state, Action<Writer, TState> write, int level)
    {
        var buffer = s_buffer ??= new BlobBuffer(1 << 16);
        buffer.Clear();
        write(new Writer(buffer), state);
        if (buffer.Capacity > KeptBuffer)
        {
            s_buffer = null;
        }

        var payload = buffer.Written;
        if (payload.Length > CompressAbove)
        {
            var compressed = ArrayPool<byte>.Shared.Rent(Compressor.GetCompressBound(payload.Length));
            try
            {
                var compressor = s_compressor ??= new Compressor(level);
                if (compressor.Level != level)
                {
                    compressor.Level = level;
                }

                var written = compressor.Wrap(payload, compressed);
                if (written < payload.Length)
                {
                    return Blob(Zstandard, compressed.AsSpan(0, written));
                }
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(compressed);
            }
        }

        return Blob(Stored, payload);

        static byte[] Blob(byte codec, ReadOnlySpan<byte> body)
        {
            var output = new byte[Magic.Length + 2 + body.Length];
            Magic.CopyTo(output);
            output[3] = Version;
            output[4] = codec;
            body.CopyTo(output.AsSpan(Magic.Length + 2));
            return output;
        }
    }

    public static DataTable Deserialize(ReadOnlySpan<byte> blob) => Decode(blob, 0, static (cursor, _) => new Reader(cursor, new BlobNames(cursor.Version >= FirstShapedVersion)).Table());

    /// <summary>
    /// Checks the blob's header, decompresses its body (into a pooled buffer: a year's tables are large,
    /// no large-object allocation per blob) and reads it with <paramref name="read"/>.
    /// </summary>
    internal static TResult Decode<TState, TResult>(ReadOnlySpan<byte> blob, TState state, Func<BlobCursor, TState, TResult> read)
    {
        if (blob.Length < 5 || !blob[..3].SequenceEqual(Magic))
        {
            throw new InvalidDataException("This archive blob is not a Makoto report table (bad header).");
        }

        if (blob[3] is < FirstVersion or > Version)
        {
            throw new InvalidDataException($"This archive blob has format version {blob[3]}; this Makoto reads versions {FirstVersion} to {Version}. Invalidate the archives to rebuild them.");
        }

        var body = blob[5..];
        var version = blob[3];
        return blob[4] switch
        {
            Stored => read(new BlobCursor(body.ToArray(), body.Length, version), state),
            Zstandard => DecodeZstandard(body, version, state, read),
            Brotli => DecodeBrotli(body, version, state, read),
            var codec => throw new InvalidDataException($"This archive blob is compressed with an unknown codec {codec}. Invalidate the archives to rebuild them."),
        };
    }

    /// <summary>A Zstandard body, decompressed with this thread's decompressor into a pooled buffer of the size its frame states.</summary>
    private static TResult DecodeZstandard<TState, TResult>(ReadOnlySpan<byte> body, byte version, TState state, Func<BlobCursor, TState, TResult> read)
    {
        ulong size;
        try
        {
            size = Decompressor.GetDecompressedSize(body);
        }
        catch (ZstdException error)
        {
            throw new InvalidDataException("An archive blob could not be decompressed.", error);
        }

        if (size > MaxPayload)
        {
            throw new InvalidDataException("An archive blob could not be decompressed (no or too large a size in its frame).");
        }

        var rented = ArrayPool<byte>.Shared.Rent(Math.Max((int)size, 1));
        try
        {
            int written;
            try
            {
                written = (s_decompressor ??= new Decompressor()).Unwrap(body, rented);
            }
            catch (ZstdException error)
            {
                throw new InvalidDataException("An archive blob could not be decompressed.", error);
            }

            return read(new BlobCursor(rented, written, version), state);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>A Brotli body (the codec of the blobs written before Zstandard; stores still hold them).</summary>
    private static TResult DecodeBrotli<TState, TResult>(ReadOnlySpan<byte> body, byte version, TState state, Func<BlobCursor, TState, TResult> read)
    {
        var size = Math.Max(body.Length * 8, 1 << 16);
        while (true)
        {
            var rented = ArrayPool<byte>.Shared.Rent(size);
            try
            {
                if (BrotliDecoder.TryDecompress(body, rented, out var written))
                {
                    return read(new BlobCursor(rented, written, version), state);
                }
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(rented);
            }

            if (size > MaxPayload)
            {
                throw new InvalidDataException("An archive blob could not be decompressed.");
            }

            size *= 4;
        }
    }

    /// <summary>
    /// A text of a blob (UTF-8), with the decimal texts of small counts (most cells of a day's report)
    /// shared rather than allocated.
    /// </summary>
    internal static string Text(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length is > 0 and <= 5 && (bytes[0] != (byte)'0' || bytes.Length == 1))
        {
            var number = 0;
            foreach (var digit in bytes)
            {
                if ((uint)(digit - '0') > 9)
                {
                    return Encoding.UTF8.GetString(bytes);
                }

                number = (number * 10) + (digit - '0');
            }

            if (number < s_counts.Length)
            {
                return s_counts[number];
            }
        }

        return Encoding.UTF8.GetString(bytes);
    }

    /// <summary>Reads a value of any tag.</summary>
    internal static object? Value(BlobCursor cursor, BlobNames names) => Value(cursor, names, (Tag)cursor.ReadByte());

    /// <summary>Reads the data of a value whose tag was read.</summary>
    internal static object? Value(BlobCursor cursor, BlobNames names, Tag tag)
    {
        switch (tag)
        {
            case Tag.Null:
                return null;
            case Tag.Integer:
                return MetricValues.Box(ReadInteger(cursor));
            case Tag.Double:
                return cursor.ReadDouble();
            case Tag.Text:
                return Text(cursor.ReadText());
            case Tag.IntegerText:
                return IntegerText(ReadInteger(cursor));
            case Tag.DecimalText:
                var (digits, scale) = ReadDecimal(cursor);
                return DecimalText.ToText(digits, scale);
            case Tag.False:
                return BoxedFalse;
            case Tag.True:
                return BoxedTrue;
            case Tag.Map:
                return Map(cursor, names);
            default:
                throw new InvalidDataException($"An archive blob holds an unknown value tag {(byte)tag}.");
        }
    }

    /// <summary>Reads the keys and values of a nested map (its shape and values, or its pairs before version 3).</summary>
    private static OrderedDictionary<string, object?> Map(BlobCursor cursor, BlobNames names)
    {
        var map = new OrderedDictionary<string, object?>(StringComparer.Ordinal);
        ReadColumns(cursor, names, map);
        return map;
    }

    /// <summary>Reads a row's columns or a map's pairs into <paramref name="into"/>: its shape and values, or its pairs before version 3.</summary>
    private static void ReadColumns(BlobCursor cursor, BlobNames names, OrderedDictionary<string, object?> into)
    {
        if (!names.Shaped)
        {
            ReadPairs(cursor, names, into, cursor.ReadCount());
            return;
        }

        var shape = names.Shape(names.ShapeNumber(cursor));
        into.EnsureCapacity(shape.Length);
        foreach (var index in shape)
        {
            into[names.Names[index]] = Value(cursor, names);
        }
    }

    /// <summary>Reads <paramref name="count"/> pairs, each a name and a value, into <paramref name="into"/>.</summary>
    private static void ReadPairs(BlobCursor cursor, BlobNames names, OrderedDictionary<string, object?> into, int count)
    {
        into.EnsureCapacity(count);
        for (var i = 0; i < count; i++)
        {
            var name = names.Name(cursor);
            into[name] = Value(cursor, names);
        }
    }

    /// <summary>Reads past a value of any tag (the names and shapes of a map are still recorded: later ones refer to them by number).</summary>
    internal static void Skip(BlobCursor cursor, BlobNames names) => Skip(cursor, names, (Tag)cursor.ReadByte());

    /// <summary>Reads past the data of a value whose tag was read.</summary>
    internal static void Skip(BlobCursor cursor, BlobNames names, Tag tag)
    {
        switch (tag)
        {
            case Tag.Null or Tag.False or Tag.True:
                break;
            case Tag.Integer or Tag.IntegerText:
                cursor.Read7BitInt64();
                break;
            case Tag.DecimalText:
                ReadDecimal(cursor);
                break;
            case Tag.Double:
                cursor.ReadDouble();
                break;
            case Tag.Text:
                cursor.ReadText();
                break;
            case Tag.Map when names.Shaped:
                var shape = names.Shape(names.ShapeNumber(cursor));
                for (var i = 0; i < shape.Length; i++)
                {
                    Skip(cursor, names);
                }

                break;
            case Tag.Map:
                var count = cursor.ReadCount();
                for (var i = 0; i < count; i++)
                {
                    names.NameIndex(cursor);
                    Skip(cursor, names);
                }

                break;
            default:
                throw new InvalidDataException($"An archive blob holds an unknown value tag {(byte)tag}.");
        }
    }

    /// <summary>The text of an integer text's value, shared for small counts as <see cref="Text(ReadOnlySpan{byte})"/> shares them.</summary>
    internal static string IntegerText(long value) => (ulong)value < (ulong)s_counts.Length
        ? s_counts[value]
        : value.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The data of a decimal text: its scale and digits, checked to be what the writer writes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static (long Digits, byte Scale) ReadDecimal(BlobCursor cursor)
    {
        var scale = cursor.ReadByte();
        var digits = ReadInteger(cursor);
        return scale is >= 1 and <= DecimalText.MaxScale && digits is >= -DecimalText.MaxDigitsValue and <= DecimalText.MaxDigitsValue
            ? (digits, scale)
            : throw new InvalidDataException("An archive blob holds a malformed decimal text.");
    }

    /// <summary>
    /// True when <paramref name="utf8"/> is a canonical integer text: <c>0</c>, or an optional minus and digits
    /// without a leading zero, within <see cref="long"/> (its <see cref="long.ToString()"/> is the same text).
    /// </summary>
    internal static bool TryIntegerText(ReadOnlySpan<byte> utf8, out long value)
    {
        value = 0;
        var negative = utf8.Length > 0 && utf8[0] == (byte)'-';
        var digits = negative ? utf8[1..] : utf8;

        // The first digit rules out a plus sign and leading zeros; long's parser checks the other digits and the range.
        if (digits.Length is 0 or > 19 || (uint)(digits[0] - '0') > 9 || (digits[0] == (byte)'0' && (digits.Length > 1 || negative)))
        {
            return false;
        }

        return long.TryParse(utf8, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out value);
    }

    /// <summary>
    /// True when <paramref name="utf8"/> is a decimal text with a point that <see cref="DecimalText"/> writes back byte for
    /// byte (<see cref="DecimalText.TryParse"/> takes only those).
    /// </summary>
    internal static bool TryDecimalText(ReadOnlySpan<byte> utf8, out long digits, out byte scale) =>
        DecimalText.TryParse(utf8, out digits, out scale) && scale > 0;

    /// <summary>The data of an integer value (zigzag, 7-bit encoded).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static long ReadInteger(BlobCursor cursor)
    {
        var zigzag = cursor.Read7BitInt64();
        return (long)((ulong)zigzag >> 1) ^ -(zigzag & 1);
    }

    /// <summary>Writes a table's parts in the blob format: names once then by number, values by tag.</summary>
    internal sealed class Writer(BlobBuffer writer)
    {
        /// <summary>The longest numeric text: a long's minus and 19 digits, or a decimal text (<see cref="DecimalText.MaxLength"/>).</summary>
        private const int MaxNumericText = 20;

        private readonly Dictionary<string, int> _names = new(StringComparer.Ordinal);

        /// <summary>The shapes written, by the numbers of their names.</summary>
        private readonly ShapeNode _shapes = new();
        private int _shapeCount;

        public void Table(DataTable table)
        {
            writer.WriteByte((byte)((table.IsSimple ? 1 : 0) | (table.SummaryRow is null ? 0 : 2)));
            writer.Write7BitInt(table.Rows.Count);
            foreach (var row in table.Rows)
            {
                Row(row);
            }

            if (table.SummaryRow is { } summary)
            {
                Row(summary);
            }
        }

        /// <summary>A table's flags byte (1 simple, 2 has summary row).</summary>
        public void Flags(bool simple, bool hasSummary) => writer.WriteByte((byte)((simple ? 1 : 0) | (hasSummary ? 2 : 0)));

        /// <summary>A count (of rows, columns or metadata), or a subtable id (-1: no subtable).</summary>
        public void Count(int count) => writer.Write7BitInt(count);

        /// <summary>
        /// The shape of columns the caller numbers (a merger's): <paramref name="first"/> (the label's column) when given, then
        /// the columns of <paramref name="order"/>, named by <paramref name="names"/>; <paramref name="numbers"/> holds the
        /// blob's number of each column's name once written (0 before, see <see cref="Name(string, ref int)"/>).
        /// </summary>
        /// <returns>The shape's number, which <see cref="ShapeAgain"/> writes for the same names.</returns>
        public int Shape(List<string> names, int[] numbers, int? first, List<int> order)
        {
            var node = _shapes;
            if (first is { } firstColumn)
            {
                node = Known(names, numbers, firstColumn) is > 0 and var number ? node.Child(number - 1) : null;
            }

            for (var i = 0; i < order.Count && node is not null; i++)
            {
                node = Known(names, numbers, order[i]) is > 0 and var number ? node.Child(number - 1) : null;
            }

            if (node is { Number: > 0 })
            {
                writer.Write7BitInt(node.Number);
                return node.Number;
            }

            var shape = NewShape(order.Count + (first is null ? 0 : 1));
            node = _shapes;
            if (first is { } label)
            {
                Name(names[label], ref numbers[label]);
                node = node.Child(numbers[label] - 1);
            }

            foreach (var column in order)
            {
                Name(names[column], ref numbers[column]);
                node = node.Child(numbers[column] - 1);
            }

            node.Number = shape;
            return shape;
        }

        /// <summary>A reference to a shape written before, by the number <see cref="Shape"/> gave it.</summary>
        public void ShapeAgain(int number) => writer.Write7BitInt(number);

        /// <summary>The blob's number of a column's name when it was written (by the caller's column or otherwise), 0 before.</summary>
        private int Known(List<string> names, int[] numbers, int column)
        {
            if (numbers[column] == 0 && _names.TryGetValue(names[column], out var index))
            {
                numbers[column] = index + 1;
            }

            return numbers[column];
        }

        /// <summary>Starts a new shape of <paramref name="count"/> names, which are written next; returns its number.</summary>
        private int NewShape(int count)
        {
            writer.Write7BitInt(0);
            writer.Write7BitInt(count);
            return ++_shapeCount;
        }

        /// <summary>The shape of the pairs' names (a reference, or the new shape), then their values.</summary>
        public void Shaped(OrderedDictionary<string, object?> pairs)
        {
            var node = _shapes;
            for (var i = 0; i < pairs.Count && node is not null; i++)
            {
                node = _names.TryGetValue(pairs.GetAt(i).Key, out var index) ? node.Child(index) : null;
            }

            if (node is { Number: > 0 })
            {
                writer.Write7BitInt(node.Number);
            }
            else
            {
                var number = NewShape(pairs.Count);
                node = _shapes;
                for (var i = 0; i < pairs.Count; i++)
                {
                    node = node.Child(NameNumber(pairs.GetAt(i).Key) - 1);
                }

                node.Number = number;
            }

            for (var i = 0; i < pairs.Count; i++)
            {
                Value(pairs.GetAt(i).Value);
            }
        }

        public void Pairs(OrderedDictionary<string, object?> pairs)
        {
            writer.Write7BitInt(pairs.Count);
            foreach (var (name, value) in pairs)
            {
                Name(name);
                Value(value);
            }
        }

        public void Name(string name) => NameNumber(name);

        /// <summary>
        /// A name the caller numbers (a merger's column number), with <paramref name="number"/> its slot: 0 until the name
        /// is written, then the number the blob refers to it by, written without looking the name up again.
        /// </summary>
        public void Name(string name, ref int number)
        {
            if (number > 0)
            {
                writer.Write7BitInt(number);
                return;
            }

            number = NameNumber(name);
        }

        /// <summary>Writes a name (new: 0 and the name; known: its number) and returns its number.</summary>
        private int NameNumber(string name)
        {
            if (_names.TryGetValue(name, out var index))
            {
                writer.Write7BitInt(index + 1);
                return index + 1;
            }

            _names.Add(name, _names.Count);
            writer.Write7BitInt(0);
            writer.WriteText(name);
            return _names.Count;
        }

        /// <summary>The tag of a nested map, whose shape (<see cref="Shape"/>) and values follow.</summary>
        public void MapStart() => writer.WriteByte((byte)Tag.Map);

        public void Integer(long value)
        {
            writer.WriteByte((byte)Tag.Integer);
            writer.Write7BitInt64(ZigZag(value));
        }

        public void Double(double value)
        {
            writer.WriteByte((byte)Tag.Double);
            writer.WriteDouble(value);
        }

        /// <summary>A text: a canonical integer or decimal text by its numeric tag, any other as its UTF-8 bytes.</summary>
        public void Text(string text)
        {
            // Numeric texts are short ASCII digits, a minus and a point: the others are told by their first character or length.
            if (text.Length is > 0 and <= MaxNumericText && (char.IsAsciiDigit(text[0]) || text[0] == '-') && Ascii.IsValid(text))
            {
                Span<byte> utf8 = stackalloc byte[MaxNumericText];
                var length = Encoding.ASCII.GetBytes(text, utf8);
                if (TryNumericText(utf8[..length]))
                {
                    return;
                }
            }

            writer.WriteByte((byte)Tag.Text);
            writer.WriteText(text);
        }

        /// <summary>A text given as its UTF-8 bytes: the same bytes as <see cref="Text(string)"/> of its string.</summary>
        public void Text(ReadOnlySpan<byte> utf8)
        {
            if (utf8.Length <= MaxNumericText && TryNumericText(utf8))
            {
                return;
            }

            writer.WriteByte((byte)Tag.Text);
            writer.WriteText(utf8);
        }

        /// <summary>
        /// The text <see cref="DataTables.DecimalText.Format"/> writes of <paramref name="digits"/> and <paramref name="scale"/>
        /// read by <see cref="DataTables.DecimalText.TryParse"/> (which takes only texts it writes back the same: the text of
        /// a merged cell, without formatting it), with its numeric tag: the same bytes as <see cref="Text(string)"/> of the text.
        /// </summary>
        public void DecimalText(long digits, byte scale)
        {
            if (scale == 0)
            {
                writer.WriteByte((byte)Tag.IntegerText);
            }
            else
            {
                writer.WriteByte((byte)Tag.DecimalText);
                writer.WriteByte(scale);
            }

            writer.Write7BitInt64(ZigZag(digits));
        }

        /// <summary>Writes a canonical integer or decimal text with its numeric tag; false (nothing written) for any other text.</summary>
        private bool TryNumericText(ReadOnlySpan<byte> utf8)
        {
            if (TryIntegerText(utf8, out var value))
            {
                DecimalText(value, 0);
                return true;
            }

            if (TryDecimalText(utf8, out var digits, out var scale))
            {
                DecimalText(digits, scale);
                return true;
            }

            return false;
        }

        public void Value(object? value)
        {
            switch (value)
            {
                case null:
                    writer.WriteByte((byte)Tag.Null);
                    break;
                case long or int:
                    Integer(Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture));
                    break;
                case double or float or decimal:
                    Double(MetricValues.ToDouble(value));
                    break;
                case string text:
                    Text(text);
                    break;
                case bool flag:
                    writer.WriteByte((byte)(flag ? Tag.True : Tag.False));
                    break;
                case OrderedDictionary<string, object?> map:
                    MapStart();
                    Shaped(map);
                    break;
                default:
                    throw new ArgumentException($"A report value of type {value.GetType().Name} cannot be archived.", nameof(value));
            }
        }

        private void Row(DataRow row)
        {
            Shaped(row.Columns);
            if (row.HasMetadata)
            {
                Pairs(row.Metadata);
            }
            else
            {
                writer.Write7BitInt(0);
            }

            if (row.Subtable is { } subtable)
            {
                writer.Write7BitInt(row.IdSubtable ?? 0);
                Table(subtable);
            }
            else
            {
                writer.Write7BitInt(-1);
            }
        }

        private static long ZigZag(long value) => (value << 1) ^ (value >> 63);
    }

    /// <summary>
    /// The shapes a writer wrote, as a tree of the numbers of their names in order (a name's number in the blob, or a
    /// merger's column number): the node a row's names lead to holds the shape's number, or 0 when it is new.
    /// </summary>
    private sealed class ShapeNode
    {
        private Dictionary<int, ShapeNode>? _children;

        /// <summary>The number of the shape ending here (from 1), 0 for none yet.</summary>
        public int Number { get; set; }

        public ShapeNode Child(int key)
        {
            _children ??= [];
            if (!_children.TryGetValue(key, out var child))
            {
                child = new ShapeNode();
                _children.Add(key, child);
            }

            return child;
        }
    }

    private sealed class Reader(BlobCursor cursor, BlobNames names)
    {
        public DataTable Table()
        {
            var flags = cursor.ReadByte();
            var table = new DataTable(isSimple: (flags & 1) != 0);
            var count = cursor.ReadCount();
            table.Rows.Capacity = count;
            for (var i = 0; i < count; i++)
            {
                table.Rows.Add(Row());
            }

            if ((flags & 2) != 0)
            {
                table.SummaryRow = Row();
            }

            return table;
        }

        private DataRow Row()
        {
            var row = new DataRow();
            ReadColumns(cursor, names, row.Columns);
            var metadata = cursor.ReadCount();
            if (metadata > 0)
            {
                ReadPairs(cursor, names, row.Metadata, metadata);
            }

            var idSubtable = cursor.Read7BitInt();
            if (idSubtable >= 0)
            {
                row.IdSubtable = idSubtable == 0 ? null : idSubtable;
                row.Subtable = Table();
            }

            return row;
        }
    }

    private static string[] CountTexts()
    {
        var texts = new string[16_384];
        for (var i = 0; i < texts.Length; i++)
        {
            texts[i] = i.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return texts;
    }
}
