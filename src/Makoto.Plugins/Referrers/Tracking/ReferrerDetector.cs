using Makoto.Core.Sites;
using Makoto.Tracking.Pipeline;
using Makoto.Tracking.Urls;

namespace Makoto.Plugins.Referrers.Tracking;

/// <summary>Matomo's referrer types (<c>referer_type</c>).</summary>
public static class ReferrerType
{
    public const int Direct = 1;
    public const int SearchEngine = 2;
    public const int Website = 3;
    public const int Campaign = 6;
    public const int Social = 7;
}

/// <summary>
/// The hit's referrer (tracking-api.md §7): no referrer, a referrer on one of the site's own URLs
/// (main or alias, <c>www.</c> ignored) or on the page's own host is a direct entry; any other host
/// is a website, named by its lower-case host.
/// </summary>
internal sealed class ReferrerDetector : ITrackingProcessor
{
    private const int MaxNameLength = 255;

    public string Name => "referrers";

    public int Order => TrackingStage.Referrer;

    public void Process(HitContext hit)
    {
        var request = hit.Request;
        var visit = hit.Visit;
        visit.RefererType = ReferrerType.Direct;
        visit.RefererName = null;
        visit.RefererKeyword = null;
        visit.RefererUrl = null;

        if (HasIgnoreReferrer(request.Url))
        {
            return;
        }

        var referrer = PageUrl.Clean(request.UrlRef, 1500);
        var host = PageUrl.Host(referrer);
        if (host.Length == 0 || IsOwnHost(host, request.Site) || WithoutWww(host) == WithoutWww(PageUrl.Host(request.Url)))
        {
            return;
        }

        visit.RefererType = ReferrerType.Website;
        visit.RefererName = host.Length > MaxNameLength ? host[..MaxNameLength] : host;
        visit.RefererUrl = referrer;
    }

    private static bool HasIgnoreReferrer(string url)
    {
        var query = PageUrl.Query(url);
        return query.Length > 0
            && (PageUrl.QueryParameter(query, "ignore_referrer") is { } a && a != "0"
                || PageUrl.QueryParameter(query, "ignore_referer") is { } b && b != "0");
    }

    private static bool IsOwnHost(string host, Site site)
    {
        var bare = WithoutWww(host);
        foreach (var url in site.AllUrls)
        {
            if (WithoutWww(PageUrl.Host(url)) == bare)
            {
                return true;
            }
        }

        return false;
    }

    private static string WithoutWww(string host) => host.StartsWith("www.", StringComparison.Ordinal) ? host[4..] : host;
}
