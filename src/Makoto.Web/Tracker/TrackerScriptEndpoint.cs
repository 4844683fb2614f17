using Makoto.Plugins.PrivacyManager;
using Microsoft.Net.Http.Headers;

namespace Makoto.Web.Tracker;

/// <summary>
/// The JavaScript tracker at <c>/matomo.js</c>, <c>/piwik.js</c> and the <c>/js/</c> proxy paths
/// (js-tracker.md §7): cached for a day, revalidated with its entity tag, sent brotli- or
/// gzip-compressed when the browser accepts it; with <c>PrivacyManager.forceCookielessTracking</c> on, the variant that
/// makes every tracker run without cookies (a change of the setting changes the entity tag). <c>/js/</c> with a query string and <c>/js/tracker.php</c>
/// with a query string or by POST are tracking requests; <see cref="IsTrackingRequest"/> tells them apart.
/// </summary>
public static class TrackerScriptEndpoint
{
    public const string ContentType = "application/javascript; charset=utf-8";

    /// <summary>The paths of the tracker script.</summary>
    public static readonly string[] Paths = ["/matomo.js", "/piwik.js", "/js/", "/js/index.php", "/js/tracker.php"];

    private const string CacheControl = "public, max-age=86400";

    public static void Map(IEndpointRouteBuilder app)
    {
        foreach (var path in Paths)
        {
            app.MapMethods(path, ["GET", "HEAD"], (HttpContext context, TrackerScripts scripts, PrivacySettings privacy) =>
                Serve(context, privacy.ForceCookielessTracking ? scripts.CookielessTracker : scripts.Tracker, CacheControl));
        }
    }

    /// <summary>
    /// Whether a request to a /js/ path is meant for the tracking endpoint, as in Matomo's js/index.php and
    /// js/tracker.php: any query string, or (tracker.php) a POST.
    /// </summary>
    public static bool IsTrackingRequest(string path, HttpRequest request) =>
        path switch
        {
            "/js/" or "/js/index.php" => request.QueryString.HasValue,
            "/js/tracker.php" => request.QueryString.HasValue || !HttpMethods.IsGet(request.Method) && !HttpMethods.IsHead(request.Method),
            _ => false,
        };

    /// <summary>Writes a script with its validators, compressed as the request accepts; 304 when the client has it.</summary>
    public static async Task Serve(HttpContext context, StaticScript script, string cacheControl)
    {
        var request = context.Request;
        var response = context.Response;
        var (encoding, body) = Choose(request, script);
        var tag = new EntityTagHeaderValue("\"" + script.Tag + (encoding is null ? "" : "-" + encoding) + "\"");

        var headers = response.GetTypedHeaders();
        headers.ETag = tag;
        response.Headers.CacheControl = cacheControl;
        response.Headers.Vary = "Accept-Encoding";
        response.Headers.AccessControlAllowOrigin = "*";
        response.Headers.XContentTypeOptions = "nosniff";

        if (NotModified(request, script))
        {
            response.StatusCode = StatusCodes.Status304NotModified;
            return;
        }

        response.ContentType = ContentType;
        if (encoding is not null)
        {
            response.Headers.ContentEncoding = encoding;
        }

        response.ContentLength = body.Length;
        if (!HttpMethods.IsHead(request.Method))
        {
            await response.Body.WriteAsync(body, context.RequestAborted);
        }
    }

    /// <summary>Any of the script's entity tags in If-None-Match means the client has the current script.</summary>
    private static bool NotModified(HttpRequest request, StaticScript script)
    {
        foreach (var value in request.GetTypedHeaders().IfNoneMatch)
        {
            if (value.Tag == "*" || value.Tag.Value is { } tag && tag.Trim('"').StartsWith(script.Tag, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Brotli when accepted, else gzip, else the plain script (q=0 refuses an encoding).</summary>
    private static (string? Encoding, byte[] Body) Choose(HttpRequest request, StaticScript script)
    {
        var accepted = request.Headers.AcceptEncoding;
        if (accepted.Count == 0)
        {
            return (null, script.Content);
        }

        var brotli = false;
        var gzip = false;
        foreach (var header in accepted)
        {
            foreach (var part in (header ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                var semicolon = part.IndexOf(';', StringComparison.Ordinal);
                var name = (semicolon < 0 ? part : part[..semicolon]).Trim();
                var refused = semicolon >= 0 && part[(semicolon + 1)..].Replace(" ", "", StringComparison.Ordinal) is "q=0" or "q=0.0" or "q=0.00" or "q=0.000";
                if (refused)
                {
                    continue;
                }

                brotli |= name.Equals("br", StringComparison.OrdinalIgnoreCase);
                gzip |= name.Equals("gzip", StringComparison.OrdinalIgnoreCase) || name == "*";
            }
        }

        return brotli ? ("br", script.Brotli) : gzip ? ("gzip", script.Gzip) : (null, script.Content);
    }
}
