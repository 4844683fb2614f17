using System.Net;
using System.Text.Json;

namespace Makoto.EndToEnd.Tests;

/// <summary>
/// Brute-force protection over HTTP: after <c>MaxFailures</c> failed token or password checks from one
/// address, that address gets Matomo's "too many failed logins" error even with valid credentials.
/// </summary>
public sealed class BruteForceTests
{
    private const string Blocked = "You are currently not allowed to log in because you had too many failed logins, try again later.";

    private static async Task<(HttpStatusCode Status, JsonElement Body)> Call(TestServer server, string query)
    {
        var response = await server.Http.GetAsync("/index.php?module=API&format=json&" + query);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
        return (response.StatusCode, body);
    }

    [Fact]
    public async Task Repeated_wrong_tokens_block_the_address_until_the_window_passes()
    {
        await using var server = await TestServer.StartAsync(null, "--Makoto:Security:BruteForce:MaxFailures=3");
        var wrong = new string('0', 32);
        for (var i = 0; i < 3; i++)
        {
            var (status, body) = await Call(server, $"method=SitesManager.getAllSitesId&token_auth={wrong}");
            Assert.Equal(HttpStatusCode.Unauthorized, status);
            Assert.Equal("Unable to authenticate with the provided token. It is either invalid or expired.", body.GetProperty("message").GetString());
        }

        var (blockedStatus, blocked) = await Call(server, $"method=SitesManager.getAllSitesId&token_auth={TestServer.Token}");
        Assert.Equal(HttpStatusCode.Forbidden, blockedStatus);
        Assert.Equal("error", blocked.GetProperty("result").GetString());
        Assert.Equal(Blocked, blocked.GetProperty("message").GetString());
    }

    [Fact]
    public async Task Fewer_failures_than_the_limit_leave_valid_tokens_working()
    {
        await using var server = await TestServer.StartAsync(null, "--Makoto:Security:BruteForce:MaxFailures=3");
        for (var i = 0; i < 2; i++)
        {
            await Call(server, $"method=SitesManager.getAllSitesId&token_auth={new string('1', 32)}");
        }

        var (status, body) = await Call(server, $"method=SitesManager.getAllSitesId&token_auth={TestServer.Token}");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(JsonValueKind.Array, body.ValueKind);
    }

    [Fact]
    public async Task Wrong_passwords_for_an_app_token_count_as_failures()
    {
        await using var server = await TestServer.StartAsync(null, "--Makoto:Security:BruteForce:MaxFailures=2");
        const string Create = "method=UsersManager.createAppSpecificTokenAuth&userLogin=" + TestServer.Login + "&description=app&passwordConfirmation=";
        for (var i = 0; i < 2; i++)
        {
            var (_, wrong) = await Call(server, Create + "not-the-password");
            Assert.Equal("The current password you entered is not correct.", wrong.GetProperty("message").GetString());
        }

        var (_, blocked) = await Call(server, Create + TestServer.Password);
        Assert.Equal(Blocked, blocked.GetProperty("message").GetString());
    }

    [Fact]
    public async Task Switched_off_protection_never_blocks()
    {
        await using var server = await TestServer.StartAsync(
            null, "--Makoto:Security:BruteForce:MaxFailures=1", "--Makoto:Security:BruteForce:Enabled=false");
        await Call(server, $"method=SitesManager.getAllSitesId&token_auth={new string('2', 32)}");
        await Call(server, $"method=SitesManager.getAllSitesId&token_auth={new string('2', 32)}");
        var (status, _) = await Call(server, $"method=SitesManager.getAllSitesId&token_auth={TestServer.Token}");
        Assert.Equal(HttpStatusCode.OK, status);
    }
}
