using System.Text;

namespace Makoto.Core.DataTables;

/// <summary>
/// The names and row shapes read so far from one report blob (<see cref="DataTableSerializer"/>): a name is written
/// once and then referred to by its number; from format version 3 a row's (or a map's) columns are a shape, the list of
/// its names, written once and then referred to by its number, and the values follow without their names.
/// </summary>
internal sealed class BlobNames(bool shaped)
{
    private readonly List<int[]> _shapes = [];

    /// <summary>The strings of the names read, kept from one blob to the next (<see cref="Reset"/>): a month's days name the same columns.</summary>
    private readonly Dictionary<string, string> _known = new(StringComparer.Ordinal);
    private char[] _chars = new char[64];

    /// <summary>True from format version 3: rows and maps start with their shape instead of naming each value.</summary>
    public bool Shaped { get; private set; } = shaped;

    public List<string> Names { get; } = [];

    /// <summary>Starts on another blob (of format version 3 and later when <paramref name="shaped"/>): its names and shapes are numbered anew.</summary>
    public void Reset(bool shaped)
    {
        Shaped = shaped;
        Names.Clear();
        _shapes.Clear();
    }

    /// <summary>Reads a name: a number referring to a name read before, or 0 and the new name.</summary>
    public string Name(BlobCursor cursor) => Names[NameIndex(cursor)];

    /// <summary>Reads a name as <see cref="Name"/> does and returns its index in <see cref="Names"/>.</summary>
    public int NameIndex(BlobCursor cursor)
    {
        var number = cursor.Read7BitInt();
        if (number == 0)
        {
            Names.Add(ReadName(cursor.ReadText()));
            return Names.Count - 1;
        }

        return (uint)(number - 1) < (uint)Names.Count ? number - 1 : throw new InvalidDataException("An archive blob refers to an unknown column name.");
    }

    /// <summary>
    /// Reads a shape: a number referring to a shape read before, or 0, the count of its names and the names. Returns
    /// the shape's number (from 0; <see cref="Shape(int)"/> gives its names).
    /// </summary>
    public int ShapeNumber(BlobCursor cursor)
    {
        var number = cursor.Read7BitInt();
        if (number != 0)
        {
            return (uint)(number - 1) < (uint)_shapes.Count ? number - 1 : throw new InvalidDataException("An archive blob refers to an unknown row shape.");
        }

        var shape = new int[cursor.ReadCount()];
        for (var i = 0; i < shape.Length; i++)
        {
            shape[i] = NameIndex(cursor);
        }

        _shapes.Add(shape);
        return _shapes.Count - 1;
    }

    /// <summary>A new name's text: the string of the same name read before, or a new one.</summary>
    private string ReadName(ReadOnlySpan<byte> utf8)
    {
        var needed = Encoding.UTF8.GetMaxCharCount(utf8.Length);
        if (needed > _chars.Length)
        {
            _chars = new char[Math.Max(needed, _chars.Length * 2)];
        }

        var chars = _chars.AsSpan(0, Encoding.UTF8.GetChars(utf8, _chars));
        if (!_known.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(chars, out var name))
        {
            name = chars.ToString();
            _known.Add(name, name);
        }

        return name;
    }

    /// <summary>The indexes in <see cref="Names"/> of a shape's names, in order.</summary>
    public int[] Shape(int number) => _shapes[number];
}
