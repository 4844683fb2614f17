using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace Makoto.Plugins.DevicesDetection.Tracking;

/// <summary>
/// The IPv4 ranges of search engines' crawlers that Matomo excludes as bots whatever their User-Agent
/// (tracking-api.md §5 rule 1: Google, Bing, Yahoo).
/// </summary>
internal static class BotIpRanges
{
    private static readonly (uint Network, uint Mask)[] s_ranges = Parse(
        // Google
        "216.239.32.0/19", "64.233.160.0/19", "66.249.80.0/20", "72.14.192.0/18", "209.85.128.0/17",
        "66.102.0.0/20", "74.125.0.0/16", "64.18.0.0/20", "207.126.144.0/20", "173.194.0.0/16",
        // Bing
        "64.4.0.0/18", "65.52.0.0/14", "157.54.0.0/15", "157.56.0.0/14", "157.60.0.0/16", "207.46.0.0/16",
        "207.68.128.0/18", "207.68.192.0/20", "131.253.26.0/20", "131.253.24.0/20",
        // Yahoo
        "72.30.198.0/20", "72.30.196.0/20", "98.137.207.0/20",
        // Single address in Matomo's list
        "1.202.218.8/32");

    public static bool Contains(IPAddress ip)
    {
        if (ip.IsIPv4MappedToIPv6)
        {
            ip = ip.MapToIPv4();
        }

        if (ip.AddressFamily != AddressFamily.InterNetwork)
        {
            return false;
        }

        Span<byte> bytes = stackalloc byte[4];
        ip.TryWriteBytes(bytes, out _);
        var value = BinaryPrimitives.ReadUInt32BigEndian(bytes);
        foreach (var (network, mask) in s_ranges)
        {
            if ((value & mask) == network)
            {
                return true;
            }
        }

        return false;
    }

    private static (uint Network, uint Mask)[] Parse(params string[] cidrs)
    {
        var result = new (uint, uint)[cidrs.Length];
        for (var i = 0; i < cidrs.Length; i++)
        {
            var slash = cidrs[i].IndexOf('/', StringComparison.Ordinal);
            var bytes = IPAddress.Parse(cidrs[i].AsSpan(0, slash)).GetAddressBytes();
            var bits = int.Parse(cidrs[i].AsSpan(slash + 1), System.Globalization.CultureInfo.InvariantCulture);
            var mask = bits == 0 ? 0u : uint.MaxValue << (32 - bits);
            result[i] = (BinaryPrimitives.ReadUInt32BigEndian(bytes) & mask, mask);
        }

        return result;
    }
}
