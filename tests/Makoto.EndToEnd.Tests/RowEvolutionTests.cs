using System.Globalization;
using System.Net;
using System.Text.Json;

namespace Makoto.EndToEnd.Tests;

/// <summary>
/// API.getRowEvolution over HTTP. Direct entries: 2 visits on Monday 2026-10-12, 1 on Tuesday, 3 on Wednesday;
/// visits from a website: none on Monday, 1 on Tuesday, 1 on Wednesday. By hand: Direct Entry's visits go
/// from 2 to 3 (+50 %), between 1 and 3; Websites starts at 0, so its change is not given and its minimum
/// only counts from Tuesday on.
/// </summary>
public sealed class RowEvolutionTests : IAsyncLifetime
{
    private const string ThreeDays = "period=day&date=2026-10-12,2026-10-14";
    private TestServer _server = null!;
    private int _idSite;
    private int _visitor;

    public async ValueTask InitializeAsync()
    {
        _server = await TestServer.StartAsync();
        _idSite = await _server.AddSiteAsync("Evolution", "https://evolution.example.org");
        await Visits("2026-10-12", direct: 2, website: 0);
        await Visits("2026-10-13", direct: 1, website: 1);
        await Visits("2026-10-14", direct: 3, website: 1);
    }

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    private async Task Visits(string day, int direct, int website)
    {
        for (var i = 0; i < direct + website; i++)
        {
            _visitor++;
            var cdt = DateTimeOffset.Parse($"{day}T{8 + i:00}:00:00Z", CultureInfo.InvariantCulture).ToUnixTimeSeconds();
            var referrer = i < direct ? "" : "&urlref=https%3A%2F%2Fblog.example.com%2Fpost";
            var status = await _server.TrackAsync(
                $"idsite={_idSite}&rec=1&_id={_visitor:x16}&cip=10.50.0.{_visitor}&token_auth={TestServer.Token}&cdt={cdt}" +
                $"&url=https%3A%2F%2Fevolution.example.org%2F&action_name=Home{referrer}");
            Assert.Equal(HttpStatusCode.OK, status);
        }
    }

    private Task<JsonElement> Evolution(string query) =>
        _server.ApiJsonAsync($"method=API.getRowEvolution&idSite={_idSite}&apiModule=Referrers&apiAction=getReferrerType&{query}");

    [Fact]
    public async Task One_label_gives_every_metric_per_period_with_minimum_maximum_and_change()
    {
        var result = await Evolution($"{ThreeDays}&label=Direct%20Entry");

        Assert.Equal("Direct Entry", result.GetProperty("label").GetString());
        var data = result.GetProperty("reportData");
        Assert.Equal(["2026-10-12", "2026-10-13", "2026-10-14"], data.EnumerateObject().Select(p => p.Name));
        Assert.Equal([2, 1, 3], data.EnumerateObject().Select(p => p.Value[0].GetProperty("nb_visits").GetInt32()));
        Assert.False(data.GetProperty("2026-10-12")[0].TryGetProperty("label", out _));

        var visits = result.GetProperty("metadata").GetProperty("metrics").GetProperty("nb_visits");
        Assert.Equal("Visits", visits.GetProperty("name").GetString());
        Assert.Equal(1, visits.GetProperty("min").GetDouble());
        Assert.Equal(3, visits.GetProperty("max").GetDouble());
        Assert.Equal("+50%", visits.GetProperty("change").GetString());
        Assert.Equal("Channel Type", result.GetProperty("metadata").GetProperty("dimension").GetString());
    }

    [Fact]
    public async Task Several_labels_give_one_column_per_label()
    {
        var result = await Evolution($"{ThreeDays}&label=Direct%20Entry,Websites&column=nb_visits");

        Assert.Equal("nb_visits", result.GetProperty("column").GetString());
        var data = result.GetProperty("reportData");
        Assert.Equal([2.0, 1.0, 3.0], data.EnumerateObject().Select(p => p.Value[0].GetProperty("nb_visits_0").GetDouble()));
        Assert.Equal([0.0, 1.0, 1.0], data.EnumerateObject().Select(p => p.Value[0].GetProperty("nb_visits_1").GetDouble()));

        var metrics = result.GetProperty("metadata").GetProperty("metrics");
        Assert.Equal("Direct Entry (Visits)", metrics.GetProperty("nb_visits_0").GetProperty("name").GetString());
        Assert.Equal("+50%", metrics.GetProperty("nb_visits_0").GetProperty("change").GetString());
        var websites = metrics.GetProperty("nb_visits_1");
        Assert.Equal("Websites (Visits)", websites.GetProperty("name").GetString());
        Assert.Equal(1, websites.GetProperty("min").GetDouble());
        Assert.False(websites.TryGetProperty("change", out _));
        Assert.Equal("Visits", result.GetProperty("metadata").GetProperty("columns").GetProperty("nb_visits").GetString());
    }

    [Fact]
    public async Task Without_a_label_every_row_is_compared_and_the_first_metric_is_the_default_column()
    {
        var result = await Evolution($"{ThreeDays}&legendAppendMetric=0");

        var metrics = result.GetProperty("metadata").GetProperty("metrics");
        Assert.Equal(["Direct Entry", "Websites"], metrics.EnumerateObject().Select(m => m.Value.GetProperty("name").GetString()));
        // Matomo's default column is the report's first metric.
        var report = await _server.ApiJsonAsync($"method=API.getMetadata&idSite={_idSite}&apiModule=Referrers&apiAction=getReferrerType");
        Assert.Equal(report[0].GetProperty("metrics").EnumerateObject().First().Name, result.GetProperty("column").GetString());
    }

    [Fact]
    public async Task One_period_is_not_an_evolution()
    {
        var result = await Evolution("period=day&date=2026-10-12&label=Direct%20Entry");

        Assert.Equal("Row evolutions can not be processed with this combination of 'date' and 'period' parameters.", result.GetProperty("message").GetString());
    }
}
