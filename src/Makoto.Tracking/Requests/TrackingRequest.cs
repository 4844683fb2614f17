using System.Net;
using Makoto.Core.Sites;

namespace Makoto.Tracking.Requests;

/// <summary>Where the request's visitor id came from (Matomo's order of precedence).</summary>
public enum VisitorIdSource
{
    None,
    UserId,
    Forced,
    Cookie,
}

/// <summary>What the HTTP layer knows about the sender, beyond the tracking parameters.</summary>
public sealed record TrackingClient(
    IPAddress RemoteIp,
    string? UserAgent,
    string? AcceptLanguage,
    string? Referer)
{
    /// <summary>The request headers tracking looks at (<see cref="HeaderNames"/>), by lower-case name.</summary>
    public IReadOnlyDictionary<string, string> Headers { get; init; } = System.Collections.ObjectModel.ReadOnlyDictionary<string, string>.Empty;

    /// <summary>
    /// True for requests made inside the process by an operator's command (log import, visit generator):
    /// they have the rights of a token_auth with write access (custom timestamps, <c>cip</c>) without one.
    /// Never set from HTTP.
    /// </summary>
    public bool Trusted { get; init; }

    /// <summary>
    /// Headers used by request processors: Do Not Track, prefetch markers, the proxy chain, the opt-out
    /// cookie and User-Agent Client Hints.
    /// </summary>
    public static IReadOnlyList<string> HeaderNames { get; } =
    [
        "dnt", "x-do-not-track", "via", "x-purpose", "x-moz", "purpose", "sec-purpose", "cookie",
        "sec-ch-ua", "sec-ch-ua-full-version-list", "sec-ch-ua-mobile", "sec-ch-ua-model", "sec-ch-ua-platform",
        "sec-ch-ua-platform-version", "sec-ch-ua-arch", "sec-ch-ua-bitness", "sec-ch-ua-form-factors",
    ];

    public static TrackingClient Local { get; } = new(IPAddress.Loopback, null, null, null);

    public string? Header(string lowerCaseName) => Headers.GetValueOrDefault(lowerCaseName);
}

/// <summary>
/// One validated tracking request: the typed core parameters that every hit has, plus the raw
/// parameters for the request processors of plugins. Immutable once built.
/// </summary>
public sealed class TrackingRequest
{
    public required TrackingParameters Parameters { get; init; }

    public required Site Site { get; init; }

    public int IdSite => Site.IdSite;

    /// <summary>The time of the hit (UTC, whole seconds): <c>cdt</c>/<c>cdo</c> when valid, else the time of receipt.</summary>
    public required DateTime Timestamp { get; init; }

    /// <summary>The visitor's IP (<c>cip</c> when authenticated, else the connection's address), before anonymization.</summary>
    public required IPAddress Ip { get; init; }

    /// <summary>True when the request carried a token_auth with write access to the site.</summary>
    public bool IsAuthenticated { get; init; }

    /// <summary>True when <c>rec=1</c>; other requests are accepted and not recorded.</summary>
    public bool Rec { get; init; }

    /// <summary>8-byte visitor id from uid, cid or _id; null when the request has none.</summary>
    public byte[]? VisitorId { get; init; }

    public VisitorIdSource VisitorIdSource { get; init; }

    /// <summary>The User ID (<c>uid</c>), if any.</summary>
    public string? UserId { get; init; }

    public string Url { get; init; } = "";

    public string ActionName { get; init; } = "";

    public string UrlRef { get; init; } = "";

    public string UserAgent { get; init; } = "";

    /// <summary>The <c>lang</c> parameter or the Accept-Language header.</summary>
    public string BrowserLanguage { get; init; } = "";

    public bool NewVisit { get; init; }

    public bool Ping { get; init; }

    public bool SendImage { get; init; } = true;

    /// <summary>The visitor's local time from <c>h</c>/<c>m</c>/<c>s</c>.</summary>
    public TimeOnly LocalTime { get; init; }

    /// <summary>The HTTP layer's view of the sender (headers, connection address).</summary>
    public TrackingClient Client { get; init; } = TrackingClient.Local;

    public string? this[string name] => Parameters.Get(name);
}

/// <summary>A request that cannot be used: the tracker gets HTTP 400 and the reason is counted.</summary>
public sealed class TrackingRequestException(string reason, string message) : Exception(message)
{
    /// <summary>A short, stable name for metrics (e.g. <c>invalid_idsite</c>).</summary>
    public string Reason { get; } = reason;
}
