using System.Net;
using System.Text.Json;
using Makoto.Storage.Options;
using Microsoft.Extensions.DependencyInjection;

namespace Makoto.EndToEnd.Tests;

/// <summary>
/// CoreAdminHome.setArchiveSettings on a server whose configured time to live is 0 (today's reports rebuilt as soon
/// as hits arrived) and without background archiver, so that only the stored setting can keep a report of today stale.
/// </summary>
public sealed class CoreAdminHomeApiTests : IAsyncLifetime
{
    private TestServer _server = null!;
    private int _idSite;

    public async ValueTask InitializeAsync()
    {
        _server = await TestServer.StartAsync(null, "--Makoto:Archiving:TodayArchiveTtlSeconds=0", "--Makoto:Archiving:BackgroundIntervalSeconds=0");
        _idSite = await _server.AddSiteAsync("Shop", "https://shop.example.org");
    }

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    private async Task PageAsync(string ip)
    {
        var status = await _server.TrackAsync($"idsite={_idSite}&rec=1&cip={ip}&token_auth={TestServer.Token}&url=https%3A%2F%2Fshop.example.org%2F&action_name=home");
        Assert.Equal(HttpStatusCode.OK, status);
    }

    private async Task<int> VisitsTodayAsync() =>
        (await _server.ApiJsonAsync($"method=VisitsSummary.get&idSite={_idSite}&period=day&date=today")).GetProperty("nb_visits").GetInt32();

    private static string Message(JsonElement error) => error.GetProperty("message").GetString()!;

    [Fact]
    public async Task The_time_to_live_set_by_the_api_is_what_the_running_server_keeps_todays_reports_for()
    {
        await PageAsync("10.40.0.1");
        Assert.Equal(1, await VisitsTodayAsync());

        Assert.True((await _server.ApiJsonAsync("method=CoreAdminHome.setArchiveSettings&enableBrowserTriggerArchiving=1&todayArchiveTimeToLive=3600")).GetProperty("value").GetBoolean());
        Assert.Equal("3600", _server.Services.GetRequiredService<StoredSettings>().Stored("todayArchiveTimeToLive"));

        // A new visit: with the configured 0 seconds it would show at once; the stored hour keeps the report as it was.
        await PageAsync("10.40.0.2");
        Assert.Equal(1, await VisitsTodayAsync());

        // One second: the report is rebuilt on the first read after that second.
        Assert.True((await _server.ApiJsonAsync("method=CoreAdminHome.setArchiveSettings&enableBrowserTriggerArchiving=1&todayArchiveTimeToLive=1")).GetProperty("value").GetBoolean());
        var deadline = DateTime.UtcNow.AddSeconds(30);
        var visits = await VisitsTodayAsync();
        while (visits != 2 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(200, TestContext.Current.CancellationToken);
            visits = await VisitsTodayAsync();
        }

        Assert.Equal(2, visits);
    }

    [Fact]
    public async Task Wrong_values_and_callers_without_super_user_access_are_refused_and_nothing_is_stored()
    {
        var zero = await _server.ApiJsonAsync("method=CoreAdminHome.setArchiveSettings&enableBrowserTriggerArchiving=1&todayArchiveTimeToLive=0");
        Assert.Equal("todayArchiveTimeToLive: '0' is not allowed: give a whole number from 1 to 86400.", Message(zero));

        var browser = await _server.ApiJsonAsync("method=CoreAdminHome.setArchiveSettings&enableBrowserTriggerArchiving=0&todayArchiveTimeToLive=900");
        Assert.StartsWith("enableBrowserTriggerArchiving=0 is not supported: Makoto always builds a report", Message(browser), StringComparison.Ordinal);

        var missing = await _server.ApiJsonAsync("method=CoreAdminHome.setArchiveSettings&enableBrowserTriggerArchiving=1");
        Assert.Equal("Please specify a value for 'todayArchiveTimeToLive'.", Message(missing));

        await _server.ApiJsonAsync("method=UsersManager.addUser&userLogin=viewer&password=viewer-password-1&email=viewer%40example.org");
        await _server.ApiJsonAsync($"method=UsersManager.setUserAccess&userLogin=viewer&access=admin&idSites={_idSite}");
        var token = await _server.Http.GetStringAsync(
            "/index.php?module=API&format=json&method=UsersManager.createAppSpecificTokenAuth&userLogin=viewer&passwordConfirmation=viewer-password-1&description=test",
            TestContext.Current.CancellationToken);
        var viewerToken = JsonDocument.Parse(token).RootElement.GetProperty("value").GetString();
        var refused = JsonDocument.Parse(await _server.Http.GetStringAsync(
            $"/index.php?module=API&format=json&method=CoreAdminHome.setArchiveSettings&enableBrowserTriggerArchiving=1&todayArchiveTimeToLive=900&token_auth={viewerToken}",
            TestContext.Current.CancellationToken)).RootElement;
        Assert.Equal("You can't access this resource as it requires Super User access.", Message(refused));

        Assert.Null(_server.Services.GetRequiredService<StoredSettings>().Stored("todayArchiveTimeToLive"));
    }
}
