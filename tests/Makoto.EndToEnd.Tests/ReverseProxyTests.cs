using System.Text.Json;

namespace Makoto.EndToEnd.Tests;

/// <summary>
/// Behind a reverse proxy (<c>Makoto:Proxy:TrustedProxies</c>): the visitor's address is taken from
/// <c>X-Forwarded-For</c> only when the request comes from a listed proxy, walking the chain from the nearest
/// hop to the first address not listed. The test server listens on 127.0.0.1, so the test client is the "proxy".
/// Stored addresses are anonymized by Makoto's default two bytes (203.0.113.9 → 203.0.0.0).
/// </summary>
public sealed class ReverseProxyTests
{
    private const string Chain = "198.51.100.23, 203.0.113.9";

    private static async Task<string> TrackedAddress(TestServer server)
    {
        var idSite = await server.AddSiteAsync("Proxied", "https://proxied.example");
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/matomo.php?idsite={idSite}&rec=1&url=https%3A%2F%2Fproxied.example%2F&action_name=Home");
        request.Headers.Add("X-Forwarded-For", Chain);
        using var response = await server.Http.SendAsync(request);
        Assert.True(response.IsSuccessStatusCode, $"tracking answered {(int)response.StatusCode}");

        var visits = await server.ApiJsonAsync($"method=Live.getLastVisitsDetails&idSite={idSite}&period=day&date=today");
        Assert.Equal(JsonValueKind.Array, visits.ValueKind);
        Assert.Equal(1, visits.GetArrayLength());
        return visits[0].GetProperty("visitIp").GetString()!;
    }

    [Fact]
    public async Task Without_listed_proxies_the_forwarded_address_is_ignored()
    {
        await using var server = await TestServer.StartAsync();
        Assert.Equal("127.0.0.0", await TrackedAddress(server));
    }

    [Fact]
    public async Task From_a_listed_proxy_the_nearest_address_not_listed_is_the_visitor()
    {
        await using var server = await TestServer.StartAsync(null, "--Makoto:Proxy:TrustedProxies:0=127.0.0.1");
        Assert.Equal("203.0.0.0", await TrackedAddress(server));
    }

    [Fact]
    public async Task A_listed_network_is_skipped_as_a_proxy_hop()
    {
        await using var server = await TestServer.StartAsync(
            null, "--Makoto:Proxy:TrustedProxies:0=127.0.0.1", "--Makoto:Proxy:TrustedProxies:1=203.0.113.0/24");
        Assert.Equal("198.51.0.0", await TrackedAddress(server));
    }

    [Fact]
    public void An_entry_that_is_no_address_is_refused_with_the_setting_s_name()
    {
        var options = new Makoto.Web.Hosting.ProxyOptions { TrustedProxies = ["10.0.0.0/8", "proxy.internal"] };
        var error = Assert.Throws<Makoto.Web.Hosting.ServerConfigurationException>(() => options.ForwardedHeaders());
        Assert.Contains("Makoto:Proxy:TrustedProxies", error.Message, StringComparison.Ordinal);
        Assert.Contains("'proxy.internal'", error.Message, StringComparison.Ordinal);
    }
}
