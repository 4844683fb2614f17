using System.Text.Json;
using Makoto.EndToEnd.Tests;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using OtpNet;

namespace Makoto.Ui.Tests;

/// <summary>
/// The administration pages beyond websites and goals, in a real browser: users and access, custom dimensions,
/// personal settings (password, tokens, two-factor authentication), general settings and the system check.
/// Each test that changes a user works on a user of its own, so the super user of the other tests keeps its password.
/// </summary>
[Collection(SeededServer.Collection)]
[Trait("Category", "Browser")]
public sealed class AdministrationSettingsTests(SeededServer seeded)
{
    [Fact]
    public async Task A_super_user_adds_a_user_gives_write_access_and_deletes_the_user()
    {
        var (page, errors) = await seeded.LoggedInPageAsync();
        await page.GotoAsync("/admin/users?idSite=1&period=day&date=yesterday");
        await Assertions.Expect(page.Locator($"[data-testid=users] tr[data-user='{TestServer.Login}']")).ToContainTextAsync("Super user");

        await page.GetByTestId("add-user").ClickAsync();
        var form = page.GetByTestId("user-form");
        await form.GetByLabel("Login").FillAsync("carol");
        await form.GetByLabel("Email").FillAsync("carol@example.org");
        await form.GetByLabel("Password").FillAsync("carol-secret");
        await page.GetByTestId("save-user").ClickAsync();
        await Assertions.Expect(page.GetByText("The user carol is added.")).ToBeVisibleAsync();

        // Added with view access to the website chosen at the top (site 1).
        var row = page.Locator("[data-testid=users] tr[data-user='carol']");
        await Assertions.Expect(row).ToContainTextAsync("carol@example.org");
        Assert.Equal("view", await AccessAsync("carol"));

        await row.Locator(".mud-select").First.ClickAsync();
        await page.Locator(".mud-popover-open .mud-list-item", new() { HasTextString = "Write" }).ClickAsync();
        await Assertions.Expect(page.GetByText("carol now has the access “Write” to Shop.")).ToBeVisibleAsync();
        Assert.Equal("write", await AccessAsync("carol"));
        await SeededServer.ScreenshotAsync(page, "admin-users");

        await row.GetByRole(AriaRole.Button, new() { Name = "Delete carol" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Delete", Exact = true }).ClickAsync();
        await Assertions.Expect(page.GetByText("The user carol is deleted.")).ToBeVisibleAsync();
        await Assertions.Expect(row).ToHaveCountAsync(0);
        var exists = await seeded.Server.ApiJsonAsync("method=UsersManager.userExists&userLogin=carol");
        Assert.False(exists.GetProperty("value").GetBoolean());

        Assert.Empty(errors);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_user_without_super_user_access_cannot_manage_users()
    {
        await AddUserAsync("dave", "dave-secret", access: "admin");
        var (page, errors) = await LoginAsync("dave", "dave-secret");
        await page.GotoAsync("/admin/users?idSite=1");
        await Assertions.Expect(page.GetByText("Only super users manage users.")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("users")).ToHaveCountAsync(0);
        Assert.Empty(errors);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_custom_dimension_is_created_with_an_extraction_then_renamed_and_deactivated()
    {
        var (page, errors) = await seeded.LoggedInPageAsync();
        await page.GotoAsync("/admin/custom-dimensions?idSite=1&period=day&date=yesterday");
        await page.GetByTestId("add-action-dimension").ClickAsync();
        var form = page.GetByTestId("dimension-form");
        await form.GetByLabel("Dimension name").FillAsync("Blog category");
        await form.GetByRole(AriaRole.Button, new() { Name = "Add an extraction" }).ClickAsync();
        await form.GetByLabel("Extraction 1: pattern").FillAsync("^/blog/([^/]+)");
        await page.GetByTestId("save-dimension").ClickAsync();
        await Assertions.Expect(page.GetByText("The dimension Blog category is created.")).ToBeVisibleAsync();

        var dimension = await DimensionAsync("Blog category");
        Assert.Equal("action", dimension.GetProperty("scope").GetString());
        Assert.True(dimension.GetProperty("active").GetBoolean());
        var extraction = Assert.Single(dimension.GetProperty("extractions").EnumerateArray());
        Assert.Equal("url", extraction.GetProperty("dimension").GetString());
        Assert.Equal("^/blog/([^/]+)", extraction.GetProperty("pattern").GetString());
        var id = dimension.GetProperty("idcustomdimension").GetInt32();
        var row = page.Locator($"[data-testid=dimensions] tr[data-dimension='{id}']");
        await Assertions.Expect(row).ToContainTextAsync($"dimension{id}");

        await row.GetByRole(AriaRole.Button, new() { Name = "Edit Blog category" }).ClickAsync();
        await form.GetByLabel("Dimension name").FillAsync("Blog section");
        await form.GetByLabel("Active (tracked and reported)").UncheckAsync();
        await page.GetByTestId("save-dimension").ClickAsync();
        await Assertions.Expect(page.GetByText("The dimension Blog section is saved.")).ToBeVisibleAsync();
        dimension = await DimensionAsync("Blog section");
        Assert.Equal(id, dimension.GetProperty("idcustomdimension").GetInt32());
        Assert.False(dimension.GetProperty("active").GetBoolean());
        Assert.Single(dimension.GetProperty("extractions").EnumerateArray());

        // A pattern without a group is refused with the API's reason.
        await page.GetByTestId("add-action-dimension").ClickAsync();
        await form.GetByLabel("Dimension name").FillAsync("Broken");
        await form.GetByRole(AriaRole.Button, new() { Name = "Add an extraction" }).ClickAsync();
        await form.GetByLabel("Extraction 1: pattern").FillAsync("^/blog/");
        await page.GetByTestId("save-dimension").ClickAsync();
        await Assertions.Expect(page.GetByTestId("dimension-error")).ToContainTextAsync("needs a group in parentheses");

        await SeededServer.ScreenshotAsync(page, "admin-custom-dimensions");
        Assert.Empty(errors);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_user_creates_a_token_that_works_and_deletes_it()
    {
        await AddUserAsync("erin", "erin-secret", access: "view");
        var (page, errors) = await LoginAsync("erin", "erin-secret");
        await page.GotoAsync("/admin/personal");
        var tokens = page.GetByTestId("tokens");
        await Assertions.Expect(tokens).ToContainTextAsync("You have no token.");

        await tokens.GetByLabel("What the token is for").FillAsync("Reporting script");
        await tokens.GetByLabel("Your password").FillAsync("wrong-password");
        await page.GetByTestId("create-token").ClickAsync();
        await Assertions.Expect(page.GetByTestId("token-error")).ToContainTextAsync("The current password you entered is not correct.");

        await tokens.GetByLabel("Your password").FillAsync("erin-secret");
        await page.GetByTestId("create-token").ClickAsync();
        var token = (await page.Locator("[data-testid=new-token] code").InnerTextAsync()).Trim();
        Assert.Equal(32, token.Length);
        await Assertions.Expect(page.Locator("[data-testid=token-list] tr[data-token]")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator("[data-testid=token-list] tr[data-token]")).ToContainTextAsync("Reporting script");

        // The token reads what erin may see: site 1.
        var sites = await ApiWithTokenAsync("method=SitesManager.getSitesIdWithAtLeastViewAccess", token);
        Assert.Equal("[1]", sites);
        await SeededServer.ScreenshotAsync(page, "admin-personal");

        await page.GetByRole(AriaRole.Button, new() { Name = "Delete the token Reporting script" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Delete", Exact = true }).ClickAsync();
        await Assertions.Expect(tokens).ToContainTextAsync("You have no token.");
        var refused = await ApiWithTokenAsync("method=SitesManager.getSitesIdWithAtLeastViewAccess", token);
        Assert.Contains("\"result\":\"error\"", refused, StringComparison.Ordinal);

        Assert.Empty(errors);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_user_switches_two_factor_authentication_on_logs_in_with_a_code_and_switches_it_off()
    {
        await AddUserAsync("frank", "frank-secret", access: "view");
        var (page, errors) = await LoginAsync("frank", "frank-secret");
        await page.GotoAsync("/admin/personal");
        var section = page.GetByTestId("two-factor");
        await Assertions.Expect(page.GetByTestId("two-factor-state")).ToContainTextAsync("is off");

        await page.GetByTestId("setup-two-factor").ClickAsync();
        var secret = (await page.GetByTestId("two-factor-secret").InnerTextAsync()).Trim();
        await Assertions.Expect(page.GetByTestId("two-factor-uri")).ToContainTextAsync($"otpauth://totp/Makoto:frank?secret={secret}");
        var totp = new Totp(Base32Encoding.ToBytes(secret));
        await section.GetByLabel("Code from the app").FillAsync(totp.ComputeTotp(DateTime.UtcNow));
        await section.GetByLabel("Your password").FillAsync("frank-secret");
        await page.GetByTestId("enable-two-factor").ClickAsync();
        await Assertions.Expect(page.GetByTestId("two-factor-state")).ToContainTextAsync("is on");
        await Assertions.Expect(page.Locator("[data-testid=recovery-codes] li")).ToHaveCountAsync(10);
        var recovery = (await page.Locator("[data-testid=recovery-codes] li").First.InnerTextAsync()).Trim();
        await page.Context.CloseAsync();

        // Logging in now asks for a code: a recovery code does (the app's code of this step was used above).
        var context = await seeded.Browser.NewContextAsync(new() { BaseURL = seeded.Server.Address.ToString() });
        page = await context.NewPageAsync();
        await page.GotoAsync("/login");
        await page.FillAsync("#login", "frank");
        await page.FillAsync("#password", "frank-secret");
        await page.ClickAsync("button[type=submit]");
        await page.WaitForAddressAsync(url => url.Contains("/login/two-factor", StringComparison.Ordinal));
        await page.FillAsync("#code", recovery);
        await page.ClickAsync("button[type=submit]");
        await page.WaitForAddressAsync(url => !url.Contains("/login", StringComparison.Ordinal));

        await page.GotoAsync("/admin/personal");
        await Assertions.Expect(page.GetByTestId("two-factor-state")).ToContainTextAsync("9 recovery codes are left");
        section = page.GetByTestId("two-factor");
        await section.GetByLabel("Your password").FillAsync("frank-secret");
        await page.GetByTestId("disable-two-factor").ClickAsync();
        await Assertions.Expect(page.GetByTestId("two-factor-state")).ToContainTextAsync("is off");
        Assert.Empty(errors);
        await context.CloseAsync();
    }

    [Fact]
    public async Task A_user_changes_the_password_and_logs_in_with_the_new_one()
    {
        await AddUserAsync("grace", "grace-secret", access: "view");
        var (page, errors) = await LoginAsync("grace", "grace-secret");
        await page.GotoAsync("/admin/personal");
        var form = page.GetByTestId("password-form");
        await form.GetByLabel("Current password").FillAsync("grace-secret");
        await form.GetByLabel("New password", new() { Exact = true }).FillAsync("grace-new-secret");
        await form.GetByLabel("New password again").FillAsync("grace-other");
        await page.GetByTestId("change-password").ClickAsync();
        await Assertions.Expect(page.GetByTestId("password-error")).ToContainTextAsync("not the same");

        await form.GetByLabel("New password again").FillAsync("grace-new-secret");
        await page.GetByTestId("change-password").ClickAsync();
        await page.WaitForAddressAsync(url => url.Contains("/login", StringComparison.Ordinal));
        await page.FillAsync("#login", "grace");
        await page.FillAsync("#password", "grace-new-secret");
        await page.ClickAsync("button[type=submit]");
        await page.WaitForAddressAsync(url => !url.Contains("/login", StringComparison.Ordinal));
        Assert.Contains("/admin/personal", page.Url, StringComparison.Ordinal);
        Assert.Empty(errors);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_super_user_sets_ip_anonymization_to_two_bytes_and_the_next_hit_is_stored_anonymized()
    {
        // Anonymization switched off as `makoto config set` would; a website of its own keeps the seeded data as it is.
        var stored = seeded.Server.Services.GetRequiredService<Makoto.Storage.Options.StoredSettings>();
        stored.Set("PrivacyManager.ipAnonymizerEnabled", "0");
        stored.Set("PrivacyManager.ipAddressMaskLength", "3");
        var idSite = await seeded.Server.AddSiteAsync("Privacy check", "http://privacy.example.org");
        try
        {
            await TrackAsync(idSite, "203.0.113.77");
            Assert.Contains("203.0.113.77", await VisitIpsAsync(idSite));

            var (page, errors) = await seeded.LoggedInPageAsync();
            await page.GotoAsync("/admin/general-settings?idSite=1&period=day&date=yesterday");
            var privacy = page.GetByTestId("privacy-settings");
            await Assertions.Expect(privacy.Locator("[data-setting=IpAnonymizationBytes]")).ToContainTextAsync("off: visitor IPs are stored whole");
            await privacy.GetByLabel("Anonymize visitors' IP addresses").CheckAsync();
            await privacy.GetByLabel("2 bytes: 192.168.100.1 is stored as 192.168.0.0").CheckAsync();
            await page.GetByTestId("save-anonymization").ClickAsync();
            await Assertions.Expect(page.GetByText("The anonymization settings are saved; they apply to the next hits.")).ToBeVisibleAsync();
            await Assertions.Expect(privacy.Locator("[data-setting=IpAnonymizationBytes]")).ToContainTextAsync("In effect: 2 bytes: 192.168.100.1 is stored as 192.168.0.0");

            // Stored under Matomo's option names, and applied by the running tracker to the next hit: 2 bytes zeroed.
            Assert.Equal("1", stored.Stored("PrivacyManager.ipAnonymizerEnabled"));
            Assert.Equal("2", stored.Stored("PrivacyManager.ipAddressMaskLength"));
            Assert.Equal("0", stored.Stored("PrivacyManager.useAnonymizedIpForVisitEnrichment"));
            await TrackAsync(idSite, "198.51.100.23");
            var ips = await VisitIpsAsync(idSite);
            Assert.Contains("198.51.0.0", ips);
            Assert.DoesNotContain("198.51.100.23", ips);
            await SeededServer.ScreenshotAsync(page, "admin-general-settings");
            Assert.Empty(errors);
            await page.Context.CloseAsync();
        }
        finally
        {
            stored.Reset("PrivacyManager.ipAnonymizerEnabled");
            stored.Reset("PrivacyManager.ipAddressMaskLength");
            stored.Reset("PrivacyManager.useAnonymizedIpForVisitEnrichment");
        }
    }

    [Fact]
    public async Task Data_retention_archiving_and_do_not_track_are_saved_after_the_values_and_the_password_are_checked()
    {
        var stored = seeded.Server.Services.GetRequiredService<Makoto.Storage.Options.StoredSettings>();
        string[] names = ["delete_logs_enable", "delete_logs_older_than", "delete_logs_schedule_lowest_interval", "delete_reports_enable", "delete_reports_older_than",
            "delete_reports_keep_basic_metrics", "delete_reports_keep_day_reports", "delete_reports_keep_week_reports", "delete_reports_keep_month_reports",
            "delete_reports_keep_year_reports", "delete_reports_keep_range_reports", "delete_reports_keep_segment_reports", "todayArchiveTimeToLive",
            "PrivacyManager.doNotTrackEnabled"];
        try
        {
            var (page, errors) = await seeded.LoggedInPageAsync();
            await page.GotoAsync("/admin/general-settings?idSite=1&period=day&date=yesterday");
            await Assertions.Expect(page.Locator("[data-testid=retention] tr[data-site='1']")).ToContainTextAsync("nothing deleted");
            await Assertions.Expect(page.GetByTestId("log-deletion")).ToContainTextAsync("raw visit logs are kept");

            var retention = page.GetByTestId("retention-settings");
            await retention.GetByLabel("Regularly delete old raw data").CheckAsync();
            await retention.GetByLabel("Delete raw data older than (days)").FillAsync("0");
            await page.GetByTestId("save-retention").ClickAsync();
            await Assertions.Expect(page.GetByTestId("retention-error")).ToHaveTextAsync("Delete raw data older than (days): '0' is not allowed: give a whole number from 1 to 100000.");

            await retention.GetByLabel("Delete raw data older than (days)").FillAsync("90");
            await retention.GetByLabel("Your password (to confirm)").FillAsync("wrong-password");
            await page.GetByTestId("save-retention").ClickAsync();
            await Assertions.Expect(page.GetByTestId("retention-error")).ToHaveTextAsync("The current password you entered is not correct.");
            Assert.Null(stored.Stored("delete_logs_enable"));

            await retention.GetByLabel("Your password (to confirm)").FillAsync(TestServer.Password);
            await page.GetByTestId("save-retention").ClickAsync();
            await Assertions.Expect(page.GetByText("The data deletion settings are saved.")).ToBeVisibleAsync();
            await Assertions.Expect(page.GetByTestId("log-deletion")).ToContainTextAsync("older than 90 days are deleted every 7 days");
            Assert.Equal("1", stored.Stored("delete_logs_enable"));
            Assert.Equal("90", stored.Stored("delete_logs_older_than"));
            Assert.Equal("0", stored.Stored("delete_reports_enable"));

            var archiving = page.GetByTestId("archiving-settings");
            await archiving.GetByLabel("Rebuild the reports of today at most every (seconds)").FillAsync("0");
            await page.GetByTestId("save-archiving").ClickAsync();
            await Assertions.Expect(page.GetByTestId("archiving-error")).ToHaveTextAsync("Rebuild the reports of today at most every (seconds): '0' is not allowed: give a whole number from 1 to 86400.");
            await archiving.GetByLabel("Rebuild the reports of today at most every (seconds)").FillAsync("900");
            await page.GetByTestId("save-archiving").ClickAsync();
            await Assertions.Expect(page.GetByText("The archiving settings are saved.")).ToBeVisibleAsync();
            Assert.Equal(900, seeded.Server.Services.GetRequiredService<Makoto.Archiving.ArchivingSettings>().TodayArchiveTtlSeconds);

            var doNotTrack = page.GetByTestId("do-not-track-settings");
            await Assertions.Expect(doNotTrack.Locator("[data-setting=HonorDoNotTrack]")).ToContainTextAsync("not respected (Matomo's default)");
            await doNotTrack.GetByLabel("Respect the visitors' Do Not Track preference").CheckAsync();
            await page.GetByTestId("save-do-not-track").ClickAsync();
            await Assertions.Expect(doNotTrack.Locator("[data-setting=HonorDoNotTrack]")).ToContainTextAsync("respected: browsers that send DNT: 1 are not tracked");
            Assert.Equal("1", stored.Stored("PrivacyManager.doNotTrackEnabled"));
            Assert.Empty(errors);
            await page.Context.CloseAsync();
        }
        finally
        {
            foreach (var name in names)
            {
                stored.Reset(name);
            }
        }
    }

    [Fact]
    public async Task A_user_with_view_access_cannot_see_or_save_the_general_settings()
    {
        await AddUserAsync("ivan", "ivan-secret", access: "view");
        var (page, errors) = await LoginAsync("ivan", "ivan-secret");
        await page.GotoAsync("/admin/general-settings?idSite=1");
        await Assertions.Expect(page.GetByTestId("super-user-needed")).ToContainTextAsync("You need super user access to see and change the general settings.");
        await Assertions.Expect(page.GetByTestId("save-anonymization")).ToHaveCountAsync(0);
        await Assertions.Expect(page.GetByTestId("save-retention")).ToHaveCountAsync(0);
        await Assertions.Expect(page.GetByTestId("save-archiving")).ToHaveCountAsync(0);
        Assert.Empty(errors);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task The_system_check_shows_the_servers_state()
    {
        var (page, errors) = await seeded.LoggedInPageAsync();
        await page.GotoAsync("/admin/system-check");
        var check = page.GetByTestId("system-check");
        await Assertions.Expect(check.Locator("tr[data-check='Database']")).ToHaveAttributeAsync("data-state", "ok");
        await Assertions.Expect(check.Locator("tr[data-check='Database']")).ToContainTextAsync("makoto.db");
        await Assertions.Expect(check.Locator("tr[data-check='Disk space']")).ToContainTextAsync("free of");
        await Assertions.Expect(check.Locator("tr[data-check='Tracking']")).ToHaveAttributeAsync("data-state", "ok");
        // No geolocation database is configured for the tests: located by language, a warning.
        await Assertions.Expect(check.Locator("tr[data-check='Geolocation database']")).ToHaveAttributeAsync("data-state", "warning");
        await Assertions.Expect(check.Locator("tr[data-check='Geolocation database']")).ToContainTextAsync("No database is configured");
        await SeededServer.ScreenshotAsync(page, "admin-system-check");
        Assert.Empty(errors);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task At_phone_width_the_administration_pages_fit_the_screen()
    {
        var (page, errors) = await seeded.LoggedInPageAsync(width: 390, height: 844);
        foreach (var path in new[] { "/admin/websites", "/admin/goals", "/admin/users", "/admin/custom-dimensions", "/admin/personal", "/admin/general-settings", "/admin/system-check" })
        {
            await page.GotoAsync(path + "?idSite=1&period=day&date=yesterday");
            await Assertions.Expect(page.Locator("h1")).ToBeVisibleAsync();
            await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
            await Assertions.Expect(page.Locator(".mud-progress-linear")).ToHaveCountAsync(0);
            // Wide tables scroll inside their box; the page itself never scrolls sideways.
            var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - window.innerWidth");
            Assert.True(overflow <= 0, $"{path}: the page is {overflow}px wider than the phone's screen.");
        }

        await SeededServer.ScreenshotAsync(page, "phone-system-check");
        Assert.Empty(errors);
        await page.Context.CloseAsync();
    }

    /// <summary>Tracks a page view of a visitor with <paramref name="ip"/> now (a known IP, set with the super user's token).</summary>
    private async Task TrackAsync(int idSite, string ip)
    {
        var status = await seeded.Server.TrackAsync(
            $"idsite={idSite}&rec=1&cip={ip}&token_auth={TestServer.Token}&url=http%3A%2F%2Fprivacy.example.org%2F&action_name=Home&ua=" + Uri.EscapeDataString(Firefox));
        Assert.Equal(System.Net.HttpStatusCode.OK, status);
    }

    /// <summary>The IPs of today's visits of the site, as the visitor log (Live API) shows what is stored.</summary>
    private async Task<List<string>> VisitIpsAsync(int idSite)
    {
        var visits = await seeded.Server.ApiJsonAsync($"method=Live.getLastVisitsDetails&idSite={idSite}&period=day&date=today&doNotFetchActions=1");
        return [.. visits.EnumerateArray().Select(v => v.GetProperty("visitIp").GetString() ?? "")];
    }

    private const string Firefox = "Mozilla/5.0 (X11; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0";

    private async Task<string> AccessAsync(string login)
    {
        var access = await seeded.Server.ApiJsonAsync("method=UsersManager.getUsersAccessFromSite&idSite=1");
        return access.TryGetProperty(login, out var level) ? level.GetString() ?? "" : "noaccess";
    }

    private async Task<string> ApiWithTokenAsync(string query, string token)
    {
        var response = await seeded.Server.Http.GetAsync($"/index.php?module=API&format=json&{query}&token_auth={token}", TestContext.Current.CancellationToken);
        return await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
    }

    private async Task<JsonElement> DimensionAsync(string name)
    {
        var dimensions = await seeded.Server.ApiJsonAsync("method=CustomDimensions.getConfiguredCustomDimensions&idSite=1");
        return dimensions.EnumerateArray().Single(d => d.GetProperty("name").GetString() == name);
    }

    private async Task AddUserAsync(string login, string password, string access)
    {
        var added = await seeded.Server.ApiAsync($"method=UsersManager.addUser&userLogin={login}&password={password}&email={login}%40example.org");
        Assert.Contains("success", added, StringComparison.Ordinal);
        var given = await seeded.Server.ApiAsync($"method=UsersManager.setUserAccess&userLogin={login}&access={access}&idSites=1");
        Assert.Contains("success", given, StringComparison.Ordinal);
    }

    /// <summary>A new browser page logged in as <paramref name="login"/>, with its console errors collected.</summary>
    private async Task<(IPage Page, List<string> Errors)> LoginAsync(string login, string password)
    {
        var context = await seeded.Browser.NewContextAsync(new() { BaseURL = seeded.Server.Address.ToString(), ViewportSize = new() { Width = 1366, Height = 900 } });
        context.SetDefaultTimeout(30_000);
        var page = await context.NewPageAsync();
        var errors = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                errors.Add(message.Text);
            }
        };
        page.PageError += (_, error) => errors.Add(error);
        await page.GotoAsync("/login");
        await page.FillAsync("#login", login);
        await page.FillAsync("#password", password);
        await page.ClickAsync("button[type=submit]");
        await page.WaitForAddressAsync(url => !url.Contains("/login", StringComparison.Ordinal));
        return (page, errors);
    }
}
