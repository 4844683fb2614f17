using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Makoto.Tracking;
using Makoto.Tracking.Requests;

namespace Makoto.LogImport;

/// <summary>What became of a batch of hits: how many were tracked, and which (by index) were rejected and why.</summary>
public sealed record SinkOutcome(int Tracked, IReadOnlyList<int> InvalidIndices, IReadOnlyList<string> Messages);

/// <summary>Where the importer sends hits: the local tracking pipeline, or a remote server's bulk tracking endpoint.</summary>
public interface IHitSink
{
    /// <summary>Records a batch; returns once it is stored (committed locally, or acknowledged by the server).</summary>
    Task<SinkOutcome> SendAsync(IReadOnlyList<TrackingParameters> hits, CancellationToken cancellation);
}

/// <summary>
/// The local store: hits go through <see cref="TrackingService"/>, exactly as a bulk request received over
/// HTTP does (same validation, enrichment, visit recognition and group commit), as a trusted caller
/// (custom timestamps and client IPs are accepted without a token_auth).
/// </summary>
public sealed class LocalHitSink(TrackingService tracking) : IHitSink
{
    private static readonly TrackingClient s_client = new(IPAddress.Loopback, null, null, null) { Trusted = true };

    public async Task<SinkOutcome> SendAsync(IReadOnlyList<TrackingParameters> hits, CancellationToken cancellation)
    {
        while (true)
        {
            var outcome = await tracking.TrackAsync(hits, s_client, bulkToken: null, cancellationToken: cancellation).ConfigureAwait(false);
            if (!outcome.QueueFull)
            {
                return new SinkOutcome(outcome.Tracked, outcome.InvalidIndices, outcome.Messages);
            }

            // Nothing of the batch was stored: wait for the writer to catch up.
            await Task.Delay(20, cancellation).ConfigureAwait(false);
        }
    }
}

/// <summary>How to reach a remote Matomo or Makoto (<c>--url</c>, <c>--token-auth</c> and the retry options).</summary>
public sealed record RemoteServer
{
    public required Uri Url { get; init; }

    /// <summary>The API's address when it differs from the tracker's (<c>--api-url</c>).</summary>
    public Uri? ApiUrl { get; init; }

    public required string TokenAuth { get; init; }

    /// <summary><c>--tracker-endpoint-path</c>.</summary>
    public string TrackerEndpointPath { get; init; } = "/matomo.php";

    /// <summary><c>--retry-max-attempts</c>.</summary>
    public int MaxAttempts { get; init; } = 3;

    /// <summary><c>--retry-delay</c>.</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary><c>--request-timeout</c>.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(300);

    /// <summary><c>--auth-user</c> and <c>--auth-password</c> (HTTP basic authentication in front of the server).</summary>
    public string? BasicAuthUser { get; init; }

    public string? BasicAuthPassword { get; init; }

    /// <summary><c>--accept-invalid-ssl-certificate</c>.</summary>
    public bool AcceptInvalidCertificate { get; init; }

    public HttpClient CreateClient()
    {
        var handler = new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) };
        if (AcceptInvalidCertificate)
        {
            handler.SslOptions.RemoteCertificateValidationCallback = (_, _, _, _) => true;
        }

        var client = new HttpClient(handler) { Timeout = RequestTimeout };
        client.DefaultRequestHeaders.UserAgent.ParseAdd("Makoto/LogImport");
        if (BasicAuthUser is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue(
                "Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(BasicAuthUser + ":" + BasicAuthPassword)));
        }

        return client;
    }

    internal Uri Endpoint(Uri baseUrl, string path) => new(baseUrl.ToString().TrimEnd('/') + "/" + path.TrimStart('/'));
}

/// <summary>
/// A remote Matomo or Makoto: each batch is one bulk tracking request (<c>{"requests": […], "token_auth": …}</c>),
/// retried after a failure as Matomo's importer does; when a server reports that part of a batch was
/// tracked before failing, only the rest is sent again.
/// </summary>
public sealed class RemoteHitSink(RemoteServer server, HttpClient http) : IHitSink
{
    private readonly Uri _endpoint = server.Endpoint(server.Url, server.TrackerEndpointPath);

    public async Task<SinkOutcome> SendAsync(IReadOnlyList<TrackingParameters> hits, CancellationToken cancellation)
    {
        var offset = 0;
        var tracked = 0;
        var invalid = new List<int>();
        var messages = new List<string>();
        for (var attempt = 1; ; attempt++)
        {
            string? failure;
            try
            {
                using var content = new ByteArrayContent(Body(hits, offset));
                content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
                using var response = await http.PostAsync(_endpoint, content, cancellation).ConfigureAwait(false);
                var body = await response.Content.ReadAsStringAsync(cancellation).ConfigureAwait(false);
                var answer = Read(body);
                if (response.IsSuccessStatusCode)
                {
                    tracked += answer?.Tracked ?? hits.Count - offset;
                    foreach (var index in answer?.InvalidIndices ?? [])
                    {
                        invalid.Add(index + offset);
                        messages.Add("The server rejected this request as invalid.");
                    }

                    if (answer is { InvalidIndices: null, Invalid: > 0 } counted)
                    {
                        messages.Add($"The server rejected {counted.Invalid} requests without saying which (the token_auth may lack write access).");
                    }

                    return new SinkOutcome(tracked, invalid, messages);
                }

                if (response.StatusCode == HttpStatusCode.BadRequest && answer is null)
                {
                    throw new ImportException($"The server answered 400 Bad Request to a bulk tracking request at {_endpoint}: is bulk tracking enabled there? {Trim(body)}");
                }

                if (answer?.Tracked is > 0 and var done)
                {
                    tracked += done;
                    offset += done;
                }

                failure = $"HTTP {(int)response.StatusCode}: {answer?.Message ?? Trim(body)}";
            }
            catch (HttpRequestException error)
            {
                failure = error.Message;
            }
            catch (TaskCanceledException) when (!cancellation.IsCancellationRequested)
            {
                failure = $"no answer within {server.RequestTimeout.TotalSeconds:F0} s";
            }

            if (attempt >= server.MaxAttempts)
            {
                throw new ImportException($"Tracking at {_endpoint} failed {attempt} times; the last time: {failure}");
            }

            await Task.Delay(server.RetryDelay, cancellation).ConfigureAwait(false);
        }
    }

    /// <summary>The bulk request body; the token travels in it, never in the URL (which servers log).</summary>
    private byte[] Body(IReadOnlyList<TrackingParameters> hits, int offset)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteStartArray("requests");
            for (var i = offset; i < hits.Count; i++)
            {
                json.WriteStartObject();
                foreach (var (name, value) in hits[i].All())
                {
                    json.WriteString(name, value);
                }

                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteString("token_auth", server.TokenAuth);
            json.WriteEndObject();
        }

        return buffer.ToArray();
    }

    private sealed record Answer(int? Tracked, int Invalid, List<int>? InvalidIndices, string? Message);

    private static Answer? Read(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            List<int>? indices = null;
            if (root.TryGetProperty("invalid_indices", out var list) && list.ValueKind == JsonValueKind.Array)
            {
                indices = [.. list.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.Number).Select(e => e.GetInt32())];
            }

            return new Answer(
                root.TryGetProperty("tracked", out var t) && t.ValueKind == JsonValueKind.Number ? t.GetInt32() : null,
                root.TryGetProperty("invalid", out var i) && i.ValueKind == JsonValueKind.Number ? i.GetInt32() : 0,
                indices,
                root.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString() : null);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string Trim(string body) => body.Length > 300 ? body[..300] + "…" : body;
}
