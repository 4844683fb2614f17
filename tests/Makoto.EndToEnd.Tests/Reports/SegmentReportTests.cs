using System.Net;
using System.Text.Json;

namespace Makoto.EndToEnd.Tests.Reports;

/// <summary>
/// Segmented reports over HTTP, on four visits of one day worked out by hand:
/// V1 Firefox, Germany, from a search engine, pages /a /b /c;
/// V2 Chrome, France, direct, page /a;
/// V3 Firefox, Germany, from a website, pages /b /d and a "Video / Play" event;
/// V4 Chrome, Germany, direct, pages /c /c and a conversion of goal 1 worth 10.
/// Each segment is requested the first time it is used (no archiving run before). The day is three days ago, so
/// that the visits stay within the 60 days suggestions look back to.
/// </summary>
public sealed class SegmentReportTests : IAsyncLifetime
{
    private static readonly DateOnly s_day = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-3);
    private static readonly string s_date = Date(s_day);
    private const string Firefox = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Firefox/128.0";
    private const string Chrome = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36";

    private TestServer _server = null!;
    private int _idSite;

    public async ValueTask InitializeAsync()
    {
        _server = await TestServer.StartAsync();
        _idSite = await _server.AddSiteAsync("Shop", "https://shop.example.org");
        var goal = await _server.ApiJsonAsync(
            $"method=Goals.addGoal&idSite={_idSite}&name=Buy&matchAttribute=manually&pattern=buy&patternType=contains&revenue=10");
        Assert.Equal(1, goal.GetProperty("value").GetInt32());

        await Visit(1, Firefox, "de", "https://www.google.com/search?q=shoes", ["a", "b", "c"]);
        await Visit(2, Chrome, "fr", null, ["a"]);
        await Visit(3, Firefox, "de", "https://blog.example.com/post", ["b", "d"], withEvent: true);
        await Visit(4, Chrome, "de", null, ["c", "c"], convert: true);
    }

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    private async Task Visit(int visitor, string userAgent, string country, string? referrer, string[] pages, bool withEvent = false, bool convert = false, int hour = 0)
    {
        var start = new DateTimeOffset(s_day.ToDateTime(new TimeOnly(hour == 0 ? 8 + visitor : hour, 0)), TimeSpan.Zero);
        var common = $"idsite={_idSite}&rec=1&_id={visitor:x16}&cip=10.60.0.{visitor}&country={country}&token_auth={TestServer.Token}&ua={Uri.EscapeDataString(userAgent)}";
        var step = 0;
        foreach (var page in pages)
        {
            var cdt = start.AddMinutes(step).ToUnixTimeSeconds();
            var urlref = step == 0 && referrer is not null ? "&urlref=" + Uri.EscapeDataString(referrer) : "";
            Assert.Equal(HttpStatusCode.OK, await _server.TrackAsync($"{common}&cdt={cdt}&url=https%3A%2F%2Fshop.example.org%2F{page}{urlref}"));
            step++;
        }

        if (withEvent)
        {
            var cdt = start.AddMinutes(step++).ToUnixTimeSeconds();
            Assert.Equal(HttpStatusCode.OK, await _server.TrackAsync($"{common}&cdt={cdt}&e_c=Video&e_a=Play&url=https%3A%2F%2Fshop.example.org%2Fd"));
        }

        if (convert)
        {
            var cdt = start.AddMinutes(step).ToUnixTimeSeconds();
            Assert.Equal(HttpStatusCode.OK, await _server.TrackAsync($"{common}&cdt={cdt}&idgoal=1&revenue=10"));
        }
    }

    private static string Date(DateOnly day) => day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    private async Task<JsonElement> Summary(string segment, string period = "day", string? date = null) =>
        await _server.ApiJsonAsync(
            $"method=VisitsSummary.get&idSite={_idSite}&period={period}&date={date ?? s_date}&segment={Uri.EscapeDataString(segment)}");

    private static int Visits(JsonElement summary) =>
        summary.ValueKind == JsonValueKind.Array ? 0 : summary.GetProperty("nb_visits").GetInt32();

    [Fact]
    public async Task Visit_dimensions_select_visits()
    {
        // Device (browser), location, referrer, visit counters.
        var firefox = await Summary("browserCode==FF");
        Assert.Equal(2, Visits(firefox));
        Assert.Equal(6, firefox.GetProperty("nb_actions").GetInt32()); // 3 pages + 2 pages and an event

        Assert.Equal(3, Visits(await Summary("countryCode==DE")));
        Assert.Equal(1, Visits(await Summary("referrerType==search")));
        Assert.Equal(1, Visits(await Summary("referrerType==website")));
        Assert.Equal(2, Visits(await Summary("referrerType==direct")));
        Assert.Equal(2, Visits(await Summary("actions>=3")));
        Assert.Equal(1, Visits(await Summary("visitConverted==1")));
        Assert.Equal(3, Visits(await Summary("visitorType==new;countryCode!=fr")));
    }

    [Fact]
    public async Task And_binds_looser_than_or()
    {
        // (Chrome OR search) AND Germany: V1 (search) and V4 (Chrome); V2 is in France.
        Assert.Equal(2, Visits(await Summary("browserCode==CH,referrerType==search;countryCode==de")));
        Assert.Equal(1, Visits(await Summary("countryCode==de;browserCode==CH")));
    }

    [Fact]
    public async Task Action_dimensions_select_visits_with_a_matching_action()
    {
        // /c was seen by V1 and V4 (twice); their visits had 3 and 3 actions (V4: 2 pages and a goal hit, which is not an action).
        var page = await Summary("pageUrl==https://shop.example.org/c");
        Assert.Equal(2, Visits(page));
        Assert.Equal(5, page.GetProperty("nb_actions").GetInt32());

        Assert.Equal(3, Visits(await Summary("pageUrl=@shop.example.org/b,pageUrl=$/c")));
        Assert.Equal(1, Visits(await Summary("eventCategory==Video")));
        Assert.Equal(1, Visits(await Summary("eventAction=^Pl")));

        // != on an action segment: visits none of whose pages is /c.
        Assert.Equal(2, Visits(await Summary("pageUrl!=https://shop.example.org/c")));
    }

    [Fact]
    public async Task Action_reports_keep_only_the_matching_actions()
    {
        var pages = await _server.ApiJsonAsync(
            $"method=Actions.getPageUrls&idSite={_idSite}&period=day&date={s_date}&flat=1&segment={Uri.EscapeDataString("pageUrl==https://shop.example.org/c")}");
        var row = Assert.Single(pages.EnumerateArray());
        Assert.Equal(3, row.GetProperty("nb_hits").GetInt32());
        Assert.Equal(2, row.GetProperty("nb_visits").GetInt32());
    }

    [Fact]
    public async Task Conversion_dimensions_select_converting_visits()
    {
        var converted = await Summary("visitConvertedGoalId==1");
        Assert.Equal(1, Visits(converted));
        Assert.Equal(2, converted.GetProperty("nb_actions").GetInt32());
        Assert.Equal(0, Visits(await Summary("visitConvertedGoalId==2")));
    }

    [Fact]
    public async Task Longer_periods_merge_the_segmented_days()
    {
        Assert.Equal(2, Visits(await Summary("browserCode==FF", "week")));
        Assert.Equal(2, Visits(await Summary("browserCode==FF", "month")));
        Assert.Equal(2, Visits(await Summary("browserCode==FF", "range", Date(s_day.AddDays(-2)) + "," + Date(s_day.AddDays(2)))));
    }

    [Fact]
    public async Task Live_lists_only_the_segment_visits()
    {
        var visits = await _server.ApiJsonAsync(
            $"method=Live.getLastVisitsDetails&idSite={_idSite}&period=day&date={s_date}&segment={Uri.EscapeDataString("browserCode==CH")}");
        Assert.Equal(2, visits.GetArrayLength());
        foreach (var visit in visits.EnumerateArray())
        {
            Assert.Equal("CH", visit.GetProperty("browserCode").GetString());
        }
    }

    [Fact]
    public async Task Unknown_segments_and_bad_conditions_are_errors_that_name_them()
    {
        var unknown = await _server.ApiJsonAsync($"method=VisitsSummary.get&idSite={_idSite}&period=day&date={s_date}&segment=nope%3D%3D1");
        Assert.Equal("error", unknown.GetProperty("result").GetString());
        Assert.Contains("'nope'", unknown.GetProperty("message").GetString(), StringComparison.Ordinal);

        var bad = await _server.ApiJsonAsync($"method=VisitsSummary.get&idSite={_idSite}&period=day&date={s_date}&segment=browserCode");
        Assert.Equal("error", bad.GetProperty("result").GetString());
        Assert.Contains("browserCode", bad.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Suggested_values_are_the_most_frequent_ones_or_the_enumeration()
    {
        // Two visits each: ties in value order.
        Assert.Equal(["CH", "FF"], await Suggested("browserCode"));
        Assert.Equal(["de", "fr"], await Suggested("countryCode"));
        Assert.Contains("search", await Suggested("referrerType"));

        // /c was viewed three times, /a and /b twice, /d once.
        var pages = await Suggested("pageUrl");
        Assert.Equal(4, pages.Count);
        Assert.EndsWith("/c", pages[0], StringComparison.Ordinal);
        Assert.EndsWith("/d", pages[3], StringComparison.Ordinal);
    }

    /// <summary>The suggestions as JSON texts: numbers bare, strings quoted.</summary>
    private async Task<string> SuggestedJson(string name) =>
        string.Join(",", (await _server.ApiJsonAsync($"method=API.getSuggestedValuesForSegment&idSite={_idSite}&segmentName={name}"))
            .EnumerateArray().Select(v => v.GetRawText()));

    private static string Quoted(params string[] values) => string.Join(",", values.Select(v => "\"" + v + "\""));

    private static string NumbersFrom(int first, int last) => string.Join(",", Enumerable.Range(first, last - first + 1));

    [Fact]
    public async Task Suggested_values_of_enumerations_and_date_parts_are_Matomos_lists()
    {
        // Enumerations: the names of getEnumColumnValues() in its order (VisitorReturning, ReferrerType, Actions'
        // addActionTypes, VisitGoalBuyer, the device detector's device types), whatever the data.
        Assert.Equal(Quoted("returningCustomer", "returning", "new"), await SuggestedJson("visitorType"));
        Assert.Equal(Quoted("direct", "website", "search", "social", "campaign"), await SuggestedJson("referrerType"));
        Assert.Equal(Quoted("pageviews", "contents", "sitesearches", "events", "outlinks", "downloads"), await SuggestedJson("actionType"));
        Assert.Equal(Quoted("none", "ordered", "abandonedCart", "orderedThenAbandonedCart"), await SuggestedJson("visitEcommerceStatus"));
        Assert.Equal(
            Quoted("desktop", "smartphone", "tablet", "feature phone", "console", "tv", "car browser", "smart display", "camera",
                "portable media player", "phablet", "smart speaker", "wearable", "peripheral"),
            await SuggestedJson("deviceType"));
        Assert.Equal(Quoted("0", "1"), await SuggestedJson("profilable"));

        // Date parts: range(first, min(last, 30)) as numbers, 30 being the most suggestions Matomo returns.
        Assert.Equal(NumbersFrom(0, 23), await SuggestedJson("visitStartServerHour"));
        Assert.Equal(NumbersFrom(0, 23), await SuggestedJson("actionServerHour"));
        Assert.Equal(NumbersFrom(0, 30), await SuggestedJson("visitEndServerMinute"));
        Assert.Equal(NumbersFrom(0, 30), await SuggestedJson("visitEndServerSecond"));
        Assert.Equal(NumbersFrom(1, 7), await SuggestedJson("visitEndServerDayOfWeek"));
        Assert.Equal(NumbersFrom(0, 30), await SuggestedJson("visitEndServerDayOfMonth"));
        Assert.Equal(NumbersFrom(1, 30), await SuggestedJson("visitEndServerDayOfYear"));
        Assert.Equal(NumbersFrom(1, 12), await SuggestedJson("visitEndServerMonth"));
        Assert.Equal(NumbersFrom(1, 4), await SuggestedJson("visitEndServerQuarter"));
        Assert.Equal(NumbersFrom(2016, 2046), await SuggestedJson("visitEndServerYear"));
        Assert.Equal(NumbersFrom(1, 30), await SuggestedJson("visitLocalMinute"));

        // The date: today (UTC) and the 30 days before it.
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var dates = (await SuggestedJson("visitEndServerDate")).Split(',');
        Assert.Equal(31, dates.Length);
        Assert.Contains(dates[0], new[] { today, today.AddDays(-1) }.Select(d => "\"" + d.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) + "\""));
        Assert.Equal(
            "\"" + DateOnly.ParseExact(dates[0].Trim('"'), "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture).AddDays(-30).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) + "\"",
            dates[30]);
    }

    [Fact]
    public async Task Suggested_values_read_from_the_visits_are_counted_as_Matomo_counts_them()
    {
        // Continents have no fixed list in Matomo: those of the visits, here Germany and France.
        Assert.Equal(Quoted("eur"), await SuggestedJson("continentCode"));

        // visitConverted is not an enumeration: 0 (V1, V2, V3) before 1 (V4), as numbers like every whole value.
        Assert.Equal("0,1", await SuggestedJson("visitConverted"));

        // Actions per visit: 3 twice (V1's pages, V3's pages and event), then 1 (V2) and 2 (V4) once each, in text order.
        Assert.Equal("3,1,2", await SuggestedJson("actions"));
    }

    [Fact]
    public async Task Hours_suggest_those_of_the_visits()
    {
        // The visits ended at 9:02, 10:00, 11:02 and 12:02 (UTC, the site's and the trackers' time: no h/m/s sent), one
        // each: ties in text order, as Matomo counts hours read from its visitor log ("10" before "9").
        Assert.Equal("10,11,12,9", await SuggestedJson("visitServerHour"));
        Assert.Equal("10,11,12,9", await SuggestedJson("visitLocalHour"));
    }

    [Fact]
    public async Task Browser_system_and_country_names_list_every_known_name_the_used_ones_first()
    {
        // Matomo's sortStaticListByUsage: every name of the device detector's (or the country) list, by number of
        // visits, ties by name from Z to A, 30 at most.
        var browsers = await Suggested("browserName");
        Assert.Equal(30, browsers.Count);
        Assert.Equal(["Firefox", "Chrome"], browsers[..2]); // two visits each
        for (var i = 3; i < browsers.Count; i++)
        {
            Assert.True(string.CompareOrdinal(browsers[i - 1], browsers[i]) >= 0, $"{browsers[i - 1]} before {browsers[i]}");
        }

        Assert.DoesNotContain("Chrome", browsers[2..]);

        var systems = await Suggested("operatingSystemName");
        Assert.Equal(30, systems.Count);
        Assert.Equal("Windows", systems[0]); // all four visits

        // Germany 3 visits, France 1, then the other countries from Z to A, "Åland Islands" first (Å after Z).
        var countries = await Suggested("countryName");
        Assert.Equal(30, countries.Count);
        Assert.Equal(["Germany", "France", "Åland Islands", "Zimbabwe", "Zambia"], countries[..5]);
    }

    private async Task<List<string>> Suggested(string name) =>
        [.. (await _server.ApiJsonAsync($"method=API.getSuggestedValuesForSegment&idSite={_idSite}&segmentName={name}"))
            .EnumerateArray().Select(v => v.GetString()!)];

    [Fact]
    public async Task Injection_attempts_are_data()
    {
        Assert.Equal(0, Visits(await Summary("browserCode==FF' OR '1'='1")));
        Assert.Equal(0, Visits(await Summary("referrerName==x\") OR 1=1 --")));
        Assert.Equal(0, Visits(await Summary("pageUrl==x'%3B DROP TABLE log_visit%3B --")));
        Assert.Equal(0, Visits(await Summary("pageUrl=@%' OR 1=1 --")));

        // The value "1 OR 1=1" of a number segment is read as MySQL reads a number: 1, which all four visits reach.
        Assert.Equal(4, Visits(await Summary("actions>=1 OR 1=1")));

        var name = await Summary("browserCode) OR (1=1==FF");
        Assert.Equal("error", name.GetProperty("result").GetString());

        // The tables are intact and the unsegmented report unchanged.
        Assert.Equal(4, Visits(await _server.ApiJsonAsync($"method=VisitsSummary.get&idSite={_idSite}&period=day&date={s_date}")));
    }

    [Fact]
    public async Task A_late_hit_invalidates_the_segment_archive_of_its_day()
    {
        var site = await _server.AddSiteAsync("Late", "https://late.example.org");
        async Task Hit(int visitor, string page)
        {
            var cdt = new DateTimeOffset(2026, 10, 5, 9 + visitor, 0, 0, TimeSpan.Zero).ToUnixTimeSeconds();
            var query = $"idsite={site}&rec=1&_id={visitor:x16}&cip=10.61.0.{visitor}&token_auth={TestServer.Token}&ua={Uri.EscapeDataString(Firefox)}&cdt={cdt}&url=https%3A%2F%2Flate.example.org%2F{page}";
            Assert.Equal(HttpStatusCode.OK, await _server.TrackAsync(query));
        }

        async Task<int> Count(string period) => Visits(await _server.ApiJsonAsync(
            $"method=VisitsSummary.get&idSite={site}&period={period}&date=2026-10-05&segment={Uri.EscapeDataString("browserCode==FF")}"));

        await Hit(1, "x");
        Assert.Equal(1, await Count("day"));
        Assert.Equal(1, await Count("month"));

        await Hit(2, "y");
        Assert.Equal(2, await Count("day"));
        Assert.Equal(2, await Count("month"));
    }
}
