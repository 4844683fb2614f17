using Makoto.Tests.Shared;
using System.Net;

namespace Makoto.EndToEnd.Tests;

/// <summary>
/// <c>debug=1</c> (tracking-api.md §2.13, §4): with <c>DebugOnDemand</c> on, a request whose token_auth has
/// write access gets the text log of its processing instead of the GIF; everyone else gets the normal answer.
/// </summary>
public sealed class TrackingDebugTests
{
    private static string Hit(int idSite, string extra) =>
        $"idsite={idSite}&rec=1&url=https%3A%2F%2Fdebug.example.com%2Fpricing&action_name=Pricing&_id=0123456789abcdef{extra}";

    [Fact]
    public async Task An_authenticated_debug_request_gets_the_processing_log_and_is_recorded()
    {
        await using var server = await TestServer.StartAsync(null, "--Makoto:Tracker:DebugOnDemand=true");
        var idSite = await server.AddSiteAsync("Debug", "https://debug.example.com");

        var response = await server.Http.GetAsync("/matomo.php?" + Hit(idSite, $"&debug=1&cip=203.0.113.9&token_auth={TestServer.Token}"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType!.MediaType);
        var text = await response.Content.ReadAsStringAsync();
        Assert.Contains("action_name = Pricing", text, StringComparison.Ordinal);
        Assert.Contains("Visitor IP (before anonymization): 203.0.113.9", text, StringComparison.Ordinal);
        Assert.Contains("Visitor id: 0123456789abcdef", text, StringComparison.Ordinal);
        Assert.Contains("Executing request processor 'devices-detection'", text, StringComparison.Ordinal);
        Assert.Contains("new visit", text, StringComparison.Ordinal);
        Assert.Contains("Committed.", text, StringComparison.Ordinal);
        Assert.DoesNotContain(TestServer.Token, text, StringComparison.Ordinal);

        // The log names the rows it wrote; they are in the tables.
        var idVisit = (long)LogTables.Scalar(server, "SELECT idvisit FROM log_visit")!;
        // SQLite returns the ids at once; the MySQL writer inserts visits and actions in batches and knows them later.
        Assert.Contains(
            TestServer.DefaultStore == TestStore.Sqlite
                ? $"Inserted log_visit row idvisit {idVisit} (idvisitor 0123456789abcdef)."
                : "Inserted log_visit row (idvisitor 0123456789abcdef; its idvisit is assigned when the batch is written).",
            text,
            StringComparison.Ordinal);
        var idLinkVa = (long)LogTables.Scalar(server, "SELECT idlink_va FROM log_link_visit_action")!;
        Assert.Contains(
            TestServer.DefaultStore == TestStore.Sqlite
                ? $"Inserted log_link_visit_action row idlink_va {idLinkVa}."
                : "Inserted log_link_visit_action row (its idlink_va is assigned when the batch is written).",
            text,
            StringComparison.Ordinal);

        // The second hit of the same visitor continues that visit.
        var second = await server.Http.GetStringAsync("/matomo.php?" + Hit(idSite, $"&debug=1&cip=203.0.113.9&token_auth={TestServer.Token}"));
        Assert.Contains($"The hit continues the visit idvisit {idVisit}.", second, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_a_valid_token_debug_1_is_ignored_and_the_gif_is_answered()
    {
        await using var server = await TestServer.StartAsync(null, "--Makoto:Tracker:DebugOnDemand=true");
        var idSite = await server.AddSiteAsync("Debug", "https://debug.example.com");

        foreach (var extra in new[] { "&debug=1", "&debug=1&token_auth=00000000000000000000000000000000" })
        {
            var response = await server.Http.GetAsync("/matomo.php?" + Hit(idSite, extra));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("image/gif", response.Content.Headers.ContentType!.MediaType);
        }

        Assert.Equal(1L, LogTables.Scalar(server, "SELECT COUNT(*) FROM log_visit"));
    }

    [Fact]
    public async Task Debug_on_demand_is_off_by_default()
    {
        await using var server = await TestServer.StartAsync();
        var idSite = await server.AddSiteAsync("Debug", "https://debug.example.com");
        var response = await server.Http.GetAsync("/matomo.php?" + Hit(idSite, $"&debug=1&token_auth={TestServer.Token}"));
        Assert.Equal("image/gif", response.Content.Headers.ContentType!.MediaType);
    }

    [Fact]
    public async Task A_super_user_sees_why_an_invalid_request_fails()
    {
        await using var server = await TestServer.StartAsync(null, "--Makoto:Tracker:DebugOnDemand=true");
        var response = await server.Http.GetAsync($"/matomo.php?idsite=4242&rec=1&debug=1&token_auth={TestServer.Token}");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType!.MediaType);
        Assert.Contains("The request is invalid (unknown_idsite): Invalid idSite: '4242'", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
