using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using Makoto.Core.Security;
using Makoto.Storage.Sites;
using Makoto.Storage.Users;

namespace Makoto.Tracking.Requests;

/// <summary>Tracker settings (section <c>Makoto:Tracker</c>), named after Matomo's [Tracker] keys.</summary>
public sealed class TrackerOptions
{
    /// <summary>Seconds of inactivity after which the next hit starts a new visit.</summary>
    public int VisitStandardLength { get; set; } = 1800;

    /// <summary>
    /// Matomo's <c>[Tracker] debug</c>: every request is processed as if it carried <c>debug=1</c>. The debug
    /// log is only ever answered to requests whose token_auth has write access to the site.
    /// </summary>
    public bool Debug { get; set; }

    /// <summary>
    /// Matomo's <c>[Tracker] debug_on_demand</c>: a request with <c>debug=1</c> and a token_auth with write
    /// access to the site is answered with the text log of its processing instead of the GIF.
    /// </summary>
    public bool DebugOnDemand { get; set; }

    /// <summary>How far back a visit is looked for by configuration fingerprint (at least the visit length).</summary>
    public int WindowLookBackForVisitor { get; set; }

    /// <summary>Start a new visit when the site's local date changes.</summary>
    public bool CreateNewVisitAfterMidnight { get; set; } = true;

    /// <summary>Custom timestamps (cdt) older than this many seconds need a token_auth.</summary>
    public int CustomTimestampRequiresAuthAfterSeconds { get; set; } = 86400;

    /// <summary>The User ID replaces the visitor id (first 16 hex of its SHA-1).</summary>
    public bool EnableUserIdOverwritesVisitorId { get; set; } = true;

    /// <summary>Maximum length of a page URL or title; longer values are cut.</summary>
    public int PageMaximumLength { get; set; } = 1024;

    /// <summary>Hits per group commit, at most.</summary>
    public int MaxBatchSize { get; set; } = 2000;

    /// <summary>Requests (single or bulk) waiting for the writer, at most; beyond it trackers get 503.</summary>
    public int QueueCapacity { get; set; } = 20_000;

    /// <summary>Largest accepted request body in bytes (bulk requests).</summary>
    public int MaxBodyBytes { get; set; } = 32 * 1024 * 1024;

    /// <summary>Most requests accepted in one bulk.</summary>
    public int MaxBulkRequests { get; set; } = 10_000;

    /// <summary>
    /// Requests to exclude (Matomo's exclude_requests): comma-separated <c>param==value</c> rules with
    /// the operators ==, !=, =@, !@, =^, =$, compared case-insensitively.
    /// </summary>
    public string ExcludeRequests { get; set; } = "";

    /// <summary>Campaign name parameters, first non-empty wins (Matomo's campaign_var_name).</summary>
    public string[] CampaignNameParameters { get; set; } =
        ["pk_cpn", "pk_campaign", "piwik_campaign", "mtm_campaign", "matomo_campaign", "utm_campaign", "utm_source", "utm_medium"];

    /// <summary>Campaign keyword parameters (Matomo's campaign_keyword_var_name).</summary>
    public string[] CampaignKeywordParameters { get; set; } =
        ["pk_kwd", "pk_keyword", "piwik_kwd", "mtm_kwd", "mtm_keyword", "matomo_kwd", "utm_term"];

    /// <summary>Query parameters always removed from page URLs (Matomo's url_query_parameter_to_exclude_from_url).</summary>
    public string[] UrlQueryParametersToExclude { get; set; } =
    [
        "gclid", "fbclid", "msclkid", "twclid", "wbraid", "gbraid", "yclid", "fb_xd_fragment", "fb_comment_id",
        "phpsessid", "jsessionid", "sessionid", "aspsessionid", "doing_wp_cron", "sid", "pk_vid",
    ];

    /// <summary>Site search keyword parameters used when a site has none of its own.</summary>
    public string[] SiteSearchKeywordParameters { get; set; } = ["q", "query", "s", "search", "searchword", "k", "keyword", "keywords"];

    /// <summary>Site search category parameters used when a site has none of its own (none by default).</summary>
    public string[] SiteSearchCategoryParameters { get; set; } = [];

    public int LookBackSeconds => Math.Max(VisitStandardLength, WindowLookBackForVisitor);
}

/// <summary>
/// Rewrites a request's parameters before they are read (Matomo's RequestProcessor::manipulateRequest): what it
/// changes is what the whole visit is built from, e.g. a pseudonymized <c>uid</c> also makes the visitor id.
/// </summary>
public interface ITrackingRequestManipulator
{
    void Manipulate(TrackingParameters parameters);
}

/// <summary>Turns raw parameters into a validated <see cref="TrackingRequest"/> (Matomo's Tracker\Request rules).</summary>
public sealed class TrackingRequestReader(SiteStore sites, TokenAuthenticator tokens, TrackerOptions options, IEnumerable<ITrackingRequestManipulator> manipulators)
{
    private readonly ITrackingRequestManipulator[] _manipulators = [.. manipulators];

    public TrackingRequestReader(SiteStore sites, TokenAuthenticator tokens, TrackerOptions options)
        : this(sites, tokens, options, [])
    {
    }

    private const int VisitorIdHexLength = 16;
    private const int MaxUserIdLength = 200;

    public TrackingRequest Read(TrackingParameters p, TrackingClient client, string? bulkToken, DateTime receivedUtc)
    {
        foreach (var manipulator in _manipulators)
        {
            manipulator.Manipulate(p);
        }

        var idSiteText = p["idsite"];
        if (!int.TryParse(idSiteText, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var idSite) || idSite <= 0)
        {
            throw new TrackingRequestException("invalid_idsite", $"Invalid idSite: '{idSiteText}'");
        }

        var site = sites.Get(idSite) ?? throw new TrackingRequestException("unknown_idsite", $"Invalid idSite: '{idSite}'");
        var token = p["token_auth"] ?? bulkToken;
        var access = tokens.Authenticate(token);
        var authenticated = client.Trusted || (access is not null && access.Has(idSite, AccessLevel.Write));

        var now = new DateTime(receivedUtc.Ticks - (receivedUtc.Ticks % TimeSpan.TicksPerSecond), DateTimeKind.Utc);
        var timestamp = ReadTimestamp(p, now, authenticated);
        var ip = ReadIp(p, client, authenticated);
        var (visitorId, source, userId) = ReadVisitorId(p);

        var url = p["url"] ?? "";
        var urlRef = p["urlref"] ?? "";
        if (url.Length == 0 && urlRef.Length == 0 && !string.IsNullOrEmpty(client.Referer))
        {
            url = client.Referer;
        }

        return new TrackingRequest
        {
            Parameters = p,
            Client = client,
            Site = site,
            Timestamp = timestamp,
            Ip = ip,
            IsAuthenticated = authenticated,
            Rec = p["rec"] == "1",
            VisitorId = visitorId,
            VisitorIdSource = source,
            UserId = userId,
            Url = url,
            ActionName = p["action_name"] ?? "",
            UrlRef = urlRef,
            UserAgent = p["ua"] ?? client.UserAgent ?? "",
            BrowserLanguage = p["lang"] ?? client.AcceptLanguage ?? "",
            NewVisit = IsTrue(p["new_visit"]),
            Ping = IsTrue(p["ping"]),
            SendImage = p["send_image"] != "0",
            LocalTime = new TimeOnly(Clock(p["h"], 23, timestamp.Hour), Clock(p["m"], 59, timestamp.Minute), Clock(p["s"], 59, timestamp.Second)),
        };
    }

    /// <summary>
    /// True when the request's token_auth (or the bulk's) has write access to the request's site, or
    /// belongs to a super user (so a super user also sees why a request with a bad idsite fails).
    /// </summary>
    public bool IsAuthorizedForDebug(TrackingParameters p, string? bulkToken)
    {
        var access = tokens.Authenticate(p["token_auth"] ?? bulkToken);
        if (access is null)
        {
            return false;
        }

        return access.IsSuperUser
            || (int.TryParse(p["idsite"], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var idSite) && access.Has(idSite, AccessLevel.Write));
    }

    /// <summary>Reads cdt/cdo; returns the time of receipt when neither is usable.</summary>
    private DateTime ReadTimestamp(TrackingParameters p, DateTime now, bool authenticated)
    {
        var cdtText = p["cdt"];
        var cdoText = p["cdo"];
        if (string.IsNullOrEmpty(cdtText) && string.IsNullOrEmpty(cdoText))
        {
            return now;
        }

        DateTime cdt;
        if (string.IsNullOrEmpty(cdtText))
        {
            cdt = now;
        }
        else if (double.TryParse(cdtText, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var unix))
        {
            if (unix > 253402300799)
            {
                return now;
            }

            cdt = DateTime.UnixEpoch.AddSeconds(Math.Floor(unix));
        }
        else if (DateTime.TryParse(cdtText, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var parsed))
        {
            cdt = DateTime.SpecifyKind(parsed, DateTimeKind.Utc);
            cdt = new DateTime(cdt.Ticks - (cdt.Ticks % TimeSpan.TicksPerSecond), DateTimeKind.Utc);
        }
        else
        {
            return now;
        }

        if (long.TryParse(cdoText, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var offset) && offset != 0)
        {
            cdt = cdt.AddSeconds(-Math.Abs(offset));
        }

        // Matomo ignores timestamps in the future or more than 20 years old.
        if (cdt > now || cdt <= now.AddDays(-20 * 365))
        {
            return now;
        }

        var age = (long)(now - cdt).TotalSeconds;
        if (age >= options.CustomTimestampRequiresAuthAfterSeconds && !authenticated)
        {
            throw new TrackingRequestException("cdt_requires_token", $"Custom timestamp is {age} seconds old, requires &token_auth...");
        }

        return cdt;
    }

    private static IPAddress ReadIp(TrackingParameters p, TrackingClient client, bool authenticated)
    {
        var cip = p["cip"];
        if (string.IsNullOrEmpty(cip))
        {
            return Normalize(client.RemoteIp);
        }

        if (!authenticated)
        {
            throw new TrackingRequestException("cip_requires_token", "Tracker API 'cip' was used, requires valid token_auth");
        }

        // Matomo stores an unparseable IP as 0.0.0.0.
        return IPAddress.TryParse(cip.Trim(), out var ip) ? Normalize(ip) : IPAddress.Any;
    }

    private static IPAddress Normalize(IPAddress ip) => ip.IsIPv4MappedToIPv6 ? ip.MapToIPv4() : ip;

    private (byte[]? Id, VisitorIdSource Source, string? UserId) ReadVisitorId(TrackingParameters p)
    {
        var uid = p["uid"];
        string? userId = null;
        if (!string.IsNullOrEmpty(uid))
        {
            userId = uid.Length > MaxUserIdLength ? uid[..MaxUserIdLength] : uid;
            if (options.EnableUserIdOverwritesVisitorId)
            {
                return (UserIdToVisitorId(userId), VisitorIdSource.UserId, userId);
            }
        }

        var cid = p["cid"];
        if (!string.IsNullOrEmpty(cid))
        {
            if (cid.Length != VisitorIdHexLength)
            {
                throw new TrackingRequestException("invalid_cid", $"Visitor ID (cid) {cid} must be {VisitorIdHexLength} characters long");
            }

            var forced = HexToBytes(cid);
            if (forced is not null)
            {
                return (forced, VisitorIdSource.Forced, userId);
            }
        }

        var cookie = p["_id"];
        if (cookie is { Length: >= VisitorIdHexLength } && HexToBytes(cookie.AsSpan(0, VisitorIdHexLength)) is { } fromCookie)
        {
            return (fromCookie, VisitorIdSource.Cookie, userId);
        }

        return (null, VisitorIdSource.None, userId);
    }

    /// <summary>The visitor id Matomo derives from a User ID: the first 16 hex digits of its SHA-1.</summary>
    public static byte[] UserIdToVisitorId(string userId) => SHA1.HashData(Encoding.UTF8.GetBytes(userId))[..8];

    private static byte[]? HexToBytes(ReadOnlySpan<char> hex)
    {
        foreach (var c in hex)
        {
            if (!char.IsAsciiHexDigit(c))
            {
                return null;
            }
        }

        return Convert.FromHexString(hex);
    }

    private static bool IsTrue(string? value) => !string.IsNullOrEmpty(value) && value != "0";

    /// <summary>One of h/m/s: absent means the hit's own (UTC) time; out of range means 0.</summary>
    private static int Clock(string? value, int max, int absent)
    {
        if (value is null)
        {
            return absent;
        }

        return int.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var v) && v >= 0 && v <= max ? v : 0;
    }
}
