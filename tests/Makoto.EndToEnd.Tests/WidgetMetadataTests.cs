using System.Text.Json;

namespace Makoto.EndToEnd.Tests;

/// <summary>
/// <c>API.getWidgetMetadata</c> in Matomo's shape: each report with a subcategory as the default report widget
/// (order 100 + the report's order, Matomo's uniqueId <c>widget</c> + module + action + parameters), the dashboard's
/// non-report widgets, a container with its widgets, and Matomo's order (category, subcategory, uniqueId).
/// </summary>
public sealed class WidgetMetadataTests : IAsyncLifetime
{
    private TestServer _server = null!;
    private int _idSite;

    public async ValueTask InitializeAsync()
    {
        _server = await TestServer.StartAsync();
        _idSite = await _server.AddSiteAsync("Widgets", "https://widgets.example.org");
    }

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    private async Task<JsonElement[]> WidgetsAsync() =>
        [.. (await _server.ApiJsonAsync($"method=API.getWidgetMetadata&idSite={_idSite}")).EnumerateArray()];

    private static JsonElement Find(JsonElement[] widgets, string uniqueId) =>
        Assert.Single(widgets, w => w.GetProperty("uniqueId").GetString() == uniqueId);

    [Fact]
    public async Task A_report_gives_Matomos_default_report_widget()
    {
        var country = Find(await WidgetsAsync(), "widgetUserCountrygetCountry");
        Assert.Equal(
            """
            {"name":"Country","category":{"id":"General_Visitors","name":"Visitors","order":5,"icon":"icon-reporting-visitors","help":"","widget":null},"subcategory":{"id":"UserCountry_SubmenuLocations","name":"Locations","order":10,"help":""},"module":"UserCountry","action":"getCountry","order":105,"parameters":{"module":"UserCountry","action":"getCountry"},"uniqueId":"widgetUserCountrygetCountry","isWide":false,"viewDataTable":"table","isReport":true}
            """,
            country.GetRawText());
    }

    [Fact]
    public async Task The_dashboards_own_widgets_carry_Matomos_parameters_and_ids()
    {
        var widgets = await WidgetsAsync();

        var log = Find(widgets, "widgetLivegetLastVisitsDetailsforceView1viewDataTableVisitorLogsmall1");
        Assert.Equal("""{"forceView":"1","viewDataTable":"VisitorLog","module":"Live","action":"getLastVisitsDetails","small":"1"}""", log.GetProperty("parameters").GetRawText());
        Assert.Equal("Live_VisitorLog", log.GetProperty("subcategory").GetProperty("id").GetString());
        Assert.Equal("VisitorLog", log.GetProperty("viewDataTable").GetString());

        var realTime = Find(widgets, "widgetLivewidget");
        Assert.True(realTime.GetProperty("isWide").GetBoolean());
        Assert.False(realTime.TryGetProperty("isReport", out _));

        Assert.Equal(1, Find(widgets, "widgetUserCountryMapvisitorMap").GetProperty("order").GetInt32());
        Assert.Equal(5, Find(widgets, "widgetVisitsSummarygetEvolutionGraphforceView1viewDataTablegraphEvolution").GetProperty("order").GetInt32());
        Find(widgets, "widgetVisitsSummarygetforceView1viewDataTablesparklines");

        // VisitsSummary.get shows as its graph and sparklines, not as a table of its own (as in Matomo).
        Assert.DoesNotContain(widgets, w => w.GetProperty("uniqueId").GetString() == "widgetVisitsSummaryget");
        // A report without a subcategory has no widget.
        Assert.DoesNotContain(widgets, w => w.GetProperty("uniqueId").GetString() == "widgetActionsget");
    }

    [Fact]
    public async Task A_container_lists_its_widgets_and_its_id_is_widget_plus_the_container_id()
    {
        var widgets = await WidgetsAsync();
        var container = Find(widgets, "widgetGoalsOverview");
        Assert.True(container.GetProperty("isContainer").GetBoolean());
        Assert.Equal("", container.GetProperty("layout").GetString());
        Assert.Equal("""{"module":"CoreHome","action":"renderWidgetContainer","containerId":"GoalsOverview"}""", container.GetProperty("parameters").GetRawText());
        Assert.Equal("Goals_Goals", container.GetProperty("category").GetProperty("id").GetString());
        Assert.Equal(25, container.GetProperty("category").GetProperty("order").GetInt32());

        var children = container.GetProperty("widgets").EnumerateArray().ToArray();
        Assert.Equal(
            ["widgetGoalsgetEvolutionGraphforceView1viewDataTablegraphEvolution", "widgetGoalsgetforceView1viewDataTablesparklines"],
            children.Select(c => c.GetProperty("uniqueId").GetString()));
        // Matomo builds a nested widget's category afresh: order 99, no icon.
        Assert.Equal(99, children[0].GetProperty("category").GetProperty("order").GetInt32());
        Assert.Equal("", children[0].GetProperty("category").GetProperty("icon").GetString());
        // The flat list also has the container's widgets.
        Find(widgets, "widgetGoalsgetforceView1viewDataTablesparklines");
    }

    [Fact]
    public async Task Widgets_are_sorted_by_category_then_subcategory_then_unique_id()
    {
        var widgets = await WidgetsAsync();
        var orders = widgets.Select(w => w.GetProperty("category").GetProperty("order").GetInt32()).ToArray();
        Assert.Equal(orders.Order(), orders);

        // All Websites (3) has no subcategory; then Visitors (5): Overview (2) by uniqueId — 'E' sorts before 'f' —
        // then the visits log (5), real-time (7) and Locations (10), where the map's id comes before the reports'.
        Assert.Equal(
            [
                "widgetMultiSitesstandalone",
                "widgetVisitsSummarygetEvolutionGraphforceView1viewDataTablegraphEvolution",
                "widgetVisitsSummarygetforceView1viewDataTablesparklines",
                "widgetLivegetLastVisitsDetailsforceView1viewDataTableVisitorLogsmall1",
                "widgetLivewidget",
                "widgetUserCountryMapvisitorMap",
                "widgetUserCountrygetCity",
            ],
            widgets.Take(7).Select(w => w.GetProperty("uniqueId").GetString()));
    }

    [Fact]
    public async Task A_caller_without_access_to_the_site_gets_an_error()
    {
        var response = await _server.Http.GetAsync($"/index.php?module=API&format=json&method=API.getWidgetMetadata&idSite={_idSite}");
        var answer = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("error", answer.GetProperty("result").GetString());
    }
}
