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
    public async Task Anonymizing_past_data_and_ip_settings_need_the_password_and_apply_to_stored_and_new_visits()
    {
        var refused = await Api($"method=PrivacyManager.anonymizeSomeRawData&idSites={_idSite}&date={Day}&anonymizeIp=1&passwordConfirmation=wrong");
        Assert.Equal("The current password you entered is not correct.", Message(refused));

        // Three bytes from now on: what is anonymized after, and what is tracked after.
        Assert.True((await Api("method=PrivacyManager.setAnonymizeIpSettings&anonymizeIPEnable=1&maskLength=3&useAnonymizedIpForVisitEnrichment=0")).GetProperty("value").GetBoolean());
        var badMask = await Api("method=PrivacyManager.setAnonymizeIpSettings&anonymizeIPEnable=1&maskLength=5");
        Assert.Contains("from 1 to 3", Message(badMask), StringComparison.Ordinal);

        var done = await Api($"method=PrivacyManager.anonymizeSomeRawData&idSites={_idSite}&date={Day},{Day}&anonymizeIp=1&anonymizeUserId=1&passwordConfirmation={TestServer.Password}");
        Assert.Equal("success", done.GetProperty("result").GetString());
        var rows = LogTables.Query(_server, "SELECT location_ip, user_id FROM log_visit ORDER BY idvisit");
        Assert.All(rows, row => Assert.Equal(new byte[] { 10, 0, 0, 0 }, (byte[])row["location_ip"]!));
        var pseudonym = (string)rows[0]["user_id"]!;
        Assert.Equal(40, pseudonym.Length);
        Assert.NotEqual("alice", pseudonym);

        await Page(3, null, "11:00:00", "home");
        Assert.Equal(new byte[] { 10, 0, 0, 0 }, (byte[])LogTables.Query(_server, "SELECT location_ip FROM log_visit ORDER BY idvisit DESC")[0]["location_ip"]!);

        var columns = await Api($"method=PrivacyManager.anonymizeSomeRawData&idSites={_idSite}&date={Day}&unsetVisitColumns[]=config_os&passwordConfirmation={TestServer.Password}");
        Assert.Contains("does not unset log columns", Message(columns), StringComparison.Ordinal);

        // Geolocating by the anonymized IP is stored under Matomo's option name; a missing parameter means off, as in Matomo.
        var stored = _server.Services.GetRequiredService<Makoto.Storage.Options.StoredSettings>();
        Assert.Equal("0", stored.Get("PrivacyManager.useAnonymizedIpForVisitEnrichment"));
        Assert.True((await Api("method=PrivacyManager.setAnonymizeIpSettings&anonymizeIPEnable=1&maskLength=2&useAnonymizedIpForVisitEnrichment=1")).GetProperty("value").GetBoolean());
        Assert.Equal("1", stored.Get("PrivacyManager.useAnonymizedIpForVisitEnrichment"));
        Assert.Equal("2", stored.Get("PrivacyManager.ipAddressMaskLength"));
        Assert.True((await Api("method=PrivacyManager.setAnonymizeIpSettings&anonymizeIPEnable=1&maskLength=2")).GetProperty("value").GetBoolean());
        Assert.Equal("0", stored.Get("PrivacyManager.useAnonymizedIpForVisitEnrichment"));
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
