using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;

namespace Makoto.Core.DataTables;

/// <summary>
/// Reads the primitives of a decoded report blob (<see cref="DataTableSerializer"/>) from a byte array:
/// what <see cref="BinaryWriter"/> wrote (7-bit encoded integers, little-endian doubles, texts as a
/// byte length and UTF-8), without a stream and without copying texts out of the buffer.
/// </summary>
internal sealed class BlobCursor(byte[] data, int length, byte version)
{
    private int _position;

    /// <summary>The format version of the blob read (<see cref="DataTableSerializer"/>).</summary>
    public byte Version => version;

    /// <summary>Where the next read starts.</summary>
    public int Position => _position;

    /// <summary>Bytes read before, by position.</summary>
    public ReadOnlySpan<byte> Slice(int start, int count) => data.AsSpan(start, count);

    public byte ReadByte() => _position < length ? data[_position++] : ThrowEnd<byte>();

    /// <summary><see cref="BinaryReader.Read7BitEncodedInt"/>: at most five bytes, the fifth holding the top four bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int Read7BitInt()
    {
        // Most are one byte (a name's number, a count, a small value): read in place.
        var position = _position;
        if ((uint)position < (uint)length && (uint)position < (uint)data.Length && data[position] < 0x80)
        {
            _position = position + 1;
            return data[position];
        }

        return Read7BitIntLong();
    }

    private int Read7BitIntLong()
    {
        uint result = 0;
        for (var shift = 0; shift < 28; shift += 7)
        {
            var b = ReadByte();
            result |= (uint)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return (int)result;
            }
        }

        var last = ReadByte();
        return last > 0b1111 ? ThrowFormat<int>() : (int)(result | ((uint)last << 28));
    }

    /// <summary><see cref="BinaryReader.Read7BitEncodedInt64"/>: at most ten bytes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public long Read7BitInt64()
    {
        var position = _position;
        if ((uint)position < (uint)length && (uint)position < (uint)data.Length && data[position] < 0x80)
        {
            _position = position + 1;
            return data[position];
        }

        return Read7BitInt64Long();
    }

    private long Read7BitInt64Long()
    {
        ulong result = 0;
        for (var shift = 0; shift < 63; shift += 7)
        {
            var b = ReadByte();
            result |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return (long)result;
            }
        }

        var last = ReadByte();
        return last > 1 ? ThrowFormat<long>() : (long)(result | ((ulong)last << 63));
    }

    /// <summary>A count (a 7-bit encoded integer that must not be negative).</summary>
    public int ReadCount()
    {
        var value = Read7BitInt();
        return value >= 0 ? value : throw new InvalidDataException("An archive blob holds a negative count.");
    }

    public double ReadDouble() => BinaryPrimitives.ReadDoubleLittleEndian(Take(8));

    /// <summary>The UTF-8 bytes of a text written by <see cref="BinaryWriter.Write(string)"/>, in place.</summary>
    public ReadOnlySpan<byte> ReadText() => Take(ReadCount());

    private ReadOnlySpan<byte> Take(int count)
    {
        if (count > length - _position)
        {
            ThrowEnd<byte>();
        }

        var span = data.AsSpan(_position, count);
        _position += count;
        return span;
    }

    [DoesNotReturn]
    private static T ThrowEnd<T>() => throw new EndOfStreamException("An archive blob ends too early.");

    [DoesNotReturn]
    private static T ThrowFormat<T>() => throw new InvalidDataException("An archive blob holds a malformed 7-bit encoded integer.");
}
