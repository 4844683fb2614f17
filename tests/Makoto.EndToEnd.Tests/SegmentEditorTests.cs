namespace Makoto.EndToEnd.Tests;

/// <summary>Stored segments (SegmentEditor.*) and the segment registry as API.getSegmentsMetadata lists it.</summary>
public sealed class SegmentEditorTests : IAsyncLifetime
{
    private TestServer _server = null!;
    private int _idSite;

    public async ValueTask InitializeAsync()
    {
        _server = await TestServer.StartAsync();
        _idSite = await _server.AddSiteAsync("Segments", "https://segments.example.org");
    }

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Segments_are_added_read_updated_and_deleted()
    {
        var added = await _server.ApiJsonAsync(
            $"method=SegmentEditor.add&name=Firefox&definition={Uri.EscapeDataString("browserCode==FF")}&idSite={_idSite}&autoArchive=1");
        var id = added.GetProperty("value").GetInt32();
        Assert.True(id > 0);

        var stored = await _server.ApiJsonAsync($"method=SegmentEditor.get&idSegment={id}");
        Assert.Equal("Firefox", stored.GetProperty("name").GetString());
        Assert.Equal("browserCode==FF", stored.GetProperty("definition").GetString());
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.MD5.HashData("browserCode==FF"u8)), stored.GetProperty("hash").GetString());
        Assert.Equal("1", stored.GetProperty("auto_archive").GetString());
        Assert.Equal(_idSite.ToString(System.Globalization.CultureInfo.InvariantCulture), stored.GetProperty("enable_only_idsite").GetString());
        Assert.Equal(TestServer.Login, stored.GetProperty("login").GetString());

        var updated = await _server.ApiJsonAsync($"method=SegmentEditor.update&idSegment={id}&name=Chrome&definition={Uri.EscapeDataString("browserCode==CH")}");
        Assert.True(updated.GetProperty("result").GetString() == "success", updated.ToString());
        var all = await _server.ApiJsonAsync($"method=SegmentEditor.getAll&idSite={_idSite}");
        var only = Assert.Single(all.EnumerateArray());
        Assert.Equal("Chrome", only.GetProperty("name").GetString());
        Assert.Equal("browserCode==CH", only.GetProperty("definition").GetString());

        Assert.Equal("success", (await _server.ApiJsonAsync($"method=SegmentEditor.delete&idSegment={id}")).GetProperty("result").GetString());
        Assert.Empty((await _server.ApiJsonAsync($"method=SegmentEditor.getAll&idSite={_idSite}")).EnumerateArray());
    }

    [Fact]
    public async Task An_unusable_definition_is_not_stored()
    {
        var error = await _server.ApiJsonAsync($"method=SegmentEditor.add&name=Bad&definition={Uri.EscapeDataString("nothing==1")}&idSite={_idSite}");
        Assert.Equal("error", error.GetProperty("result").GetString());
        Assert.Contains("'nothing'", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Empty((await _server.ApiJsonAsync($"method=SegmentEditor.getAll&idSite={_idSite}")).EnumerateArray());
    }

    [Fact]
    public async Task The_metadata_lists_the_core_segments_of_every_scope()
    {
        var metadata = await _server.ApiJsonAsync($"method=API.getSegmentsMetadata&idSites={_idSite}");
        var segments = metadata.EnumerateArray().ToDictionary(s => s.GetProperty("segment").GetString()!);
        foreach (var name in (string[])["visitorType", "browserCode", "countryCode", "referrerType", "pageUrl", "eventCategory", "contentName", "visitConvertedGoalId", "productSku", "visitEndServerHour"])
        {
            Assert.True(segments.ContainsKey(name), name);
        }

        Assert.Equal("dimension", segments["pageUrl"].GetProperty("type").GetString());
        Assert.Equal("metric", segments["visitDuration"].GetProperty("type").GetString());
        Assert.True(segments.Count >= 80, $"{segments.Count} segments");

        // Dimensions come before metrics.
        var types = metadata.EnumerateArray().Select(s => s.GetProperty("type").GetString()).ToList();
        Assert.Equal(types.Order(StringComparer.Ordinal), types);
    }
}
