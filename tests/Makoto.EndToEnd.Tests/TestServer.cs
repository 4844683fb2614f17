using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Makoto.Tests.Shared;
using Makoto.Web.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Makoto.EndToEnd.Tests;

/// <summary>
/// The real Makoto server on a free loopback port with a fresh data folder, started in this
/// process, spoken to over HTTP. A super user <see cref="Login"/> with token <see cref="Token"/> exists.
/// Its store is SQLite in the data folder, or — when <c>MAKOTO_TEST_STORE=mariadb</c> (CI runs this suite
/// both ways) or asked for with <see cref="StartOnAsync"/> — a fresh database on the tests' MariaDB server
/// (<see cref="MySqlTestDatabase"/>), dropped with the server.
/// </summary>
public sealed class TestServer : IAsyncDisposable
{
    public const string Login = "admin";
    public const string Password = "secret-password";
    public const string Token = "5f4dcc3b5aa765d61d8327deb882cf99";

    /// <summary>The file in a data folder that names the MariaDB database of the server that used it (restarts).</summary>
    private const string MySqlDatabaseFile = "test-mysql-database.txt";

    private readonly WebApplication _app;
    private readonly bool _ownsDataFolder;
    private readonly MySqlTestDatabase? _mysql;

    private TestServer(WebApplication app, string dataFolder, bool ownsDataFolder, Uri address, MySqlTestDatabase? mysql)
    {
        _app = app;
        DataFolder = dataFolder;
        _ownsDataFolder = ownsDataFolder;
        _mysql = mysql;
        Address = address;
        Http = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromMinutes(5) };
    }

    public string DataFolder { get; }

    public Uri Address { get; }

    public HttpClient Http { get; }

    public IServiceProvider Services => _app.Services;

    /// <summary>The store of servers started with <see cref="StartAsync"/>: <c>MAKOTO_TEST_STORE</c> (sqlite, mariadb).</summary>
    public static TestStore DefaultStore =>
        Environment.GetEnvironmentVariable("MAKOTO_TEST_STORE")?.ToLowerInvariant() switch
        {
            null or "" or "sqlite" => TestStore.Sqlite,
            "mariadb" or "mysql" => TestStore.MariaDb,
            var other => throw new InvalidOperationException($"MAKOTO_TEST_STORE '{other}' is not a store; use sqlite or mariadb."),
        };

    /// <summary>The server's database (for tests that look at its tables).</summary>
    public Makoto.Storage.IDatabase Database => _app.Services.GetRequiredService<Makoto.Storage.IDatabase>();

    /// <summary>Starts a server on <see cref="DefaultStore"/>; pass <paramref name="dataFolder"/> to reuse a folder (restart tests).</summary>
    public static Task<TestServer> StartAsync(string? dataFolder = null, params string[] extraArgs) =>
        StartOnAsync(DefaultStore, dataFolder, extraArgs);

    /// <summary>Starts a server on <paramref name="store"/> (a MariaDB test is skipped when there is no server).</summary>
    public static async Task<TestServer> StartOnAsync(TestStore store, string? dataFolder = null, params string[] extraArgs)
    {
        var owns = dataFolder is null;
        dataFolder ??= Path.Combine(Path.GetTempPath(), "makoto-test-" + Guid.NewGuid().ToString("N"));
        MySqlTestDatabase? mysql = null;
        string connectionString = "";
        if (store == TestStore.MariaDb)
        {
            // A restarted server finds its database again through the data folder.
            var named = Path.Combine(dataFolder, MySqlDatabaseFile);
            if (File.Exists(named))
            {
                connectionString = await File.ReadAllTextAsync(named);
            }
            else
            {
                mysql = MySqlTestDatabase.Create();
                connectionString = mysql.ConnectionString;
                Directory.CreateDirectory(dataFolder);
                await File.WriteAllTextAsync(named, connectionString);
            }
        }

        string[] storeArgs = store == TestStore.MariaDb ? MySqlArgs(connectionString, "matomo_") : [];
        return await LaunchAsync(dataFolder, owns, mysql, [.. storeArgs, .. extraArgs]);
    }

    /// <summary>
    /// Starts a server on an existing MySQL/MariaDB database (such as one with a Matomo installation's tables), with a
    /// fresh data folder. The database stays: its owner drops it.
    /// </summary>
    public static Task<TestServer> StartOnMySqlAsync(string connectionString, string tablePrefix, params string[] extraArgs) =>
        LaunchAsync(Path.Combine(Path.GetTempPath(), "makoto-test-" + Guid.NewGuid().ToString("N")), true, null, [.. MySqlArgs(connectionString, tablePrefix), .. extraArgs]);

    private static string[] MySqlArgs(string connectionString, string tablePrefix) =>
        ["--Makoto:Storage:Provider=mysql", $"--Makoto:Storage:ConnectionString={connectionString}", $"--Makoto:Storage:TablePrefix={tablePrefix}"];

    private static async Task<TestServer> LaunchAsync(string dataFolder, bool owns, MySqlTestDatabase? mysql, string[] extraArgs)
    {
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
        return new TestServer(app, dataFolder, owns, new Uri(address), mysql);
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
            _mysql?.Dispose();
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
