using Makoto.Tests.Shared;
using System.Globalization;
using Makoto.Archiving;
using Microsoft.Extensions.DependencyInjection;

namespace Makoto.EndToEnd.Tests.Console;

/// <summary>
/// The console on a real data folder while the server runs on it: <c>makoto import-logs</c> imports a
/// hand-written access log, the server's API then reports the visits worked out by hand below;
/// <c>makoto archive</c>, <c>invalidate</c> and <c>status</c> build, mark and show the archives.
/// </summary>
/// <remarks>
/// The log (combined format, 2024-06-03, site in UTC):
/// visitor A (203.0.113.10, Chrome on Windows) comes from Google to / at 10:00, loads a stylesheet (static,
/// skipped), views /about at 10:01 and downloads /files/report.pdf at 10:02: one visit, 2 pages + 1 download.
/// Visitor B (198.51.100.20, Firefox on Linux) lands on /blog/post-1?pk_campaign=summer at 11:00, gets a
/// 404 (skipped), a 301 (skipped) and views /blog/post-2 at 11:02: one campaign visit of 2 pages.
/// Googlebot fetches / (skipped), one line is garbage (invalid), and A comes back directly to /contact at
/// 13:30, more than 30 minutes later: a new visit of 1 page (a bounce). Server logs carry no visitor id and
/// Matomo recognizes a visitor without one only while the visit lasts, so that visit gets a new visitor id.
/// So: 11 lines; 6 recorded; 5 ignored (1 static, 1 error, 1 redirect, 1 bot, 1 invalid); 3 visits by 3
/// visitor ids, 6 actions (5 pages, 1 download), 1 bounce, at most 3 actions in a visit.
/// </remarks>
[Collection(nameof(ConsoleCollection))]
public sealed class ImportAndArchiveCommandTests : IAsyncLifetime
{
    private const string Chrome = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/125.0.0.0 Safari/537.36";
    private const string Firefox = "Mozilla/5.0 (X11; Linux x86_64; rv:126.0) Gecko/20100101 Firefox/126.0";
    private const string Googlebot = "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)";

    private static readonly string[] s_log =
    [
        Line("203.0.113.10", "10:00:00", "/", 200, "https://www.google.com/", Chrome),
        Line("203.0.113.10", "10:00:01", "/css/site.css", 200, "https://www.example.com/", Chrome),
        Line("203.0.113.10", "10:01:00", "/about", 200, "https://www.example.com/", Chrome),
        Line("203.0.113.10", "10:02:00", "/files/report.pdf", 200, "https://www.example.com/about", Chrome),
        Line("198.51.100.20", "11:00:00", "/blog/post-1?pk_campaign=summer", 200, "-", Firefox),
        Line("198.51.100.20", "11:00:30", "/missing", 404, "https://www.example.com/blog/post-1", Firefox),
        Line("198.51.100.20", "11:01:00", "/old", 301, "https://www.example.com/blog/post-1", Firefox),
        Line("66.249.66.1", "11:30:00", "/", 200, "-", Googlebot),
        "this line is not in any log format",
        Line("198.51.100.20", "11:02:00", "/blog/post-2", 200, "https://www.example.com/blog/post-1", Firefox),
        Line("203.0.113.10", "13:30:00", "/contact", 200, "-", Chrome),
    ];

    private readonly string _folder = Path.Combine(Path.GetTempPath(), "makoto-console-" + Guid.NewGuid().ToString("N"));
    private TestServer _server = null!;
    private string _log = null!;
    private int _idSite;

    public async ValueTask InitializeAsync()
    {
        Directory.CreateDirectory(_folder);
        _log = Path.Combine(_folder, "access.log");
        await File.WriteAllLinesAsync(_log, s_log);
        // The server's background archiver is off so that only the console builds archives here.
        _server = await TestServer.StartOnAsync(TestStore.Sqlite, _folder, "--Makoto:Archiving:BackgroundIntervalSeconds=0");
        _idSite = await _server.AddSiteAsync("Shop", "https://www.example.com");
    }

    public async ValueTask DisposeAsync()
    {
        await _server.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }

    private static string Line(string ip, string time, string path, int status, string referrer, string agent) =>
        $"{ip} - - [03/Jun/2024:{time} +0000] \"GET {path} HTTP/1.1\" {status} 1234 \"{referrer}\" \"{agent}\"";

    private Task<(int ExitCode, string Output)> Makoto(params string[] args) => ConsoleRunner.RunAsync([.. args, "--data", _folder]);

    [Fact]
    public async Task Import_logs_records_the_visits_the_api_then_reports_and_a_second_import_of_the_file_is_skipped()
    {
        var (exit, output) = await Makoto("import-logs", _log, "--idsite", _idSite.ToString(CultureInfo.InvariantCulture));

        Assert.True(exit == 0, output);
        Assert.Contains("11 lines parsed", output, StringComparison.Ordinal);
        Assert.Contains("6 requests imported successfully", output, StringComparison.Ordinal);
        Assert.Contains("1 requests were downloads", output, StringComparison.Ordinal);
        Assert.Contains("5 requests ignored:", output, StringComparison.Ordinal);
        Assert.Contains("1 HTTP errors", output, StringComparison.Ordinal);
        Assert.Contains("1 HTTP redirects", output, StringComparison.Ordinal);
        Assert.Contains("1 invalid log lines", output, StringComparison.Ordinal);
        Assert.Contains("1 requests done by bots", output, StringComparison.Ordinal);
        Assert.Contains("1 requests to static resources", output, StringComparison.Ordinal);

        var summary = await _server.ApiJsonAsync($"method=VisitsSummary.get&idSite={_idSite}&period=day&date=2024-06-03");
        Assert.Equal(3, summary.GetProperty("nb_visits").GetInt32());
        Assert.Equal(3, summary.GetProperty("nb_uniq_visitors").GetInt32());
        Assert.Equal(6, summary.GetProperty("nb_actions").GetInt32());
        Assert.Equal(1, summary.GetProperty("bounce_count").GetInt32());
        Assert.Equal(3, summary.GetProperty("max_actions").GetInt32());

        var actions = await _server.ApiJsonAsync($"method=Actions.get&idSite={_idSite}&period=day&date=2024-06-03");
        Assert.Equal(5, actions.GetProperty("nb_pageviews").GetInt32());
        Assert.Equal(1, actions.GetProperty("nb_downloads").GetInt32());

        var types = await _server.ApiJsonAsync($"method=Referrers.getReferrerType&idSite={_idSite}&period=day&date=2024-06-03");
        var visitsByType = types.EnumerateArray().ToDictionary(r => r.GetProperty("label").GetString()!, r => r.GetProperty("nb_visits").GetInt32());
        Assert.Equal(1, visitsByType["Search Engines"]);
        Assert.Equal(1, visitsByType["Campaigns"]);
        Assert.Equal(1, visitsByType["Direct Entry"]);

        var (again, second) = await Makoto("import-logs", _log, "--idsite", _idSite.ToString(CultureInfo.InvariantCulture));
        Assert.True(again == 0, second);
        Assert.Contains("imported before", second, StringComparison.Ordinal);
        Assert.Contains("0 requests imported successfully", second, StringComparison.Ordinal);
        var unchanged = await _server.ApiJsonAsync($"method=VisitsSummary.get&idSite={_idSite}&period=day&date=2024-06-03");
        Assert.Equal(3, unchanged.GetProperty("nb_visits").GetInt32());
    }

    [Fact]
    public async Task Archive_builds_the_days_invalidate_marks_them_status_shows_what_waits_and_archive_rebuilds_it()
    {
        var id = _idSite.ToString(CultureInfo.InvariantCulture);
        Assert.Equal(0, (await Makoto("import-logs", _log, "--idsite", id)).ExitCode);

        var (archived, archiveOutput) = await Makoto("archive", "--site", id, "--date", "2024-06-03,2024-06-04", "--period", "day,month");
        Assert.True(archived == 0, archiveOutput);
        // Two days and the month containing them.
        Assert.Contains("Archived 3 periods of 1 sites", archiveOutput, StringComparison.Ordinal);
        Assert.Equal(0, SiteRow(await Status()).DaysToRearchive);

        var (invalidated, invalidateOutput) = await Makoto("invalidate", "--site", id, "--date", "2024-06-03");
        Assert.True(invalidated == 0, invalidateOutput);
        // The day and the month containing it were built: one archive for the day, and the month's archive
        // of each plugin with reports (a month is archived plugin by plugin).
        var plugins = _server.Services.GetRequiredService<Archiver>().Builders.Select(b => b.Plugin).Distinct().Count();
        Assert.Contains($"Invalidated {1 + plugins} archives of 1 sites from 2024-06-03 to 2024-06-03", invalidateOutput, StringComparison.Ordinal);
        var waiting = SiteRow(await Status());
        Assert.Equal(1, waiting.DaysToRearchive);
        Assert.Equal(3, waiting.Visits);

        var (rebuilt, rebuildOutput) = await Makoto("archive", "--site", id);
        Assert.True(rebuilt == 0, rebuildOutput);
        Assert.Equal(0, SiteRow(await Status()).DaysToRearchive);

        var month = await _server.ApiJsonAsync($"method=VisitsSummary.get&idSite={id}&period=month&date=2024-06-03");
        Assert.Equal(3, month.GetProperty("nb_visits").GetInt32());
        Assert.Equal(6, month.GetProperty("nb_actions").GetInt32());
    }

    [Fact]
    public async Task Mistakes_in_the_command_line_end_with_exit_code_2_and_a_message()
    {
        var (badDate, badDateOutput) = await Makoto("invalidate", "--date", "03/06/2024");
        Assert.Equal(2, badDate);
        Assert.Contains("is not a date", badDateOutput, StringComparison.Ordinal);

        var (force, forceOutput) = await Makoto("archive", "--force");
        Assert.Equal(2, force);
        Assert.Contains("--force needs --date", forceOutput, StringComparison.Ordinal);

        var (badSite, badSiteOutput) = await Makoto("archive", "--site", "x");
        Assert.Equal(2, badSite);
        Assert.Contains("'x' is not a site id", badSiteOutput, StringComparison.Ordinal);

        var (badTime, badTimeOutput) = await Makoto("import-logs", _log, "--exclude-older-than", "yesterday");
        Assert.Equal(2, badTime);
        Assert.Contains("is not a time", badTimeOutput, StringComparison.Ordinal);

        var (help, helpOutput) = await Makoto("import-logs", "--help");
        Assert.Equal(0, help);
        Assert.Contains("--idsite-fallback", helpOutput, StringComparison.Ordinal);
    }

    private async Task<string> Status()
    {
        var (exit, output) = await Makoto("status");
        Assert.True(exit == 0, output);
        return output;
    }

    /// <summary>The status table's row of the test site: its visits and days waiting to be archived again.</summary>
    private (int Visits, int DaysToRearchive) SiteRow(string status)
    {
        var row = status.Split('\n').Select(l => l.Split(['│', '|'], StringSplitOptions.TrimEntries)).First(c => c.Length > 6 && c[1] == _idSite.ToString(CultureInfo.InvariantCulture));
        return (int.Parse(row[4], CultureInfo.InvariantCulture), int.Parse(row[6], CultureInfo.InvariantCulture));
    }
}
