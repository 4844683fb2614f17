using System.Globalization;
using System.Net;
using System.Text.Json;
using Makoto.Archiving;
using Microsoft.Extensions.DependencyInjection;

namespace Makoto.EndToEnd.Tests;

/// <summary>
/// Periods and invalidation over real HTTP. Visits on five days spanning a week and a month boundary
/// (Thursday 2026-09-24 to Friday 2026-10-02, UTC), then: every longer period equals the merge of its
/// days; a late hit into one past day changes that day, its week, month and year after re-archiving and
/// nothing else; the background archiver rebuilds an invalidated day without any request.
/// </summary>
public sealed class ArchivingTests : IAsyncLifetime
{
    private static readonly (string Day, int Visitor, string Language, int Pages)[] s_visits =
    [
        ("2026-09-24", 1, "de", 2),
        ("2026-09-24", 2, "fr", 1),
        ("2026-09-28", 1, "de", 3), // Monday: a new week
        ("2026-09-30", 3, "en", 1),
        ("2026-10-01", 1, "de", 1), // a new month
        ("2026-10-02", 4, "fr", 4),
    ];

    private TestServer _server = null!;
    private int _idSite;

    public async ValueTask InitializeAsync()
    {
        _server = await TestServer.StartAsync(null, "--Makoto:Archiving:BackgroundIntervalSeconds=0");
        _idSite = await _server.AddSiteAsync("Periods", "https://periods.example.org", extra: "&startDate=2026-01-01");
        foreach (var (day, visitor, language, pages) in s_visits)
        {
            await Visit(day, visitor, language, pages, hour: 10);
        }
    }

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    private async Task Visit(string day, int visitor, string language, int pages, int hour)
    {
        var start = DateTimeOffset.Parse(day, CultureInfo.InvariantCulture).AddHours(hour);
        for (var page = 0; page < pages; page++)
        {
            var status = await _server.TrackAsync(
                $"idsite={_idSite}&rec=1&_id={visitor:x16}&cip=10.7.0.{visitor}&token_auth={TestServer.Token}&cdt={start.AddMinutes(page).ToUnixTimeSeconds()}" +
                $"&url=https%3A%2F%2Fperiods.example.org%2Fp{page}&lang={language}");
            Assert.Equal(HttpStatusCode.OK, status);
        }
    }

    private Task<JsonElement> Summary(string period, string date) =>
        _server.ApiJsonAsync($"method=VisitsSummary.get&idSite={_idSite}&period={period}&date={date}");

    [Fact]
    public async Task Every_period_is_the_merge_of_its_days()
    {
        // Hand-computed from s_visits: week of 2026-09-21 has the 24th; week of the 28th has the 28th,
        // 30th, 1st and 2nd; September has the 24th, 28th, 30th; October the 1st and 2nd.
        var week1 = await Summary("week", "2026-09-24");
        Assert.Equal(2, week1.GetProperty("nb_visits").GetInt32());
        Assert.Equal(3, week1.GetProperty("nb_actions").GetInt32());

        var week2 = await Summary("week", "2026-09-28");
        Assert.Equal(4, week2.GetProperty("nb_visits").GetInt32());
        Assert.Equal(9, week2.GetProperty("nb_actions").GetInt32());
        Assert.Equal(3, week2.GetProperty("nb_uniq_visitors").GetInt32()); // visitors 1, 3, 4 (1 twice)
        Assert.Equal(4, week2.GetProperty("max_actions").GetInt32());

        var september = await Summary("month", "2026-09-01");
        Assert.Equal(4, september.GetProperty("nb_visits").GetInt32());
        Assert.Equal(3, september.GetProperty("nb_uniq_visitors").GetInt32()); // 1, 2, 3

        var year = await Summary("year", "2026-01-01");
        Assert.Equal(6, year.GetProperty("nb_visits").GetInt32());
        Assert.Equal(12, year.GetProperty("nb_actions").GetInt32());
        Assert.Equal(4, year.GetProperty("nb_uniq_visitors").GetInt32());
        Assert.Equal(3, year.GetProperty("bounce_count").GetInt32()); // the one-page visits: 2 on the 24th, 3 on the 30th, 1 on the 1st

        var range = await Summary("range", "2026-09-25,2026-10-01");
        Assert.Equal(3, range.GetProperty("nb_visits").GetInt32()); // 28th, 30th, 1st
        Assert.Equal(2, range.GetProperty("nb_uniq_visitors").GetInt32()); // 1 and 3

        // A table merges by label: German is visitor 1's two visits of that week (3 + 1 pages).
        var languages = await _server.ApiJsonAsync($"method=UserLanguage.getLanguage&idSite={_idSite}&period=week&date=2026-09-28&filter_limit=-1");
        var german = languages.EnumerateArray().Single(r => r.GetProperty("label").GetString() == "German");
        Assert.Equal(2, german.GetProperty("nb_visits").GetInt32());
        Assert.Equal(4, german.GetProperty("nb_actions").GetInt32());
        Assert.Equal(2, german.GetProperty("sum_daily_nb_uniq_visitors").GetInt32());
    }

    [Fact]
    public async Task A_late_hit_changes_its_day_week_month_and_year_and_nothing_else()
    {
        string[] affected = ["day/2026-09-30", "week/2026-09-30", "month/2026-09-01", "year/2026-01-01"];
        string[] untouched = ["day/2026-09-28", "day/2026-10-01", "week/2026-09-24", "month/2026-10-01"];
        var before = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var key in affected.Concat(untouched))
        {
            var (period, date) = (key.Split('/')[0], key.Split('/')[1]);
            before[key] = (await Summary(period, date)).GetProperty("nb_visits").GetInt32();
        }

        var archivesBefore = ArchiveIds();

        // Visitor 5 on Wednesday the 30th, sent now (a log import would do the same).
        await Visit("2026-09-30", 5, "it", 2, hour: 15);

        foreach (var key in affected)
        {
            var (period, date) = (key.Split('/')[0], key.Split('/')[1]);
            Assert.Equal(before[key] + 1, (await Summary(period, date)).GetProperty("nb_visits").GetInt32());
        }

        foreach (var key in untouched)
        {
            var (period, date) = (key.Split('/')[0], key.Split('/')[1]);
            Assert.Equal(before[key], (await Summary(period, date)).GetProperty("nb_visits").GetInt32());
        }

        // The untouched archives were read, not rebuilt: same archive ids as before.
        var archivesAfter = ArchiveIds();
        Assert.Equal(archivesBefore["1/2026-09-28"], archivesAfter["1/2026-09-28"]);
        Assert.Equal(archivesBefore["1/2026-10-01"], archivesAfter["1/2026-10-01"]);
        Assert.Equal(archivesBefore["3/2026-10-01"], archivesAfter["3/2026-10-01"]);
        Assert.NotEqual(archivesBefore["1/2026-09-30"], archivesAfter["1/2026-09-30"]);
    }

    [Fact]
    public async Task The_background_archiver_rebuilds_an_invalidated_day_by_itself()
    {
        Assert.Equal(2, (await Summary("day", "2026-09-24")).GetProperty("nb_visits").GetInt32());
        await Visit("2026-09-24", 6, "nl", 1, hour: 18);
        Assert.Equal(4d, DoneFlag("2026-09-24")); // invalidated, not rebuilt yet

        var refresher = _server.Services.GetRequiredService<ArchiveRefresher>();
        Assert.True(refresher.RunOnce() >= 4); // day, week, month, year of the 24th (and today's, none)
        Assert.Equal(1d, DoneFlag("2026-09-24"));
        Assert.Equal(3, (await Summary("day", "2026-09-24")).GetProperty("nb_visits").GetInt32());
    }

    private double? DoneFlag(string day) =>
        LogTables.Query(_server, $"SELECT value FROM archive_numeric_{day[..4]}_{day[5..7]} WHERE idsite = {_idSite} AND period = 1 AND date1 = '{day}' AND name = 'done' ORDER BY idarchive DESC LIMIT 1")
            .Select(r => Convert.ToDouble(r["value"], CultureInfo.InvariantCulture))
            .FirstOrDefault();

    private Dictionary<string, long> ArchiveIds()
    {
        var ids = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var table in new[] { "archive_numeric_2026_09", "archive_numeric_2026_10" })
        {
            foreach (var row in LogTables.Query(_server, $"SELECT period, date1, idarchive FROM {table} WHERE idsite = {_idSite} AND name = 'done' AND value = 1"))
            {
                ids[$"{row["period"]}/{row["date1"]}"] = Convert.ToInt64(row["idarchive"], CultureInfo.InvariantCulture);
            }
        }

        return ids;
    }
}
