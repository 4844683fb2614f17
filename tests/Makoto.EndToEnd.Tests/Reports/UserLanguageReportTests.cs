using System.Net;
using System.Text.Json;

namespace Makoto.EndToEnd.Tests.Reports;

/// <summary>
/// UserLanguage reports over HTTP: five visits on one day — two German from Germany (one of two pages),
/// one German from Austria, one French, one without a usable language — then the two reports against
/// counts worked out by hand.
/// </summary>
public sealed class UserLanguageReportTests : IAsyncLifetime
{
    private const string Day = "2026-10-12";
    private TestServer _server = null!;
    private int _idSite;

    public async ValueTask InitializeAsync()
    {
        _server = await TestServer.StartAsync();
        _idSite = await _server.AddSiteAsync("Languages", "https://lang.example.org", extra: "&startDate=2026-01-01");
        await Visit(1, "de-DE,de;q=0.9,en;q=0.5", pages: 2);
        await Visit(2, "de-de", pages: 1);
        await Visit(3, "de-AT,de;q=0.9", pages: 3);
        await Visit(4, "fr-FR,fr;q=0.9", pages: 1);
        await Visit(5, "*", pages: 1);
    }

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    private async Task Visit(int visitor, string language, int pages)
    {
        var start = new DateTimeOffset(2026, 10, 12, 8 + visitor, 0, 0, TimeSpan.Zero);
        for (var page = 0; page < pages; page++)
        {
            var cdt = start.AddMinutes(page).ToUnixTimeSeconds();
            var status = await _server.TrackAsync(
                $"idsite={_idSite}&rec=1&_id={visitor:x16}&cip=10.9.0.{visitor}&token_auth={TestServer.Token}&cdt={cdt}" +
                $"&url=https%3A%2F%2Flang.example.org%2Fp{page}&lang={Uri.EscapeDataString(language)}");
            Assert.Equal(HttpStatusCode.OK, status);
        }
    }

    private async Task<Dictionary<string, JsonElement>> Rows(string method)
    {
        var rows = await _server.ApiJsonAsync($"method=UserLanguage.{method}&idSite={_idSite}&period=day&date={Day}&filter_limit=-1");
        return rows.EnumerateArray().ToDictionary(r => r.GetProperty("label").GetString()!);
    }

    [Fact]
    public async Task Languages_sum_their_codes()
    {
        var rows = await Rows("getLanguage");
        Assert.Equal(["French", "German", "Unknown"], rows.Keys.Order(StringComparer.Ordinal));

        // German: three visits from two stored codes (de-de twice, de-at once): summed, so numbers.
        var german = rows["German"];
        Assert.Equal(3, german.GetProperty("nb_visits").GetInt32());
        Assert.Equal(6, german.GetProperty("nb_actions").GetInt32());
        Assert.Equal(1, german.GetProperty("bounce_count").GetInt32());
        Assert.Equal("languageCode==de,languageCode=@de-", german.GetProperty("segment").GetString());

        // French: one stored code, so Matomo's SQL types (sums as text, counts as numbers).
        var french = rows["French"];
        Assert.Equal(JsonValueKind.Number, french.GetProperty("nb_visits").ValueKind);
        Assert.Equal("1", french.GetProperty("nb_actions").GetString());
        Assert.Equal("1", french.GetProperty("bounce_count").GetString());

        Assert.Equal(1, rows["Unknown"].GetProperty("nb_visits").GetInt32());
    }

    [Fact]
    public async Task Language_codes_keep_the_region_unless_it_repeats_the_language()
    {
        var rows = await Rows("getLanguageCode");
        Assert.Equal(["French (fr)", "German (de)", "German - Austria (de-at)", "Unknown (xx)"], rows.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(2, rows["German (de)"].GetProperty("nb_visits").GetInt32());
        Assert.Equal("3", rows["German - Austria (de-at)"].GetProperty("nb_actions").GetString());
        Assert.Equal("languageCode==de-at", rows["German - Austria (de-at)"].GetProperty("segment").GetString());
    }

    [Fact]
    public async Task A_week_sums_the_days_into_numbers()
    {
        var rows = await _server.ApiJsonAsync($"method=UserLanguage.getLanguageCode&idSite={_idSite}&period=week&date={Day}&filter_limit=-1");
        var austria = rows.EnumerateArray().Single(r => r.GetProperty("label").GetString() == "German - Austria (de-at)");
        Assert.Equal(3, austria.GetProperty("nb_actions").GetInt32());
        Assert.Equal(1, austria.GetProperty("sum_daily_nb_uniq_visitors").GetInt32());
        Assert.False(austria.TryGetProperty("nb_uniq_visitors", out _));
    }
}
