using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Makoto.Tracking.Net;

/// <summary>
/// A list of IP addresses and ranges as Matomo's exclusion settings write them: single addresses,
/// CIDR ranges (<c>10.0.0.0/8</c>, <c>2001:db8::/32</c>) and wildcards (<c>1.2.3.*</c>, <c>1.2.*.*</c>),
/// separated by commas or new lines. Entries that cannot be read are skipped.
/// </summary>
public sealed class IpRangeList
{
    private readonly List<(byte[] Network, int PrefixBits)> _ranges = [];

    public IpRangeList(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return;
        }

        foreach (var entry in text.Split([',', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (TryParse(entry, out var network, out var bits))
            {
                _ranges.Add((network, bits));
            }
        }
    }

    public bool IsEmpty => _ranges.Count == 0;

    public bool Contains(IPAddress ip)
    {
        if (_ranges.Count == 0)
        {
            return false;
        }

        var address = (ip.IsIPv4MappedToIPv6 ? ip.MapToIPv4() : ip).GetAddressBytes();
        foreach (var (network, bits) in _ranges)
        {
            if (network.Length == address.Length && PrefixMatches(network, address, bits))
            {
                return true;
            }
        }

        return false;
    }

    private static bool PrefixMatches(byte[] network, byte[] address, int bits)
    {
        var whole = bits / 8;
        for (var i = 0; i < whole; i++)
        {
            if (network[i] != address[i])
            {
                return false;
            }
        }

        var rest = bits % 8;
        if (rest == 0)
        {
            return true;
        }

        var mask = (byte)(0xFF << (8 - rest));
        return (network[whole] & mask) == (address[whole] & mask);
    }

    private static bool TryParse(string entry, out byte[] network, out int bits)
    {
        network = [];
        bits = 0;
        if (entry.Contains('*', StringComparison.Ordinal))
        {
            // 1.2.3.* → 1.2.3.0/24; wildcards only at the end.
            var parts = entry.Split('.');
            if (parts.Length != 4)
            {
                return false;
            }

            var bytes = new byte[4];
            var fixedParts = 0;
            for (var i = 0; i < 4; i++)
            {
                if (parts[i] == "*")
                {
                    continue;
                }

                if (fixedParts != i || !byte.TryParse(parts[i], NumberStyles.None, CultureInfo.InvariantCulture, out bytes[i]))
                {
                    return false;
                }

                fixedParts++;
            }

            network = bytes;
            bits = fixedParts * 8;
            return true;
        }

        var slash = entry.IndexOf('/', StringComparison.Ordinal);
        var addressText = slash >= 0 ? entry[..slash] : entry;
        if (!IPAddress.TryParse(addressText, out var address))
        {
            return false;
        }

        network = address.GetAddressBytes();
        var max = address.AddressFamily == AddressFamily.InterNetwork ? 32 : 128;
        bits = max;
        if (slash >= 0 && (!int.TryParse(entry.AsSpan(slash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out bits) || bits > max))
        {
            return false;
        }

        return true;
    }
}
