using System.Net;

namespace Makoto.EndToEnd.Tests;

/// <summary>Custom dimensions configured through the API and tracked with dimensionN, read back from the log tables.</summary>
public sealed class CustomDimensionTests : IAsyncLifetime
{
    private TestServer _server = null!;
    private int _idSite;

    public async ValueTask InitializeAsync()
    {
        _server = await TestServer.StartAsync();
        _idSite = await _server.AddSiteAsync("Dimensions", "https://example.org");
    }

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    private async Task<int> Configure(string query)
    {
        var result = await _server.ApiJsonAsync($"method=CustomDimensions.configureNewCustomDimension&idSite={_idSite}&{query}");
        return result.GetProperty("value").GetInt32();
    }

    [Fact]
    public async Task Visit_and_action_dimensions_are_stored_in_their_slots()
    {
        var plan = await Configure("name=Plan&scope=visit&active=1");
        var author = await Configure("name=Author&scope=action&active=1");
        var category = await Configure(
            "name=Category&scope=action&active=1&extractions[0][dimension]=url&extractions[0][pattern]=%2Fblog%2F(%5Ba-z%5D%2B)%2F&caseSensitive=0");
        var inactive = await Configure("name=Off&scope=visit&active=0");
        Assert.Equal(new[] { 1, 2, 3, 4 }, new[] { plan, author, category, inactive });

        var time = DateTimeOffset.UtcNow.AddHours(-1).ToUnixTimeSeconds();
        string Hit(string extra) => $"idsite={_idSite}&rec=1&_id=00000000000000d1&cdt={time += 5}&token_auth={TestServer.Token}&{extra}";
        Assert.Equal(HttpStatusCode.OK, await _server.TrackAsync(Hit($"url=https%3A%2F%2Fexample.org%2Fblog%2FNews%2Fa&dimension{plan}=%20Pro%20&dimension{author}=Ann&dimension{inactive}=x")));
        Assert.Equal(HttpStatusCode.OK, await _server.TrackAsync(Hit($"url=https%3A%2F%2Fexample.org%2Fabout&dimension{plan}=Enterprise")));

        var visit = Assert.Single(LogTables.Query(_server, "SELECT custom_dimension_1, custom_dimension_2 FROM log_visit"));
        Assert.Equal("Enterprise", visit["custom_dimension_1"]); // overwritten by the second hit
        Assert.Null(visit["custom_dimension_2"]); // the inactive dimension is not stored

        var actions = LogTables.Query(_server, "SELECT custom_dimension_1, custom_dimension_2 FROM log_link_visit_action ORDER BY idlink_va");
        Assert.Equal("Ann", actions[0]["custom_dimension_1"]);
        Assert.Equal("News", actions[0]["custom_dimension_2"]); // extracted by a case-insensitive pattern
        Assert.Null(actions[1]["custom_dimension_1"]);
        Assert.Null(actions[1]["custom_dimension_2"]);

        var configured = await _server.ApiJsonAsync($"method=CustomDimensions.getConfiguredCustomDimensions&idSite={_idSite}");
        Assert.Equal(4, configured.GetArrayLength());
        Assert.Equal("action", configured[2].GetProperty("scope").GetString());
        Assert.Equal(2, configured[2].GetProperty("index").GetInt32());
        Assert.Equal("url", configured[2].GetProperty("extractions")[0].GetProperty("dimension").GetString());
    }

    [Fact]
    public async Task A_scope_has_five_slots()
    {
        for (var i = 1; i <= 5; i++)
        {
            Assert.Equal(i, await Configure($"name=D{i}&scope=visit&active=1"));
        }

        var full = await _server.ApiJsonAsync($"method=CustomDimensions.configureNewCustomDimension&idSite={_idSite}&name=D6&scope=visit&active=1");
        Assert.Equal("error", full.GetProperty("result").GetString());
        Assert.Contains("already used", full.GetProperty("message").GetString(), StringComparison.Ordinal);

        var badScope = await _server.ApiJsonAsync($"method=CustomDimensions.configureNewCustomDimension&idSite={_idSite}&name=X&scope=page&active=1");
        Assert.Contains("Invalid value 'page' for 'scope'", badScope.GetProperty("message").GetString(), StringComparison.Ordinal);
    }
}
