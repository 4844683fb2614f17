using System.Globalization;
using System.Net;

namespace Makoto.EndToEnd.Tests;

/// <summary>
/// <c>format=html</c>, <c>rss</c> and <c>original</c> over HTTP. On Monday 2026-10-12 two visitors view
/// one page each; on Tuesday one visitor views two pages a minute apart. By hand: Monday has 2 visits,
/// 2 actions, 2 bounces, 0 s; Tuesday 1 visit, 2 actions, no bounce, 61 s (a visit lasts
/// <c>1 + last action − first action</c> seconds, tracking spec).
/// </summary>
public sealed class OutputFormatTests : IAsyncLifetime
{
    private const string TwoDays = "period=day&date=2026-10-12,2026-10-13";
    private TestServer _server = null!;
    private int _idSite;

    public async ValueTask InitializeAsync()
    {
        _server = await TestServer.StartAsync();
        _idSite = await _server.AddSiteAsync("Formats", "https://formats.example.org");
        await Hit(1, "2026-10-12T08:00:00Z");
        await Hit(2, "2026-10-12T09:00:00Z");
        await Hit(3, "2026-10-13T10:00:00Z");
        await Hit(3, "2026-10-13T10:01:00Z");
    }

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    private async Task Hit(int visitor, string time)
    {
        var cdt = DateTimeOffset.Parse(time, CultureInfo.InvariantCulture).ToUnixTimeSeconds();
        var status = await _server.TrackAsync(
            $"idsite={_idSite}&rec=1&_id={visitor:x16}&cip=10.30.0.{visitor}&token_auth={TestServer.Token}&cdt={cdt}" +
            $"&url=https%3A%2F%2Fformats.example.org%2Fp{cdt}&action_name=P");
        Assert.Equal(HttpStatusCode.OK, status);
    }

    private async Task<HttpResponseMessage> Get(string query) =>
        await _server.Http.GetAsync($"/index.php?module=API&token_auth={TestServer.Token}&idSite={_idSite}&{query}");

    private static string Row(params object[] cells) =>
        "\t<tr>\n" + string.Concat(cells.Select(c => $"\t\t<td>{c}</td>\n")) + "\t</tr>\n";

    private const string VisitsSummaryHeader =
        "\t\t<th>nb_uniq_visitors</th>\n\t\t<th>nb_users</th>\n\t\t<th>nb_visits</th>\n\t\t<th>nb_actions</th>\n" +
        "\t\t<th>nb_visits_converted</th>\n\t\t<th>bounce_count</th>\n\t\t<th>sum_visit_length</th>\n\t\t<th>max_actions</th>\n" +
        "\t\t<th>bounce_rate</th>\n\t\t<th>nb_actions_per_visit</th>\n\t\t<th>avg_time_on_site</th>\n";

    [Fact]
    public async Task Html_of_one_day_is_a_table_named_after_the_method()
    {
        var response = await Get("method=VisitsSummary.get&period=day&date=2026-10-12&format=html");

        Assert.Equal("text/html; charset=utf-8", response.Content.Headers.ContentType?.ToString());
        Assert.Equal(
            "<table id=\"VisitsSummary_get\" border=\"1\">\n<thead>\n\t<tr>\n" + VisitsSummaryHeader + "\t</tr>\n</thead>\n<tbody>\n" +
            Row(2, 0, 2, 2, 0, 2, 0, 1, "100%", 1, 0) +
            "</tbody>\n</table>\n",
            await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Html_of_two_days_has_a_date_column()
    {
        var html = await (await Get($"method=VisitsSummary.get&{TwoDays}&format=html")).Content.ReadAsStringAsync();

        Assert.Equal(
            "<table id=\"VisitsSummary_get\" border=\"1\">\n<thead>\n\t<tr>\n\t\t<th>_date</th>\n" + VisitsSummaryHeader + "\t</tr>\n</thead>\n<tbody>\n" +
            Row("2026-10-12", 2, 0, 2, 2, 0, 2, 0, 1, "100%", 1, 0) +
            Row("2026-10-13", 1, 0, 1, 2, 0, 0, 61, 2, "0%", 2, 61) +
            "</tbody>\n</table>\n",
            html);
    }

    [Fact]
    public async Task Html_headers_are_metric_names_with_translateColumnNames()
    {
        var html = await (await Get("method=VisitsSummary.get&period=day&date=2026-10-12&format=html&translateColumnNames=1")).Content.ReadAsStringAsync();

        Assert.Contains("\t\t<th>Visits</th>\n\t\t<th>Actions</th>\n", html, StringComparison.Ordinal);
        Assert.Contains("\t\t<th>Bounce Rate</th>\n", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Html_errors_are_plain_text()
    {
        var response = await Get("method=VisitsSummary.nothing&period=day&date=2026-10-12&format=HTML");

        Assert.Equal("text/plain; charset=utf-8", response.Content.Headers.ContentType?.ToString());
        Assert.Equal("The method 'nothing' does not exist or is not available in the module 'VisitsSummary'.", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Rss_has_an_item_per_day_most_recent_first()
    {
        var response = await Get($"method=VisitsSummary.get&{TwoDays}&format=rss");
        var rss = await response.Content.ReadAsStringAsync();

        Assert.Equal("text/xml; charset=utf-8", response.Content.Headers.ContentType?.ToString());
        Assert.StartsWith("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\">\n  <channel>\n    <title>matomo statistics - RSS</title>\n", rss, StringComparison.Ordinal);
        var tuesday = rss.IndexOf("<title>Formats on 2026-10-13</title>", StringComparison.Ordinal);
        var monday = rss.IndexOf("<title>Formats on 2026-10-12</title>", StringComparison.Ordinal);
        Assert.True(tuesday > 0 && monday > tuesday);
        Assert.Contains("<pubDate>Tue, 13 Oct 2026 00:00:00 +0000</pubDate>", rss, StringComparison.Ordinal);
        Assert.Contains(
            $"<link>{_server.Address.ToString().TrimEnd('/')}/?module=CoreHome&amp;action=index&amp;idSite={_idSite}&amp;period=day&amp;date=2026-10-13</link>",
            rss,
            StringComparison.Ordinal);
        Assert.Contains("&lt;td&gt;&lt;b&gt;nb_visits&lt;/b&gt;&lt;/td&gt;", rss, StringComparison.Ordinal);
        Assert.EndsWith("\t</channel>\n</rss>", rss, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rss_of_one_day_asks_for_a_date_range()
    {
        var response = await Get("method=VisitsSummary.get&period=day&date=2026-10-12&format=rss");

        Assert.Equal(
            "Error: RSS feeds can be generated for one specific website &idSite=X.\nPlease specify only one idSite or consider using &format=XML instead.",
            await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Original_prints_php_values_and_serializes_them_on_request()
    {
        var site = await (await Get("method=SitesManager.getSiteFromId&format=original")).Content.ReadAsStringAsync();
        Assert.StartsWith("array (\n  'idsite' => ", site, StringComparison.Ordinal);
        Assert.Contains("\n  'name' => 'Formats',\n", site, StringComparison.Ordinal);
        Assert.EndsWith(",\n)", site, StringComparison.Ordinal);

        var serialized = await (await Get("method=SitesManager.getSiteFromId&format=original&serialize=1")).Content.ReadAsStringAsync();
        Assert.StartsWith("a:", serialized, StringComparison.Ordinal);
        Assert.Contains("s:4:\"name\";s:7:\"Formats\";", serialized, StringComparison.Ordinal);

        var report = await (await Get("method=VisitsSummary.get&period=day&date=2026-10-12&format=original")).Content.ReadAsStringAsync();
        Assert.StartsWith("<table border=\"1\">\n", report, StringComparison.Ordinal);

        var refused = await (await Get("method=VisitsSummary.get&period=day&date=2026-10-12&format=original&serialize=1")).Content.ReadAsStringAsync();
        Assert.StartsWith("a:2:{s:6:\"result\";s:5:\"error\";s:7:\"message\";", refused, StringComparison.Ordinal);

        var error = await (await Get("method=SitesManager.nothing&format=original&serialize=1")).Content.ReadAsStringAsync();
        const string Message = "The method 'nothing' does not exist or is not available in the module 'SitesManager'.";
        Assert.Equal($"a:2:{{s:6:\"result\";s:5:\"error\";s:7:\"message\";s:{Message.Length}:\"{Message}\";}}", error);
    }
}
