using System.Globalization;
using System.Net;
using System.Text.Json;
using Makoto.Storage;

namespace Makoto.EndToEnd.Tests;

/// <summary>
/// SitesManager.deleteSite (the site's data and access go, its id is never given out again) and the lists a
/// site's settings choose from: getTimezonesList (zones by continent named after country and city, then the
/// UTC offsets), getCurrencyList and getCurrencySymbols.
/// </summary>
public sealed class SitesManagerDeleteAndChoicesTests : IAsyncLifetime
{
    private TestServer _server = null!;

    public async ValueTask InitializeAsync() => _server = await TestServer.StartAsync();

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    private async Task<long> LogVisits(int idSite)
    {
        using var connection = _server.Database.Open();
        return Convert.ToInt64(
            connection.Scalar($"SELECT COUNT(*) FROM {_server.Database.Dialect.Table("log_visit")} WHERE idsite = @id", null, ("@id", idSite)),
            CultureInfo.InvariantCulture);
    }

    [Fact]
    public async Task Deleting_a_site_removes_its_data_and_access_and_its_id_is_not_reused()
    {
        var first = await _server.AddSiteAsync("First", "https://first.example.org");
        var last = await _server.AddSiteAsync("Last", "https://last.example.org");
        Assert.Equal(first + 1, last);
        var cdt = DateTimeOffset.Parse("2026-10-12T10:00:00Z", CultureInfo.InvariantCulture).ToUnixTimeSeconds();
        Assert.Equal(
            HttpStatusCode.OK,
            await _server.TrackAsync($"idsite={last}&rec=1&_id=00000000000000bb&cip=10.40.0.1&token_auth={TestServer.Token}&cdt={cdt}&url=https%3A%2F%2Flast.example.org%2F"));
        Assert.Equal(1, await LogVisits(last));
        await _server.ApiJsonAsync("method=UsersManager.addUser&userLogin=reader&password=reader-password-1&email=reader%40example.org");
        await _server.ApiJsonAsync($"method=UsersManager.setUserAccess&userLogin=reader&access=view&idSites={first},{last}");

        var deleted = await _server.ApiJsonAsync($"method=SitesManager.deleteSite&idSite={last}");

        Assert.Equal("success", deleted.GetProperty("result").GetString());
        Assert.Equal("error", (await _server.ApiJsonAsync($"method=SitesManager.getSiteFromId&idSite={last}")).GetProperty("result").GetString());
        Assert.Equal(0, await LogVisits(last));
        var access = await _server.ApiJsonAsync("method=UsersManager.getSitesAccessFromUser&userLogin=reader");
        Assert.Equal([first], access.EnumerateArray().Select(a => a.GetProperty("site").GetInt32()));

        // The deleted site had the highest id: a plain SQLite rowid would give it to the next site.
        var next = await _server.AddSiteAsync("Next", "https://next.example.org");
        Assert.Equal(last + 1, next);
    }

    [Fact]
    public async Task Deleting_a_site_needs_a_super_user_and_an_existing_site()
    {
        var site = await _server.AddSiteAsync("Kept", "https://kept.example.org");
        await _server.AddSiteAsync("Other", "https://other.example.org");
        await _server.ApiJsonAsync("method=UsersManager.addUser&userLogin=siteadmin&password=admin-password-1&email=siteadmin%40example.org");
        await _server.ApiJsonAsync($"method=UsersManager.setUserAccess&userLogin=siteadmin&access=admin&idSites={site}");
        var token = (await _server.ApiJsonAsync(
            "method=UsersManager.createAppSpecificTokenAuth&userLogin=siteadmin&passwordConfirmation=admin-password-1&description=t")).GetProperty("value").GetString();

        var body = await _server.Http.GetStringAsync($"/index.php?module=API&format=json&method=SitesManager.deleteSite&idSite={site}&token_auth={token}");
        var refused = JsonDocument.Parse(body).RootElement;

        Assert.Equal("You can't access this resource as it requires Super User access.", refused.GetProperty("message").GetString());
        Assert.Equal("Kept", (await _server.ApiJsonAsync($"method=SitesManager.getSiteFromId&idSite={site}")).GetProperty("name").GetString());
        Assert.Equal("website id = 999 not found", (await _server.ApiJsonAsync("method=SitesManager.deleteSite&idSite=999")).GetProperty("message").GetString());
    }

    [Fact]
    public async Task Time_zones_are_grouped_by_continent_and_named_after_country_and_city()
    {
        var list = await _server.ApiJsonAsync("method=SitesManager.getTimezonesList");

        Assert.Equal(
            ["Africa", "Antarctica", "Asia", "Central America", "Europe", "North America", "Oceania", "South America", "UTC"],
            list.EnumerateObject().Select(p => p.Name));
        var europe = list.GetProperty("Europe");
        Assert.Equal("Germany - Berlin", europe.GetProperty("Europe/Berlin").GetString());
        Assert.Equal("France", europe.GetProperty("Europe/Paris").GetString());
        var names = europe.EnumerateObject().Select(p => p.Value.GetString()!).ToList();
        Assert.Equal(names.Order(StringComparer.Ordinal), names);
        Assert.Equal("Japan", list.GetProperty("Asia").GetProperty("Asia/Tokyo").GetString());
        Assert.Equal("United States - New York", list.GetProperty("North America").GetProperty("America/New_York").GetString());
        Assert.Equal("Argentina - Buenos Aires", list.GetProperty("South America").GetProperty("America/Argentina/Buenos_Aires").GetString());

        var utc = list.GetProperty("UTC");
        Assert.Equal(55, utc.EnumerateObject().Count());
        Assert.Equal("UTC-12", utc.EnumerateObject().First().Name);
        Assert.Equal("UTC", utc.GetProperty("UTC").GetString());
        Assert.Equal("UTC+5:30", utc.GetProperty("UTC+5.5").GetString());
        Assert.Equal("UTC+5:45", utc.GetProperty("UTC+5.75").GetString());
        Assert.Equal("UTC-9:30", utc.GetProperty("UTC-9.5").GetString());

        // Every listed zone is one a site can be given.
        var id = await _server.AddSiteAsync("Kathmandu", "https://np.example.org", timezone: "Asia/Kathmandu");
        Assert.Equal("Asia/Kathmandu", (await _server.ApiJsonAsync($"method=SitesManager.getSiteFromId&idSite={id}")).GetProperty("timezone").GetString());
    }

    [Fact]
    public async Task Currencies_have_their_English_names_and_symbols()
    {
        var list = await _server.ApiJsonAsync("method=SitesManager.getCurrencyList");
        var symbols = await _server.ApiJsonAsync("method=SitesManager.getCurrencySymbols");

        Assert.Equal("US Dollar ($)", list.GetProperty("USD").GetString());
        Assert.Equal("Euro (€)", list.GetProperty("EUR").GetString());
        Assert.Equal("Swiss Franc (CHF)", list.GetProperty("CHF").GetString());
        Assert.Equal("Japanese Yen (¥)", list.GetProperty("JPY").GetString());
        var texts = list.EnumerateObject().Select(p => p.Value.GetString()!).ToList();
        Assert.Equal(texts.Order(StringComparer.Ordinal), texts);
        Assert.True(texts.Count > 100, $"only {texts.Count} currencies");

        Assert.Equal("€", symbols.GetProperty("EUR").GetString());
        Assert.Equal("$", symbols.GetProperty("USD").GetString());
        Assert.Equal("CA$", symbols.GetProperty("CAD").GetString());
        Assert.Equal(list.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal), symbols.EnumerateObject().Select(p => p.Name));
    }
}
