using System.Globalization;
using System.Text.Json;

namespace Makoto.LogImport;

/// <summary>
/// The sites of a remote Matomo or Makoto, through its SitesManager API (getSiteFromId,
/// getSitesIdFromSiteUrl, addSite), as Matomo's importer looks them up. The token_auth is sent in the
/// POST body.
/// </summary>
public sealed class RemoteSiteDirectory(RemoteServer server, HttpClient http) : ISiteDirectory
{
    private readonly Uri _api = server.Endpoint(server.ApiUrl ?? server.Url, "/index.php");

    public async Task<string?> MainUrlAsync(int idSite, CancellationToken cancellation)
    {
        var answer = await CallAsync("SitesManager.getSiteFromId", [new("idSite", idSite.ToString(CultureInfo.InvariantCulture))], cancellation).ConfigureAwait(false);
        return answer.ValueKind == JsonValueKind.Object && answer.TryGetProperty("main_url", out var url) ? url.GetString() : null;
    }

    public async Task<(int IdSite, string MainUrl)?> FindByHostAsync(string host, CancellationToken cancellation)
    {
        var answer = await CallAsync("SitesManager.getSitesIdFromSiteUrl", [new("url", "http://" + host)], cancellation).ConfigureAwait(false);
        if (answer.ValueKind != JsonValueKind.Array)
        {
            return null;
        }

        foreach (var entry in answer.EnumerateArray())
        {
            if (entry.ValueKind == JsonValueKind.Object && entry.TryGetProperty("idsite", out var id) && Id(id) is { } idSite)
            {
                return (idSite, await MainUrlAsync(idSite, cancellation).ConfigureAwait(false) ?? "http://" + host);
            }
        }

        return null;
    }

    public async Task<int> AddSiteAsync(string host, CancellationToken cancellation)
    {
        var answer = await CallAsync("SitesManager.addSite", [new("siteName", host), new("urls[0]", "http://" + host)], cancellation).ConfigureAwait(false);
        return answer.ValueKind == JsonValueKind.Object && answer.TryGetProperty("value", out var value) && Id(value) is { } id
            ? id
            : throw new ImportException($"The server did not create a site for the host {host}: {answer}");
    }

    private async Task<JsonElement> CallAsync(string method, KeyValuePair<string, string>[] parameters, CancellationToken cancellation)
    {
        KeyValuePair<string, string>[] form =
        [
            new("module", "API"), new("method", method), new("format", "json"), new("token_auth", server.TokenAuth), .. parameters,
        ];
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                using var content = new FormUrlEncodedContent(form);
                using var response = await http.PostAsync(_api, content, cancellation).ConfigureAwait(false);
                var body = await response.Content.ReadAsStringAsync(cancellation).ConfigureAwait(false);
                using var document = JsonDocument.Parse(body);
                var root = document.RootElement.Clone();
                if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("result", out var result) && result.GetString() == "error")
                {
                    var message = root.TryGetProperty("message", out var m) ? m.GetString() : body;
                    if (method == "SitesManager.getSiteFromId")
                    {
                        return default;
                    }

                    throw new ImportException($"{method} failed on {_api}: {message}");
                }

                return root;
            }
            catch (Exception error) when (error is HttpRequestException or JsonException or TaskCanceledException && !cancellation.IsCancellationRequested)
            {
                if (attempt >= server.MaxAttempts)
                {
                    throw new ImportException($"{method} failed {attempt} times on {_api}; the last time: {error.Message}");
                }

                await Task.Delay(server.RetryDelay, cancellation).ConfigureAwait(false);
            }
        }
    }

    private static int? Id(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Number => value.GetInt32(),
        JsonValueKind.String when int.TryParse(value.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out var id) => id,
        _ => null,
    };
}
