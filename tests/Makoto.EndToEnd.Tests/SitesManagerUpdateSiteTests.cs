namespace Makoto.EndToEnd.Tests;

/// <summary>SitesManager.updateSite over HTTP: what is given replaces, what is not given stays.</summary>
public sealed class SitesManagerUpdateSiteTests
{
    [Fact]
    public async Task UpdateSite_changes_the_given_settings_and_keeps_the_others()
    {
        await using var server = await TestServer.StartAsync();
        var id = await server.AddSiteAsync("Shop", "http://shop.example.org", "Europe/Berlin", "&currency=EUR&ecommerce=1&excludedIps=10.0.0.1");

        var answer = await server.ApiJsonAsync($"method=SitesManager.updateSite&idSite={id}&siteName=Shop%202&urls[]=https://shop.example.org&urls[]=https://www.shop.example.org");
        Assert.Equal("success", answer.GetProperty("result").GetString());

        var site = await server.ApiJsonAsync($"method=SitesManager.getSiteFromId&idSite={id}");
        Assert.Equal("Shop 2", site.GetProperty("name").GetString());
        Assert.Equal("https://shop.example.org", site.GetProperty("main_url").GetString());
        Assert.Equal("Europe/Berlin", site.GetProperty("timezone").GetString());
        Assert.Equal("EUR", site.GetProperty("currency").GetString());
        Assert.Equal(1, site.GetProperty("ecommerce").GetInt32());
        Assert.Equal("10.0.0.1", site.GetProperty("excluded_ips").GetString());
        Assert.Equal("2020-01-01 00:00:00", site.GetProperty("ts_created").GetString());
        Assert.Equal("""["https://shop.example.org","https://www.shop.example.org"]""", await server.ApiAsync($"method=SitesManager.getSiteUrlsFromId&idSite={id}"));

        // Clearing a list and switching a flag off are changes too.
        await server.ApiJsonAsync($"method=SitesManager.updateSite&idSite={id}&excludedIps=&ecommerce=0");
        site = await server.ApiJsonAsync($"method=SitesManager.getSiteFromId&idSite={id}");
        Assert.Equal("", site.GetProperty("excluded_ips").GetString());
        Assert.Equal(0, site.GetProperty("ecommerce").GetInt32());
        Assert.Equal("Shop 2", site.GetProperty("name").GetString());
    }

    [Fact]
    public async Task UpdateSite_refuses_invalid_values_and_unknown_sites_with_a_message()
    {
        await using var server = await TestServer.StartAsync();
        var id = await server.AddSiteAsync("Shop", "http://shop.example.org");

        var timezone = await server.ApiJsonAsync($"method=SitesManager.updateSite&idSite={id}&timezone=Mars/Olympus");
        Assert.Equal("error", timezone.GetProperty("result").GetString());
        Assert.Contains("timezone", timezone.GetProperty("message").GetString(), StringComparison.Ordinal);

        var name = await server.ApiJsonAsync($"method=SitesManager.updateSite&idSite={id}&siteName=%20");
        Assert.Equal("error", name.GetProperty("result").GetString());

        var unknown = await server.ApiJsonAsync("method=SitesManager.updateSite&idSite=99&siteName=X");
        Assert.Equal("error", unknown.GetProperty("result").GetString());

        var site = await server.ApiJsonAsync($"method=SitesManager.getSiteFromId&idSite={id}");
        Assert.Equal("Shop", site.GetProperty("name").GetString());
        Assert.Equal("UTC", site.GetProperty("timezone").GetString());
    }
}
