using System.Buffers;
using System.Net;
using System.Text;
using System.Text.Json;
using Makoto.Tracking;
using Makoto.Tracking.Requests;

namespace Makoto.Web.Tracking;

/// <summary>
/// <c>/matomo.php</c> and <c>/piwik.php</c> (tracking-api.md §1, §3, §4): single requests by GET or
/// POST, bulk JSON requests, CORS pre-flight; answered with the transparent GIF, 204, or the bulk
/// JSON once the hits are committed.
/// </summary>
public static class TrackingEndpoint
{
    private static readonly Dictionary<string, string> s_noHeaders = new(StringComparer.Ordinal);

    private static readonly byte[] s_gif = Convert.FromBase64String("R0lGODlhAQABAIAAAAAAAAAAACH5BAEAAAAALAAAAAABAAEAAAICRAEAOw==");

    private const string EndpointNote =
        "<!DOCTYPE html><html><head><title>Makoto tracking endpoint</title></head><body>" +
        "<p>This is the Makoto tracking endpoint, compatible with Matomo's <code>matomo.php</code>. " +
        "Trackers send their requests here; see the Tracking HTTP API for the parameters.</p></body></html>";

    /// <summary>
    /// Answers the tracking paths ahead of routing, authentication and the UI's middleware: the hot path
    /// of the server (every hit of every tracked site) pays for none of them. Other paths go on.
    /// </summary>
    public static void UseTracking(this IApplicationBuilder app)
    {
        var tracking = app.ApplicationServices.GetRequiredService<TrackingService>();
        var options = app.ApplicationServices.GetRequiredService<TrackerOptions>();
        app.Use((context, next) =>
        {
            if (!IsTrackingPath(context.Request.Path))
            {
                return next(context);
            }

            var method = context.Request.Method;
            if (HttpMethods.IsGet(method) || HttpMethods.IsPost(method) || HttpMethods.IsHead(method))
            {
                return Handle(context, tracking, options);
            }

            if (HttpMethods.IsOptions(method))
            {
                Preflight(context);
                return Task.CompletedTask;
            }

            context.Response.StatusCode = StatusCodes.Status405MethodNotAllowed;
            context.Response.Headers.Allow = "GET, POST, HEAD, OPTIONS";
            return Task.CompletedTask;
        });
    }

    /// <summary>True for <c>/matomo.php</c> and <c>/piwik.php</c> (any case, as PHP servers on case-insensitive paths).</summary>
    public static bool IsTrackingPath(PathString path) =>
        path.Equals("/matomo.php", StringComparison.OrdinalIgnoreCase) || path.Equals("/piwik.php", StringComparison.OrdinalIgnoreCase);

    private static void Preflight(HttpContext context)
    {
        AddCors(context);
        context.Response.Headers.AccessControlAllowMethods = "GET, POST, OPTIONS";
        context.Response.Headers.AccessControlAllowHeaders = context.Request.Headers.AccessControlRequestHeaders.Count > 0
            ? context.Request.Headers.AccessControlRequestHeaders.ToString()
            : "Content-Type";
        context.Response.StatusCode = StatusCodes.Status204NoContent;
    }

    private static async Task Handle(HttpContext context, TrackingService tracking, TrackerOptions options)
    {
        var request = context.Request;
        var response = context.Response;
        if (!HttpMethods.IsGet(request.Method) && !HttpMethods.IsHead(request.Method))
        {
            AddCors(context);
        }

        var query = TrackingParameters.Parse(request.QueryString.Value);
        var client = Client(context);
        var parameters = query;
        if (HttpMethods.IsPost(request.Method))
        {
            var body = await ReadBody(request, options.MaxBodyBytes);
            if (body is null)
            {
                response.StatusCode = StatusCodes.Status413PayloadTooLarge;
                await WriteBulkJson(response, "error", 0, 0, null, $"The request body is larger than the limit of {options.MaxBodyBytes} bytes.");
                return;
            }

            try
            {
                var bytes = body.Value.Bytes.AsMemory(0, body.Value.Length);
                if (IsBulk(bytes.Span))
                {
                    await HandleBulk(context, tracking, options, bytes, client);
                    return;
                }

                if (bytes.Length > 0)
                {
                    // Invalid UTF-8 becomes U+FFFD: the request is still usable and never crashes the parser.
                    parameters = TrackingParameters.Parse(Encoding.UTF8.GetString(bytes.Span));
                    parameters.AddMissing(query);
                }
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(body.Value.Bytes);
            }
        }

        if (parameters.Count == 0)
        {
            response.StatusCode = HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method) ? 200 : 400;
            response.ContentType = "text/html; charset=utf-8";
            await response.WriteAsync(EndpointNote);
            return;
        }

        var debug = options.Debug || (options.DebugOnDemand && parameters["debug"] is { Length: > 0 } flag && flag != "0");
        var outcome = await tracking.TrackAsync([parameters], client, bulkToken: null, debug, context.RequestAborted);
        var sendImage = parameters["send_image"] != "0";
        var status = outcome.QueueFull || outcome.StoreFailed ? StatusCodes.Status503ServiceUnavailable
            : outcome.Invalid > 0 ? StatusCodes.Status400BadRequest
            : StatusCodes.Status200OK;
        if (outcome.QueueFull || outcome.StoreFailed)
        {
            response.Headers.RetryAfter = "1";
        }

        if (outcome.DebugLog is { } log)
        {
            // Only requests whose token_auth may write to the site get here (TrackingService).
            response.StatusCode = status;
            response.ContentType = "text/plain; charset=utf-8";
            response.Headers.CacheControl = "no-store";
            await response.WriteAsync(log);
            return;
        }

        await WriteImage(response, status, sendImage);
    }

    private static async Task HandleBulk(HttpContext context, TrackingService tracking, TrackerOptions options, ReadOnlyMemory<byte> body, TrackingClient client)
    {
        var response = context.Response;
        var metrics = context.RequestServices.GetRequiredService<TrackingMetrics>();
        List<TrackingParameters> requests;
        string? token;
        bool sendImage;
        try
        {
            (requests, token, sendImage) = ParseBulk(body, options.MaxBulkRequests);
        }
        catch (BulkFormatException error)
        {
            metrics.AddInvalid("bulk_malformed");
            response.StatusCode = StatusCodes.Status400BadRequest;
            await WriteBulkJson(response, "error", 0, 0, null, error.Message);
            return;
        }

        var outcome = await tracking.TrackAsync(requests, client, token, cancellationToken: context.RequestAborted);
        if (outcome.QueueFull)
        {
            response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            response.Headers.RetryAfter = "1";
            await WriteBulkJson(response, "error", 0, 0, null, "The server is busy: nothing of this bulk was stored. Retry it in a moment.");
            return;
        }

        if (outcome.StoreFailed)
        {
            response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            response.Headers.RetryAfter = "1";
            await WriteBulkJson(response, "error", 0, 0, null, "The store could not commit this bulk (the server log says why): nothing of it was stored. Retry it in a moment.");
            return;
        }

        if (!sendImage)
        {
            response.StatusCode = StatusCodes.Status204NoContent;
            return;
        }

        await WriteBulkJson(response, "success", outcome.Tracked, outcome.Invalid, outcome.Authenticated ? outcome.InvalidIndices : null, null);
    }

    /// <summary>
    /// A bulk body: <c>{"requests": ["?idsite=1&amp;…", {…}], "token_auth": "…", "send_image": 0}</c>.
    /// String entries are query strings (the part after <c>?</c>); object entries are parameter maps.
    /// </summary>
    internal static (List<TrackingParameters> Requests, string? Token, bool SendImage) ParseBulk(ReadOnlyMemory<byte> body, int maxRequests)
    {
        // Invalid UTF-8 becomes U+FFFD (as for single requests) instead of failing the whole bulk.
        if (!System.Text.Unicode.Utf8.IsValid(body.Span))
        {
            body = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(body.Span));
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = 16 });
        }
        catch (JsonException error)
        {
            throw new BulkFormatException($"The bulk request body is not valid JSON: {error.Message}");
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("requests", out var list) || list.ValueKind != JsonValueKind.Array)
            {
                throw new BulkFormatException("A bulk request must be a JSON object with a \"requests\" array.");
            }

            if (list.GetArrayLength() > maxRequests)
            {
                throw new BulkFormatException($"A bulk request may hold at most {maxRequests} requests; this one holds {list.GetArrayLength()}. Split it.");
            }

            var token = root.TryGetProperty("token_auth", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
            var sendImage = !(root.TryGetProperty("send_image", out var s) && ScalarText(s) == "0");
            var requests = new List<TrackingParameters>(list.GetArrayLength());
            foreach (var entry in list.EnumerateArray())
            {
                var parameters = new TrackingParameters();
                if (entry.ValueKind == JsonValueKind.String)
                {
                    var text = entry.GetString() ?? "";
                    var question = text.IndexOf('?', StringComparison.Ordinal);
                    TrackingParameters.ParseInto(question >= 0 ? text.AsSpan(question + 1) : text, parameters);
                }
                else if (entry.ValueKind == JsonValueKind.Object)
                {
                    foreach (var property in entry.EnumerateObject())
                    {
                        if (ScalarText(property.Value) is { } value)
                        {
                            parameters.Set(property.Name, value);
                        }
                    }
                }

                requests.Add(parameters);
            }

            return (requests, token, sendImage);
        }
    }

    private static TrackingClient Client(HttpContext context)
    {
        var headers = context.Request.Headers;
        Dictionary<string, string>? selected = null;
        var names = TrackingClient.HeaderNames;
        for (var i = 0; i < names.Count; i++)
        {
            var name = names[i];
            if (headers.TryGetValue(name, out var value) && value.Count > 0)
            {
                (selected ??= new Dictionary<string, string>(StringComparer.Ordinal))[name] = value.ToString();
            }
        }

        return new TrackingClient(
            context.Connection.RemoteIpAddress ?? IPAddress.Loopback,
            headers.UserAgent.Count > 0 ? headers.UserAgent.ToString() : null,
            headers.AcceptLanguage.Count > 0 ? headers.AcceptLanguage.ToString() : null,
            headers.Referer.Count > 0 ? headers.Referer.ToString() : null)
        {
            Headers = selected ?? s_noHeaders,
        };
    }

    private static string? ScalarText(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString(),
        JsonValueKind.Number => value.GetRawText(),
        JsonValueKind.True => "1",
        JsonValueKind.False => "0",
        JsonValueKind.Array or JsonValueKind.Object => value.GetRawText(),
        _ => null,
    };

    private static bool IsBulk(ReadOnlySpan<byte> body)
    {
        var trimmed = body.TrimStart(" \t\r\n"u8);
        return trimmed.Length > 0 && trimmed[0] == (byte)'{' && body.IndexOf("\"requests\""u8) >= 0;
    }

    /// <summary>
    /// The body in a buffer rented from the shared pool (the caller returns it), or null when it is larger
    /// than <paramref name="limit"/>. Large bulk bodies never become strings or large-object-heap arrays.
    /// </summary>
    private static async Task<(byte[] Bytes, int Length)?> ReadBody(HttpRequest request, int limit)
    {
        if (request.ContentLength > limit)
        {
            return null;
        }

        var buffer = ArrayPool<byte>.Shared.Rent((int)Math.Clamp(request.ContentLength ?? 4096, 256, Math.Min(limit, 1 << 20)) + 1);
        var length = 0;
        try
        {
            int read;
            while ((read = await request.Body.ReadAsync(buffer.AsMemory(length))) > 0)
            {
                length += read;
                if (length > limit)
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                    return null;
                }

                if (length == buffer.Length)
                {
                    var larger = ArrayPool<byte>.Shared.Rent((int)Math.Min((long)buffer.Length * 2, (long)limit + 1));
                    buffer.AsSpan(0, length).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }
            }
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw;
        }

        return (buffer, length);
    }

    private static async Task WriteImage(HttpResponse response, int status, bool sendImage)
    {
        response.StatusCode = sendImage ? status : (status == 200 ? StatusCodes.Status204NoContent : status);
        if (!sendImage)
        {
            return;
        }

        response.ContentType = "image/gif";
        response.Headers.CacheControl = "no-store";
        response.ContentLength = s_gif.Length;
        await response.Body.WriteAsync(s_gif);
    }

    private static async Task WriteBulkJson(HttpResponse response, string status, int tracked, int invalid, List<int>? indices, string? message)
    {
        response.ContentType = "application/json";
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("status", status);
            json.WriteNumber("tracked", tracked);
            json.WriteNumber("invalid", invalid);
            if (indices is not null)
            {
                json.WriteStartArray("invalid_indices");
                foreach (var index in indices)
                {
                    json.WriteNumberValue(index);
                }

                json.WriteEndArray();
            }

            if (message is not null)
            {
                json.WriteString("message", message);
            }

            json.WriteEndObject();
        }

        await response.Body.WriteAsync(buffer.ToArray());
    }

    private static void AddCors(HttpContext context)
    {
        var origin = context.Request.Headers.Origin;
        context.Response.Headers.AccessControlAllowOrigin = origin.Count > 0 ? origin.ToString() : "*";
        context.Response.Headers.AccessControlAllowCredentials = "true";
    }
}

/// <summary>A bulk body that cannot be read; answered with HTTP 400 and the reason.</summary>
public sealed class BulkFormatException(string message) : Exception(message);
