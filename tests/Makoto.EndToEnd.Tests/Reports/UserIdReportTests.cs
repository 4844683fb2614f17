using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Makoto.EndToEnd.Tests.Reports;

/// <summary>
/// UserId.getUsers over HTTP. On Monday 2026-10-12 (UTC site) the user "bob@example.org" views three
/// pages in one visit; "alice" views two pages at 09:00 and comes back at 11:00 for one; at 12:00 "Alice"
/// (the same User ID for MySQL's case-insensitive grouping, another visitor id) views one page; an
/// anonymous visitor views one page. On Tuesday alice views one page. Every expected number is worked
/// out by hand.
/// </summary>
public sealed class UserIdReportTests : IAsyncLifetime
{
    private const string Monday = "2026-10-12";
    private TestServer _server = null!;
    private int _idSite;

    public async ValueTask InitializeAsync()
    {
        _server = await TestServer.StartAsync();
        _idSite = await _server.AddSiteAsync("Members", "https://members.example.org", extra: "&startDate=2026-01-01");
        await Page(2, "bob@example.org", "2026-10-12T08:00:00");
        await Page(2, "bob@example.org", "2026-10-12T08:01:00");
        await Page(2, "bob@example.org", "2026-10-12T08:03:00");
        await Page(1, "alice", "2026-10-12T09:00:00");
        await Page(1, "alice", "2026-10-12T09:02:00");
        await Page(3, null, "2026-10-12T10:00:00");
        await Page(1, "alice", "2026-10-12T11:00:00");
        await Page(4, "Alice", "2026-10-12T12:00:00");
        await Page(1, "alice", "2026-10-13T09:00:00");
    }

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    private async Task Page(int visitor, string? user, string utc)
    {
        var cdt = new DateTimeOffset(DateTime.Parse(utc, CultureInfo.InvariantCulture), TimeSpan.Zero).ToUnixTimeSeconds();
        var uid = user is null ? "" : "&uid=" + Uri.EscapeDataString(user);
        var status = await _server.TrackAsync(
            $"idsite={_idSite}&rec=1&_id={visitor:x16}&cip=10.13.0.{visitor}&token_auth={TestServer.Token}&cdt={cdt}" +
            $"&url=https%3A%2F%2Fmembers.example.org%2F{cdt}&action_name=Page{uid}");
        Assert.Equal(HttpStatusCode.OK, status);
    }

    private async Task<JsonElement[]> Rows(string period, string date)
    {
        var rows = await _server.ApiJsonAsync($"method=UserId.getUsers&idSite={_idSite}&period={period}&date={date}&filter_limit=-1");
        Assert.Equal(JsonValueKind.Array, rows.ValueKind);
        return [.. rows.EnumerateArray()];
    }

    /// <summary>The visitor id a User ID gives its visits: the first 8 bytes of its SHA-1, in hex.</summary>
    private static string VisitorId(string user) => Convert.ToHexStringLower(SHA1.HashData(Encoding.UTF8.GetBytes(user))[..8]);

    [Fact]
    public async Task A_day_lists_each_user_with_the_visit_metrics_most_visits_first()
    {
        var rows = await Rows("day", Monday);
        Assert.Equal(["alice", "bob@example.org"], rows.Select(r => r.GetProperty("label").GetString()));

        // alice: three visits (2 pages 120 s apart, a visit of 121 s as Matomo counts one second more;
        // then 1 page; then Alice's page), two of them bounces, two visitor ids, one user. Matomo's
        // ranking query makes every count but max_actions a text.
        var alice = rows[0];
        Assert.Equal("3", alice.GetProperty("nb_visits").GetString());
        Assert.Equal("4", alice.GetProperty("nb_actions").GetString());
        Assert.Equal("2", alice.GetProperty("nb_uniq_visitors").GetString());
        Assert.Equal("1", alice.GetProperty("nb_users").GetString());
        Assert.Equal(2, alice.GetProperty("max_actions").GetInt32());
        Assert.Equal("121", alice.GetProperty("sum_visit_length").GetString());
        Assert.Equal("2", alice.GetProperty("bounce_count").GetString());
        Assert.Equal(VisitorId("alice"), alice.GetProperty("idvisitor").GetString());
        Assert.Equal("userId==alice", alice.GetProperty("segment").GetString());

        var bob = rows[1];
        Assert.Equal("1", bob.GetProperty("nb_visits").GetString());
        Assert.Equal("3", bob.GetProperty("nb_actions").GetString());
        Assert.Equal("181", bob.GetProperty("sum_visit_length").GetString());
        Assert.Equal(VisitorId("bob@example.org"), bob.GetProperty("idvisitor").GetString());
        Assert.Equal("userId==bob%40example.org", bob.GetProperty("segment").GetString());
    }

    [Fact]
    public async Task A_week_sums_the_days_into_numbers()
    {
        var rows = await Rows("week", Monday);
        Assert.Equal(["alice", "bob@example.org"], rows.Select(r => r.GetProperty("label").GetString()));
        var alice = rows[0];
        Assert.Equal(4, alice.GetProperty("nb_visits").GetInt32());
        Assert.Equal(5, alice.GetProperty("nb_actions").GetInt32());
        Assert.Equal(3, alice.GetProperty("bounce_count").GetInt32());
        Assert.Equal(3, alice.GetProperty("sum_daily_nb_uniq_visitors").GetInt32());
        Assert.Equal(2, alice.GetProperty("sum_daily_nb_users").GetInt32());
        Assert.False(alice.TryGetProperty("nb_uniq_visitors", out _));
        Assert.Equal(VisitorId("alice"), alice.GetProperty("idvisitor").GetString());
    }

    [Fact]
    public async Task A_day_without_logged_in_visits_has_no_rows()
    {
        Assert.Empty(await Rows("day", "2026-10-14"));
    }
}
