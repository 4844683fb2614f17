using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using Makoto.Core.Sites;
using Makoto.Plugins.PrivacyManager;
using Makoto.Storage.Sites;
using Makoto.Tracking.Net;
using Makoto.Tracking.Pipeline;
using Makoto.Tracking.Requests;
using Makoto.Tracking.Urls;

namespace Makoto.Plugins.CoreHome.Tracking;

/// <summary>
/// Matomo's exclusion rules (tracking-api.md §5, after the bot and rec checks): Do Not Track when
/// honoured, <c>exclude_requests</c>, the opt-out cookie, excluded IPs and User-Agents (site and
/// global), unknown URLs when the site excludes them, and browser prefetches. An excluded hit is
/// answered as tracked and not stored; each rule counts under its own reason.
/// </summary>
internal sealed class Exclusions(GlobalSiteSettings global, TrackerOptions tracker, PrivacySettings privacy) : ITrackingProcessor
{
    /// <summary>Google's, Bing's and Yahoo's crawler ranges, excluded unless <c>bots=1</c>.</summary>
    private static readonly IpRangeList s_botRanges = new(
        "216.239.32.0/19,64.233.160.0/19,66.249.80.0/20,72.14.192.0/18,209.85.128.0/17,66.102.0.0/20,74.125.0.0/16,64.18.0.0/20," +
        "207.126.144.0/20,173.194.0.0/16,64.4.0.0/18,65.52.0.0/14,157.54.0.0/15,157.56.0.0/14,157.60.0.0/16,207.46.0.0/16," +
        "207.68.128.0/18,207.68.192.0/20,131.253.26.0/20,131.253.24.0/20,72.30.198.0/20,72.30.196.0/20,98.137.207.0/20,1.202.218.8");

    private static readonly IpRangeList s_googleRanges = new(
        "216.239.32.0/19,64.233.160.0/19,66.249.80.0/20,72.14.192.0/18,209.85.128.0/17,66.102.0.0/20,74.125.0.0/16,64.18.0.0/20,207.126.144.0/20,173.194.0.0/16");

    private readonly ConcurrentDictionary<string, IpRangeList> _ipLists = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Regex?> _userAgentRegexes = new(StringComparer.Ordinal);

    public string Name => "exclusions";

    public int Order => TrackingStage.Exclusion + 50;

    public void Process(HitContext hit)
    {
        var request = hit.Request;
        var site = request.Site;
        var reason = BotRange(request)
            ?? DoNotTrack(request)
            ?? ExcludedRequest(request)
            ?? OptOutCookie(request)
            ?? ExcludedIp(request, site)
            ?? ExcludedUserAgent(request, site)
            ?? UnknownUrl(request, site)
            ?? Prefetch(request);
        if (reason is not null)
        {
            hit.Exclude(reason);
        }
    }

    private static string? BotRange(TrackingRequest request)
    {
        if (request["bots"] == "1" || !s_botRanges.Contains(request.Ip))
        {
            return null;
        }

        // Chrome's data-saver proxy forwards real visitors from Google's ranges.
        var via = request.Client.Header("via");
        return via is not null && via.Contains("chrome-compression-proxy", StringComparison.OrdinalIgnoreCase) && s_googleRanges.Contains(request.Ip)
            ? null
            : "bot_ip";
    }

    private string? DoNotTrack(TrackingRequest request)
    {
        if (!privacy.HonorsDoNotTrack)
        {
            return null;
        }

        var dnt = request.Client.Header("dnt") ?? request.Client.Header("x-do-not-track");
        return dnt is not null && dnt.StartsWith('1') ? "do_not_track" : null;
    }

    /// <summary><c>[Tracker] exclude_requests</c>: comma-separated <c>param==value</c> rules (==, !=, =@, !@, =^, =$), case-insensitive.</summary>
    private string? ExcludedRequest(TrackingRequest request)
    {
        if (string.IsNullOrWhiteSpace(tracker.ExcludeRequests))
        {
            return null;
        }

        foreach (var rule in tracker.ExcludeRequests.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (RuleMatches(rule, request))
            {
                return "exclude_requests";
            }
        }

        return null;
    }

    private static bool RuleMatches(string rule, TrackingRequest request)
    {
        string[] operators = ["==", "!=", "=@", "!@", "=^", "=$"];
        foreach (var op in operators)
        {
            var at = rule.IndexOf(op, StringComparison.Ordinal);
            if (at <= 0)
            {
                continue;
            }

            var name = rule[..at];
            var expected = rule[(at + op.Length)..];
            var actual = request[name] ?? "";
            const StringComparison ci = StringComparison.OrdinalIgnoreCase;
            return op switch
            {
                "==" => actual.Equals(expected, ci),
                "!=" => !actual.Equals(expected, ci),
                "=@" => actual.Contains(expected, ci),
                "!@" => !actual.Contains(expected, ci),
                "=^" => actual.StartsWith(expected, ci),
                _ => actual.EndsWith(expected, ci),
            };
        }

        return false;
    }

    /// <summary>The opt-out sets the <c>matomo_ignore</c> cookie (older installs: <c>piwik_ignore</c>) on the tracker's domain.</summary>
    private static string? OptOutCookie(TrackingRequest request)
    {
        var cookie = request.Client.Header("cookie");
        if (cookie is null)
        {
            return null;
        }

        foreach (var part in cookie.Split(';', StringSplitOptions.TrimEntries))
        {
            if (part.StartsWith("matomo_ignore=", StringComparison.Ordinal) || part.StartsWith("piwik_ignore=", StringComparison.Ordinal))
            {
                return "opt_out_cookie";
            }
        }

        return null;
    }

    private string? ExcludedIp(TrackingRequest request, Site site) =>
        IpList(site.ExcludedIps).Contains(request.Ip) || IpList(global.ExcludedIps).Contains(request.Ip) ? "excluded_ip" : null;

    private IpRangeList IpList(string text) =>
        text.Length == 0 ? s_empty : _ipLists.GetOrAdd(text, static t => new IpRangeList(t));

    private static readonly IpRangeList s_empty = new(null);

    private string? ExcludedUserAgent(TrackingRequest request, Site site)
    {
        var userAgent = request.UserAgent;
        return UserAgentExcluded(site.ExcludedUserAgents, userAgent) || UserAgentExcluded(global.ExcludedUserAgents, userAgent)
            ? "excluded_user_agent"
            : null;
    }

    /// <summary>An entry excludes a User-Agent that contains it (case-insensitive) or, when it is a valid regex, that matches it.</summary>
    private bool UserAgentExcluded(string list, string userAgent)
    {
        if (list.Length == 0 || userAgent.Length == 0)
        {
            return false;
        }

        foreach (var entry in list.Split([',', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (userAgent.Contains(entry, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }

            var regex = _userAgentRegexes.GetOrAdd(entry, static e => TryRegex(e));
            try
            {
                if (regex is not null && regex.IsMatch(userAgent))
                {
                    return true;
                }
            }
            catch (RegexMatchTimeoutException)
            {
                // A pathological pattern does not exclude.
            }
        }

        return false;
    }

    private static Regex? TryRegex(string pattern)
    {
        try
        {
            return new Regex(pattern, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(50));
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    /// <summary>With <c>exclude_unknown_urls</c>, a page URL outside the site's URLs (host and path prefix) is excluded.</summary>
    private static string? UnknownUrl(TrackingRequest request, Site site)
    {
        if (!site.ExcludeUnknownUrls || request.Url.Length == 0)
        {
            return null;
        }

        var host = WithoutWww(PageUrl.Host(request.Url));
        var path = PathOf(request.Url);
        foreach (var siteUrl in site.AllUrls)
        {
            if (WithoutWww(PageUrl.Host(siteUrl)) == host && path.StartsWith(PathOf(siteUrl), StringComparison.OrdinalIgnoreCase))
            {
                return null;
            }
        }

        return "unknown_url";
    }

    private static string PathOf(string url)
    {
        var start = url.IndexOf("://", StringComparison.Ordinal);
        var slash = url.IndexOf('/', start < 0 ? 0 : start + 3);
        if (slash < 0)
        {
            return "/";
        }

        var end = url.IndexOfAny(['?', '#'], slash);
        return end < 0 ? url[slash..] : url[slash..end];
    }

    private static string WithoutWww(string host) => host.StartsWith("www.", StringComparison.Ordinal) ? host[4..] : host;

    private static string? Prefetch(TrackingRequest request)
    {
        var purpose = request.Client.Header("x-purpose") ?? request.Client.Header("purpose") ?? request.Client.Header("sec-purpose");
        if (purpose is not null && (purpose.Contains("preview", StringComparison.OrdinalIgnoreCase)
            || purpose.Contains("instant", StringComparison.OrdinalIgnoreCase)
            || purpose.Contains("prefetch", StringComparison.OrdinalIgnoreCase)))
        {
            return "prefetch";
        }

        return request.Client.Header("x-moz") is { } moz && moz.Contains("prefetch", StringComparison.OrdinalIgnoreCase) ? "prefetch" : null;
    }
}
