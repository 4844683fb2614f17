using Makoto.Tests.Shared;
using System.Text.Json;
using Makoto.Storage.Users;
using Microsoft.Data.Sqlite;

namespace Makoto.EndToEnd.Tests.Console;

/// <summary>
/// <c>makoto site</c> and <c>makoto user</c> on a fresh data folder, checked through the server's API
/// started on that folder afterwards: a site created by the console, a user given view access to it and a
/// token printed for that user, which the API then accepts.
/// </summary>
[Collection(nameof(ConsoleCollection))]
public sealed class AdminCommandTests : IAsyncLifetime
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "makoto-admin-" + Guid.NewGuid().ToString("N"));

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
    public async Task Sites_and_users_made_by_the_console_are_the_ones_the_api_serves()
    {
        var (added, addOutput) = await Makoto("site", "add", "--name", "Blog", "--url", "blog.example.org", "--url", "https://www.blog.example.org", "--timezone", "Europe/Paris", "--currency", "EUR");
        Assert.True(added == 0, addOutput);
        Assert.Contains("Created site 1 (Blog)", addOutput, StringComparison.Ordinal);
        Assert.Equal(0, (await Makoto("site", "add", "--name", "Shop", "--url", "https://shop.example.org")).ExitCode);
        var (updated, updateOutput) = await Makoto("site", "update", "2", "--name", "Store", "--ecommerce", "true");
        Assert.True(updated == 0, updateOutput);

        var (listed, listOutput) = await Makoto("site", "list");
        Assert.True(listed == 0, listOutput);
        // Matomo's URL rules: a scheme is added to a URL without one.
        Assert.Contains("http://blog.example.org https://www.blog.example.org", listOutput, StringComparison.Ordinal);
        Assert.Contains("Store", listOutput, StringComparison.Ordinal);

        Assert.Equal(0, (await Makoto("user", "add", "bob", "--email", "bob@example.org", "--password", "first-password")).ExitCode);
        var (granted, grantOutput) = await Makoto("user", "set-access", "bob", "--access", "view", "--site", "1");
        Assert.True(granted == 0, grantOutput);
        var (reset, resetOutput) = await Makoto("user", "reset-password", "bob", "--password", "second-password");
        Assert.True(reset == 0, resetOutput);
        var (tokenExit, tokenOutput) = await Makoto("user", "token", "bob", "--description", "reports script");
        Assert.True(tokenExit == 0, tokenOutput);
        var token = tokenOutput.Trim();
        Assert.Equal(32, token.Length);

        await using var server = await TestServer.StartOnAsync(TestStore.Sqlite, _folder);
        var sites = await server.Http.GetStringAsync($"/index.php?module=API&format=json&method=SitesManager.getSitesWithAtLeastViewAccess&token_auth={token}");
        var site = Assert.Single(JsonDocument.Parse(sites).RootElement.EnumerateArray());
        Assert.Equal("Blog", site.GetProperty("name").GetString());
        Assert.Equal("Europe/Paris", site.GetProperty("timezone").GetString());
        Assert.Equal("EUR", site.GetProperty("currency").GetString());

        var store = (UserStore)server.Services.GetService(typeof(UserStore))!;
        Assert.True(Credentials.VerifyPassword("second-password", store.GetUser("bob")!.PasswordHash));
        var shop = await server.ApiJsonAsync("method=SitesManager.getSiteFromId&idSite=2");
        Assert.Equal("Store", shop.GetProperty("name").GetString());
        Assert.Equal(1, shop.GetProperty("ecommerce").GetInt32());
    }

    [Fact]
    public async Task Broken_rules_and_unconfirmed_deletions_end_with_exit_code_2()
    {
        Assert.Equal(0, (await Makoto("site", "add", "--name", "Blog", "--url", "https://blog.example.org")).ExitCode);

        var (noUrl, noUrlOutput) = await Makoto("site", "add", "--name", "Nameless");
        Assert.Equal(2, noUrl);
        Assert.Contains("--url", noUrlOutput, StringComparison.Ordinal);
        var (unknown, unknownOutput) = await Makoto("site", "update", "7", "--name", "Nope");
        Assert.Equal(2, unknown);
        var (unconfirmed, unconfirmedOutput) = await Makoto("site", "delete", "1");
        Assert.Equal(2, unconfirmed);
        Assert.Contains("--yes", unconfirmedOutput, StringComparison.Ordinal);
        var (shortPassword, shortOutput) = await Makoto("user", "add", "eve", "--email", "eve@example.org", "--password", "abc");
        Assert.Equal(2, shortPassword);
        Assert.Contains("at least 6 characters", shortOutput, StringComparison.Ordinal);
        var (badAccess, badAccessOutput) = await Makoto("user", "set-access", "nobody", "--access", "view", "--site", "1");
        Assert.Equal(2, badAccess);
        Assert.Contains("doesn't exist", badAccessOutput, StringComparison.Ordinal);

        // Matomo keeps at least one site.
        var (only, onlyOutput) = await Makoto("site", "delete", "1", "--yes");
        Assert.Equal(2, only);
        Assert.Contains("only website", onlyOutput, StringComparison.Ordinal);

        Assert.Equal(0, (await Makoto("site", "add", "--name", "Shop", "--url", "https://shop.example.org")).ExitCode);
        var (deleted, deleteOutput) = await Makoto("site", "delete", "1", "--yes");
        Assert.True(deleted == 0, deleteOutput);
        var (listed, listOutput) = await Makoto("site", "list");
        Assert.True(listed == 0 && !listOutput.Contains("Blog", StringComparison.Ordinal) && listOutput.Contains("Shop", StringComparison.Ordinal), listOutput);
    }

    [Fact]
    public async Task A_site_added_by_the_console_takes_the_global_default_currency_and_time_zone()
    {
        Assert.Equal(0, (await Makoto("site", "add", "--name", "Blog", "--url", "https://blog.example.org")).ExitCode);
        await using (var server = await TestServer.StartOnAsync(TestStore.Sqlite, _folder))
        {
            await server.ApiJsonAsync("method=SitesManager.setDefaultCurrency&defaultCurrency=JPY");
            await server.ApiJsonAsync("method=SitesManager.setDefaultTimezone&defaultTimezone=Asia%2FTokyo");
        }

        SqliteConnection.ClearAllPools();
        var (added, addOutput) = await Makoto("site", "add", "--name", "Shop", "--url", "https://shop.example.jp");
        Assert.True(added == 0, addOutput);
        var (badTimezone, badTimezoneOutput) = await Makoto("site", "update", "2", "--timezone", "Mars/Olympus");
        Assert.Equal(2, badTimezone);
        Assert.Contains("The timezone \"Mars/Olympus\" is not valid", badTimezoneOutput, StringComparison.Ordinal);

        await using var again = await TestServer.StartOnAsync(TestStore.Sqlite, _folder);
        var blog = await again.ApiJsonAsync("method=SitesManager.getSiteFromId&idSite=1");
        Assert.Equal("USD", blog.GetProperty("currency").GetString());
        Assert.Equal("UTC", blog.GetProperty("timezone").GetString());
        var shop = await again.ApiJsonAsync("method=SitesManager.getSiteFromId&idSite=2");
        Assert.Equal("JPY", shop.GetProperty("currency").GetString());
        Assert.Equal("Asia/Tokyo", shop.GetProperty("timezone").GetString());
    }
}
