using System.Text.Json;

namespace Makoto.EndToEnd.Tests;

/// <summary>
/// UsersManager's management methods over HTTP: updating users (confirmed with the caller's password),
/// super user access, and who has access to a site.
/// </summary>
public sealed class UsersManagerTests : IAsyncLifetime
{
    private TestServer _server = null!;
    private int _idSite;

    public async ValueTask InitializeAsync()
    {
        _server = await TestServer.StartAsync();
        _idSite = await _server.AddSiteAsync("Blog", "https://blog.example.org");
        await _server.ApiJsonAsync("method=UsersManager.addUser&userLogin=editor&password=editor-password-1&email=editor%40example.org");
        await _server.ApiJsonAsync($"method=UsersManager.setUserAccess&userLogin=editor&access=write&idSites={_idSite}");
    }

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    private async Task<JsonElement> Anonymous(string query)
    {
        var response = await _server.Http.GetAsync("/index.php?module=API&format=json&" + query);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    private async Task<string?> TokenFor(string login, string password)
    {
        var answer = await Anonymous(
            $"method=UsersManager.createAppSpecificTokenAuth&userLogin={login}&passwordConfirmation={password}&description=t");
        return answer.TryGetProperty("value", out var value) ? value.GetString() : null;
    }

    [Fact]
    public async Task UpdateUser_changes_the_password_when_the_caller_confirms_theirs()
    {
        var refused = await _server.ApiJsonAsync("method=UsersManager.updateUser&userLogin=editor&password=new-password-22&passwordConfirmation=wrong");
        Assert.Equal("The current password you entered is not correct.", refused.GetProperty("message").GetString());
        Assert.NotNull(await TokenFor("editor", "editor-password-1"));

        var done = await _server.ApiJsonAsync(
            $"method=UsersManager.updateUser&userLogin=editor&password=new-password-22&passwordConfirmation={TestServer.Password}");
        Assert.Equal("success", done.GetProperty("result").GetString());
        Assert.Null(await TokenFor("editor", "editor-password-1"));
        Assert.NotNull(await TokenFor("editor", "new-password-22"));
    }

    [Fact]
    public async Task UpdateUser_changes_the_email_and_refuses_one_in_use()
    {
        var taken = await _server.ApiJsonAsync(
            $"method=UsersManager.updateUser&userLogin=editor&email=admin%40example.org&passwordConfirmation={TestServer.Password}");
        Assert.Equal("error", taken.GetProperty("result").GetString());

        await _server.ApiJsonAsync($"method=UsersManager.updateUser&userLogin=editor&email=ed%40example.org&passwordConfirmation={TestServer.Password}");
        Assert.Equal("ed@example.org", (await _server.ApiJsonAsync("method=UsersManager.getUser&userLogin=editor")).GetProperty("email").GetString());
        Assert.Equal("editor", (await _server.ApiJsonAsync("method=UsersManager.getUserByEmail&userEmail=ed%40example.org")).GetProperty("login").GetString());
        Assert.True((await _server.ApiJsonAsync("method=UsersManager.userEmailExists&userEmail=ed%40example.org")).GetProperty("value").GetBoolean());
    }

    [Fact]
    public async Task A_user_cannot_update_another_user()
    {
        await _server.ApiJsonAsync("method=UsersManager.addUser&userLogin=other&password=other-password-1&email=other%40example.org");
        var token = await TokenFor("editor", "editor-password-1");
        var answer = await Anonymous(
            $"token_auth={token}&method=UsersManager.updateUser&userLogin=other&password=taken-over-1&passwordConfirmation=editor-password-1");
        Assert.Equal("error", answer.GetProperty("result").GetString());
        Assert.NotNull(await TokenFor("other", "other-password-1"));
    }

    [Fact]
    public async Task Super_user_access_is_given_and_taken_but_one_super_user_remains()
    {
        var given = await _server.ApiJsonAsync(
            $"method=UsersManager.setSuperUserAccess&userLogin=editor&hasSuperUserAccess=1&passwordConfirmation={TestServer.Password}");
        Assert.Equal("success", given.GetProperty("result").GetString());
        var supers = (await _server.ApiJsonAsync("method=UsersManager.getUsersHavingSuperUserAccess")).EnumerateArray()
            .Select(u => u.GetProperty("login").GetString()).Order().ToArray();
        Assert.Equal([TestServer.Login, "editor"], supers);

        await _server.ApiJsonAsync($"method=UsersManager.setSuperUserAccess&userLogin=editor&hasSuperUserAccess=0&passwordConfirmation={TestServer.Password}");
        var last = await _server.ApiJsonAsync(
            $"method=UsersManager.setSuperUserAccess&userLogin={TestServer.Login}&hasSuperUserAccess=0&passwordConfirmation={TestServer.Password}");
        Assert.Equal("error", last.GetProperty("result").GetString());
        Assert.True((await _server.ApiJsonAsync("method=UsersManager.hasSuperUserAccess")).GetProperty("value").GetBoolean());
    }

    [Fact]
    public async Task Site_access_lists_show_each_user_with_their_role()
    {
        var access = await _server.ApiJsonAsync($"method=UsersManager.getUsersAccessFromSite&idSite={_idSite}");
        Assert.Equal("write", access.GetProperty("editor").GetString());

        var writers = await _server.ApiJsonAsync($"method=UsersManager.getUsersWithSiteAccess&idSite={_idSite}&access=write");
        Assert.Equal("editor", Assert.Single(writers.EnumerateArray()).GetProperty("login").GetString());
        Assert.Empty((await _server.ApiJsonAsync($"method=UsersManager.getUsersWithSiteAccess&idSite={_idSite}&access=admin")).EnumerateArray());

        // A writer is not an admin of the site: the list is not theirs to see.
        var token = await TokenFor("editor", "editor-password-1");
        var refused = await Anonymous($"token_auth={token}&method=UsersManager.getUsersAccessFromSite&idSite={_idSite}");
        Assert.Equal("error", refused.GetProperty("result").GetString());
    }
}
