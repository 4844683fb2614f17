using System.Buffers.Binary;
using System.IO.Hashing;
using System.Text;

namespace Makoto.Core.DataTables;

/// <summary>
/// A mergeable count of distinct values (visitors, users) that lets every period — weeks, months,
/// years, ranges — report unique counts from its days' archives without reading the logs again.
/// Up to <see cref="ExactLimit"/> distinct values it keeps their 64-bit hashes and the count is exact
/// (barring a hash collision, about one in 10^12 for such sets); beyond that it becomes a HyperLogLog
/// sketch with 2^14 registers, whose standard error is about 0.81 % (1.04 / √16384).
/// </summary>
public sealed class UniqueCounter
{
    /// <summary>Distinct values counted exactly before switching to the sketch.</summary>
    public const int ExactLimit = 4096;

    private const int Precision = 14;
    private const int Registers = 1 << Precision;
    private const byte FormatExact = 1;
    private const byte FormatSketch = 2;

    private HashSet<ulong>? _exact = [];
    private byte[]? _registers;

    /// <summary>True while the count is exact.</summary>
    public bool IsExact => _exact is not null;

    /// <summary>The number of distinct values added (estimated once beyond <see cref="ExactLimit"/>).</summary>
    public long Count => _exact is not null ? _exact.Count : Estimate(_registers!);

    public void Add(ReadOnlySpan<byte> value) => AddHash(XxHash64.HashToUInt64(value));

    public void Add(string value)
    {
        var bytes = Encoding.UTF8.GetBytes(value);
        AddHash(XxHash64.HashToUInt64(bytes));
    }

    /// <summary>Adds everything counted by <paramref name="other"/> (a set union).</summary>
    public void Merge(UniqueCounter other)
    {
        if (other._exact is { } hashes)
        {
            foreach (var hash in hashes)
            {
                AddHash(hash);
            }

            return;
        }

        ToSketch();
        var target = _registers!;
        var source = other._registers!;
        for (var i = 0; i < Registers; i++)
        {
            if (source[i] > target[i])
            {
                target[i] = source[i];
            }
        }
    }

    public byte[] Serialize()
    {
        if (_exact is { } hashes)
        {
            var sorted = hashes.ToArray();
            Array.Sort(sorted);
            using var stream = new MemoryStream(1 + 5 + (sorted.Length * 9));
            using var writer = new BinaryWriter(stream);
            writer.Write(FormatExact);
            writer.Write7BitEncodedInt(sorted.Length);
            var previous = 0UL;
            foreach (var hash in sorted)
            {
                writer.Write7BitEncodedInt64((long)(hash - previous));
                previous = hash;
            }

            writer.Flush();
            return stream.ToArray();
        }

        var output = new byte[1 + Registers];
        output[0] = FormatSketch;
        _registers!.CopyTo(output, 1);
        return output;
    }

    public static UniqueCounter Deserialize(ReadOnlySpan<byte> data)
    {
        var counter = new UniqueCounter();
        if (data.Length == 0)
        {
            return counter;
        }

        if (data[0] == FormatSketch && data.Length == 1 + Registers)
        {
            counter._exact = null;
            counter._registers = data[1..].ToArray();
            return counter;
        }

        if (data[0] != FormatExact)
        {
            throw new InvalidDataException("This archive blob is not a unique-count sketch.");
        }

        using var stream = new MemoryStream(data[1..].ToArray(), writable: false);
        using var reader = new BinaryReader(stream);
        var count = reader.Read7BitEncodedInt();
        var previous = 0UL;
        for (var i = 0; i < count; i++)
        {
            previous += (ulong)reader.Read7BitEncodedInt64();
            counter._exact!.Add(previous);
        }

        return counter;
    }

    private void AddHash(ulong hash)
    {
        if (_exact is { } hashes)
        {
            if (hashes.Add(hash) && hashes.Count > ExactLimit)
            {
                ToSketch();
            }

            return;
        }

        Observe(_registers!, hash);
    }

    private void ToSketch()
    {
        if (_exact is null)
        {
            return;
        }

        var registers = new byte[Registers];
        foreach (var hash in _exact)
        {
            Observe(registers, hash);
        }

        _registers = registers;
        _exact = null;
    }

    private static void Observe(byte[] registers, ulong hash)
    {
        var index = (int)(hash >> (64 - Precision));
        var rest = (hash << Precision) | (1UL << (Precision - 1));
        var rank = (byte)(System.Numerics.BitOperations.LeadingZeroCount(rest) + 1);
        if (rank > registers[index])
        {
            registers[index] = rank;
        }
    }

    private static long Estimate(byte[] registers)
    {
        var sum = 0.0;
        var zeros = 0;
        foreach (var register in registers)
        {
            sum += Math.ScaleB(1.0, -register);
            if (register == 0)
            {
                zeros++;
            }
        }

        const double m = Registers;
        var alpha = 0.7213 / (1 + (1.079 / m));
        var estimate = alpha * m * m / sum;
        if (estimate <= 2.5 * m && zeros > 0)
        {
            estimate = m * Math.Log(m / zeros);
        }

        return (long)Math.Round(estimate);
    }

    /// <summary>Hash of an 8-byte visitor id, for callers that have it as a number.</summary>
    public void Add(ulong value)
    {
        Span<byte> bytes = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64BigEndian(bytes, value);
        Add(bytes);
    }
}
