using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Makoto.Web.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Makoto.EndToEnd.Tests;

/// <summary>
/// The real Makoto server on a free loopback port with a fresh data folder, started in this
/// process, spoken to over HTTP. A super user <see cref="Login"/> with token <see cref="Token"/> exists.
/// </summary>
public sealed class TestServer : IAsyncDisposable
{
    public const string Login = "admin";
    public const string Password = "secret-password";
    public const string Token = "5f4dcc3b5aa765d61d8327deb882cf99";

    private readonly WebApplication _app;
    private readonly bool _ownsDataFolder;

    private TestServer(WebApplication app, string dataFolder, bool ownsDataFolder, Uri address)
    {
        _app = app;
        DataFolder = dataFolder;
        _ownsDataFolder = ownsDataFolder;
        Address = address;
        Http = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromMinutes(5) };
    }

    public string DataFolder { get; }

    public Uri Address { get; }

    public HttpClient Http { get; }

    public IServiceProvider Services => _app.Services;

    /// <summary>Starts a server; pass <paramref name="dataFolder"/> to reuse a folder (restart tests).</summary>
    public static async Task<TestServer> StartAsync(string? dataFolder = null, params string[] extraArgs)
    {
        var owns = dataFolder is null;
        dataFolder ??= Path.Combine(Path.GetTempPath(), "makoto-test-" + Guid.NewGuid().ToString("N"));
        string[] args =
        [
            "--urls", "http://127.0.0.1:0",
            "--data", dataFolder,
            "--environment", "Testing",
            $"--MAKOTO_INIT_LOGIN={Login}",
            $"--MAKOTO_INIT_PASSWORD={Password}",
            "--MAKOTO_INIT_EMAIL=admin@example.org",
            $"--MAKOTO_INIT_TOKEN={Token}",
            "--Logging:LogLevel:Default=Warning",
            .. extraArgs,
        ];
        var app = MakotoServer.Build(args);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new TestServer(app, dataFolder, owns, new Uri(address));
    }

    /// <summary>Stops the server gracefully (queued hits are committed) and keeps the data folder.</summary>
    public async Task StopAsync() => await _app.StopAsync();

    /// <summary>Calls an API method with the super user's token and returns the raw body.</summary>
    public async Task<string> ApiAsync(string query, string format = "json")
    {
        var response = await Http.GetAsync($"/index.php?module=API&format={format}&token_auth={Token}&{query}");
        return await response.Content.ReadAsStringAsync();
    }

    public async Task<JsonElement> ApiJsonAsync(string query)
    {
        var body = await ApiAsync(query);
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    /// <summary>Creates a site through the API and returns its id.</summary>
    public async Task<int> AddSiteAsync(string name, string url, string timezone = "UTC", string extra = "")
    {
        var result = await ApiJsonAsync(
            $"method=SitesManager.addSite&siteName={Uri.EscapeDataString(name)}&urls[]={Uri.EscapeDataString(url)}&timezone={Uri.EscapeDataString(timezone)}&startDate=2020-01-01{extra}");
        return result.GetProperty("value").GetInt32();
    }

    /// <summary>Sends one tracking request by GET and returns the status code.</summary>
    public async Task<HttpStatusCode> TrackAsync(string query)
    {
        var response = await Http.GetAsync("/matomo.php?" + query);
        return response.StatusCode;
    }

    /// <summary>Sends a bulk tracking request and returns the parsed JSON answer.</summary>
    public async Task<JsonElement> TrackBulkAsync(IEnumerable<string> queries, string? token = Token)
    {
        var response = await Http.PostAsJsonAsync("/matomo.php", new { requests = queries.ToArray(), token_auth = token });
        var body = await response.Content.ReadAsStringAsync();
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (_ownsDataFolder)
        {
            try
            {
                Directory.Delete(DataFolder, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }
}
