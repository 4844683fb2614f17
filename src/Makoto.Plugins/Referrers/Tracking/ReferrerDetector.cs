using Makoto.Storage.Logs;
using Makoto.Tracking.Pipeline;
using Makoto.Tracking.Urls;

namespace Makoto.Plugins.Referrers.Tracking;

/// <summary>
/// The hit's referrer columns (tracking-api.md §7) from <c>urlref</c> and <c>url</c>; for a
/// campaign, the rule that a different campaign starts a new visit (§6.4 rule 6); when the tracker
/// sent attribution values (<c>_rcn</c>, <c>_ref</c>), the referrer its conversions are credited to (§7.4).
/// </summary>
internal sealed class ReferrerDetector(ReferrerClassifier classifier, ReferrerAttribution attribution, ReferrerOptions options) : ITrackingProcessor
{
    public string Name => "referrers";

    public int Order => TrackingStage.Referrer;

    public void Process(HitContext hit)
    {
        var request = hit.Request;
        var referrerUrl = HasIgnoreReferrer(request.Url) ? "" : request.UrlRef;
        var detected = classifier.Detect(request, referrerUrl, request.Url);

        var visit = hit.Visit;
        visit.RefererType = detected.Type;
        visit.RefererName = detected.Name;
        visit.RefererKeyword = detected.Keyword;
        visit.RefererUrl = detected.Url;

        if (detected.Type == ReferrerType.Campaign && options.CreateNewVisitWhenCampaignChanges)
        {
            hit.ForcesNewVisit = new CampaignChange(detected).StartsNewVisit;
        }

        if (ReferrerAttribution.HasAttributionValues(request))
        {
            hit.ConversionAttribution = Attribution(hit);
        }
    }

    /// <summary>
    /// The hit's conversion attribution. A method of its own: a lambda in <see cref="Process"/> capturing the hit would
    /// make the compiler allocate its closure at the start of every call, also for the hits that have none.
    /// </summary>
    private Func<VisitRow, ConversionReferrer> Attribution(HitContext hit) => current => attribution.ForConversion(hit, current);

    /// <summary><c>ignore_referrer=1</c> or <c>ignore_referer=1</c> in the page URL: the referrer URL is not used.</summary>
    internal static bool HasIgnoreReferrer(string url)
    {
        var query = PageUrl.Query(url);
        return query.Length > 0
            && (PageUrl.QueryParameter(query, "ignore_referrer") == "1" || PageUrl.QueryParameter(query, "ignore_referer") == "1");
    }
}

/// <summary>
/// §6.4 rule 6 for one hit that came from a campaign: it starts a new visit when the visitor's last
/// visit is not a direct entry and its referrer differs in type, name or keyword (any case). A
/// campaign without keyword keeps the keyword of a visit of the same campaign, so that reloading a
/// campaign page from the site itself does not split the visit.
/// </summary>
internal sealed class CampaignChange(DetectedReferrer campaign)
{
    public bool StartsNewVisit(VisitRow previous)
    {
        if (previous.RefererType is null or ReferrerType.Direct)
        {
            return false;
        }

        var keyword = campaign.Keyword;
        if (campaign.KeywordIsReferrerHost
            && previous.RefererType == ReferrerType.Campaign
            && string.Equals(previous.RefererName ?? "", campaign.Name, StringComparison.OrdinalIgnoreCase))
        {
            keyword = previous.RefererKeyword;
        }

        return previous.RefererType != campaign.Type
            || !string.Equals(previous.RefererName ?? "", campaign.Name ?? "", StringComparison.OrdinalIgnoreCase)
            || !string.Equals(previous.RefererKeyword ?? "", keyword ?? "", StringComparison.OrdinalIgnoreCase);
    }
}
