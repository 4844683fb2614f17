using System.Net;
using System.Text.Json;

namespace Makoto.EndToEnd.Tests.Reports;

/// <summary>
/// Contents reports over HTTP, one day. Visitor 1 sees the banner piece a.jpg twice and clicks it;
/// visitor 2 sees a.jpg and b.jpg, and a newsletter box without piece which it clicks; visitor 3 sees
/// b.jpg with another target and clicks a piece c.jpg it never saw. Expected rows worked out by hand
/// from Matomo's rules: impressions grouped by (piece, target, name), interactions by (piece,
/// interaction, name) and counted only for rows that impressions made.
/// </summary>
public sealed class ContentsReportTests : IAsyncLifetime
{
    private const string Day = "2026-10-12";
    private TestServer _server = null!;
    private int _idSite;

    public async ValueTask InitializeAsync()
    {
        _server = await TestServer.StartAsync();
        _idSite = await _server.AddSiteAsync("Contents", "https://contents.example.org");
        const string A = "c_n=Banner&c_p=%2Fimg%2Fa.jpg&c_t=https%3A%2F%2Fx.example%2Fa";
        const string B = "c_n=Banner&c_p=%2Fimg%2Fb.jpg&c_t=https%3A%2F%2Fx.example%2Fb";
        await Hits(1, A, A, A + "&c_i=click");
        await Hits(2, A, B, "c_n=Newsletter", "c_n=Newsletter&c_i=click");
        await Hits(3, "c_n=Banner&c_p=%2Fimg%2Fb.jpg&c_t=https%3A%2F%2Fx.example%2Fb2", "c_n=Banner&c_p=%2Fimg%2Fc.jpg&c_i=click");
    }

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    private async Task Hits(int visitor, params string[] hits)
    {
        var start = new DateTimeOffset(2026, 10, 12, 9 + visitor, 0, 0, TimeSpan.Zero);
        for (var i = 0; i < hits.Length; i++)
        {
            var cdt = start.AddMinutes(i).ToUnixTimeSeconds();
            var status = await _server.TrackAsync(
                $"idsite={_idSite}&rec=1&_id={visitor:x16}&cip=10.2.0.{visitor}&token_auth={TestServer.Token}&cdt={cdt}" +
                $"&url=https%3A%2F%2Fcontents.example.org%2F&{hits[i]}");
            Assert.Equal(HttpStatusCode.OK, status);
        }
    }

    private async Task<JsonElement> Api(string method, string period = "day", string extra = "") =>
        await _server.ApiJsonAsync($"method=Contents.{method}&idSite={_idSite}&period={period}&date={Day}&filter_limit=-1{extra}");

    private static Dictionary<string, JsonElement> ByLabel(JsonElement rows) =>
        rows.EnumerateArray().ToDictionary(r => r.GetProperty("label").GetString()!);

    [Fact]
    public async Task Content_names_count_impressions_and_interactions()
    {
        var result = await Api("getContentNames");
        Assert.Equal(["Banner", "Newsletter"], result.EnumerateArray().Select(r => r.GetProperty("label").GetString()));
        var rows = ByLabel(result);

        // Banner: three impression groups (a.jpg 2 visits and 3 impressions, b.jpg twice with one each).
        var banner = rows["Banner"];
        Assert.Equal(4, banner.GetProperty("nb_visits").GetInt32());
        Assert.Equal(5, banner.GetProperty("nb_impressions").GetInt32());
        Assert.Equal(2, banner.GetProperty("nb_interactions").GetInt32()); // a.jpg, and c.jpg which has a Banner row
        Assert.Equal("40%", banner.GetProperty("interaction_rate").GetString());
        Assert.Equal("contentName==Banner", banner.GetProperty("segment").GetString());

        // Newsletter: one impression group, so the ranking query's sums stay decimal texts.
        var newsletter = rows["Newsletter"];
        Assert.Equal("1", newsletter.GetProperty("nb_visits").GetString());
        Assert.Equal("1", newsletter.GetProperty("nb_impressions").GetString());
        Assert.Equal(1, newsletter.GetProperty("nb_interactions").GetInt32());
        Assert.Equal("100%", newsletter.GetProperty("interaction_rate").GetString());
        Assert.False(newsletter.TryGetProperty("idsubdatatable", out _)); // no piece, no subtable

        var pieces = ByLabel(await Api("getContentNames", extra: "&idSubtable=" + banner.GetProperty("idsubdatatable").GetInt32()));
        Assert.Equal(["/img/a.jpg", "/img/b.jpg", "/img/c.jpg"], pieces.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("3", pieces["/img/a.jpg"].GetProperty("nb_impressions").GetString());
        Assert.Equal(1, pieces["/img/a.jpg"].GetProperty("nb_interactions").GetInt32());
        Assert.Equal(2, pieces["/img/b.jpg"].GetProperty("nb_impressions").GetInt32());
        Assert.Equal("1", pieces["/img/c.jpg"].GetProperty("nb_interactions").GetString()); // an interaction-only row
        Assert.False(pieces["/img/a.jpg"].TryGetProperty("segment", out _)); // subtables have no segments
    }

    [Fact]
    public async Task Content_pieces_name_content_without_piece_and_skip_interactions_without_row()
    {
        var rows = ByLabel(await Api("getContentPieces"));
        Assert.Equal(["/img/a.jpg", "/img/b.jpg", "Content Piece not defined"], rows.Keys.Order(StringComparer.Ordinal));

        var a = rows["/img/a.jpg"];
        Assert.Equal("2", a.GetProperty("nb_visits").GetString());
        Assert.Equal(1, a.GetProperty("nb_interactions").GetInt32());
        Assert.Equal("33.33%", a.GetProperty("interaction_rate").GetString());
        Assert.Equal("contentPiece==%2Fimg%2Fa.jpg", a.GetProperty("segment").GetString());

        Assert.Equal(0, rows["/img/b.jpg"].GetProperty("nb_interactions").GetInt32());

        // The newsletter's click has no piece, so it counts for no piece row.
        var notSet = rows["Content Piece not defined"];
        Assert.Equal(0, notSet.GetProperty("nb_interactions").GetInt32());
        Assert.False(notSet.TryGetProperty("segment", out _));
    }

    [Fact]
    public async Task A_week_turns_the_values_into_numbers()
    {
        var a = ByLabel(await Api("getContentPieces", "week"))["/img/a.jpg"];
        Assert.Equal(2, a.GetProperty("nb_visits").GetInt32());
        Assert.Equal(3, a.GetProperty("nb_impressions").GetInt32());
        Assert.Equal(2, a.GetProperty("sum_daily_nb_uniq_visitors").GetInt32());
        Assert.False(a.TryGetProperty("nb_uniq_visitors", out _));
    }
}
