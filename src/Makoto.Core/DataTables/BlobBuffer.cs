using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Text;

namespace Makoto.Core.DataTables;

/// <summary>
/// Writes the primitives of a report blob (<see cref="DataTableSerializer"/>) into a growing byte array: what
/// <see cref="BlobCursor"/> reads (7-bit encoded integers, little-endian doubles, texts as a byte length and UTF-8),
/// the same bytes as <see cref="BinaryWriter"/> with UTF-8 writes, without a stream's call per byte.
/// </summary>
internal sealed class BlobBuffer(int capacity)
{
    private byte[] _data = new byte[Math.Max(capacity, 16)];
    private int _length;

    /// <summary>The bytes written since the last <see cref="Clear"/>.</summary>
    public ReadOnlySpan<byte> Written => _data.AsSpan(0, _length);

    /// <summary>The size of the array the buffer holds.</summary>
    public int Capacity => _data.Length;

    public void Clear() => _length = 0;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void WriteByte(byte value)
    {
        var length = _length;
        var data = _data;
        if ((uint)length < (uint)data.Length)
        {
            data[length] = value;
            _length = length + 1;
            return;
        }

        Grow(1);
        _data[_length++] = value;
    }

    /// <summary><see cref="BinaryWriter.Write7BitEncodedInt"/>: a negative number takes five bytes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Write7BitInt(int value)
    {
        if (!TryWriteOneByte((uint)value))
        {
            WriteVarint((uint)value);
        }
    }

    /// <summary><see cref="BinaryWriter.Write7BitEncodedInt64"/>: a negative number takes ten bytes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Write7BitInt64(long value)
    {
        if (!TryWriteOneByte((ulong)value))
        {
            WriteVarint((ulong)value);
        }
    }

    /// <summary>Writes a 7-bit encoded number below 128 (its one byte) when the array has room; false otherwise.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool TryWriteOneByte(ulong value)
    {
        var length = _length;
        var data = _data;
        if (value >= 0x80 || (uint)length >= (uint)data.Length)
        {
            return false;
        }

        data[length] = (byte)value;
        _length = length + 1;
        return true;
    }

    public void WriteDouble(double value)
    {
        Ensure(sizeof(double));
        BinaryPrimitives.WriteDoubleLittleEndian(_data.AsSpan(_length), value);
        _length += sizeof(double);
    }

    public void WriteBytes(ReadOnlySpan<byte> bytes)
    {
        Ensure(bytes.Length);
        bytes.CopyTo(_data.AsSpan(_length));
        _length += bytes.Length;
    }

    /// <summary><see cref="BinaryWriter.Write(string)"/> with UTF-8: the byte length, then the bytes.</summary>
    public void WriteText(string text)
    {
        var count = Encoding.UTF8.GetByteCount(text);
        Write7BitInt(count);
        Ensure(count);
        _length += Encoding.UTF8.GetBytes(text, _data.AsSpan(_length));
    }

    /// <summary>A byte length and the bytes of a UTF-8 text.</summary>
    public void WriteText(ReadOnlySpan<byte> utf8)
    {
        Write7BitInt(utf8.Length);
        WriteBytes(utf8);
    }

    private void WriteVarint(ulong value)
    {
        Ensure(10);
        var data = _data;
        var length = _length;
        while (value >= 0x80)
        {
            data[length++] = (byte)(value | 0x80);
            value >>= 7;
        }

        data[length++] = (byte)value;
        _length = length;
    }

    private void Ensure(int count)
    {
        if (count > _data.Length - _length)
        {
            Grow(count);
        }
    }

    private void Grow(int count)
    {
        var size = Math.Max((long)_data.Length * 2, (long)_length + count);
        if (size > Array.MaxLength)
        {
            throw new InvalidOperationException("A report table is too large to archive (over 2 GB serialized).");
        }

        Array.Resize(ref _data, (int)size);
    }
}
