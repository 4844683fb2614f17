using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Makoto.Plugins.Tests.UserCountry;

/// <summary>
/// A minimal writer of MaxMind DB files (format 2.0, https://maxmind.github.io/MaxMind-DB/), so that
/// the geolocation tests read a real <c>.mmdb</c> through the real reader. MaxMind's own test
/// databases cannot be downloaded here.
/// </summary>
/// <remarks>
/// <para>A file is: the binary search tree, 16 zero bytes, the data section, the marker
/// <c>AB CD EF "MaxMind.com"</c> and the metadata map.</para>
/// <para>The tree has 24-bit records: each node is 6 bytes, the record for bit 0 then the record for
/// bit 1, big-endian. A record below the node count is the next node; equal to it, "no data"; above
/// it, the data at offset <c>record − node_count − 16</c> of the data section. In an IPv6 tree
/// (<c>ip_version</c> 6, the default) IPv4 networks are stored under <c>::/96</c>, where readers look
/// IPv4 addresses up; an IPv4 tree (<c>ip_version</c> 4) holds IPv4 networks only.</para>
/// <para>Data values: maps (<c>IDictionary&lt;string, object&gt;</c>), arrays (<c>object[]</c>), UTF-8
/// strings, doubles, <c>ushort</c> (uint16), <c>uint</c> (uint32), <c>ulong</c> (uint64) and booleans.
/// Every record is written in full (no pointers, no de-duplication). Networks must not overlap.</para>
/// </remarks>
internal sealed class MmdbWriter(string databaseType, int ipVersion = 6)
{
    private const int RecordBits = 24;
    private const int DataSectionSeparatorLength = 16;
    private static readonly byte[] s_metadataMarker = [0xAB, 0xCD, 0xEF, .. "MaxMind.com"u8];

    private readonly List<(byte[] Address, int PrefixLength, object Data)> _networks = [];

    /// <summary>Adds a network in CIDR notation (<c>81.2.69.0/24</c>, <c>2a02:8100::/32</c>) and its record.</summary>
    public MmdbWriter Add(string cidr, object data)
    {
        var slash = cidr.IndexOf('/', StringComparison.Ordinal);
        var address = IPAddress.Parse(cidr[..slash]);
        var prefix = int.Parse(cidr[(slash + 1)..], System.Globalization.CultureInfo.InvariantCulture);
        var bytes = new byte[16];
        if (ipVersion == 4)
        {
            if (address.AddressFamily != AddressFamily.InterNetwork)
            {
                throw new ArgumentException("An IPv4 database holds IPv4 networks only.", nameof(cidr));
            }

            address.GetAddressBytes().CopyTo(bytes, 0);
        }
        else if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            address.GetAddressBytes().CopyTo(bytes, 12);
            prefix += 96;
        }
        else
        {
            address.GetAddressBytes().CopyTo(bytes, 0);
        }

        _networks.Add((bytes, prefix, data));
        return this;
    }

    public void Write(string path) => File.WriteAllBytes(path, Build());

    public byte[] Build()
    {
        // 1. The tree: one node per branching point; a record holds a child node or a data index.
        var root = new TreeNode();
        for (var i = 0; i < _networks.Count; i++)
        {
            Insert(root, _networks[i].Address, _networks[i].PrefixLength, i);
        }

        var nodes = new List<TreeNode>();
        var queue = new Queue<TreeNode>();
        queue.Enqueue(root);
        while (queue.Count > 0)
        {
            var node = queue.Dequeue();
            node.Number = nodes.Count;
            nodes.Add(node);
            foreach (var child in node.Children)
            {
                if (child is not null)
                {
                    queue.Enqueue(child);
                }
            }
        }

        // 2. The data section: each network's record, once.
        var data = new List<byte>();
        var offsets = new int[_networks.Count];
        for (var i = 0; i < _networks.Count; i++)
        {
            offsets[i] = data.Count;
            Encode(_networks[i].Data, data);
        }

        var nodeCount = nodes.Count;
        var file = new List<byte>();
        foreach (var node in nodes)
        {
            for (var bit = 0; bit < 2; bit++)
            {
                var record = node.Children[bit] is { } child ? child.Number
                    : node.DataIndex[bit] is { } index ? nodeCount + DataSectionSeparatorLength + offsets[index]
                    : nodeCount;
                if (record >= 1 << RecordBits)
                {
                    throw new InvalidOperationException("The database is too large for 24-bit records.");
                }

                file.Add((byte)(record >> 16));
                file.Add((byte)(record >> 8));
                file.Add((byte)record);
            }
        }

        file.AddRange(new byte[DataSectionSeparatorLength]);
        file.AddRange(data);
        file.AddRange(s_metadataMarker);
        Encode(
            new Dictionary<string, object>
            {
                ["binary_format_major_version"] = (ushort)2,
                ["binary_format_minor_version"] = (ushort)0,
                ["build_epoch"] = (ulong)new DateTimeOffset(2026, 10, 1, 0, 0, 0, TimeSpan.Zero).ToUnixTimeSeconds(),
                ["database_type"] = databaseType,
                ["description"] = new Dictionary<string, object> { ["en"] = "Makoto test database" },
                ["ip_version"] = (ushort)ipVersion,
                ["languages"] = new object[] { "en", "de" },
                ["node_count"] = (uint)nodeCount,
                ["record_size"] = (ushort)RecordBits,
            },
            file);
        return [.. file];
    }

    private static void Insert(TreeNode root, byte[] address, int prefixLength, int dataIndex)
    {
        if (prefixLength is < 1 or > 128)
        {
            throw new ArgumentOutOfRangeException(nameof(prefixLength));
        }

        var node = root;
        for (var depth = 0; depth < prefixLength; depth++)
        {
            var bit = (address[depth / 8] >> (7 - (depth % 8))) & 1;
            if (node.DataIndex[bit] is not null)
            {
                throw new InvalidOperationException("Networks overlap.");
            }

            if (depth == prefixLength - 1)
            {
                if (node.Children[bit] is not null)
                {
                    throw new InvalidOperationException("Networks overlap.");
                }

                node.DataIndex[bit] = dataIndex;
                return;
            }

            node = node.Children[bit] ??= new TreeNode();
        }
    }

    /// <summary>Writes one value of the data section: a control byte (type and size), then the payload.</summary>
    private static void Encode(object value, List<byte> output)
    {
        switch (value)
        {
            case string text:
                var utf8 = Encoding.UTF8.GetBytes(text);
                WriteControl(output, 2, utf8.Length);
                output.AddRange(utf8);
                break;
            case double number:
                WriteControl(output, 3, 8);
                var bits = new byte[8];
                BinaryPrimitives.WriteDoubleBigEndian(bits, number);
                output.AddRange(bits);
                break;
            case ushort small:
                WriteUnsigned(output, 5, small);
                break;
            case uint medium:
                WriteUnsigned(output, 6, medium);
                break;
            case ulong large:
                WriteUnsigned(output, 9, large);
                break;
            case bool flag:
                WriteControl(output, 14, flag ? 1 : 0);
                break;
            case IDictionary<string, object> map:
                WriteControl(output, 7, map.Count);
                foreach (var (key, item) in map)
                {
                    Encode(key, output);
                    Encode(item, output);
                }

                break;
            case object[] array:
                WriteControl(output, 11, array.Length);
                foreach (var item in array)
                {
                    Encode(item, output);
                }

                break;
            default:
                throw new ArgumentException($"Values of type {value.GetType()} are not supported.", nameof(value));
        }
    }

    /// <summary>An unsigned integer in as few big-endian bytes as it needs (zero takes none).</summary>
    private static void WriteUnsigned(List<byte> output, int type, ulong value)
    {
        var length = 0;
        for (var rest = value; rest != 0; rest >>= 8)
        {
            length++;
        }

        WriteControl(output, type, length);
        for (var i = length - 1; i >= 0; i--)
        {
            output.Add((byte)(value >> (8 * i)));
        }
    }

    /// <summary>
    /// The control byte: type in the top 3 bits (0 = extended, the type − 7 in the next byte), size in
    /// the low 5 bits (29, 30, 31: the size minus 29, 285, 65821 follows in 1, 2 or 3 bytes).
    /// </summary>
    private static void WriteControl(List<byte> output, int type, int size)
    {
        var (sizeBits, extra, extraBytes) = size switch
        {
            < 29 => (size, 0, 0),
            < 285 => (29, size - 29, 1),
            < 65821 => (30, size - 285, 2),
            _ => (31, size - 65821, 3),
        };
        if (type <= 7)
        {
            output.Add((byte)((type << 5) | sizeBits));
        }
        else
        {
            output.Add((byte)sizeBits);
            output.Add((byte)(type - 7));
        }

        for (var i = extraBytes - 1; i >= 0; i--)
        {
            output.Add((byte)(extra >> (8 * i)));
        }
    }

    private sealed class TreeNode
    {
        public TreeNode?[] Children { get; } = new TreeNode?[2];

        public int?[] DataIndex { get; } = new int?[2];

        public int Number { get; set; }
    }
}
