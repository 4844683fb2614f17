using Makoto.Tests.Shared;
using System.Globalization;
using System.Net;
using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace Makoto.EndToEnd.Tests.Console;

/// <summary>
/// The console's privacy and retention commands on a running server's data folder. On 2024-06-03 (UTC
/// site) alice (User ID, IP 10.21.0.1, stored as 10.21.0.0) views two pages at 09:00 and 09:05; an
/// anonymous visitor (IP 10.22.0.2) views one page at 10:00. The day's reports are built (3 actions in 2 visits) before each command.
/// </summary>
[Collection(nameof(ConsoleCollection))]
public sealed class PrivacyCommandTests : IAsyncLifetime
{
    private const string Day = "2024-06-03";
    private TestServer _server = null!;
    private int _idSite;

    public async ValueTask InitializeAsync()
    {
        _server = await TestServer.StartOnAsync(TestStore.Sqlite, null, "--Makoto:Archiving:BackgroundIntervalSeconds=0");
        _idSite = await _server.AddSiteAsync("Shop", "https://shop.example.org");
        await Page(1, "alice", "09:00:00", "home");
        await Page(1, "alice", "09:05:00", "cart");
        await Page(2, null, "10:00:00", "home");
        var summary = await Summary("day");
        Assert.Equal(2, summary.GetProperty("nb_visits").GetInt32());
        Assert.Equal(3, summary.GetProperty("nb_actions").GetInt32());
        Assert.Equal(2, (await Summary("month")).GetProperty("nb_visits").GetInt32());
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

    private Task<(int ExitCode, string Output)> Makoto(params string[] args) => ConsoleRunner.RunAsync([.. args, "--data", _server.DataFolder]);

    private long Count(string sql) => Convert.ToInt64(LogTables.Scalar(_server, sql), CultureInfo.InvariantCulture);

    [Fact]
    public async Task Gdpr_finds_exports_and_deletes_a_person_and_the_reports_are_rebuilt_without_them()
    {
        var (found, findOutput) = await Makoto("gdpr", "find", "--user-id", "alice");
        Assert.True(found == 0, findOutput);
        Assert.True(findOutput.Contains("1 visits.", StringComparison.Ordinal), findOutput);
        var idVisit = Count("SELECT idvisit FROM log_visit WHERE user_id = 'alice'");

        var file = Path.Combine(_server.DataFolder, "alice.json");
        var (exported, exportOutput) = await Makoto("gdpr", "export", "--user-id", "alice", "--output", file);
        Assert.True(exported == 0, exportOutput);
        var export = JsonDocument.Parse(await File.ReadAllTextAsync(file)).RootElement;
        var visit = Assert.Single(export.GetProperty("log_visit").EnumerateArray());
        Assert.Equal("alice", visit.GetProperty("user_id").GetString());
        Assert.Equal(2, export.GetProperty("log_link_visit_action").GetArrayLength());

        // The IP as tracked finds the same person: it is matched after the IP anonymization that stored it.
        var (byIp, byIpOutput) = await Makoto("gdpr", "find", "--ip", "10.21.0.1");
        Assert.True(byIp == 0, byIpOutput);
        Assert.True(byIpOutput.Contains("1 visits.", StringComparison.Ordinal), byIpOutput);

        var (deleted, deleteOutput) = await Makoto("gdpr", "delete", "--user-id", "alice");
        Assert.True(deleted == 0, deleteOutput);
        Assert.True(deleteOutput.Contains("Deleted 1 visits", StringComparison.Ordinal), deleteOutput);
        Assert.Equal(0, Count($"SELECT COUNT(*) FROM log_visit WHERE idvisit = {idVisit} OR user_id = 'alice'"));
        Assert.Equal(0, Count($"SELECT COUNT(*) FROM log_link_visit_action WHERE idvisit = {idVisit}"));
        Assert.Equal(1, Count("SELECT COUNT(*) FROM log_visit"));

        var day = await Summary("day");
        Assert.Equal(1, day.GetProperty("nb_visits").GetInt32());
        Assert.Equal(1, day.GetProperty("nb_actions").GetInt32());
        Assert.Equal(1, (await Summary("month")).GetProperty("nb_visits").GetInt32());
    }

    [Fact]
    public async Task Gdpr_without_a_criterion_or_with_a_bad_visitor_id_is_a_command_line_mistake()
    {
        var (none, noneOutput) = await Makoto("gdpr", "delete");
        Assert.Equal(2, none);
        Assert.True(noneOutput.Contains("Give a visitor id, a User ID or an IP", StringComparison.Ordinal), noneOutput);
        var (bad, badOutput) = await Makoto("gdpr", "find", "--visitor-id", "xyz");
        Assert.Equal(2, bad);
        Assert.True(badOutput.Contains("16 hexadecimal digits", StringComparison.Ordinal), badOutput);
        Assert.Equal(2, Count("SELECT COUNT(*) FROM log_visit"));
    }

    [Fact]
    public async Task Delete_logs_removes_old_visits_and_keeps_their_reports_even_when_they_are_invalidated()
    {
        var (exit, output) = await Makoto("delete-logs", "--older-than", "30");
        Assert.True(exit == 0, output);
        Assert.Contains("Deleted 2 visits", output, StringComparison.Ordinal);
        Assert.Equal(0, Count("SELECT COUNT(*) FROM log_visit"));
        Assert.Equal(0, Count("SELECT COUNT(*) FROM log_link_visit_action"));

        Assert.Equal(0, (await Makoto("invalidate", "--date", Day)).ExitCode);
        var day = await Summary("day");
        Assert.True(day.ValueKind == JsonValueKind.Object, day.ToString());
        Assert.Equal(2, day.GetProperty("nb_visits").GetInt32());
        Assert.Equal(3, day.GetProperty("nb_actions").GetInt32());
        Assert.Equal(2, (await Summary("month")).GetProperty("nb_visits").GetInt32());
    }

    [Fact]
    public async Task Anonymize_zeroes_ip_bytes_unsets_columns_of_the_visits_of_the_dates_and_is_listed()
    {
        // Tracking stored 10.21.0.0 and 10.22.0.0 (two bytes zeroed by default); with a mask length of 3, 10.0.0.0.
        Assert.Equal(0, (await Makoto("config", "set", "PrivacyManager.ipAddressMaskLength", "3")).ExitCode);
        var (exit, output) = await Makoto("anonymize", "--date", Day, "--ip", "--user-agent", "--unset-link-visit-action-columns", "idaction_url_ref");
        Assert.True(exit == 0, output);
        Assert.Contains("Visits whose IP, location or User ID was anonymized: 2.", output, StringComparison.Ordinal);
        Assert.Contains("log_link_visit_action rows whose idaction_url_ref were unset: 3.", output, StringComparison.Ordinal);
        Assert.Equal(2, Count("SELECT COUNT(*) FROM log_visit WHERE hex(location_ip) = '0A000000'"));
        Assert.Equal(0, Count("SELECT COUNT(*) FROM log_visit WHERE config_os_version IS NOT NULL OR config_browser_version IS NOT NULL"));
        Assert.Equal(3, Count("SELECT COUNT(*) FROM log_link_visit_action WHERE idaction_url_ref = 0"));

        var (nextDay, nextDayOutput) = await Makoto("anonymize", "--date", "2024-06-04", "--location");
        Assert.True(nextDay == 0, nextDayOutput);
        Assert.True(nextDayOutput.Contains("anonymized: 0.", StringComparison.Ordinal), nextDayOutput);

        var (listed, list) = await Makoto("anonymizations");
        Assert.True(listed == 0, list);
        Assert.Contains($"#1 {Day} to {Day}, all sites: IP, log_visit.config_browser_version", list, StringComparison.Ordinal);
        Assert.Contains("by Command line; done", list, StringComparison.Ordinal);
        Assert.Contains("#2 2024-06-04 to 2024-06-04, all sites: location", list, StringComparison.Ordinal);

        var (nothing, nothingOutput) = await Makoto("anonymize", "--date", Day);
        Assert.Equal(2, nothing);
        Assert.True(nothingOutput.Contains("Say what to anonymize", StringComparison.Ordinal), nothingOutput);
        var (wrongColumn, wrongColumnOutput) = await Makoto("anonymize", "--date", Day, "--unset-visit-columns", "idvisitor");
        Assert.Equal(2, wrongColumn);
        Assert.True(wrongColumnOutput.Contains("cannot be unset", StringComparison.Ordinal), wrongColumnOutput);
    }

    [Fact]
    public async Task Anonymize_user_id_replaces_it_by_the_same_pseudonym_each_time()
    {
        var (exit, output) = await Makoto("anonymize", "--date", Day, "--user-id");
        Assert.True(exit == 0, output);
        Assert.Contains("anonymized: 2.", output, StringComparison.Ordinal);
        var pseudonym = (string)LogTables.Scalar(_server, "SELECT user_id FROM log_visit WHERE user_id IS NOT NULL")!;
        Assert.Equal(40, pseudonym.Length);
        Assert.True(pseudonym.All(char.IsAsciiHexDigitLower), pseudonym);

        // A visit of alice the next day, anonymized in turn, gets the same pseudonym: her visits stay one user.
        var nextDay = new DateTimeOffset(2024, 6, 4, 9, 0, 0, TimeSpan.Zero).ToUnixTimeSeconds();
        Assert.Equal(HttpStatusCode.OK, await _server.TrackAsync(
            $"idsite={_idSite}&rec=1&cip=10.21.0.1&token_auth={TestServer.Token}&cdt={nextDay}&url=https%3A%2F%2Fshop.example.org%2Fhome&uid=alice"));
        Assert.Equal(0, (await Makoto("anonymize", "--date", "2024-06-04", "--user-id")).ExitCode);
        Assert.Equal(2, Count($"SELECT COUNT(*) FROM log_visit WHERE user_id = '{pseudonym}'"));
        Assert.Equal(0, Count("SELECT COUNT(*) FROM log_visit WHERE user_id = 'alice'"));
    }

    [Fact]
    public async Task A_running_server_stops_serving_the_reports_a_console_purge_deleted_within_seconds()
    {
        // The server reads the day's page report, and holds its archive in memory.
        var pages = $"method=Actions.getPageUrls&idSite={_idSite}&period=day&date={Day}";
        Assert.Equal(2, (await _server.ApiJsonAsync(pages)).GetArrayLength());
        Assert.Equal(2, (await _server.ApiJsonAsync(pages)).GetArrayLength());

        // Another process deletes the report tables and keeps the basic metrics: the archive (same id, done flag) stays.
        var (exit, output) = await Makoto("purge-reports", "--older-than", "2", "--keep", "basic");
        Assert.True(exit == 0, output);
        Assert.Equal(0, Count("SELECT COUNT(*) FROM archive_blob_2024_06"));

        // The server notices the purge within its check interval (5 s) and answers from the store: no page rows.
        var waited = System.Diagnostics.Stopwatch.StartNew();
        var rows = -1;
        while (waited.Elapsed < TimeSpan.FromSeconds(30))
        {
            rows = (await _server.ApiJsonAsync(pages)).GetArrayLength();
            if (rows == 0)
            {
                break;
            }

            await Task.Delay(250, TestContext.Current.CancellationToken);
        }

        Assert.Equal(0, rows);
        Assert.True(waited.Elapsed < TimeSpan.FromSeconds(10), $"The purge was noticed after {waited.Elapsed}.");
        Assert.Equal(2, (await Summary("day")).GetProperty("nb_visits").GetInt32());
    }

    [Fact]
    public async Task Purge_reports_deletes_old_reports_which_are_rebuilt_from_the_logs_still_there()
    {
        Assert.True(Count("SELECT COUNT(*) FROM archive_numeric_2024_06") > 0);
        var (kept, keptOutput) = await Makoto("purge-reports", "--older-than", "2", "--keep", "basic");
        Assert.True(kept == 0, keptOutput);
        Assert.Contains("archive rows of periods that start before", keptOutput, StringComparison.Ordinal);
        // The basic metrics and the done flags stay; the report tables (blobs) are gone.
        Assert.Equal(0, Count("SELECT COUNT(*) FROM archive_numeric_2024_06 WHERE name NOT LIKE 'done%' AND name NOT IN ('nb_visits', 'nb_uniq_visitors', 'nb_users', 'nb_actions', 'max_actions', 'sum_visit_length', 'bounce_count', 'nb_visits_converted', 'sum_daily_nb_uniq_visitors', 'sum_daily_nb_users', 'Goal_nb_conversions', 'Goal_nb_visits_converted', 'Goal_revenue')"));
        Assert.True(Count("SELECT COUNT(*) FROM archive_numeric_2024_06 WHERE name = 'nb_visits'") > 0);
        Assert.Equal(0, Count("SELECT COUNT(*) FROM archive_blob_2024_06"));

        var (all, allOutput) = await Makoto("purge-reports", "--older-than", "2", "--keep", "none");
        Assert.True(all == 0, allOutput);
        Assert.Equal(0, Count("SELECT COUNT(*) FROM archive_numeric_2024_06"));

        var (tooFew, tooFewOutput) = await Makoto("purge-reports", "--older-than", "1");
        Assert.Equal(2, tooFew);
        Assert.Contains("at least 2 months", tooFewOutput, StringComparison.Ordinal);
        var (unknown, unknownOutput) = await Makoto("purge-reports", "--keep", "quarter");
        Assert.Equal(2, unknown);
        Assert.Contains("--keep 'quarter' is not known", unknownOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Backup_copies_the_running_store_to_a_file_that_opens_as_a_database()
    {
        var file = Path.Combine(_server.DataFolder, "backups", "makoto-backup.db");
        var (exit, output) = await Makoto("backup", file);
        Assert.True(exit == 0, output);
        using (var connection = new SqliteConnection($"Data Source={file};Mode=ReadOnly;Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT (SELECT COUNT(*) FROM log_visit), (SELECT COUNT(*) FROM log_link_visit_action), (SELECT name FROM site WHERE idsite = 1)";
            using var reader = command.ExecuteReader();
            Assert.True(reader.Read());
            Assert.Equal(2, reader.GetInt64(0));
            Assert.Equal(3, reader.GetInt64(1));
            Assert.Equal("Shop", reader.GetString(2));
        }

        var (again, againOutput) = await Makoto("backup", file);
        Assert.Equal(2, again);
        Assert.True(againOutput.Contains("--overwrite", StringComparison.Ordinal), againOutput);
        Assert.Equal(0, (await Makoto("backup", file, "--overwrite")).ExitCode);
    }
}
