using System.Net;
using System.Security.Cryptography;
using System.Text;
using Makoto.Storage.Logs;
using Makoto.Storage.Options;

namespace Makoto.Plugins.PrivacyManager;

/// <summary>
/// Anonymizing the raw data of past visits (Matomo's anonymizeSomeRawData), shared by the API and
/// <c>makoto anonymize</c>: stored IPs get their last bytes zeroed, the city, region and coordinates are
/// cleared (the country stays), device details beyond the family are cleared, and User IDs are replaced by
/// a pseudonym — the SHA-1 of the User ID with this store's salt, the same for the same User ID.
/// </summary>
public sealed class PastDataAnonymizer(RawDataAnonymizer anonymizer, OptionStore options)
{
    private const string SaltOption = "makoto_user_id_salt";

    /// <summary>The request for the visits that ended on the UTC days <paramref name="from"/> to <paramref name="to"/>.</summary>
    public RawDataAnonymization Request(
        IReadOnlyCollection<int>? idSites, DateOnly from, DateOnly to, int ipBytes, bool location, bool userAgent, bool userId)
    {
        if (ipBytes is < 0 or > 3)
        {
            throw new ArgumentException($"IPs lose 1, 2 or 3 bytes (0 leaves them as they are), not {ipBytes}.");
        }

        // Read (or made) before the anonymizer's transactions start.
        var salt = userId ? Salt() : "";
        return new RawDataAnonymization
        {
            IdSites = idSites,
            FromUtc = from.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc),
            ToUtc = to.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc),
            MaskIp = ipBytes == 0 ? null : ip => ip.Length is 4 or 16 ? IpAnonymizer.Anonymize(new IPAddress(ip), ipBytes) : ip,
            Location = location,
            UserAgent = userAgent,
            PseudonymizeUserId = userId
                ? id => Convert.ToHexStringLower(SHA1.HashData(Encoding.UTF8.GetBytes(id + salt)))
                : null,
        };
    }

    /// <summary>Applies the request; returns the number of visits rewritten.</summary>
    public long Anonymize(RawDataAnonymization request, IProgress<long>? progress = null, CancellationToken cancellation = default) =>
        anonymizer.Anonymize(request, progress, cancellation);

    private string Salt() => options.GetOrCreate(SaltOption, () => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(20)));
}
