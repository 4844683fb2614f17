using Makoto.Plugins.Referrers.Tracking;
using Makoto.Tracking.Urls;

namespace Makoto.Plugins.Referrers;

/// <summary>
/// How Matomo names and pictures a stored referrer: the type's short name and label, a search
/// engine's or social network's main URL and the path of its icon (relative to Matomo's root, as
/// Matomo returns them).
/// </summary>
public static class ReferrerNames
{
    private const string SearchEngineIconPath = "plugins/Morpheus/icons/dist/searchEngines/";
    private const string SocialIconPath = "plugins/Morpheus/icons/dist/socials/";

    /// <summary>The short name of a <c>referer_type</c> (<c>direct</c>, <c>search</c>, <c>website</c>, <c>campaign</c>, <c>social</c>), or "".</summary>
    public static string ShortName(int? type) => type switch
    {
        ReferrerType.Direct => "direct",
        ReferrerType.SearchEngine => "search",
        ReferrerType.Website => "website",
        ReferrerType.Campaign => "campaign",
        ReferrerType.Social => "social",
        _ => "",
    };

    /// <summary>The English label of a <c>referer_type</c> (<c>Direct Entry</c>, <c>Search Engines</c>, …), or "".</summary>
    public static string TypeLabel(int? type) => type switch
    {
        ReferrerType.Direct => "Direct Entry",
        ReferrerType.SearchEngine => "Search Engines",
        ReferrerType.Website => "Websites",
        ReferrerType.Campaign => "Campaigns",
        ReferrerType.Social => "Social Networks",
        _ => "",
    };

    /// <summary>A search engine's URL by name (<c>Google</c> → <c>http://google.com</c>); Matomo's "URL unknown!" for other names.</summary>
    public static string SearchEngineUrl(string name) =>
        ReferrerDefinitions.Default.SearchEngines.MainUrl(name) is { } url ? "http://" + url : "URL unknown!";

    /// <summary>The icon of a search engine URL (<c>http://google.com</c> → <c>…/searchEngines/google.com.png</c>).</summary>
    public static string SearchEngineIcon(string url)
    {
        var host = url;
        var scheme = host.IndexOf("//", StringComparison.Ordinal);
        if (scheme > 0)
        {
            host = host[(scheme + 2)..];
        }

        var slash = host.IndexOf('/', StringComparison.Ordinal);
        return SearchEngineIconPath + (slash >= 0 ? host[..slash] : host) + ".png";
    }

    /// <summary>
    /// The main URL of the social network a referrer URL belongs to (<c>https://t.co/x</c> → <c>twitter.com</c>);
    /// the referrer URL itself when it belongs to no known network.
    /// </summary>
    public static string SocialNetworkUrl(string referrerUrl) =>
        SocialNetwork(referrerUrl) is { } network && ReferrerDefinitions.Default.SocialNetworks.MainUrl(network) is { } url
            ? url
            : referrerUrl;

    /// <summary>The icon of the social network a URL belongs to (<c>…/socials/twitter.com.png</c>), <c>…/socials/xx.png</c> for none.</summary>
    public static string SocialNetworkIcon(string url) =>
        SocialNetwork(url) is { } network && ReferrerDefinitions.Default.SocialNetworks.MainUrl(network) is { } main
            ? SocialIconPath + main + ".png"
            : SocialIconPath + "xx.png";

    private static string? SocialNetwork(string url)
    {
        var host = PageUrl.LooksLikeUrl(url) ? PageUrl.Host(url) : url;
        return ReferrerDefinitions.Default.SocialNetworks.Match(host);
    }
}
