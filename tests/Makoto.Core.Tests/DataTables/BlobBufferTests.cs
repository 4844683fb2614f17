using System.Text;
using Makoto.Core.DataTables;

namespace Makoto.Core.Tests.DataTables;

/// <summary>The blob writer writes what <see cref="BinaryWriter"/> with UTF-8 wrote before it (blobs already stored read the same), and what <see cref="BlobCursor"/> reads back.</summary>
public class BlobBufferTests
{
    private static readonly int[] s_counts = [0, 1, 127, 128, 300, 16_383, 16_384, int.MaxValue, -1, int.MinValue];
    private static readonly long[] s_longs = [0, 127, 128, long.MaxValue, -1, long.MinValue, 1L << 56];
    private static readonly double[] s_doubles = [0.1, -0.0, double.MaxValue, double.NaN, 418.34000000000003];
    private static readonly string[] s_texts = ["", "nb_visits", "ünïcödé ☕", "lone \ud800 surrogate", new string('x', 200)];

    [Fact]
    public void Writes_the_bytes_a_binary_writer_writes()
    {
        using var stream = new MemoryStream();
        using (var expected = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true))
        {
            expected.Write((byte)7);
            foreach (var count in s_counts)
            {
                expected.Write7BitEncodedInt(count);
            }

            foreach (var value in s_longs)
            {
                expected.Write7BitEncodedInt64(value);
            }

            foreach (var value in s_doubles)
            {
                expected.Write(value);
            }

            foreach (var text in s_texts)
            {
                expected.Write(text);
            }
        }

        // A small buffer, so that every kind of write has to grow it.
        var buffer = new BlobBuffer(1);
        Write(buffer);

        Assert.Equal(stream.ToArray(), buffer.Written.ToArray());
    }

    [Fact]
    public void Reads_back_through_the_blob_cursor()
    {
        var buffer = new BlobBuffer(16);
        Write(buffer);
        var bytes = buffer.Written.ToArray();
        var cursor = new BlobCursor(bytes, bytes.Length, version: 3);

        Assert.Equal(7, cursor.ReadByte());
        foreach (var count in s_counts)
        {
            Assert.Equal(count, cursor.Read7BitInt());
        }

        foreach (var value in s_longs)
        {
            Assert.Equal(value, cursor.Read7BitInt64());
        }

        foreach (var value in s_doubles)
        {
            Assert.Equal(BitConverter.DoubleToInt64Bits(value), BitConverter.DoubleToInt64Bits(cursor.ReadDouble()));
        }

        foreach (var text in s_texts)
        {
            // A lone surrogate is written as U+FFFD, as the UTF-8 encoder replaces it.
            Assert.Equal(text.Replace("\ud800", "\ufffd", StringComparison.Ordinal), Encoding.UTF8.GetString(cursor.ReadText()));
        }

        Assert.Equal(bytes.Length, cursor.Position);
    }

    [Fact]
    public void Clear_starts_the_buffer_again_and_keeps_its_array()
    {
        var buffer = new BlobBuffer(4);
        buffer.WriteText("a text longer than four bytes");
        var capacity = buffer.Capacity;

        buffer.Clear();
        buffer.WriteByte(42);

        Assert.Equal([42], buffer.Written.ToArray());
        Assert.Equal(capacity, buffer.Capacity);
    }

    private static void Write(BlobBuffer buffer)
    {
        buffer.WriteByte(7);
        foreach (var count in s_counts)
        {
            buffer.Write7BitInt(count);
        }

        foreach (var value in s_longs)
        {
            buffer.Write7BitInt64(value);
        }

        foreach (var value in s_doubles)
        {
            buffer.WriteDouble(value);
        }

        foreach (var text in s_texts)
        {
            buffer.WriteText(text);
        }
    }
}
