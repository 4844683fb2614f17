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

    /// <summary>True from format version 3: rows and maps start with their shape instead of naming each value.</summary>
    public bool Shaped { get; } = shaped;

    public List<string> Names { get; } = [];

    /// <summary>Reads a name: a number referring to a name read before, or 0 and the new name.</summary>
    public string Name(BlobCursor cursor) => Names[NameIndex(cursor)];

    /// <summary>Reads a name as <see cref="Name"/> does and returns its index in <see cref="Names"/>.</summary>
    public int NameIndex(BlobCursor cursor)
    {
        var number = cursor.Read7BitInt();
        if (number == 0)
        {
            Names.Add(Encoding.UTF8.GetString(cursor.ReadText()));
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

    /// <summary>The indexes in <see cref="Names"/> of a shape's names, in order.</summary>
    public int[] Shape(int number) => _shapes[number];
}
