using System.Globalization;
using System.Net;
using System.Text.Json;

namespace Makoto.EndToEnd.Tests;

/// <summary>
/// SitesManager's management methods over HTTP: updating a site, its alias URLs, the global settings
/// and who may change them.
/// </summary>
public sealed class SitesManagerTests : IAsyncLifetime
{
    private TestServer _server = null!;
    private int _idSite;

    public async ValueTask InitializeAsync()
    {
        _server = await TestServer.StartAsync();
        _idSite = await _server.AddSiteAsync("Blog", "https://blog.example.org", timezone: "Europe/Paris");
    }

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    private async Task<JsonElement> Site() => await _server.ApiJsonAsync($"method=SitesManager.getSiteFromId&idSite={_idSite}");

    private async Task<string[]> Urls() =>
        [.. (await _server.ApiJsonAsync($"method=SitesManager.getSiteUrlsFromId&idSite={_idSite}")).EnumerateArray().Select(u => u.GetString()!)];

    [Fact]
    public async Task UpdateSite_changes_what_it_is_given_and_keeps_the_rest()
    {
        var result = await _server.ApiJsonAsync($"method=SitesManager.updateSite&idSite={_idSite}&siteName=Journal&currency=eur&ecommerce=1");
        Assert.Equal("success", result.GetProperty("result").GetString());

        var site = await Site();
        Assert.Equal("Journal", site.GetProperty("name").GetString());
        Assert.Equal("EUR", site.GetProperty("currency").GetString());
        Assert.Equal(1, site.GetProperty("ecommerce").GetInt32());
        Assert.Equal("Europe/Paris", site.GetProperty("timezone").GetString());
        Assert.Equal("https://blog.example.org", site.GetProperty("main_url").GetString());
    }

    [Fact]
    public async Task UpdateSite_with_urls_replaces_the_main_url_and_the_aliases()
    {
        await _server.ApiJsonAsync(
            $"method=SitesManager.updateSite&idSite={_idSite}&urls[]=https%3A%2F%2Fjournal.example.org%2F&urls[]=journal.example.net");
        Assert.Equal(["https://journal.example.org", "http://journal.example.net"], await Urls());
    }

    [Fact]
    public async Task UpdateSite_refuses_invalid_values_with_an_error()
    {
        var timezone = await _server.ApiJsonAsync($"method=SitesManager.updateSite&idSite={_idSite}&timezone=Mars%2FOlympus");
        Assert.Equal("error", timezone.GetProperty("result").GetString());
        var name = await _server.ApiJsonAsync($"method=SitesManager.updateSite&idSite={_idSite}&siteName=%20");
        Assert.Equal("error", name.GetProperty("result").GetString());
        Assert.Equal("Blog", (await Site()).GetProperty("name").GetString());
    }

    [Fact]
    public async Task Alias_urls_are_added_or_replaced_and_the_answer_counts_the_new_ones()
    {
        var added = await _server.ApiJsonAsync(
            $"method=SitesManager.addSiteAliasUrls&idSite={_idSite}&urls[]=https%3A%2F%2Fblog.example.org&urls[]=https%3A%2F%2Fwww.blog.example.org&urls[]=https%3A%2F%2Fblog.example.net");
        Assert.Equal(2, added.GetProperty("value").GetInt32());
        // The main URL first, then the aliases in the order of Matomo's table key (alphabetical).
        Assert.Equal(["https://blog.example.org", "https://blog.example.net", "https://www.blog.example.org"], await Urls());

        var replaced = await _server.ApiJsonAsync($"method=SitesManager.setSiteAliasUrls&idSite={_idSite}&urls[]=https%3A%2F%2Fm.blog.example.org");
        Assert.Equal(1, replaced.GetProperty("value").GetInt32());
        Assert.Equal(["https://blog.example.org", "https://m.blog.example.org"], await Urls());
    }

    [Fact]
    public async Task A_view_user_cannot_change_a_site_or_the_global_settings()
    {
        await _server.ApiJsonAsync("method=UsersManager.addUser&userLogin=reader&password=reader-password-1&email=reader%40example.org");
        await _server.ApiJsonAsync($"method=UsersManager.setUserAccess&userLogin=reader&access=view&idSites={_idSite}");
        var tokenResponse = await _server.Http.GetAsync(
            "/index.php?module=API&format=json&method=UsersManager.createAppSpecificTokenAuth&userLogin=reader&passwordConfirmation=reader-password-1&description=t");
        var token = JsonDocument.Parse(await tokenResponse.Content.ReadAsStringAsync()).RootElement.GetProperty("value").GetString();

        foreach (var query in (string[])
        [
            $"method=SitesManager.updateSite&idSite={_idSite}&siteName=Hacked",
            $"method=SitesManager.setSiteAliasUrls&idSite={_idSite}&urls[]=https%3A%2F%2Fevil.example.org",
            "method=SitesManager.setGlobalExcludedIps&excludedIps=1.2.3.4",
            "method=SitesManager.getExcludedIpsGlobal",
        ])
        {
            var response = await _server.Http.GetAsync($"/index.php?module=API&format=json&token_auth={token}&{query}");
            var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
            Assert.Equal("error", body.GetProperty("result").GetString());
        }

        Assert.Equal("Blog", (await Site()).GetProperty("name").GetString());
        Assert.Equal(["https://blog.example.org"], await Urls());
        Assert.Empty((await _server.ApiJsonAsync("method=SitesManager.getExcludedIpsGlobal")).GetProperty("value").GetString()!);
        var adminSites = await _server.Http.GetAsync($"/index.php?module=API&format=json&token_auth={token}&method=SitesManager.getSitesIdWithAdminAccess");
        Assert.Equal("[]", await adminSites.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Globally_excluded_ips_are_stored_as_a_list_and_stop_tracking()
    {
        var set = await _server.ApiJsonAsync("method=SitesManager.setGlobalExcludedIps&excludedIps=10.40.0.1%2C%2010.40.0.2");
        Assert.True(set.GetProperty("value").GetBoolean());
        Assert.Equal("10.40.0.1,10.40.0.2", (await _server.ApiJsonAsync("method=SitesManager.getExcludedIpsGlobal")).GetProperty("value").GetString());

        var cdt = DateTimeOffset.Parse("2026-10-12T10:00:00Z", CultureInfo.InvariantCulture).ToUnixTimeSeconds();
        foreach (var ip in (string[])["10.40.0.1", "10.40.0.3"])
        {
            var status = await _server.TrackAsync(
                $"idsite={_idSite}&rec=1&cip={ip}&token_auth={TestServer.Token}&cdt={cdt}&url=https%3A%2F%2Fblog.example.org%2F&action_name=Home");
            Assert.Equal(HttpStatusCode.OK, status);
        }

        var visits = await _server.ApiJsonAsync($"method=VisitsSummary.get&idSite={_idSite}&period=day&date=2026-10-12");
        Assert.Equal(1, visits.GetProperty("nb_visits").GetInt32());
    }

    [Fact]
    public async Task New_sites_take_the_default_currency_and_time_zone()
    {
        await _server.ApiJsonAsync("method=SitesManager.setDefaultCurrency&defaultCurrency=JPY");
        await _server.ApiJsonAsync("method=SitesManager.setDefaultTimezone&defaultTimezone=Asia%2FTokyo");
        Assert.Equal("JPY", (await _server.ApiJsonAsync("method=SitesManager.getDefaultCurrency")).GetProperty("value").GetString());

        var added = await _server.ApiJsonAsync("method=SitesManager.addSite&siteName=Shop&urls[]=https%3A%2F%2Fshop.example.jp");
        var site = await _server.ApiJsonAsync($"method=SitesManager.getSiteFromId&idSite={added.GetProperty("value").GetInt32()}");
        Assert.Equal("JPY", site.GetProperty("currency").GetString());
        Assert.Equal("Asia/Tokyo", site.GetProperty("timezone").GetString());

        var wrong = await _server.ApiJsonAsync("method=SitesManager.setDefaultCurrency&defaultCurrency=euros");
        Assert.Equal("error", wrong.GetProperty("result").GetString());
    }
}
