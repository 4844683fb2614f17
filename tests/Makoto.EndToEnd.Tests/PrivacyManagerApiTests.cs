using System.Globalization;
using System.Net;
using System.Text.Json;
using Makoto.Plugins.PrivacyManager;
using Microsoft.Extensions.DependencyInjection;

namespace Makoto.EndToEnd.Tests;

/// <summary>
/// PrivacyManager's API. On 2024-06-03 (UTC site) alice (User ID, IP 10.21.0.1, stored as 10.21.0.0) views
/// two pages at 09:00 and 09:05; an anonymous visitor (IP 10.22.0.2) views one page at 10:00. The day's
/// reports are built (3 actions in 2 visits) before each test; the server's clock is today, so 2024 is long past.
/// </summary>
public sealed class PrivacyManagerApiTests : IAsyncLifetime
{
    private const string Day = "2024-06-03";
    private TestServer _server = null!;
    private int _idSite;

    public async ValueTask InitializeAsync()
    {
        _server = await TestServer.StartAsync(null, "--Makoto:Archiving:BackgroundIntervalSeconds=0");
        _idSite = await _server.AddSiteAsync("Shop", "https://shop.example.org");
        await Page(1, "alice", "09:00:00", "home");
        await Page(1, "alice", "09:05:00", "cart");
        await Page(2, null, "10:00:00", "home");
        Assert.Equal(2, (await Summary("day")).GetProperty("nb_visits").GetInt32());
        Assert.Equal(3, (await Summary("day")).GetProperty("nb_actions").GetInt32());
    }

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    private async Task Page(int visitor, string? user, string time, string path)
    {
        var cdt = new DateTimeOffset(DateTime.Parse($"{Day}T{time}", CultureInfo.InvariantCulture), TimeSpan.Zero).ToUnixTimeSeconds();
        var uid = user is null ? "" : "&uid=" + user;
        var status = await _server.TrackAsync(
            $"idsite={_idSite}&rec=1&cip=10.{20 + visitor}.0.{visitor}&token_auth={TestServer.Token}&cdt={cdt}&url=https%3A%2F%2Fshop.example.org%2F{path}&action_name={path}{uid}");
        Assert.Equal(HttpStatusCode.OK, status);
    }

    private Task<JsonElement> Summary(string period) => _server.ApiJsonAsync($"method=VisitsSummary.get&idSite={_idSite}&period={period}&date={Day}");

    private Task<JsonElement> Api(string query) => _server.ApiJsonAsync(query);

    private long Count(string sql) => Convert.ToInt64(LogTables.Scalar(_server, sql), CultureInfo.InvariantCulture);

    private static string Message(JsonElement error) => error.GetProperty("message").GetString()!;

    [Fact]
    public async Task Data_subjects_are_found_by_segment_exported_and_deleted_and_the_reports_are_rebuilt_without_them()
    {
        var found = await Api($"method=PrivacyManager.findDataSubjects&idSite={_idSite}&segment=userId%3D%3Dalice");
        var subject = Assert.Single(found.EnumerateArray());
        Assert.Equal("alice", subject.GetProperty("userId").GetString());
        Assert.Equal("10.21.0.0", subject.GetProperty("visitIp").GetString());
        Assert.False(subject.TryGetProperty("actionDetails", out _));
        Assert.False(subject.TryGetProperty("referrerType", out _));
        var idVisit = subject.GetProperty("idVisit").GetInt64();
        var visits = $"visits[0][idsite]={_idSite}&visits[0][idvisit]={idVisit}";

        var export = await Api("method=PrivacyManager.exportDataSubjects&" + visits);
        Assert.Equal("log_visit", export.EnumerateObject().First().Name);
        Assert.Equal("alice", Assert.Single(export.GetProperty("log_visit").EnumerateArray()).GetProperty("user_id").GetString());
        Assert.Equal(2, export.GetProperty("log_link_visit_action").GetArrayLength());

        // A visit named with another site's id is not this visit: nothing is deleted.
        var other = await _server.AddSiteAsync("Blog", "https://blog.example.org");
        var none = await Api($"method=PrivacyManager.deleteDataSubjects&visits[0][idsite]={other}&visits[0][idvisit]={idVisit}");
        Assert.Equal(0, none.GetProperty("log_visit").GetInt32());
        Assert.Equal(2, Count("SELECT COUNT(*) FROM log_visit"));

        var deleted = await Api("method=PrivacyManager.deleteDataSubjects&" + visits);
        Assert.Equal(["log_visit", "log_link_visit_action", "log_conversion_item", "log_conversion"], deleted.EnumerateObject().Select(p => p.Name));
        Assert.Equal(1, deleted.GetProperty("log_visit").GetInt32());
        Assert.Equal(2, deleted.GetProperty("log_link_visit_action").GetInt32());
        Assert.Equal(0, Count($"SELECT COUNT(*) FROM log_visit WHERE idvisit = {idVisit}"));
        Assert.Equal(1, (await Summary("day")).GetProperty("nb_visits").GetInt32());
        Assert.Equal(1, (await Summary("month")).GetProperty("nb_visits").GetInt32());

        var missing = await Api("method=PrivacyManager.deleteDataSubjects");
        Assert.Contains("No list of visits given", Message(missing), StringComparison.Ordinal);
        var anonymous = await _server.Http.GetAsync($"/index.php?module=API&format=json&method=PrivacyManager.findDataSubjects&idSite={_idSite}&segment=userId%3D%3Dalice");
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
    }

    [Fact]
    public async Task Anonymizing_past_data_is_stored_run_by_the_scheduled_task_and_the_reports_are_rebuilt()
    {
        var refused = await Api($"method=PrivacyManager.anonymizeSomeRawData&idSites={_idSite}&date={Day}&anonymizeIp=1&passwordConfirmation=wrong");
        Assert.Equal("The current password you entered is not correct.", Message(refused));
        var users = await Api($"method=UserId.getUsers&idSite={_idSite}&period=day&date={Day}");
        Assert.Equal("alice", Assert.Single(users.EnumerateArray()).GetProperty("label").GetString());

        // Three bytes from now on: what is anonymized after (at least 2 bytes, the mask length), and what is tracked after.
        Assert.True((await Api("method=PrivacyManager.setAnonymizeIpSettings&anonymizeIPEnable=1&maskLength=3&useAnonymizedIpForVisitEnrichment=0")).GetProperty("value").GetBoolean());
        var badMask = await Api("method=PrivacyManager.setAnonymizeIpSettings&anonymizeIPEnable=1&maskLength=5&useAnonymizedIpForVisitEnrichment=0");
        Assert.Contains("from 1 to 3", Message(badMask), StringComparison.Ordinal);

        var scheduled = await Api(
            $"method=PrivacyManager.anonymizeSomeRawData&idSites={_idSite}&date={Day},{Day}&anonymizeIp=1&anonymizeUserId=1" +
            $"&unsetVisitColumns[]=config_browser_name&unsetVisitColumns[]=visitor_count_visits&unsetLinkVisitActionColumns[]=idaction_name&passwordConfirmation={TestServer.Password}");
        Assert.Equal("success", scheduled.GetProperty("result").GetString());

        // Stored, not run yet: the rows are as tracked.
        var waiting = Assert.Single((await Api("method=PrivacyManager.getScheduledDataAnonymizations")).EnumerateArray());
        Assert.Equal(JsonValueKind.Null, waiting.GetProperty("job_start_date").ValueKind);
        Assert.Equal($"{Day} 00:00:00", waiting.GetProperty("date_start").GetString());
        Assert.Equal($"{Day} 23:59:59", waiting.GetProperty("date_end").GetString());
        Assert.Equal(TestServer.Login, waiting.GetProperty("requester").GetString());
        Assert.Equal([_idSite], waiting.GetProperty("idsites").EnumerateArray().Select(e => e.GetInt32()));
        Assert.Equal(["Shop"], waiting.GetProperty("sites").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(["config_browser_name", "visitor_count_visits"], waiting.GetProperty("unset_visit_columns").EnumerateArray().Select(e => e.GetString()));
        Assert.True(waiting.GetProperty("anonymize_ip").GetBoolean());
        Assert.False(waiting.GetProperty("anonymize_location").GetBoolean());
        Assert.Equal(2, Count("SELECT COUNT(*) FROM log_visit WHERE hex(location_ip) IN ('0A150000', '0A160000')"));

        Assert.Equal(1, _server.Services.GetRequiredService<PastDataAnonymizer>().RunScheduled(TestContext.Current.CancellationToken));
        Assert.Equal(0, _server.Services.GetRequiredService<PastDataAnonymizer>().RunScheduled(TestContext.Current.CancellationToken));

        // 10.21.0.0 and 10.22.0.0 lose a third byte; alice's User ID is the SHA-1 of "alice" and the store's salt.
        var salt = _server.Services.GetRequiredService<Makoto.Storage.Options.OptionStore>().Get(UserIdPseudonyms.SaltOption)!;
        var pseudonym = Convert.ToHexStringLower(System.Security.Cryptography.SHA1.HashData(System.Text.Encoding.UTF8.GetBytes("alice" + salt)));
        var rows = LogTables.Query(_server, "SELECT location_ip, user_id, config_browser_name, visitor_count_visits FROM log_visit ORDER BY idvisit");
        Assert.All(rows, row => Assert.Equal(new byte[] { 10, 0, 0, 0 }, (byte[])row["location_ip"]!));
        Assert.Equal(new object?[] { pseudonym, null }, rows.Select(row => row["user_id"]));
        Assert.All(rows, row => Assert.Null(row["config_browser_name"]));
        Assert.All(rows, row => Assert.Equal(0L, row["visitor_count_visits"]));
        Assert.Equal(0, Count("SELECT COUNT(*) FROM log_link_visit_action WHERE idaction_name IS NOT NULL"));

        var done = Assert.Single((await Api("method=PrivacyManager.getScheduledDataAnonymizations")).EnumerateArray());
        Assert.NotEqual(JsonValueKind.Null, done.GetProperty("job_finish_date").ValueKind);
        var output = done.GetProperty("output").GetString()!;
        Assert.Contains("IP, location or User ID was anonymized: 2.", output, StringComparison.Ordinal);
        Assert.Contains("log_visit rows whose config_browser_name, visitor_count_visits were unset: 2.", output, StringComparison.Ordinal);
        Assert.Contains("log_link_visit_action rows whose idaction_name were unset: 3.", output, StringComparison.Ordinal);

        // The day's archives were invalidated: the User ID report is built again from the anonymized rows.
        users = await Api($"method=UserId.getUsers&idSite={_idSite}&period=day&date={Day}");
        Assert.Equal(pseudonym, Assert.Single(users.EnumerateArray()).GetProperty("label").GetString());
        Assert.Equal(2, (await Summary("day")).GetProperty("nb_visits").GetInt32());

        await Page(3, null, "11:00:00", "home");
        Assert.Equal(new byte[] { 10, 0, 0, 0 }, (byte[])LogTables.Query(_server, "SELECT location_ip FROM log_visit ORDER BY idvisit DESC")[0]["location_ip"]!);
    }

    [Fact]
    public async Task Do_not_track_is_switched_on_and_off_by_the_api_and_applies_to_the_next_hits()
    {
        async Task DntPage(int visitor)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get,
                $"/matomo.php?idsite={_idSite}&rec=1&cip=10.30.0.{visitor}&token_auth={TestServer.Token}&url=https%3A%2F%2Fshop.example.org%2Fdnt&action_name=dnt");
            request.Headers.Add("DNT", "1");
            using var response = await _server.Http.SendAsync(request, TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        // Off by default, as in Matomo: a browser's DNT: 1 is tracked.
        await DntPage(1);
        Assert.Equal(3, Count("SELECT COUNT(*) FROM log_visit"));

        var anonymous = await _server.Http.GetAsync("/index.php?module=API&format=json&method=PrivacyManager.activateDoNotTrack", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.True((await Api("method=PrivacyManager.activateDoNotTrack")).GetProperty("value").GetBoolean());
        Assert.Equal("1", _server.Services.GetRequiredService<Makoto.Storage.Options.StoredSettings>().Stored("PrivacyManager.doNotTrackEnabled"));
        await DntPage(2);
        Assert.Equal(3, Count("SELECT COUNT(*) FROM log_visit"));

        Assert.True((await Api("method=PrivacyManager.deactivateDoNotTrack")).GetProperty("value").GetBoolean());
        await DntPage(3);
        Assert.Equal(4, Count("SELECT COUNT(*) FROM log_visit"));
    }

    [Fact]
    public async Task The_columns_to_unset_are_the_log_columns_with_a_default_and_others_are_refused()
    {
        var visit = await Api("method=PrivacyManager.getAvailableVisitColumnsToAnonymize");
        var columns = visit.EnumerateArray().Select(c => c.GetProperty("column_name").GetString()!).ToList();
        Assert.Equal(columns.Order(StringComparer.Ordinal), columns);
        var byName = visit.EnumerateArray().ToDictionary(c => c.GetProperty("column_name").GetString()!, c => c.GetProperty("default_value"));
        Assert.Equal(JsonValueKind.Null, byName["config_browser_name"].ValueKind);
        Assert.Equal("0", byName["visitor_count_visits"].GetString());
        Assert.Equal(JsonValueKind.Null, byName["custom_dimension_1"].ValueKind);
        // Identities, times, the IP and NOT NULL columns without default are never unset.
        foreach (var never in new[] { "idvisit", "idvisitor", "idsite", "location_ip", "config_id", "visit_last_action_time", "visit_total_time", "visit_first_action_time" })
        {
            Assert.DoesNotContain(never, columns);
        }

        var actions = (await Api("method=PrivacyManager.getAvailableLinkVisitActionColumnsToAnonymize")).EnumerateArray()
            .Select(c => c.GetProperty("column_name").GetString()).ToList();
        Assert.Contains("idaction_name", actions);
        Assert.Contains("idaction_url_ref", actions);
        Assert.DoesNotContain("server_time", actions);
        Assert.DoesNotContain("idlink_va", actions);

        var unknown = await Api($"method=PrivacyManager.anonymizeSomeRawData&idSites=all&date={Day}&unsetVisitColumns[]=location_ip&passwordConfirmation={TestServer.Password}");
        Assert.Contains("\"location_ip\" does not exist in log_visit or cannot be unset", Message(unknown), StringComparison.Ordinal);
        var nothing = await Api($"method=PrivacyManager.anonymizeSomeRawData&idSites=all&date={Day}&passwordConfirmation={TestServer.Password}");
        Assert.Contains("Nothing is selected", Message(nothing), StringComparison.Ordinal);
        Assert.Equal(0, (await Api("method=PrivacyManager.getScheduledDataAnonymizations")).GetArrayLength());
    }

    [Fact]
    public async Task Tracking_after_the_privacy_settings_stores_pseudonyms_hashed_order_ids_and_shortened_referrers()
    {
        var missing = await Api("method=PrivacyManager.setAnonymizeIpSettings&anonymizeIPEnable=1&maskLength=2");
        Assert.Equal("Please specify a value for 'useAnonymizedIpForVisitEnrichment'.", Message(missing));
        var randomized = await Api("method=PrivacyManager.setAnonymizeIpSettings&anonymizeIPEnable=1&maskLength=2&useAnonymizedIpForVisitEnrichment=0&randomizeConfigId=1");
        Assert.Contains("randomizeConfigId", Message(randomized), StringComparison.Ordinal);
        Assert.True((await Api(
            "method=PrivacyManager.setAnonymizeIpSettings&anonymizeIPEnable=1&maskLength=2&useAnonymizedIpForVisitEnrichment=1" +
            "&anonymizeUserId=1&anonymizeOrderId=1&anonymizeReferrer=exclude_path")).GetProperty("value").GetBoolean());
        var settings = _server.Services.GetRequiredService<PrivacySettings>();
        Assert.True(settings.AnonymizeUserId);
        Assert.True(settings.AnonymizeOrderId);
        Assert.True(settings.EnrichesWithAnonymizedIp);

        var cdt = new DateTimeOffset(2024, 6, 5, 9, 0, 0, TimeSpan.Zero).ToUnixTimeSeconds();
        var visitor = $"idsite={_idSite}&rec=1&cip=10.30.0.3&token_auth={TestServer.Token}&cdt={cdt}&uid=bob";
        Assert.Equal(HttpStatusCode.OK, await _server.TrackAsync(
            visitor + "&url=https%3A%2F%2Fshop.example.org%2Fhome&urlref=https%3A%2F%2Fblog.example.net%2Fposts%2F1%3Fx%3D2"));
        var store = await _server.AddSiteAsync("Store", "https://store.example.org", extra: "&ecommerce=1");
        Assert.Equal(HttpStatusCode.OK, await _server.TrackAsync(
            $"idsite={store}&rec=1&cip=10.32.0.5&token_auth={TestServer.Token}&cdt={cdt}&url=https%3A%2F%2Fstore.example.org%2Fpaid&idgoal=0&ec_id=A-1001&revenue=10"));

        // bob is stored as the SHA-1 of "bob" and the salt, and the visitor id is made from that pseudonym.
        var salt = _server.Services.GetRequiredService<Makoto.Storage.Options.OptionStore>().Get(UserIdPseudonyms.SaltOption)!;
        var pseudonym = Convert.ToHexStringLower(System.Security.Cryptography.SHA1.HashData(System.Text.Encoding.UTF8.GetBytes("bob" + salt)));
        var visit = Assert.Single(LogTables.Query(_server, $"SELECT user_id, idvisitor, referer_type, referer_name, referer_url, referer_keyword FROM log_visit WHERE idsite = {_idSite} AND user_id IS NOT NULL AND user_id <> 'alice'"));
        Assert.Equal(pseudonym, visit["user_id"]);
        Assert.Equal(System.Security.Cryptography.SHA1.HashData(System.Text.Encoding.UTF8.GetBytes(pseudonym))[..8], (byte[])visit["idvisitor"]!);
        Assert.Equal(3L, visit["referer_type"]);
        Assert.Equal("blog.example.net", visit["referer_name"]);
        Assert.Equal("https://blog.example.net/", visit["referer_url"]);
        var order = (string)LogTables.Scalar(_server, "SELECT idorder FROM log_conversion WHERE idgoal = 0")!;
        Assert.Equal(40, order.Length);
        Assert.True(order.All(char.IsAsciiHexDigitLower), order);

        // exclude_all: no URL and no website name, the type stays; switches not given stay as they were; an unknown option is ''.
        Assert.True((await Api("method=PrivacyManager.setAnonymizeIpSettings&anonymizeIPEnable=1&maskLength=2&useAnonymizedIpForVisitEnrichment=0&anonymizeReferrer=exclude_all")).GetProperty("value").GetBoolean());
        Assert.True(settings.AnonymizeUserId);
        Assert.False(settings.EnrichesWithAnonymizedIp);
        Assert.Equal(HttpStatusCode.OK, await _server.TrackAsync(
            $"idsite={_idSite}&rec=1&cip=10.31.0.4&token_auth={TestServer.Token}&cdt={cdt}&url=https%3A%2F%2Fshop.example.org%2Fhome&urlref=https%3A%2F%2Fforum.example.com%2Ft%2F9"));
        var second = LogTables.Query(_server, "SELECT referer_type, referer_name, referer_url FROM log_visit ORDER BY idvisit DESC")[0];
        Assert.Equal(3L, second["referer_type"]);
        Assert.Equal("", second["referer_name"]);
        Assert.Equal("", second["referer_url"]);
        await Api("method=PrivacyManager.setAnonymizeIpSettings&anonymizeIPEnable=1&maskLength=2&useAnonymizedIpForVisitEnrichment=0&anonymizeReferrer=everything");
        Assert.Equal("", settings.AnonymizeReferrer);
    }

    [Fact]
    public async Task Forcing_cookieless_tracking_serves_a_tracker_that_disables_cookies_in_every_tracker()
    {
        var plain = await _server.Http.GetAsync("/matomo.js", TestContext.Current.CancellationToken);
        var plainText = await plain.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.DoesNotContain("forceCookielessTracking", plainText, StringComparison.Ordinal);

        Assert.True((await Api("method=PrivacyManager.setAnonymizeIpSettings&anonymizeIPEnable=1&maskLength=2&useAnonymizedIpForVisitEnrichment=0&forceCookielessTracking=1")).GetProperty("value").GetBoolean());
        var forced = await _server.Http.GetAsync("/matomo.js", TestContext.Current.CancellationToken);
        var forcedText = await forced.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        // The tracker itself, after a plugin that disables cookies in each tracker as it is set up.
        Assert.StartsWith("/* Makoto: PrivacyManager.forceCookielessTracking is on", forcedText, StringComparison.Ordinal);
        Assert.Contains("tracker.disableCookies();", forcedText, StringComparison.Ordinal);
        Assert.EndsWith(plainText, forcedText, StringComparison.Ordinal);
        Assert.NotEqual(plain.Headers.ETag, forced.Headers.ETag);

        // Not given, the switch stays; given 0, the plain tracker is served again.
        await Api("method=PrivacyManager.setAnonymizeIpSettings&anonymizeIPEnable=1&maskLength=2&useAnonymizedIpForVisitEnrichment=0");
        Assert.StartsWith("/* Makoto", await _server.Http.GetStringAsync("/piwik.js", TestContext.Current.CancellationToken), StringComparison.Ordinal);
        await Api("method=PrivacyManager.setAnonymizeIpSettings&anonymizeIPEnable=1&maskLength=2&useAnonymizedIpForVisitEnrichment=0&forceCookielessTracking=0");
        Assert.Equal(plainText, await _server.Http.GetStringAsync("/matomo.js", TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task The_scheduled_purge_deletes_old_logs_once_per_interval_and_keeps_the_reports()
    {
        var purge = _server.Services.GetRequiredService<DataPurgeTask>();
        Assert.Equal((0, 0), purge.RunDue(TestContext.Current.CancellationToken));
        Assert.Equal(2, Count("SELECT COUNT(*) FROM log_visit"));

        var refused = await Api("method=PrivacyManager.setDeleteLogsSettings&enableDeleteLogs=1&deleteLogsOlderThan=90");
        Assert.Contains("passwordConfirmation", Message(refused), StringComparison.Ordinal);
        Assert.True((await Api($"method=PrivacyManager.setDeleteLogsSettings&enableDeleteLogs=1&deleteLogsOlderThan=90&passwordConfirmation={TestServer.Password}")).GetProperty("value").GetBoolean());

        var (visits, _) = purge.RunDue(TestContext.Current.CancellationToken);
        Assert.Equal(2, visits);
        Assert.Equal(0, Count("SELECT COUNT(*) FROM log_visit"));
        Assert.Equal(0, Count("SELECT COUNT(*) FROM log_link_visit_action"));
        var day = await Summary("day");
        Assert.Equal(2, day.GetProperty("nb_visits").GetInt32());
        Assert.Equal(3, day.GetProperty("nb_actions").GetInt32());

        // Not due again within delete_logs_schedule_lowest_interval (7 days): a late hit of that day stays.
        await Page(3, null, "11:00:00", "home");
        Assert.Equal((0, 0), purge.RunDue(TestContext.Current.CancellationToken));
        Assert.Equal(1, Count("SELECT COUNT(*) FROM log_visit"));
    }

    [Fact]
    public async Task Purging_reports_keeps_the_basic_metrics_and_rebuilds_from_the_logs_what_it_deleted_whole()
    {
        Assert.Equal(2, (await Api($"method=Actions.getPageUrls&idSite={_idSite}&period=day&date={Day}")).GetArrayLength());
        Assert.True((await Api($"method=PrivacyManager.setDeleteReportsSettings&enableDeleteReports=1&deleteReportsOlderThan=2&keepBasic=1&passwordConfirmation={TestServer.Password}")).GetProperty("value").GetBoolean());
        var purged = await Api($"method=PrivacyManager.executeDataPurge&passwordConfirmation={TestServer.Password}");
        Assert.Equal("success", purged.GetProperty("result").GetString());

        // The day's archive keeps its numbers and its done flag: the basic metrics remain, the report tables are gone.
        Assert.Equal(2, (await Summary("day")).GetProperty("nb_visits").GetInt32());
        Assert.Equal(0, (await Api($"method=Actions.getPageUrls&idSite={_idSite}&period=day&date={Day}")).GetArrayLength());

        // Without kept metrics nothing of the old archives is left, so the reports are built again from the logs.
        Assert.True((await Api($"method=PrivacyManager.setDeleteReportsSettings&enableDeleteReports=1&deleteReportsOlderThan=2&keepBasic=0&passwordConfirmation={TestServer.Password}")).GetProperty("value").GetBoolean());
        await Api($"method=PrivacyManager.executeDataPurge&passwordConfirmation={TestServer.Password}");
        Assert.Equal(0, Count("SELECT COUNT(*) FROM archive_numeric_2024_06"));
        Assert.Equal(2, (await Api($"method=Actions.getPageUrls&idSite={_idSite}&period=day&date={Day}")).GetArrayLength());
        Assert.Equal(2, (await Summary("day")).GetProperty("nb_visits").GetInt32());
    }
}
