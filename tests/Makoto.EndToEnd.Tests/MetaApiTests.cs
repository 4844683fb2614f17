using System.Globalization;
using System.Net;
using System.Text.Json;

namespace Makoto.EndToEnd.Tests;

/// <summary>
/// The meta API over HTTP: the report list of <c>API.getReportMetadata</c> and <c>API.getMetadata</c>
/// (names, metrics and documentation as Matomo 5 writes them, goal and ecommerce variants per site),
/// <c>API.getProcessedReport</c> and <c>API.getBulkRequest</c>. On Monday 2026-10-12 two visitors with a
/// 1920x1080 screen and one with 1280x720 view one page each.
/// </summary>
public sealed class MetaApiTests : IAsyncLifetime
{
    private const string Monday = "2026-10-12";
    private TestServer _server = null!;
    private int _idSite;
    private int _idGoal;

    public async ValueTask InitializeAsync()
    {
        _server = await TestServer.StartAsync();
        _idSite = await _server.AddSiteAsync("Screens", "https://screens.example.org");
        var goal = await _server.ApiJsonAsync(
            $"method=Goals.addGoal&idSite={_idSite}&name=Signup&matchAttribute=url&pattern=signup&patternType=contains");
        _idGoal = goal.GetProperty("value").GetInt32();
        await Visit(1, "1920x1080", "08:00:00");
        await Visit(2, "1920x1080", "09:00:00");
        await Visit(3, "1280x720", "10:00:00");
    }

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    private async Task Visit(int visitor, string resolution, string time)
    {
        var cdt = DateTimeOffset.Parse(Monday + "T" + time + "Z", CultureInfo.InvariantCulture).ToUnixTimeSeconds();
        var status = await _server.TrackAsync(
            $"idsite={_idSite}&rec=1&_id={visitor:x16}&cip=10.20.0.{visitor}&token_auth={TestServer.Token}&cdt={cdt}" +
            $"&res={resolution}&url=https%3A%2F%2Fscreens.example.org%2F&action_name=Home");
        Assert.Equal(HttpStatusCode.OK, status);
    }

    private async Task<JsonElement[]> ReportList(string extra = "")
    {
        var list = await _server.ApiJsonAsync($"method=API.getReportMetadata&idSite={_idSite}{extra}");
        Assert.Equal(JsonValueKind.Array, list.ValueKind);
        return [.. list.EnumerateArray()];
    }

    private static JsonElement ById(JsonElement[] reports, string uniqueId) =>
        Assert.Single(reports, r => r.GetProperty("uniqueId").GetString() == uniqueId);

    [Fact]
    public async Task The_report_list_describes_each_report_as_Matomo_does()
    {
        var reports = await ReportList();

        var country = ById(reports, "UserCountry_getCountry");
        Assert.Equal("Visitors", country.GetProperty("category").GetString());
        Assert.Equal("Locations", country.GetProperty("subcategory").GetString());
        Assert.Equal("Country", country.GetProperty("name").GetString());
        Assert.Equal("Country", country.GetProperty("dimension").GetString());
        Assert.Equal("UserCountry", country.GetProperty("module").GetString());
        Assert.Equal("getCountry", country.GetProperty("action").GetString());
        Assert.Equal("Visits", country.GetProperty("metrics").GetProperty("nb_visits").GetString());
        Assert.Equal("Bounce Rate", country.GetProperty("processedMetrics").GetProperty("bounce_rate").GetString());
        Assert.Equal("percent", country.GetProperty("metricTypes").GetProperty("bounce_rate").GetString());
        Assert.Equal("duration_s", country.GetProperty("metricTypes").GetProperty("avg_time_on_site").GetString());
        Assert.Equal("The average duration of a visit.", country.GetProperty("metricsDocumentation").GetProperty("avg_time_on_site").GetString());

        // Matomo's menu order: the dashboards, then Visitors (overview first), Actions, Referrers, Goals, API.get last.
        var ids = reports.Select(r => r.GetProperty("uniqueId").GetString()).ToList();
        Assert.Equal("MultiSites_getAll", ids[0]);
        Assert.True(ids.IndexOf("VisitsSummary_get") < ids.IndexOf("UserCountry_getCountry"));
        Assert.True(ids.IndexOf("UserCountry_getCountry") < ids.IndexOf("Actions_getPageUrls"));
        Assert.True(ids.IndexOf("Actions_getPageUrls") < ids.IndexOf("Referrers_getReferrerType"));
        Assert.True(ids.IndexOf("Referrers_getReferrerType") < ids.IndexOf("Goals_get"));
        Assert.Equal("API_get", ids[^1]);
    }

    [Fact]
    public async Task Goals_are_listed_per_goal_and_ecommerce_only_for_ecommerce_sites()
    {
        var reports = await ReportList();
        var goal = ById(reports, $"Goals_get_idGoal--{_idGoal}");
        Assert.Equal("Goal Signup", goal.GetProperty("name").GetString());
        Assert.Equal(_idGoal, goal.GetProperty("parameters").GetProperty("idGoal").GetInt32());
        Assert.Equal("Signup - Visits to Conversion", ById(reports, $"Goals_getVisitsUntilConversion_idGoal--{_idGoal}").GetProperty("name").GetString());
        Assert.Equal("Goals Overview", ById(reports, "Goals_get_idGoal--0").GetProperty("name").GetString());
        Assert.DoesNotContain(reports, r => r.GetProperty("category").GetString() == "Ecommerce");

        var shop = await _server.AddSiteAsync("Shop", "https://shop.example.org", extra: "&ecommerce=1");
        var shopReports = (await _server.ApiJsonAsync($"method=API.getReportMetadata&idSite={shop}")).EnumerateArray().ToArray();
        Assert.Equal("Ecommerce Orders", ById(shopReports, "Goals_get_idGoal--ecommerceOrder").GetProperty("name").GetString());
        Assert.Equal("Abandoned Carts", ById(shopReports, "Goals_get_idGoal--ecommerceAbandonedCart").GetProperty("name").GetString());
        Assert.Equal("Products", ById(shopReports, "Goals_getItemsName").GetProperty("subcategory").GetString());
        Assert.DoesNotContain(shopReports, r => r.GetProperty("name").GetString() == "Goal Signup");
    }

    [Fact]
    public async Task Documentation_and_subtable_reports_follow_their_parameters()
    {
        var plain = await ReportList();
        Assert.Contains(plain, r => r.TryGetProperty("metricsDocumentation", out _));
        Assert.DoesNotContain(plain, r => r.TryGetProperty("isSubtableReport", out _));

        var withoutDocs = await ReportList("&hideMetricsDoc=1");
        Assert.Equal(plain.Length, withoutDocs.Length);
        Assert.DoesNotContain(withoutDocs, r => r.TryGetProperty("metricsDocumentation", out _));

        var withSubtables = await ReportList("&showSubtableReports=1");
        var subtables = withSubtables.Where(r => r.TryGetProperty("isSubtableReport", out var flag) && flag.GetBoolean()).ToList();
        Assert.NotEmpty(subtables);
        Assert.Equal(plain.Length + subtables.Count, withSubtables.Length);
    }

    [Fact]
    public async Task GetMetadata_answers_the_one_report_asked_for()
    {
        var answer = await _server.ApiJsonAsync(
            $"method=API.getMetadata&idSite={_idSite}&apiModule=Goals&apiAction=get&apiParameters[idGoal]={_idGoal}");
        var report = Assert.Single(answer.EnumerateArray());
        Assert.Equal("Goal Signup", report.GetProperty("name").GetString());

        var resolution = Assert.Single((await _server.ApiJsonAsync(
            $"method=API.getMetadata&idSite={_idSite}&apiModule=Resolution&apiAction=getResolution")).EnumerateArray());
        Assert.Equal("Screen Resolution", resolution.GetProperty("name").GetString());
    }

    [Fact]
    public async Task A_processed_report_has_named_columns_formatted_rows_and_totals()
    {
        var report = await _server.ApiJsonAsync(
            $"method=API.getProcessedReport&idSite={_idSite}&period=day&date={Monday}&apiModule=Resolution&apiAction=getResolution");
        Assert.Equal("Screens", report.GetProperty("website").GetString());
        Assert.Equal("Monday, October 12, 2026", report.GetProperty("prettyDate").GetString());
        Assert.Equal("Screen Resolution", report.GetProperty("metadata").GetProperty("name").GetString());
        var columns = report.GetProperty("columns");
        Assert.Equal("Resolution", columns.GetProperty("label").GetString());
        Assert.Equal("Visits", columns.GetProperty("nb_visits").GetString());

        var rows = report.GetProperty("reportData").EnumerateArray().ToArray();
        Assert.Equal(["1920x1080", "1280x720"], rows.Select(r => r.GetProperty("label").GetString()));
        Assert.Equal(2, Number(rows[0].GetProperty("nb_visits")));
        Assert.Equal(1, Number(rows[1].GetProperty("nb_visits")));

        // Every visit had one page: all bounced, and the rate is written for people.
        Assert.Equal("100%", rows[0].GetProperty("bounce_rate").GetString());
        Assert.Equal(2, report.GetProperty("reportMetadata").GetArrayLength());
        Assert.Equal(3, Number(report.GetProperty("reportTotal").GetProperty("nb_visits")));
    }

    [Fact]
    public async Task A_processed_report_of_an_unknown_report_is_an_error()
    {
        var error = await _server.ApiJsonAsync(
            $"method=API.getProcessedReport&idSite={_idSite}&period=day&date={Monday}&apiModule=Resolution&apiAction=getNothing");
        Assert.Equal("error", error.GetProperty("result").GetString());
        Assert.Contains("not found in the list of available reports", error.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bulk_request_answers_each_url_in_order_and_a_failing_one_as_an_error()
    {
        var visits = Uri.EscapeDataString($"method=VisitsSummary.get&idSite={_idSite}&period=day&date={Monday}");
        var unknown = Uri.EscapeDataString("method=Nothing.here");
        var answer = await _server.ApiJsonAsync($"method=API.getBulkRequest&urls[]={visits}&urls[]={unknown}");
        var results = answer.EnumerateArray().ToArray();
        Assert.Equal(2, results.Length);
        Assert.Equal(3, Number(results[0].GetProperty("nb_visits")));
        Assert.Equal("error", results[1].GetProperty("result").GetString());
    }

    [Fact]
    public async Task A_bulk_request_runs_as_its_caller()
    {
        var other = await _server.AddSiteAsync("Other", "https://other.example.org");
        Assert.Equal("success", (await _server.ApiJsonAsync(
            "method=UsersManager.addUser&userLogin=viewer&password=viewer-password-1&email=viewer%40example.org")).GetProperty("result").GetString());
        await _server.ApiJsonAsync($"method=UsersManager.setUserAccess&userLogin=viewer&access=view&idSites={other}");
        var token = await CreateToken("viewer", "viewer-password-1");

        var visits = Uri.EscapeDataString($"method=VisitsSummary.get&idSite={_idSite}&period=day&date={Monday}");
        var response = await _server.Http.GetAsync($"/index.php?module=API&format=json&token_auth={token}&method=API.getBulkRequest&urls[]={visits}");
        var results = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.EnumerateArray().ToArray();
        var result = Assert.Single(results);
        Assert.Equal("error", result.GetProperty("result").GetString());
    }

    private async Task<string> CreateToken(string login, string password)
    {
        var response = await _server.Http.GetAsync(
            $"/index.php?module=API&format=json&method=UsersManager.createAppSpecificTokenAuth&userLogin={login}&passwordConfirmation={password}&description=test");
        var answer = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        return answer.GetProperty("value").GetString()!;
    }

    /// <summary>A count, whether Matomo's JSON writes it as a number or as a numeric string.</summary>
    private static double Number(JsonElement value) =>
        value.ValueKind == JsonValueKind.String ? double.Parse(value.GetString()!, CultureInfo.InvariantCulture) : value.GetDouble();
}
