using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Makoto.Plugins.Referrers;
using Makoto.Tracking.Pipeline;
using Makoto.Tracking.Requests;

namespace Makoto.Plugins.PrivacyManager;

/// <summary>
/// PrivacyManager's rewriting of a request before it is read (Matomo's manipulateRequest): with
/// <c>anonymizeUserId</c> the <c>uid</c> becomes its pseudonym (so the visitor id made from it is the pseudonym's
/// too); with <c>anonymizeOrderId</c> the order id (<c>ec_id</c>) becomes a random hash.
/// </summary>
internal sealed class TrackingRequestAnonymizer(PrivacySettings settings, UserIdPseudonyms pseudonyms) : ITrackingRequestManipulator
{
    public void Manipulate(TrackingParameters parameters)
    {
        if (settings.AnonymizeUserId && parameters["uid"] is { Length: > 0 } userId)
        {
            parameters.Set("uid", pseudonyms.Pseudonym(userId));
        }

        if (settings.AnonymizeOrderId && parameters["ec_id"] is { Length: > 0 } orderId)
        {
            var text = RandomNumberGenerator.GetInt32(int.MaxValue).ToString(CultureInfo.InvariantCulture) + orderId
                + DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture) + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
            parameters.Set("ec_id", Convert.ToHexStringLower(SHA1.HashData(Encoding.UTF8.GetBytes(text))));
        }
    }
}

/// <summary>
/// The visit's referrer as <c>PrivacyManager.anonymizeReferrer</c> keeps it (Matomo's ReferrerAnonymizer), after
/// the referrer was detected from the whole URL: <c>exclude_query</c> drops the URL's query, <c>exclude_path</c> keeps
/// its scheme and host, <c>exclude_all</c> drops the URL and a website's name; the last two also drop a search
/// keyword. Campaigns keep name and keyword (they come from the page URL); search engines and social networks
/// keep their name. The referrer type is always kept.
/// </summary>
internal sealed class ReferrerAnonymizer(PrivacySettings settings) : ITrackingProcessor
{
    public string Name => "referrer-anonymization";

    public int Order => TrackingStage.Referrer + 10;

    public void Process(HitContext hit)
    {
        var option = settings.AnonymizeReferrer;
        if (option.Length == 0)
        {
            return;
        }

        var visit = hit.Visit;
        visit.RefererUrl = Url(visit.RefererUrl, option);
        if (visit.RefererType is ReferrerType.Campaign)
        {
            return;
        }

        visit.RefererKeyword = visit.RefererKeyword is null ? null : "";
        if (option == "exclude_all" && visit.RefererType is not (ReferrerType.SearchEngine or ReferrerType.Social) && visit.RefererName is not null)
        {
            visit.RefererName = "";
        }
    }

    /// <summary>The referrer URL as the option keeps it.</summary>
    public static string? Url(string? url, string option)
    {
        if (string.IsNullOrEmpty(url))
        {
            return url;
        }

        switch (option)
        {
            case "exclude_query":
                var question = url.IndexOf('?', StringComparison.Ordinal);
                return question < 0 ? url : url[..question];
            case "exclude_path":
                // Only a URL with a host and a path loses the path (and the query): scheme and host stay.
                var separator = url.IndexOf("//", StringComparison.Ordinal);
                if (separator < 0 || (separator > 0 && url[separator - 1] != ':'))
                {
                    return url;
                }

                // The authority loses its user and port: only the host stays, as PHP's parse_url gives it.
                var authorityStart = separator + 2;
                var authorityEnd = url.IndexOfAny(['/', '?', '#'], authorityStart);
                if (authorityEnd <= authorityStart || url[authorityEnd] != '/')
                {
                    return url;
                }

                var host = url[authorityStart..authorityEnd];
                host = host[(host.LastIndexOf('@') + 1)..];
                var port = host.LastIndexOf(':');
                if (port >= 0 && port > host.LastIndexOf(']'))
                {
                    host = host[..port];
                }

                return host.Length == 0 ? url : url[..authorityStart] + host + "/";
            case "exclude_all":
                return "";
            default:
                return url;
        }
    }
}
