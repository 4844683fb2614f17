using System.Text.Json;

namespace Makoto.EndToEnd.Tests;

/// <summary>
/// Capabilities (UsersManager.getAvailableCapabilities, addCapabilities, removeCapabilities, setUserAccess with
/// <c>access[]</c>): stored per site on top of a role, only where the role does not include them already,
/// returned by getSitesAccessFromUser, and dropped when a role that includes them is given.
/// </summary>
public sealed class UsersManagerCapabilityTests : IAsyncLifetime
{
    private TestServer _server = null!;
    private int _a;
    private int _b;
    private int _c;
    private int _d;

    public async ValueTask InitializeAsync()
    {
        _server = await TestServer.StartAsync();
        _a = await _server.AddSiteAsync("A", "https://a.example.org");
        _b = await _server.AddSiteAsync("B", "https://b.example.org");
        _c = await _server.AddSiteAsync("C", "https://c.example.org");
        _d = await _server.AddSiteAsync("D", "https://d.example.org");
        await Ok("method=UsersManager.addUser&userLogin=editor&password=editor-password-1&email=editor%40example.org");
        await Ok($"method=UsersManager.setUserAccess&userLogin=editor&access=view&idSites={_a},{_b}");
        await Ok($"method=UsersManager.setUserAccess&userLogin=editor&access=admin&idSites={_c}");
    }

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    private async Task Ok(string query)
    {
        var result = await _server.ApiJsonAsync(query);
        Assert.True(
            result.ValueKind != JsonValueKind.Object || !result.TryGetProperty("result", out var status) || status.GetString() == "success",
            $"{query}: {result}");
    }

    private async Task<List<string>> Access()
    {
        var list = await _server.ApiJsonAsync("method=UsersManager.getSitesAccessFromUser&userLogin=editor");
        return [.. list.EnumerateArray().Select(e => $"{e.GetProperty("site").GetInt32()}:{e.GetProperty("access").GetString()}")];
    }

    [Fact]
    public async Task The_available_capabilities_are_those_of_Matomos_tag_manager()
    {
        var list = await _server.ApiJsonAsync("method=UsersManager.getAvailableCapabilities");

        Assert.Equal(
            ["tagmanager_write", "tagmanager_publish_live_container", "tagmanager_use_custom_templates"],
            list.EnumerateArray().Select(c => c.GetProperty("id").GetString()));
        var write = list[0];
        Assert.Equal(["write", "admin"], write.GetProperty("includedInRoles").EnumerateArray().Select(r => r.GetString()));
        Assert.Equal("Tag Manager", write.GetProperty("category").GetString());
        Assert.Equal("", write.GetProperty("helpUrl").GetString());
        Assert.Equal(["view", "write", "admin"], (await _server.ApiJsonAsync("method=UsersManager.getAvailableRoles")).EnumerateArray().Select(r => r.GetProperty("id").GetString()));
    }

    [Fact]
    public async Task Capabilities_are_stored_only_where_the_role_lacks_them_and_go_with_a_role_that_has_them()
    {
        // View on A and B lacks tagmanager_write; admin on C includes it; D has no role: only A and B get it.
        await Ok($"method=UsersManager.addCapabilities&userLogin=editor&capabilities[]=tagmanager_write&idSites={_a},{_b},{_c},{_d}");
        await Ok($"method=UsersManager.addCapabilities&userLogin=editor&capabilities=tagmanager_write&idSites={_a}");
        Assert.Equal([$"{_a}:view", $"{_a}:tagmanager_write", $"{_b}:view", $"{_b}:tagmanager_write", $"{_c}:admin"], await Access());

        // Write includes tagmanager_write: the capability goes on A.
        await Ok($"method=UsersManager.setUserAccess&userLogin=editor&access=write&idSites={_a}");
        Assert.Equal([$"{_a}:write", $"{_b}:view", $"{_b}:tagmanager_write", $"{_c}:admin"], await Access());

        await Ok($"method=UsersManager.removeCapabilities&userLogin=editor&capabilities=tagmanager_write&idSites={_b}");
        Assert.Equal([$"{_a}:write", $"{_b}:view", $"{_c}:admin"], await Access());

        // A role with capabilities in one call, then noaccess takes both away.
        await Ok($"method=UsersManager.setUserAccess&userLogin=editor&access[]=view&access[]=tagmanager_publish_live_container&idSites={_b}");
        Assert.Equal([$"{_a}:write", $"{_b}:view", $"{_b}:tagmanager_publish_live_container", $"{_c}:admin"], await Access());
        await Ok($"method=UsersManager.setUserAccess&userLogin=editor&access=noaccess&idSites={_b}");
        Assert.Equal([$"{_a}:write", $"{_c}:admin"], await Access());
    }

    [Fact]
    public async Task A_user_with_capabilities_keeps_their_role_for_access_checks()
    {
        await Ok($"method=UsersManager.addCapabilities&userLogin=editor&capabilities=tagmanager_use_custom_templates&idSites={_a}");
        var token = (await _server.ApiJsonAsync(
            "method=UsersManager.createAppSpecificTokenAuth&userLogin=editor&passwordConfirmation=editor-password-1&description=t")).GetProperty("value").GetString();

        var visits = JsonDocument.Parse(await _server.Http.GetStringAsync(
            $"/index.php?module=API&format=json&method=VisitsSummary.get&idSite={_a}&period=day&date=2026-10-12&token_auth={token}")).RootElement;
        Assert.False(visits.ValueKind == JsonValueKind.Object && visits.TryGetProperty("result", out _), visits.ToString());
        var users = await _server.ApiJsonAsync($"method=UsersManager.getUsersAccessFromSite&idSite={_a}");
        Assert.Equal("view", users.GetProperty("editor").GetString());
    }

    [Fact]
    public async Task Unknown_capabilities_and_callers_without_admin_access_are_refused()
    {
        var unknown = await _server.ApiJsonAsync($"method=UsersManager.addCapabilities&userLogin=editor&capabilities=fly&idSites={_a}");
        Assert.Equal(
            "The parameter access must have one of the following values : [ tagmanager_write, tagmanager_publish_live_container, tagmanager_use_custom_templates ]",
            unknown.GetProperty("message").GetString());

        var token = (await _server.ApiJsonAsync(
            "method=UsersManager.createAppSpecificTokenAuth&userLogin=editor&passwordConfirmation=editor-password-1&description=t")).GetProperty("value").GetString();
        var refused = JsonDocument.Parse(await _server.Http.GetStringAsync(
            $"/index.php?module=API&format=json&method=UsersManager.addCapabilities&userLogin=editor&capabilities=tagmanager_write&idSites={_a}&token_auth={token}")).RootElement;
        Assert.Equal("error", refused.GetProperty("result").GetString());
        Assert.Equal([$"{_a}:view", $"{_b}:view", $"{_c}:admin"], await Access());
    }

    [Fact]
    public async Task Users_are_listed_with_their_sites_for_one_role()
    {
        await Ok($"method=UsersManager.addCapabilities&userLogin=editor&capabilities=tagmanager_write&idSites={_a}");

        var view = await _server.ApiJsonAsync("method=UsersManager.getUsersSitesFromAccess&access=view");
        var admin = await _server.ApiJsonAsync("method=UsersManager.getUsersSitesFromAccess&access=admin");

        Assert.Equal([_a, _b], view.GetProperty("editor").EnumerateArray().Select(e => e.GetInt32()));
        Assert.Equal([_c], admin.GetProperty("editor").EnumerateArray().Select(e => e.GetInt32()));
        Assert.Equal("error", (await _server.ApiJsonAsync("method=UsersManager.getUsersSitesFromAccess&access=tagmanager_write")).GetProperty("result").GetString());
    }
}
