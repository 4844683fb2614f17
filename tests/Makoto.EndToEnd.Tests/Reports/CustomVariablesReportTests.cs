using System.Net;
using System.Text.Json;

namespace Makoto.EndToEnd.Tests.Reports;

/// <summary>
/// The optional CustomVariables plugin. Off (the default, as in Matomo 5): <c>_cvar</c>/<c>cvar</c> are
/// ignored and the API answers that the plugin is not enabled. On (<c>Makoto:Plugins:Enabled</c>): one
/// day, visitor 1 views two pages as visit variable Type=Member (page variables Section=News, then Sport)
/// and converts the manual goal (revenue 5); visitor 2 views one page as Type=Guest with an empty visit
/// variable "Empty" and page variable Section=News; visitor 3 sends a 210-character value and two invalid
/// slots. Expected rows worked out by hand from the plugin's rules.
/// </summary>
public sealed class CustomVariablesReportTests
{
    private const string Day = "2026-10-12";

    private static readonly string s_longValue = new('x', 210);

    [Fact]
    public async Task Off_by_default_the_api_says_the_plugin_is_not_enabled_and_nothing_is_stored()
    {
        await using var server = await TestServer.StartAsync();
        var idSite = await Track(server);

        var error = await server.ApiJsonAsync($"method=CustomVariables.getCustomVariables&idSite={idSite}&period=day&date={Day}");
        Assert.Equal("error", error.GetProperty("result").GetString());
        Assert.Equal(
            "The plugin CustomVariables is not enabled. You can activate the plugin on Settings &gt; Plugins page in Matomo.",
            error.GetProperty("message").GetString());
        Assert.Equal(0L, LogTables.Scalar(server, "SELECT COUNT(*) FROM log_visit WHERE custom_var_k1 IS NOT NULL"));
        Assert.Equal(0L, LogTables.Scalar(server, "SELECT COUNT(*) FROM log_link_visit_action WHERE custom_var_k2 IS NOT NULL"));
    }

    [Fact]
    public async Task On_the_variables_are_stored_in_visits_actions_and_conversions()
    {
        await using var server = await TestServer.StartAsync(extraArgs: "--Makoto:Plugins:Enabled:0=CustomVariables");
        await Track(server);

        var visits = LogTables.Query(server, "SELECT custom_var_k1, custom_var_v1, custom_var_k2, custom_var_v2, custom_var_k3, custom_var_v3, custom_var_k4 FROM log_visit ORDER BY idvisit");
        Assert.Equal(["Type", "Type", null], visits.Select(v => v["custom_var_k1"]));
        Assert.Equal(["Member", "Guest", null], visits.Select(v => v["custom_var_v1"]));
        Assert.Equal("", visits[1]["custom_var_v2"]);
        Assert.Equal(new string('x', 200), visits[2]["custom_var_v3"]); // cut to 200 characters
        Assert.Null(visits[2]["custom_var_k4"]); // a boolean value is not a valid slot

        var actions = LogTables.Query(server, "SELECT custom_var_k2, custom_var_v2 FROM log_link_visit_action ORDER BY idlink_va");
        Assert.Equal(["News", "Sport", "News", null], actions.Select(a => a["custom_var_v2"]));

        var conversion = Assert.Single(LogTables.Query(server, "SELECT custom_var_k1, custom_var_v1 FROM log_conversion"));
        Assert.Equal("Member", conversion["custom_var_v1"]);
    }

    [Fact]
    public async Task On_the_report_lists_names_with_their_values()
    {
        await using var server = await TestServer.StartAsync(extraArgs: "--Makoto:Plugins:Enabled:0=CustomVariables");
        var idSite = await Track(server);

        var result = await server.ApiJsonAsync($"method=CustomVariables.getCustomVariables&idSite={idSite}&period=day&date={Day}&filter_limit=-1");
        var rows = result.EnumerateArray().ToDictionary(r => r.GetProperty("label").GetString()!);
        Assert.Equal(["Empty", "Long", "Section", "Type"], rows.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("Type", result[0].GetProperty("label").GetString()); // most visits first
        Assert.Equal("Section", result[3].GetProperty("label").GetString()); // page scope: no visits

        // Type: two groups (Guest, Member) summed into numbers; visitor 1 converted goal 1.
        var type = rows["Type"];
        Assert.Equal(2, type.GetProperty("nb_visits").GetInt32());
        Assert.Equal(3, type.GetProperty("nb_actions").GetInt32());
        Assert.Equal(2, type.GetProperty("max_actions").GetInt32());
        Assert.Equal(1, type.GetProperty("bounce_count").GetInt32());
        Assert.Equal(1, type.GetProperty("nb_visits_converted").GetInt32());
        Assert.False(type.TryGetProperty("nb_uniq_visitors", out _));
        Assert.Equal(1, type.GetProperty("goals").GetProperty("idgoal=1").GetProperty("nb_conversions").GetInt32());
        Assert.Equal(1, type.GetProperty("nb_conversions").GetInt32());
        Assert.Equal(5, type.GetProperty("revenue").GetDouble());
        Assert.Equal(1.5, type.GetProperty("nb_actions_per_visit").GetDouble());
        Assert.Equal("50%", type.GetProperty("bounce_rate").GetString());
        Assert.Equal("50%", type.GetProperty("conversion_rate").GetString());
        var slot = Assert.Single(type.GetProperty("slots").EnumerateArray());
        Assert.Equal("visit", slot.GetProperty("scope").GetString());
        Assert.Equal(1, slot.GetProperty("index").GetInt32());
        Assert.Equal("customVariableName==Type", type.GetProperty("segment").GetString());

        // Section: page scope only, so Matomo keeps only its actions.
        var section = rows["Section"];
        Assert.Equal(3, section.GetProperty("nb_actions").GetInt32());
        Assert.False(section.TryGetProperty("nb_visits", out _));
        Assert.Equal("page", section.GetProperty("slots")[0].GetProperty("scope").GetString());
        Assert.Equal("0%", section.GetProperty("conversion_rate").GetString());

        // Values of one name: one SQL group each, so sums stay decimal texts; per page scope the visits count.
        var values = await Values(server, idSite, type);
        Assert.Equal(["Guest", "Member"], values.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("2", values["Member"].GetProperty("nb_actions").GetString());
        Assert.Equal(1, values["Member"].GetProperty("goals").GetProperty("idgoal=1").GetProperty("nb_conversions").GetInt32());
        var sections = await Values(server, idSite, section);
        Assert.Equal(2, sections["News"].GetProperty("nb_visits").GetInt32());
        Assert.Equal(1, sections["Sport"].GetProperty("nb_actions").GetInt32());

        var empty = await Values(server, idSite, rows["Empty"]);
        Assert.Equal("Custom Variable value not defined", Assert.Single(empty).Key);
        Assert.Equal(new string('x', 200), Assert.Single(await Values(server, idSite, rows["Long"])).Key);

        var expanded = await server.ApiJsonAsync($"method=CustomVariables.getCustomVariables&idSite={idSite}&period=day&date={Day}&expanded=1&filter_limit=-1");
        var emptyRow = expanded.EnumerateArray().Single(r => r.GetProperty("label").GetString() == "Empty");
        Assert.Equal("Value not defined", emptyRow.GetProperty("subtable")[0].GetProperty("label").GetString());
    }

    [Fact]
    public async Task On_a_week_merges_the_days_and_keeps_the_slots()
    {
        await using var server = await TestServer.StartAsync(extraArgs: "--Makoto:Plugins:Enabled:0=CustomVariables");
        var idSite = await Track(server);

        var result = await server.ApiJsonAsync($"method=CustomVariables.getCustomVariables&idSite={idSite}&period=week&date={Day}&filter_limit=-1");
        var rows = result.EnumerateArray().ToDictionary(r => r.GetProperty("label").GetString()!);
        Assert.Equal(2, rows["Type"].GetProperty("nb_visits").GetInt32());
        Assert.Equal(2, rows["Type"].GetProperty("sum_daily_nb_uniq_visitors").GetInt32());
        Assert.Equal(2, rows["Section"].GetProperty("slots")[0].GetProperty("index").GetInt32());
        Assert.Equal(3, rows["Section"].GetProperty("nb_actions").GetInt32());
    }

    private static async Task<Dictionary<string, JsonElement>> Values(TestServer server, int idSite, JsonElement row)
    {
        var values = await server.ApiJsonAsync(
            $"method=CustomVariables.getCustomVariablesValuesFromNameId&idSite={idSite}&period=day&date={Day}&idSubtable={row.GetProperty("idsubdatatable").GetInt32()}&filter_limit=-1");
        return values.EnumerateArray().ToDictionary(r => r.GetProperty("label").GetString()!);
    }

    private static async Task<int> Track(TestServer server)
    {
        var idSite = await server.AddSiteAsync("Variables", "https://cvar.example.org");
        await server.ApiJsonAsync($"method=Goals.addGoal&idSite={idSite}&name=Signup&matchAttribute=manually&pattern=manually&patternType=contains&revenue=5");
        await Hit(server, idSite, 1, 0, """url=/a&_cvar={"1":["Type","Member"]}&cvar={"2":["Section","News"]}""");
        await Hit(server, idSite, 1, 60, """url=/b&cvar={"2":["Section","Sport"]}""");
        await Hit(server, idSite, 1, 120, "idgoal=1");
        await Hit(server, idSite, 2, 0, """url=/a&_cvar={"1":["Type","Guest"],"2":["Empty",""]}&cvar={"2":["Section","News"]}""");
        await Hit(server, idSite, 3, 0, "url=/c&_cvar=" + JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["6"] = new[] { "Too", "far" },
            ["3"] = new[] { "Long", s_longValue },
            ["4"] = new object[] { "Bad", true },
        }));
        return idSite;
    }

    private static async Task Hit(TestServer server, int idSite, int visitor, int seconds, string query)
    {
        var cdt = new DateTimeOffset(2026, 10, 12, 9 + visitor, 0, 0, TimeSpan.Zero).AddSeconds(seconds).ToUnixTimeSeconds();
        var parameters = string.Join('&', query.Split('&').Select(part =>
        {
            var eq = part.IndexOf('=', StringComparison.Ordinal);
            var value = part[(eq + 1)..];
            return part[..eq] + "=" + Uri.EscapeDataString(value.StartsWith('/') ? "https://cvar.example.org" + value : value);
        }));
        var status = await server.TrackAsync(
            $"idsite={idSite}&rec=1&_id={visitor:x16}&cip=10.4.0.{visitor}&token_auth={TestServer.Token}&cdt={cdt}&{parameters}");
        Assert.Equal(HttpStatusCode.OK, status);
    }
}
