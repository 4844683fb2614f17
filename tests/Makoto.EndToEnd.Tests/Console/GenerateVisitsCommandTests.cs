using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Makoto.Tests.Shared;
using Microsoft.Data.Sqlite;

namespace Makoto.EndToEnd.Tests.Console;

/// <summary>
/// <c>makoto generate-visits</c> into an ecommerce site with a manually triggered goal, three days: the reports
/// the server then builds from the store count exactly what the command says it generated (visits, actions by
/// kind, goal conversions, orders and revenue), the data is varied (every referrer type, several countries and
/// browsers), and the same seed generates the same visits again.
/// </summary>
[Collection(nameof(ConsoleCollection))]
public sealed partial class GenerateVisitsCommandTests : IAsyncLifetime
{
    private const string Days = "2024-06-03,2024-06-05";
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "makoto-generate-" + Guid.NewGuid().ToString("N"));
    private readonly string _again = Path.Combine(Path.GetTempPath(), "makoto-generate-" + Guid.NewGuid().ToString("N"));

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        foreach (var folder in new[] { _folder, _again })
        {
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }

        return ValueTask.CompletedTask;
    }

    private static async Task<string> GenerateAsync(string folder)
    {
        Assert.Equal(0, (await ConsoleRunner.RunAsync("site", "add", "--name", "Shop", "--url", "https://shop.example.org", "--ecommerce", "true", "--data", folder)).ExitCode);
        Assert.Equal(0, (await ConsoleRunner.RunAsync("goal", "add", "--site", "1", "--name", "Called us", "--match", "manually", "--data", folder)).ExitCode);
        var (exit, output) = await ConsoleRunner.RunAsync("generate-visits", "--site", "1", "--date", Days, "--visits-per-day", "60", "--seed", "11", "--data", folder);
        Assert.True(exit == 0, output);
        return output;
    }

    private static int Count(string output, string what)
    {
        var match = Regex.Match(output, "^  " + Regex.Escape(what) + @": (\d+)", RegexOptions.Multiline);
        Assert.True(match.Success, $"'{what}' is not in the summary: {output}");
        return int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
    }

    [GeneratedRegex(@"ecommerce revenue: ([0-9.]+)")]
    private static partial Regex Revenue();

    [Fact]
    public async Task Reports_count_what_was_generated_and_the_same_seed_generates_the_same_visits()
    {
        var output = await GenerateAsync(_folder);
        Assert.Contains("rejected 0", output, StringComparison.Ordinal);
        var visits = Count(output, "visits");
        // 3 weekdays of about 60 visits (each day ±20 %).
        Assert.InRange(visits, 3 * 48, 3 * 72);

        SqliteConnection.ClearAllPools();
        await using (var server = await TestServer.StartOnAsync(TestStore.Sqlite, _folder, "--Makoto:Archiving:BackgroundIntervalSeconds=0"))
        {
            Task<JsonElement> Api(string query) => server.ApiJsonAsync($"idSite=1&period=range&date={Days}&{query}");

            var summary = await Api("method=VisitsSummary.get");
            Assert.Equal(visits, summary.GetProperty("nb_visits").GetInt32());
            Assert.Equal(Count(output, "actions"), summary.GetProperty("nb_actions").GetInt32());
            var actions = await Api("method=Actions.get");
            Assert.Equal(Count(output, "pageviews"), actions.GetProperty("nb_pageviews").GetInt32());
            Assert.Equal(Count(output, "downloads"), actions.GetProperty("nb_downloads").GetInt32());
            Assert.Equal(Count(output, "outlinks"), actions.GetProperty("nb_outlinks").GetInt32());
            Assert.Equal(Count(output, "site searches"), actions.GetProperty("nb_searches").GetInt32());
            var events = (await Api("method=Events.getCategory")).EnumerateArray().Sum(row => row.GetProperty("nb_events").GetInt32());
            Assert.Equal(Count(output, "events"), events);

            var goal = await Api("method=Goals.get&idGoal=1");
            Assert.Equal(Count(output, "conversions of goal 1"), goal.GetProperty("nb_conversions").GetInt32());
            var orders = await Api("method=Goals.get&idGoal=ecommerceOrder");
            Assert.Equal(Count(output, "ecommerce orders"), orders.GetProperty("nb_conversions").GetInt32());
            Assert.Equal(double.Parse(Revenue().Match(output).Groups[1].Value, CultureInfo.InvariantCulture), orders.GetProperty("revenue").GetDouble(), 2);

            var types = (await Api("method=Referrers.getReferrerType")).EnumerateArray().Select(row => row.GetProperty("label").GetString()).ToList();
            Assert.Equal(["Campaigns", "Direct Entry", "Search Engines", "Social Networks", "Websites"], types.Order(StringComparer.Ordinal));
            Assert.True((await Api("method=Referrers.getKeywords")).GetArrayLength() >= 3);
            Assert.True((await Api("method=UserCountry.getCountry")).GetArrayLength() >= 6);
            Assert.True((await Api("method=DevicesDetection.getBrowsers")).GetArrayLength() >= 4);
            Assert.True((await Api("method=DevicesDetection.getType")).GetArrayLength() >= 2);
        }

        // The same seed: the same summary and the same visits (visitor, actions, first and last action times).
        var again = await GenerateAsync(_again);
        Assert.Equal(Summary(output), Summary(again));
        SqliteConnection.ClearAllPools();
        Assert.Equal(Visits(_folder), Visits(_again));
    }

    [Fact]
    public async Task An_unknown_site_a_bad_date_or_count_is_a_command_line_mistake()
    {
        Assert.Equal(0, (await ConsoleRunner.RunAsync("site", "add", "--name", "Shop", "--url", "https://shop.example.org", "--data", _folder)).ExitCode);
        var (site, siteOutput) = await ConsoleRunner.RunAsync("generate-visits", "--site", "7", "--date", "yesterday", "--data", _folder);
        Assert.Equal(2, site);
        Assert.Contains("No site has the id 7", siteOutput, StringComparison.Ordinal);
        var (date, dateOutput) = await ConsoleRunner.RunAsync("generate-visits", "--site", "1", "--date", "2024-13-01", "--data", _folder);
        Assert.Equal(2, date);
        Assert.Contains("is not a date", dateOutput, StringComparison.Ordinal);
        var (count, countOutput) = await ConsoleRunner.RunAsync("generate-visits", "--site", "1", "--date", "yesterday", "--visits-per-day", "0", "--data", _folder);
        Assert.Equal(2, count);
        Assert.Contains("--visits-per-day", countOutput, StringComparison.Ordinal);
    }

    private static string Summary(string output) => output[output.IndexOf("Generated", StringComparison.Ordinal)..output.IndexOf("  requests:", StringComparison.Ordinal)];

    private static List<string> Visits(string folder)
    {
        using var connection = new SqliteConnection($"Data Source={Path.Combine(folder, "makoto.db")};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT hex(idvisitor), visit_first_action_time, visit_last_action_time, visit_total_actions, referer_type FROM log_visit";
        using var reader = command.ExecuteReader();
        var rows = new List<string>();
        while (reader.Read())
        {
            rows.Add(string.Join('|', Enumerable.Range(0, reader.FieldCount).Select(i => Convert.ToString(reader.GetValue(i), CultureInfo.InvariantCulture))));
        }

        rows.Sort(StringComparer.Ordinal);
        return rows;
    }
}
