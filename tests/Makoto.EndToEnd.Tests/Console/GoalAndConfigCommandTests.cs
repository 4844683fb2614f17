using System.Net;
using Makoto.Tests.Shared;
using Microsoft.Data.Sqlite;

namespace Makoto.EndToEnd.Tests.Console;

/// <summary>
/// <c>makoto goal</c> and <c>makoto config</c> on a fresh data folder, checked through the server started on
/// that folder afterwards: the goals the console made are the API's, and the stored settings the console
/// changed are the ones the server applies (default currency, IP anonymization while tracking).
/// </summary>
[Collection(nameof(ConsoleCollection))]
public sealed class GoalAndConfigCommandTests : IAsyncLifetime
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "makoto-goalconfig-" + Guid.NewGuid().ToString("N"));

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }

        return ValueTask.CompletedTask;
    }

    private Task<(int ExitCode, string Output)> Makoto(params string[] args) => ConsoleRunner.RunAsync([.. args, "--data", _folder]);

    [Fact]
    public async Task Goals_made_by_the_console_are_the_ones_the_api_serves_and_convert()
    {
        Assert.Equal(0, (await Makoto("site", "add", "--name", "Shop", "--url", "https://shop.example.org")).ExitCode);
        var (added, addOutput) = await Makoto("goal", "add", "--site", "1", "--name", "Thanks", "--match", "url", "--pattern", "/thank-you", "--revenue", "12.5");
        Assert.True(added == 0, addOutput);
        Assert.Contains("Created goal 1 (Thanks) of site 1.", addOutput, StringComparison.Ordinal);
        var (manual, manualOutput) = await Makoto("goal", "add", "--site", "1", "--name", "Called us", "--match", "manually");
        Assert.True(manual == 0, manualOutput);
        Assert.Equal(0, (await Makoto("goal", "add", "--site", "1", "--name", "Long read", "--match", "visit_duration", "--pattern", "5")).ExitCode);

        // The API's rules: a regular expression that does not compile, an unknown match, an unknown site, a missing pattern.
        var (badRegex, badRegexOutput) = await Makoto("goal", "add", "--site", "1", "--name", "Broken", "--match", "url", "--pattern", "(", "--pattern-type", "regex");
        Assert.Equal(2, badRegex);
        Assert.Contains("is not a valid regular expression", badRegexOutput, StringComparison.Ordinal);
        var (badMatch, badMatchOutput) = await Makoto("goal", "add", "--site", "1", "--name", "Nope", "--match", "cookie", "--pattern", "x");
        Assert.Equal(2, badMatch);
        Assert.Contains("Goal match attribute \"cookie\" is not supported", badMatchOutput, StringComparison.Ordinal);
        Assert.Equal(2, (await Makoto("goal", "add", "--site", "9", "--name", "Nope", "--match", "url", "--pattern", "x")).ExitCode);
        var (noPattern, noPatternOutput) = await Makoto("goal", "add", "--site", "1", "--name", "Nope", "--match", "title");
        Assert.Equal(2, noPattern);
        Assert.Contains("'pattern'", noPatternOutput, StringComparison.Ordinal);

        var (deleted, deleteOutput) = await Makoto("goal", "delete", "--site", "1", "3");
        Assert.True(deleted == 0, deleteOutput);
        Assert.Equal(2, (await Makoto("goal", "delete", "--site", "1", "3")).ExitCode);
        var (listed, listOutput) = await Makoto("goal", "list", "--site", "1");
        Assert.True(listed == 0, listOutput);
        Assert.Contains("Thanks", listOutput, StringComparison.Ordinal);
        Assert.DoesNotContain("Long read", listOutput, StringComparison.Ordinal);

        SqliteConnection.ClearAllPools();
        await using var server = await TestServer.StartOnAsync(TestStore.Sqlite, _folder);
        var goals = (await server.ApiJsonAsync("method=Goals.getGoals&idSite=1")).EnumerateArray().ToList();
        Assert.Equal(["Thanks", "Called us"], goals.Select(g => g.GetProperty("name").GetString()));
        Assert.Equal("/thank-you", goals[0].GetProperty("pattern").GetString());
        Assert.Equal("contains", goals[0].GetProperty("pattern_type").GetString());
        Assert.Equal(12.5, goals[0].GetProperty("revenue").GetDouble());
        Assert.False(goals[1].TryGetProperty("pattern", out _));

        // A page view of the goal's URL converts it with its revenue.
        Assert.Equal(HttpStatusCode.OK, await server.TrackAsync($"idsite=1&rec=1&cip=10.1.1.1&token_auth={TestServer.Token}&cdt=2024-06-03%2010:00:00&url=https%3A%2F%2Fshop.example.org%2Fthank-you"));
        var conversions = await server.ApiJsonAsync("method=Goals.get&idSite=1&period=day&date=2024-06-03&idGoal=1");
        Assert.Equal(1, conversions.GetProperty("nb_conversions").GetInt32());
        Assert.Equal(12.5, conversions.GetProperty("revenue").GetDouble());
    }

    [Fact]
    public async Task Settings_set_by_the_console_are_the_ones_the_server_applies()
    {
        var (listed, listOutput) = await Makoto("config", "get");
        Assert.True(listed == 0, listOutput);
        foreach (var name in new[] { "SitesManager_DefaultCurrency", "PrivacyManager.ipAddressMaskLength", "delete_logs_enable", "delete_logs_older_than", "delete_reports_keep_basic_metrics" })
        {
            Assert.Contains(name, listOutput, StringComparison.Ordinal);
        }

        // Matomo's defaults, and IP anonymization's from the configuration (2 bytes).
        Assert.Equal("180", (await Makoto("config", "get", "delete_logs_older_than")).Output.Trim());
        Assert.Equal("2", (await Makoto("config", "get", "PrivacyManager.ipAddressMaskLength")).Output.Trim());

        var (currency, currencyOutput) = await Makoto("config", "set", "SitesManager_DefaultCurrency", "jpy");
        Assert.True(currency == 0, currencyOutput);
        Assert.Contains("SitesManager_DefaultCurrency = JPY", currencyOutput, StringComparison.Ordinal);
        Assert.Equal(0, (await Makoto("config", "set", "PrivacyManager.ipAddressMaskLength", "3")).ExitCode);
        Assert.Equal(0, (await Makoto("config", "set", "delete_logs_enable", "yes")).ExitCode);
        Assert.Equal("1", (await Makoto("config", "get", "delete_logs_enable")).Output.Trim());

        var (badMask, badMaskOutput) = await Makoto("config", "set", "PrivacyManager.ipAddressMaskLength", "4");
        Assert.Equal(2, badMask);
        Assert.Contains("from 1 to 3", badMaskOutput, StringComparison.Ordinal);
        var (badCurrency, badCurrencyOutput) = await Makoto("config", "set", "SitesManager_DefaultCurrency", "euro");
        Assert.Equal(2, badCurrency);
        Assert.Contains("is not valid", badCurrencyOutput, StringComparison.Ordinal);
        var (unknown, unknownOutput) = await Makoto("config", "set", "no_such_setting", "1");
        Assert.Equal(2, unknown);
        Assert.Contains("There is no setting 'no_such_setting'", unknownOutput, StringComparison.Ordinal);

        Assert.Equal(0, (await Makoto("config", "reset", "delete_logs_enable")).ExitCode);
        Assert.Equal("0", (await Makoto("config", "get", "delete_logs_enable")).Output.Trim());

        SqliteConnection.ClearAllPools();
        await using var server = await TestServer.StartOnAsync(TestStore.Sqlite, _folder);
        Assert.Equal("JPY", (await server.ApiJsonAsync("method=SitesManager.getDefaultCurrency")).GetProperty("value").GetString());
        var idSite = await server.AddSiteAsync("Blog", "https://blog.example.org");
        Assert.Equal(HttpStatusCode.OK, await server.TrackAsync($"idsite={idSite}&rec=1&cip=192.0.2.77&token_auth={TestServer.Token}&url=https%3A%2F%2Fblog.example.org%2F"));
        var ip = (byte[])LogTables.Scalar(server, "SELECT location_ip FROM log_visit")!;
        // Three bytes zeroed: 192.0.0.0.
        Assert.Equal(new byte[] { 192, 0, 0, 0 }, ip);

        // A change made by the console while the server runs applies within 5 seconds (the server reads the store again).
        Assert.Equal(0, (await Makoto("config", "set", "PrivacyManager.ipAddressMaskLength", "1")).ExitCode);
        await Task.Delay(TimeSpan.FromSeconds(5.5), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, await server.TrackAsync($"idsite={idSite}&rec=1&cip=198.51.100.77&token_auth={TestServer.Token}&url=https%3A%2F%2Fblog.example.org%2F"));
        Assert.Equal(new byte[] { 198, 51, 100, 0 }, (byte[])LogTables.Query(server, "SELECT location_ip FROM log_visit ORDER BY idvisit DESC")[0]["location_ip"]!);

        // Sites too: one renamed and one added by the console are the server's within 5 seconds.
        Assert.Equal(0, (await Makoto("site", "update", idSite.ToString(System.Globalization.CultureInfo.InvariantCulture), "--name", "Renamed blog")).ExitCode);
        var (addedSite, addedSiteOutput) = await Makoto("site", "add", "--name", "Console shop", "--url", "https://console-shop.example.org");
        Assert.True(addedSite == 0, addedSiteOutput);
        var newSite = (int)(long)LogTables.Scalar(server, "SELECT MAX(idsite) FROM site")!;
        var (excluded, excludedOutput) = await Makoto("config", "set", "SitesManager_ExcludedIpsGlobal", "203.0.113.9");
        Assert.True(excluded == 0, excludedOutput);
        await Task.Delay(TimeSpan.FromSeconds(5.5), TestContext.Current.CancellationToken);
        Assert.Equal("Renamed blog", (await server.ApiJsonAsync($"method=SitesManager.getSiteFromId&idSite={idSite}")).GetProperty("name").GetString());
        Assert.Equal(HttpStatusCode.OK, await server.TrackAsync($"idsite={newSite}&rec=1&url=https%3A%2F%2Fconsole-shop.example.org%2F"));
        Assert.Equal(1L, LogTables.Scalar(server, $"SELECT COUNT(*) FROM log_visit WHERE idsite = {newSite}"));
        Assert.Equal(HttpStatusCode.OK, await server.TrackAsync($"idsite={newSite}&rec=1&cip=203.0.113.9&token_auth={TestServer.Token}&url=https%3A%2F%2Fconsole-shop.example.org%2Fexcluded"));
        Assert.Equal(1L, LogTables.Scalar(server, $"SELECT COUNT(*) FROM log_visit WHERE idsite = {newSite}"));
    }
}
