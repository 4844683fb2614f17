using Makoto.Plugins.Referrers.Tracking;
using Makoto.Storage.Logs;
using Makoto.Tracking.Pipeline;
using Makoto.Tracking.Requests;

namespace Makoto.Plugins.Referrers;

/// <summary>
/// The referrer a goal conversion or ecommerce order is credited to (tracking-api.md §7.4,
/// Matomo's Referrers\Columns\Base::getValueForRecordGoal), from the attribution values the
/// JavaScript tracker keeps in its cookie: <c>_rcn</c>/<c>_rck</c> (campaign) and <c>_ref</c>
/// (referrer URL).
/// </summary>
public sealed class ReferrerAttribution
{
    private readonly ReferrerClassifier _classifier;

    internal ReferrerAttribution(ReferrerClassifier classifier)
    {
        _classifier = classifier;
    }

    /// <summary>
    /// In order: (0) a visit that came from a campaign keeps it when the tracker sent no campaign;
    /// (1) the tracker's campaign <c>_rcn</c>/<c>_rck</c>; (2) <c>_ref</c> when it is a search
    /// engine, a website or a social network; (3) the visit's referrer. Campaign values lower-case.
    /// </summary>
    /// <param name="hit">The converting hit (its request carries the attribution values).</param>
    /// <param name="visit">The visit as recorded with this hit (new or updated).</param>
    public ConversionReferrer ForConversion(HitContext hit, VisitRow visit)
    {
        var request = hit.Request;
        var campaignName = QueryText.DecodeTrim(request["_rcn"]);
        var referrerUrl = request["_ref"] ?? "";

        int? type = visit.RefererType;
        var name = visit.RefererName;
        var keyword = visit.RefererKeyword;
        if (QueryText.IsEmpty(campaignName) && type == ReferrerType.Campaign && !QueryText.IsEmpty(name))
        {
            // (0) The visit's campaign, which the attribution cookie may have missed.
        }
        else if (!QueryText.IsEmpty(campaignName))
        {
            type = ReferrerType.Campaign;
            name = campaignName;
            keyword = QueryText.DecodeTrim(request["_rck"]);
        }
        else if (!QueryText.IsEmpty(referrerUrl))
        {
            var detected = _classifier.Detect(request, referrerUrl, "", forConversion: true);
            if (detected.Type is ReferrerType.SearchEngine or ReferrerType.Website or ReferrerType.Social)
            {
                type = detected.Type;
                name = detected.Name;
                keyword = detected.Keyword;
            }
        }

        if (type == ReferrerType.Campaign)
        {
            name = name?.ToLowerInvariant();
            keyword = keyword?.ToLowerInvariant();
        }

        return new ConversionReferrer(type, ReferrerClassifier.Truncate(name), ReferrerClassifier.Truncate(keyword));
    }

    /// <summary>True when the request carries values that can credit its conversions to another referrer than the visit's.</summary>
    internal static bool HasAttributionValues(TrackingRequest request) =>
        !string.IsNullOrEmpty(request["_rcn"]) || !string.IsNullOrEmpty(request["_ref"]);
}
