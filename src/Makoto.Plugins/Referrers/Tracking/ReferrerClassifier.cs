using System.Collections.Concurrent;
using Makoto.Core.Sites;
using Makoto.Tracking.Requests;
using Makoto.Tracking.Urls;

namespace Makoto.Plugins.Referrers.Tracking;

/// <summary>
/// The referrer columns one referrer URL gives (tracking-api.md §7). <see cref="KeywordIsReferrerHost"/>
/// tells that a campaign had no keyword and took the referrer's host instead, which an existing visit
/// of the same campaign replaces with its own keyword.
/// </summary>
internal readonly record struct DetectedReferrer(int Type, string? Name, string? Keyword, string Url, bool KeywordIsReferrerHost = false);

/// <summary>
/// Matomo's referrer detection (plugins/Referrers/Columns/Base.php): a campaign, else a direct entry
/// (a referrer on one of the site's URLs or the page's own host), a search engine, a social network
/// or a website; then the referrer URL without its excluded and noise parameters.
/// </summary>
internal sealed class ReferrerClassifier(ReferrerDefinitions definitions, IReferrerEnvironment environment, TrackerOptions options)
{
    /// <summary>Longest referer_name and referer_keyword (VARCHAR(255)).</summary>
    public const int MaxNameLength = 255;

    private readonly HashSet<string> _alwaysExcludedParameters = AlwaysExcluded(options);
    private readonly ConcurrentDictionary<(string Global, string Site), ExcludedReferrers> _excludedReferrers = new();

    public ReferrerDefinitions Definitions { get; } = definitions;

    /// <summary>
    /// Classifies <paramref name="referrerUrl"/> for a hit on <paramref name="pageUrl"/>. For a
    /// conversion's stored referrer (<c>_ref</c>) the page URL is "" and campaign parameters sent as
    /// tracking parameters do not count.
    /// </summary>
    public DetectedReferrer Detect(TrackingRequest request, string referrerUrl, string pageUrl, bool forConversion = false)
    {
        if (referrerUrl.Length > 0 && !PageUrl.LooksLikeUrl(referrerUrl))
        {
            referrerUrl = "";
        }

        var page = UrlParts.Parse(CleanupUrl(pageUrl, options.PageMaximumLength));
        var referrer = UrlParts.Parse(referrerUrl);
        var referrerHost = referrer.Host ?? "";

        int type;
        string? name = null;
        string? keyword = null;
        var keywordIsHost = false;
        if (DetectCampaign(request, page, referrer, referrerUrl, forConversion) is { } campaign)
        {
            type = ReferrerType.Campaign;
            (name, keyword, keywordIsHost) = campaign;
        }
        else if (referrerHost.Length == 0 || IsDirectEntry(request, page, referrer))
        {
            type = ReferrerType.Direct;
        }
        else if (Definitions.SearchEngines.Match(referrerUrl) is { } engine)
        {
            type = ReferrerType.SearchEngine;
            (name, keyword) = engine;
        }
        else if (Definitions.SocialNetworks.Match(referrerHost) is { } network)
        {
            type = ReferrerType.Social;
            name = network;
            keyword = "";
        }
        else
        {
            type = ReferrerType.Website;
            name = referrerHost.ToLowerInvariant() + SitePath(request.Site, referrer);
        }

        var url = CleanReferrerUrl(request.Site, referrerUrl, referrerHost);
        return new DetectedReferrer(type, Truncate(name), Truncate(keyword), url, keywordIsHost);
    }

    /// <summary>Cuts to <see cref="MaxNameLength"/> characters without splitting a surrogate pair.</summary>
    public static string? Truncate(string? value)
    {
        if (value is null || value.Length <= MaxNameLength)
        {
            return value;
        }

        var length = char.IsHighSurrogate(value[MaxNameLength - 1]) ? MaxNameLength - 1 : MaxNameLength;
        return value[..length];
    }

    /// <summary>Matomo's PageUrl::cleanupUrl: trimmed, without line breaks and NUL, cut, matrix parameters as a query.</summary>
    internal static string CleanupUrl(string url, int maxLength) => ConvertMatrixUrl(PageUrl.Clean(url, maxLength));

    /// <summary><c>/thing;a=1;b=2</c> → <c>/thing?a=1&amp;b=2</c> (also when a <c>?</c> follows the first <c>;</c>).</summary>
    internal static string ConvertMatrixUrl(string url)
    {
        var semicolon = url.IndexOf(';', StringComparison.Ordinal);
        if (semicolon < 0)
        {
            return url;
        }

        var question = url.IndexOf('?', StringComparison.Ordinal);
        var replace = question < 0;
        if (question > semicolon)
        {
            url = string.Concat(url.AsSpan(0, question), ";", url.AsSpan(question + 1));
            replace = true;
        }

        if (!replace)
        {
            return url;
        }

        var first = url.IndexOf(';', StringComparison.Ordinal);
        return string.Concat(url.AsSpan(0, first), "?", url[(first + 1)..].Replace(';', '&'));
    }

    /// <summary>
    /// §7.3: <c>_rcn</c>/<c>_rck</c> sent by the tracker, else the campaign parameters of the page
    /// URL's query, then of its fragment, then (Makoto) the same parameters sent as tracking
    /// parameters. A campaign without keyword takes the search keyword or AdWords host of the
    /// referrer, else the referrer's host. Name and keyword are lower-cased.
    /// </summary>
    private (string Name, string Keyword, bool KeywordIsHost)? DetectCampaign(
        TrackingRequest request, UrlParts page, UrlParts referrer, string referrerUrl, bool forConversion)
    {
        var isCampaign = false;
        var name = "";
        var keyword = "";
        var trackerName = QueryText.DecodeTrim(request["_rcn"]);
        if (!QueryText.IsEmpty(trackerName))
        {
            isCampaign = true;
            name = trackerName;
            var trackerKeyword = QueryText.DecodeTrim(request["_rck"]);
            if (!QueryText.IsEmpty(trackerKeyword))
            {
                keyword = trackerKeyword;
            }
        }
        else
        {
            var found = page.Query is not null && FromQuery(page.Query, ref isCampaign, ref name, ref keyword);
            if (!found && page.Fragment is not null)
            {
                FromQuery(page.Fragment, ref isCampaign, ref name, ref keyword);
            }

            if (!isCampaign && !forConversion)
            {
                FromTrackingParameters(request, ref isCampaign, ref name, ref keyword);
            }
        }

        var referrerHost = referrer.Host ?? "";
        if (QueryText.IsEmpty(name) || QueryText.IsEmpty(keyword))
        {
            if (!QueryText.IsEmpty(name) && Definitions.SearchEngines.Match(referrerUrl) is { Keyword: { } searched } && !QueryText.IsEmpty(searched))
            {
                keyword = searched;
            }

            if (QueryText.IsEmpty(keyword) && !string.IsNullOrEmpty(referrer.Query) && referrerHost.Length > 0)
            {
                AdWords(referrer.Query, referrerHost, ref isCampaign, ref name, ref keyword);
            }
        }

        if (!isCampaign)
        {
            return null;
        }

        var keywordIsHost = false;
        if (QueryText.IsEmpty(keyword))
        {
            keyword = referrerHost;
            keywordIsHost = true;
        }

        return (name.ToLowerInvariant(), keyword.ToLowerInvariant(), keywordIsHost);
    }

    /// <summary>The first non-empty campaign name parameter and keyword parameter; true when both were found.</summary>
    private bool FromQuery(string query, ref bool isCampaign, ref string name, ref string keyword)
    {
        var value = "";
        foreach (var parameter in options.CampaignNameParameters)
        {
            value = QueryText.DecodeTrim(QueryText.Get(query, parameter));
            if (!QueryText.IsEmpty(value))
            {
                break;
            }
        }

        if (QueryText.IsEmpty(value))
        {
            return false;
        }

        isCampaign = true;
        name = value;
        foreach (var parameter in options.CampaignKeywordParameters)
        {
            var raw = QueryText.Get(query, parameter);
            if (!QueryText.IsEmpty(raw))
            {
                keyword = QueryText.DecodeTrim(raw);
                break;
            }
        }

        return !QueryText.IsEmpty(keyword);
    }

    /// <summary>Campaign parameters sent as tracking parameters (<c>&amp;pk_campaign=…</c> on the request itself).</summary>
    private void FromTrackingParameters(TrackingRequest request, ref bool isCampaign, ref string name, ref string keyword)
    {
        foreach (var parameter in options.CampaignNameParameters)
        {
            var value = QueryText.DecodeTrim(request[parameter]);
            if (!QueryText.IsEmpty(value))
            {
                isCampaign = true;
                name = value;
                break;
            }
        }

        if (!isCampaign)
        {
            return;
        }

        foreach (var parameter in options.CampaignKeywordParameters)
        {
            var value = QueryText.DecodeTrim(request[parameter]);
            if (!QueryText.IsEmpty(value))
            {
                keyword = value;
                break;
            }
        }
    }

    /// <summary>
    /// A Google ads referrer (<c>googleads</c>/<c>doubleclick</c> host) names the page that showed
    /// the ad in its <c>url</c> parameter: keyword <c>(adwords) host</c>, and when no campaign was
    /// found, the campaign <c>AdWords (ad_type)</c>.
    /// </summary>
    private static void AdWords(string referrerQuery, string referrerHost, ref bool isCampaign, ref string name, ref string keyword)
    {
        var host = referrerHost.ToLowerInvariant();
        if (!host.Contains("googleads", StringComparison.Ordinal) && !host.Contains("doubleclick", StringComparison.Ordinal))
        {
            return;
        }

        var value = QueryText.DecodeTrim(QueryText.Get(referrerQuery, "url"));
        if (QueryText.IsEmpty(value) || UrlParts.Parse(value).Host is not { Length: > 0 } adHost)
        {
            return;
        }

        if (QueryText.IsEmpty(name))
        {
            var adType = QueryText.DecodeTrim(QueryText.Get(referrerQuery, "ad_type"));
            name = QueryText.IsEmpty(adType) ? "AdWords" : $"AdWords ({adType})";
            isCampaign = true;
        }

        keyword = "(adwords) " + adHost;
    }

    /// <summary>
    /// §7 step 4: the referrer is on a URL of this site (host without <c>www.</c> and path prefix,
    /// the deepest path of any site deciding), on the page's own host, or is an excluded referrer.
    /// A referrer on another site's URL is not a direct entry. A host no site knows is a direct
    /// entry when it is the page's host, unless the site excludes unknown URLs.
    /// </summary>
    private bool IsDirectEntry(TrackingRequest request, UrlParts page, UrlParts referrer)
    {
        var site = request.Site;
        var host = SiteUrlIndex.CanonicalHost(referrer.Host!);
        var path = SiteUrlIndex.CanonicalPath(referrer.Path);
        var pageHost = UrlParts.Parse(request.Url).Host is { Length: > 0 } requestHost ? SiteUrlIndex.CanonicalHost(requestHost) : null;
        var excluded = ExcludedReferrersOf(site);

        // The request's own host counts as a URL "/" of the site, and so does each excluded referrer.
        if (environment.SiteUrls(site).Paths(host) is { } known)
        {
            foreach (var entry in known)
            {
                if (path.StartsWith(entry.Path, StringComparison.Ordinal))
                {
                    return entry.IdSites.Contains(site.IdSite)
                        || (entry.Path == "/" && pageHost == host)
                        || excluded.Has(host, entry.Path);
                }
            }
        }

        if (pageHost == host)
        {
            return true;
        }

        if (excluded.Matches(host, path))
        {
            return true;
        }

        // A referrer host that no site URL matches: the page's own host (www. included) is a direct entry.
        return !site.ExcludeUnknownUrls
            && page.Host is { Length: > 0 } currentHost
            && string.Equals(currentHost, referrer.Host, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>
    /// For a website referrer on a host that a site uses with a path (<c>example.com/blog</c>), that
    /// path is part of the name: <c>example.com/blog</c>.
    /// </summary>
    private string SitePath(Site site, UrlParts referrer)
    {
        var host = SiteUrlIndex.CanonicalHost(referrer.Host!);
        if (environment.SiteUrls(site).Paths(host) is not { } known)
        {
            return "";
        }

        var path = SiteUrlIndex.CanonicalPath(referrer.Path);
        foreach (var entry in known)
        {
            if (path.StartsWith(entry.Path, StringComparison.Ordinal))
            {
                return entry.Path == "/" ? "" : entry.Path.TrimEnd('/');
            }
        }

        return "";
    }

    /// <summary>
    /// referer_url: cleaned like a page URL (cut, matrix parameters, lower-case host, fragment kept
    /// only when the site keeps fragments) and without the excluded parameters — the site's and the
    /// global ones, the configured list, campaign parameters and the noise parameters of Google,
    /// Bing, Facebook, Instagram, YouTube and ExoClick. A query-less URL loses them from its fragment.
    /// </summary>
    private string CleanReferrerUrl(Site site, string referrerUrl, string referrerHost)
    {
        var url = CleanupUrl(referrerUrl, options.PageMaximumLength);
        if (url.Length == 0)
        {
            return "";
        }

        var authorityStart = url.StartsWith("//", StringComparison.Ordinal) ? 2 : url.IndexOf("://", StringComparison.Ordinal) is var s and > 0 ? s + 3 : 0;
        var authorityEnd = authorityStart > 0 ? url.IndexOfAny(['/', '?', '#'], authorityStart) : 0;
        if (authorityEnd < 0)
        {
            authorityEnd = url.Length;
        }

        var hash = url.IndexOf('#', authorityEnd);
        var beforeFragment = hash >= 0 ? hash : url.Length;
        var question = url.IndexOf('?', authorityEnd, beforeFragment - authorityEnd);
        var pathEnd = question >= 0 ? question : beforeFragment;

        var authority = url[authorityStart..authorityEnd];
        var at = authority.LastIndexOf('@');
        var prefix = url[..authorityStart] + authority[..(at + 1)] + authority[(at + 1)..].ToLowerInvariant();
        var path = url[authorityEnd..pathEnd];
        var query = question >= 0 ? url[(question + 1)..beforeFragment] : "";
        var fragment = hash >= 0 ? url[(hash + 1)..] : "";

        var keepFragment = site.KeepUrlFragment == 1 || (site.KeepUrlFragment == 0 && environment.GlobalKeepUrlFragments);
        if (!keepFragment)
        {
            fragment = "";
        }
        else if (fragment.EndsWith('#'))
        {
            fragment = fragment[..^1];
        }

        if (query.Length > 0 || fragment.Length > 0)
        {
            var noise = NoiseParameters(referrerHost.ToLowerInvariant());
            var siteExcluded = site.ExcludedParameters;
            var globalExcluded = environment.GlobalExcludedQueryParameters;
            bool IsExcluded(string name) =>
                _alwaysExcludedParameters.Contains(name)
                || noise.Contains(name, StringComparer.OrdinalIgnoreCase)
                || InList(siteExcluded, name)
                || InList(globalExcluded, name);

            if (query.Length > 0)
            {
                query = PageUrl.FilterQuery(query, IsExcluded);
            }
            else
            {
                fragment = PageUrl.FilterQuery(fragment, IsExcluded);
            }
        }

        var result = prefix + path;
        if (query.Length > 0)
        {
            result += "?" + query;
        }

        if (fragment.Length > 0)
        {
            result += "#" + fragment;
        }

        return result;
    }

    /// <summary>Parameters some referrers add that say nothing about the referrer (matched on the referrer's host).</summary>
    private static string[] NoiseParameters(string host)
    {
        if (host.Length == 0)
        {
            return [];
        }

        List<string>? noise = null;
        void Add(params string[] names) => (noise ??= []).AddRange(names);
        if (host.Contains("instagram.com", StringComparison.Ordinal))
        {
            Add("e", "s");
        }

        if (host.Contains("facebook.com", StringComparison.Ordinal))
        {
            Add("h", "p");
        }

        if (host.Contains("google.", StringComparison.Ordinal) || host.Contains("googleusercontent.", StringComparison.Ordinal))
        {
            Add("ust", "usg", "usd", "sa", "sntz", "ei", "bvm", "ved", "client", "channel");
        }

        if (host.Contains("main.exoclick.com", StringComparison.Ordinal))
        {
            Add("data", "wpn");
        }

        if (host.Contains("youtube.com", StringComparison.Ordinal))
        {
            Add("redir_token", "html_redirect", "continuation", "feature");
        }

        if (host.Contains("bing.com", StringComparison.Ordinal))
        {
            Add("cvid", "refig", "elv", "plvar", "setlang", "qs", "cc", "mkt", "PC", "form", "src");
        }

        return noise is null ? [] : [.. noise];
    }

    private static HashSet<string> AlwaysExcluded(TrackerOptions options)
    {
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        names.UnionWith(options.UrlQueryParametersToExclude);
        names.UnionWith(options.CampaignNameParameters);
        names.UnionWith(options.CampaignKeywordParameters);
        return names;
    }

    /// <summary>True when <paramref name="name"/> is one of the comma- or newline-separated names of <paramref name="list"/> (any case).</summary>
    private static bool InList(string list, string name)
    {
        if (list.Length == 0)
        {
            return false;
        }

        foreach (var range in list.AsSpan().SplitAny(",\n"))
        {
            if (list.AsSpan()[range].Trim().Equals(name, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The global and the site's excluded referrers, parsed once per distinct pair of settings.</summary>
    private ExcludedReferrers ExcludedReferrersOf(Site site)
    {
        var global = environment.GlobalExcludedReferrers;
        if (site.ExcludedReferrers.Length == 0 && global.Length == 0)
        {
            return ExcludedReferrers.None;
        }

        var key = (global, site.ExcludedReferrers);
        if (_excludedReferrers.TryGetValue(key, out var parsed))
        {
            return parsed;
        }

        if (_excludedReferrers.Count > 10_000)
        {
            _excludedReferrers.Clear();
        }

        return _excludedReferrers.GetOrAdd(key, k => ExcludedReferrers.Parse(k.Global + "," + k.Site));
    }
}
