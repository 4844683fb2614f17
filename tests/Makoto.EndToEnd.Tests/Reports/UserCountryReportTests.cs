using System.Net;
using System.Text.Json;

namespace Makoto.EndToEnd.Tests.Reports;

/// <summary>
/// UserCountry reports over HTTP: six visits on one day, located by authenticated overrides or by
/// language — two in Munich, Bavaria (2 pages with a goal worth 5, and 1 page; slightly different
/// coordinates), one in Berlin without coordinates, one in France without region, one guessed in Austria
/// from <c>de-at</c>, one unknown — against counts worked out by hand.
/// </summary>
public sealed class UserCountryReportTests : IAsyncLifetime
{
    private const string Day = "2026-10-12";

    private TestServer _server = null!;
    private int _idSite;

    public async ValueTask InitializeAsync()
    {
        _server = await TestServer.StartAsync();
        _idSite = await _server.AddSiteAsync("Places", "https://places.example.org");
        var goal = await _server.ApiJsonAsync(
            $"method=Goals.addGoal&idSite={_idSite}&name=Signup&matchAttribute=manually&pattern=signup&patternType=contains&revenue=5");
        Assert.Equal(1, goal.GetProperty("value").GetInt32());

        await Visit(1, "&country=de&region=BY&city=Munich&lat=48.1374&long=11.5755", pages: 2, convert: true);
        await Visit(2, "&country=de&region=BY&city=Munich&lat=48.1371&long=11.5751", pages: 1);
        await Visit(3, "&country=de&region=BE&city=Berlin", pages: 1);
        await Visit(4, "&country=fr", pages: 1);
        await Visit(5, "&lang=de-at", pages: 1);
        await Visit(6, "", pages: 1);
    }

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    private async Task Visit(int visitor, string location, int pages, bool convert = false)
    {
        var start = new DateTimeOffset(2026, 10, 12, 8 + visitor, 0, 0, TimeSpan.Zero);
        var common = $"idsite={_idSite}&rec=1&_id={visitor:x16}&cip=10.50.0.{visitor}&token_auth={TestServer.Token}{location}";
        for (var page = 0; page < pages; page++)
        {
            var cdt = start.AddMinutes(page).ToUnixTimeSeconds();
            Assert.Equal(HttpStatusCode.OK, await _server.TrackAsync($"{common}&cdt={cdt}&url=https%3A%2F%2Fplaces.example.org%2Fp{page}"));
        }

        if (convert)
        {
            var cdt = start.AddMinutes(pages).ToUnixTimeSeconds();
            Assert.Equal(HttpStatusCode.OK, await _server.TrackAsync($"{common}&cdt={cdt}&idgoal=1&revenue=5"));
        }
    }

    private async Task<Dictionary<string, JsonElement>> Rows(string method, string period = "day")
    {
        var rows = await _server.ApiJsonAsync($"method=UserCountry.{method}&idSite={_idSite}&period={period}&date={Day}&filter_limit=-1");
        return rows.EnumerateArray().ToDictionary(r => r.GetProperty("label").GetString()!);
    }

    [Fact]
    public async Task Countries_have_codes_flags_segments_and_goals()
    {
        var rows = await Rows("getCountry");
        Assert.Equal(["Austria", "France", "Germany", "Unknown"], rows.Keys.Order(StringComparer.Ordinal));

        // Munich and Berlin are two SQL groups of Germany: summed into numbers (2 + 1 + 1 pages).
        var germany = rows["Germany"];
        Assert.Equal(3, germany.GetProperty("nb_visits").GetInt32());
        Assert.Equal(JsonValueKind.Number, germany.GetProperty("nb_actions").ValueKind);
        Assert.Equal(4, germany.GetProperty("nb_actions").GetInt32());
        Assert.Equal("de", germany.GetProperty("code").GetString());
        Assert.Equal("plugins/Morpheus/icons/dist/flags/de.png", germany.GetProperty("logo").GetString());
        Assert.Equal("countryCode==de", germany.GetProperty("segment").GetString());
        Assert.Equal(16, germany.GetProperty("logoHeight").GetInt32());
        Assert.Equal(1, germany.GetProperty("goals").GetProperty("idgoal=1").GetProperty("nb_conversions").GetInt32());
        Assert.Equal(5, germany.GetProperty("revenue").GetDouble());

        // One group each: MySQL's types.
        Assert.Equal("1", rows["France"].GetProperty("nb_actions").GetString());
        Assert.Equal("at", rows["Austria"].GetProperty("code").GetString());
        var unknown = rows["Unknown"];
        Assert.Equal("xx", unknown.GetProperty("code").GetString());
        Assert.Equal("plugins/Morpheus/icons/dist/flags/xx.png", unknown.GetProperty("logo").GetString());
        Assert.Equal("countryCode==xx", unknown.GetProperty("segment").GetString());
    }

    [Fact]
    public async Task Continents_group_the_countries()
    {
        var rows = await Rows("getContinent");
        Assert.Equal(["Europe", "Unknown"], rows.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(5, rows["Europe"].GetProperty("nb_visits").GetInt32());
        Assert.Equal(1, rows["Unknown"].GetProperty("nb_visits").GetInt32());
        Assert.Equal(5, rows["Europe"].GetProperty("revenue").GetDouble());
    }

    [Fact]
    public async Task Regions_are_named_with_their_country()
    {
        var rows = await Rows("getRegion");
        Assert.Equal(["Bayern, Germany", "Berlin, Germany", "Unknown"], rows.Keys.Order(StringComparer.Ordinal));

        // Both Munich visits are one SQL group: MySQL's types.
        var bavaria = rows["Bayern, Germany"];
        Assert.Equal(2, bavaria.GetProperty("nb_visits").GetInt32());
        Assert.Equal("3", bavaria.GetProperty("nb_actions").GetString());
        Assert.Equal("regionCode==BY;countryCode==de", bavaria.GetProperty("segment").GetString());
        Assert.Equal("BY", bavaria.GetProperty("region").GetString());
        Assert.Equal("de", bavaria.GetProperty("country").GetString());
        Assert.Equal("Germany", bavaria.GetProperty("country_name").GetString());
        Assert.Equal("Bayern", bavaria.GetProperty("region_name").GetString());
        Assert.Equal("plugins/Morpheus/icons/dist/flags/de.png", bavaria.GetProperty("logo").GetString());

        // France, Austria and the unknown visit have no region: three groups under the empty label.
        var unknown = rows["Unknown"];
        Assert.Equal(3, unknown.GetProperty("nb_visits").GetInt32());
        Assert.Equal("xx", unknown.GetProperty("region").GetString());
        Assert.Equal("xx", unknown.GetProperty("country").GetString());
        Assert.False(unknown.TryGetProperty("segment", out _));
    }

    [Fact]
    public async Task Cities_carry_coordinates_and_their_region()
    {
        var rows = await Rows("getCity");
        Assert.Equal(["Berlin, Berlin, Germany", "Munich, Bayern, Germany", "Unknown"], rows.Keys.Order(StringComparer.Ordinal));

        // The larger latitude and longitude of the group, rounded to three decimals.
        var munich = rows["Munich, Bayern, Germany"];
        Assert.Equal(48.137, munich.GetProperty("lat").GetDouble());
        Assert.Equal(11.576, munich.GetProperty("long").GetDouble());
        Assert.Equal("city==Munich;regionCode==BY;countryCode==de", munich.GetProperty("segment").GetString());
        Assert.Equal("Munich", munich.GetProperty("city_name").GetString());
        Assert.Equal("Bayern", munich.GetProperty("region_name").GetString());
        Assert.Equal(1, munich.GetProperty("nb_conversions").GetInt32());

        Assert.False(rows["Berlin, Berlin, Germany"].TryGetProperty("lat", out _));
        var unknown = rows["Unknown"];
        Assert.Equal("xx", unknown.GetProperty("city").GetString());
        Assert.Equal("Unknown", unknown.GetProperty("city_name").GetString());
    }

    [Fact]
    public async Task Distinct_countries_are_counted_for_days_and_weeks()
    {
        foreach (var period in new[] { "day", "week", "month" })
        {
            var result = await _server.ApiJsonAsync($"method=UserCountry.getNumberOfDistinctCountries&idSite={_idSite}&period={period}&date={Day}");
            Assert.Equal(4, result.GetProperty("value").GetInt32());
        }
    }

    [Fact]
    public async Task A_week_sums_the_day_into_numbers()
    {
        var rows = await Rows("getRegion", "week");
        var bavaria = rows["Bayern, Germany"];
        Assert.Equal(3, bavaria.GetProperty("nb_actions").GetInt32());
        Assert.Equal(2, bavaria.GetProperty("sum_daily_nb_uniq_visitors").GetInt32());
        Assert.Equal(5, bavaria.GetProperty("revenue").GetDouble());
    }

    [Fact]
    public async Task Country_code_mapping_names_every_country()
    {
        var mapping = await _server.ApiJsonAsync("method=UserCountry.getCountryCodeMapping");
        Assert.Equal("Germany", mapping.GetProperty("de").GetString());
        Assert.Equal("Austria", mapping.GetProperty("at").GetString());
        Assert.False(mapping.TryGetProperty("xx", out _));
        Assert.True(mapping.EnumerateObject().Count() > 240);
    }

    [Fact]
    public async Task Location_from_ip_without_a_database_guesses_from_the_callers_language()
    {
        using var request = new HttpRequestMessage(
            HttpMethod.Get, $"/index.php?module=API&format=json&token_auth={TestServer.Token}&method=UserCountry.getLocationFromIP&ip=203.0.113.9");
        request.Headers.Add("Accept-Language", "de-AT,de;q=0.9");
        using var response = await _server.Http.SendAsync(request);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(
            ["country_code=at", "continent_code=eur", "continent_name=Europe", "country_name=Austria", "ip=203.0.113.9"],
            json.RootElement.EnumerateObject().Select(p => p.Name + "=" + p.Value.GetString()));

        var unknown = await _server.ApiJsonAsync("method=UserCountry.getLocationFromIP&ip=203.0.113.9");
        Assert.Equal("xx", unknown.GetProperty("country_code").GetString());
        Assert.Equal("unk", unknown.GetProperty("continent_code").GetString());
        Assert.Equal("Unknown", unknown.GetProperty("country_name").GetString());
    }

    [Theory]
    [InlineData("geoip2php", "Cannot find the 'geoip2php' provider. It is either an invalid provider ID or the ID of a provider that is not working.")]
    [InlineData("disabled", "Could not geolocate '203.0.113.9'!")]
    public async Task Location_from_ip_explains_providers_that_cannot_answer(string provider, string message)
    {
        var result = await _server.ApiJsonAsync($"method=UserCountry.getLocationFromIP&ip=203.0.113.9&provider={provider}");
        Assert.Equal("error", result.GetProperty("result").GetString());
        Assert.Equal(message, result.GetProperty("message").GetString());
    }
}
