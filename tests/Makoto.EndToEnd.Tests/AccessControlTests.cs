using System.Globalization;
using System.Net;
using System.Text.Json;
using Makoto.Reporting.Api;
using Microsoft.Extensions.DependencyInjection;

namespace Makoto.EndToEnd.Tests;

/// <summary>
/// Access control over every registered API method: a user with view access to one site, and the
/// anonymous caller, ask each method about another site ("Secret shop", with a tracked visit, a goal
/// and a page named "Secret page"). Every answer must be free of that site's data, methods that take
/// <c>idSite</c> must answer with Matomo's error, none may fail with a server error, and the secret
/// site must be unchanged afterwards.
/// </summary>
public sealed class AccessControlTests : IAsyncLifetime
{
    private const string Day = "2026-10-12";
    private TestServer _server = null!;
    private int _open;
    private int _secret;
    private string _viewerToken = "";

    public async ValueTask InitializeAsync()
    {
        _server = await TestServer.StartAsync();
        _open = await _server.AddSiteAsync("Open site", "https://open.example.org");
        _secret = await _server.AddSiteAsync("Secret shop", "https://secret.example.org", extra: "&ecommerce=1");
        await _server.ApiJsonAsync(
            $"method=Goals.addGoal&idSite={_secret}&name=Secret%20goal&matchAttribute=url&pattern=secret&patternType=contains");
        var cdt = DateTimeOffset.Parse(Day + "T10:00:00Z", CultureInfo.InvariantCulture).ToUnixTimeSeconds();
        var status = await _server.TrackAsync(
            $"idsite={_secret}&rec=1&_id=00000000000000aa&cip=10.30.0.1&token_auth={TestServer.Token}&cdt={cdt}&uid=secret-user" +
            "&url=https%3A%2F%2Fsecret.example.org%2Fsecret-path&action_name=Secret%20page&urlref=https%3A%2F%2Fsecret-referrer.example.com%2F");
        Assert.Equal(HttpStatusCode.OK, status);

        await _server.ApiJsonAsync("method=UsersManager.addUser&userLogin=viewer&password=viewer-password-1&email=viewer%40example.org");
        await _server.ApiJsonAsync($"method=UsersManager.setUserAccess&userLogin=viewer&access=view&idSites={_open}");
        var response = await _server.Http.GetAsync(
            "/index.php?module=API&format=json&method=UsersManager.createAppSpecificTokenAuth&userLogin=viewer&passwordConfirmation=viewer-password-1&description=test");
        _viewerToken = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("value").GetString()!;

        // Archive the secret site's day, so that a leak would have data to show.
        var visits = await _server.ApiJsonAsync($"method=VisitsSummary.get&idSite={_secret}&period=day&date={Day}");
        Assert.Equal(1, visits.GetProperty("nb_visits").GetInt32());
    }

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    private IReadOnlyList<ApiMethod> Methods()
    {
        var methods = _server.Services.GetRequiredService<ApiDispatcher>().Registry.All.ToList();
        Assert.True(methods.Count > 100, $"only {methods.Count} API methods are registered");
        return methods;
    }

    /// <summary>The parameters every method is called with: all of them name the secret site.</summary>
    private string Query()
    {
        var site = _secret.ToString(CultureInfo.InvariantCulture);
        var bulk = Uri.EscapeDataString($"method=Live.getLastVisitsDetails&idSite={site}&period=day&date={Day}");
        return $"idSite={site}&idSites={site}&idsite={site}&period=day&date={Day}&apiModule=VisitsSummary&apiAction=get" +
            $"&idGoal=1&idDimension=1&userLogin=admin&visitorId=00000000000000aa&segment=&urls[]={bulk}" +
            "&apiParameters[idGoal]=1&idSubtable=1&pageUrl=https%3A%2F%2Fsecret.example.org%2Fsecret-path&pageName=Secret%20page";
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task No_method_gives_a_caller_without_access_the_data_of_a_site(bool anonymous)
    {
        var failures = new List<string>();
        var auth = anonymous ? "" : "&token_auth=" + _viewerToken;
        foreach (var method in Methods())
        {
            var name = method.Module + "." + method.Action;
            var response = await _server.Http.GetAsync($"/index.php?module=API&format=json&method={name}{auth}&{Query()}");
            var body = await response.Content.ReadAsStringAsync();
            if ((int)response.StatusCode >= 500)
            {
                failures.Add($"{name}: HTTP {(int)response.StatusCode}");
                continue;
            }

            if (body.Contains("secret", StringComparison.OrdinalIgnoreCase))
            {
                failures.Add($"{name}: answered the secret site's data: {Shorten(body)}");
                continue;
            }

            var takesSite = method.ParameterNames.Any(p => p is "idSite" or "idSites");
            if (takesSite && !IsError(body))
            {
                failures.Add($"{name}: no error for a site without access: {Shorten(body)}");
            }
        }

        Assert.True(failures.Count == 0, string.Join('\n', failures));
        await SecretSiteIsUnchanged();
    }

    private async Task SecretSiteIsUnchanged()
    {
        var site = await _server.ApiJsonAsync($"method=SitesManager.getSiteFromId&idSite={_secret}");
        Assert.Equal("Secret shop", site.GetProperty("name").GetString());
        var goals = await _server.ApiJsonAsync($"method=Goals.getGoals&idSite={_secret}");
        Assert.Contains("Secret goal", goals.ToString(), StringComparison.Ordinal);
        var users = await _server.ApiJsonAsync("method=UsersManager.getUsersLogin");
        Assert.Contains(users.EnumerateArray(), u => u.GetString() == TestServer.Login);
        var visits = await _server.ApiJsonAsync($"method=VisitsSummary.get&idSite={_secret}&period=day&date={Day}");
        Assert.Equal(1, visits.GetProperty("nb_visits").GetInt32());
    }

    private static bool IsError(string body)
    {
        using var document = JsonDocument.Parse(body);
        return document.RootElement.ValueKind == JsonValueKind.Object
            && document.RootElement.TryGetProperty("result", out var result)
            && result.GetString() == "error";
    }

    private static string Shorten(string body) => body.Length > 200 ? body[..200] + "…" : body;
}
