using System.Net;
using System.Net.Sockets;
using Makoto.Tracking.Pipeline;

namespace Makoto.Plugins.PrivacyManager;

/// <summary>
/// Stores the visitor's IP with its last bytes zeroed (tracking-api.md §11): IPv4 loses 1–3 bytes;
/// IPv6 keeps its first 64, 48 or 24 bits. The fingerprint uses the full IP; geolocation too, unless
/// <c>PrivacyManager.useAnonymizedIpForVisitEnrichment</c> is on: runs before it, and gives it the anonymized IP then.
/// The bytes come from <see cref="PrivacySettings"/> (stored setting, else <c>Makoto:Privacy:IpAnonymizationBytes</c>).
/// </summary>
public sealed class IpAnonymizer(PrivacySettings settings) : ITrackingProcessor
{
    public string Name => "ip-anonymization";

    public int Order => TrackingStage.Location - 10;

    public void Process(HitContext hit)
    {
        var bytes = settings.IpAnonymizationBytes;
        var stored = Anonymize(hit.Request.Ip, bytes);
        hit.Visit.LocationIp = stored;
        if (bytes > 0 && settings.UseAnonymizedIp)
        {
            hit.EnrichmentIp = new IPAddress(stored);
        }
    }

    /// <summary>The stored form of an IP: its last <paramref name="bytes"/> bytes zeroed (IPv6: the matching prefix kept); shared with the GDPR tools and raw data anonymization.</summary>
    public static byte[] Anonymize(IPAddress ip, int bytes)
    {
        var address = ip.GetAddressBytes();
        if (bytes <= 0)
        {
            return address;
        }

        if (ip.AddressFamily == AddressFamily.InterNetwork)
        {
            for (var i = 4 - Math.Min(bytes, 4); i < 4; i++)
            {
                address[i] = 0;
            }

            return address;
        }

        var keepBits = bytes switch
        {
            1 => 64,
            2 => 48,
            _ => 24,
        };
        for (var bit = keepBits; bit < 128; bit++)
        {
            address[bit / 8] &= (byte)~(0x80 >> (bit % 8));
        }

        return address;
    }
}
