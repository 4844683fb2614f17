using System.Net;
using Makoto.Core.Sites;
using Makoto.Storage;
using Makoto.Storage.Logs;
using Makoto.Storage.Sites;
using Makoto.Storage.Sqlite;
using Makoto.Tracking.Pipeline;
using Makoto.Tracking.Requests;
using Makoto.Tracking.Visits;
using Microsoft.Data.Sqlite;

namespace Makoto.Tracking.Tests;

/// <summary>
/// A real SQLite store in a temporary folder and the visit recorder on top of it: hits go in one by
/// one, each in its own transaction, and the log tables are read back.
/// </summary>
internal sealed class RecorderHarness : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "makoto-recorder-" + Guid.NewGuid().ToString("N"));
    private readonly SqliteDatabase _database;
    private readonly ILogWriter _log;
    private readonly VisitRecorder _recorder;

    public RecorderHarness(string timezone = "UTC", TrackerOptions? options = null)
    {
        _database = new SqliteDatabase(_folder);
        _database.Migrate();
        var sites = new SiteStore(_database);
        var id = sites.Add(new Site { IdSite = 0, Name = "Test", MainUrl = "https://example.org", TsCreated = new DateTime(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc), Timezone = timezone });
        Site = sites.Get(id)!;
        _log = _database.CreateLogWriter();
        _recorder = new VisitRecorder(options ?? new TrackerOptions());
    }

    public Site Site { get; }

    public SqliteDatabase Database => _database;

    /// <summary>Records a page view (unless <paramref name="ping"/>) and returns the result.</summary>
    public HitResult PageView(
        DateTime utc,
        string path = "/",
        byte[]? visitorId = null,
        VisitorIdSource source = VisitorIdSource.Cookie,
        string? userId = null,
        string config = "config-1",
        bool newVisit = false,
        bool ping = false)
    {
        var hit = Hit(utc, path, visitorId, source, userId, config, newVisit, ping);
        _log.Begin();
        var result = _recorder.Record(_log, hit);
        _log.Commit();
        return result;
    }

    /// <summary>A page view (unless <paramref name="ping"/>) as the request processors hand it to the writer.</summary>
    public HitContext Hit(
        DateTime utc,
        string path = "/",
        byte[]? visitorId = null,
        VisitorIdSource source = VisitorIdSource.Cookie,
        string? userId = null,
        string config = "config-1",
        bool newVisit = false,
        bool ping = false)
    {
        var request = new TrackingRequest
        {
            Parameters = new TrackingParameters(),
            Site = Site,
            Timestamp = utc,
            Ip = IPAddress.Parse("198.51.100.7"),
            Rec = true,
            VisitorId = visitorId,
            VisitorIdSource = visitorId is null ? VisitorIdSource.None : source,
            UserId = userId,
            Url = "https://example.org" + path,
            NewVisit = newVisit,
            Ping = ping,
        };
        var hit = new HitContext(request) { ConfigId = System.Text.Encoding.ASCII.GetBytes(config.PadRight(8, '.'))[..8] };
        if (!ping)
        {
            hit.Action = new TrackedAction(ActionKind.PageView)
                .With(ActionSlot.Url, new ActionName(LogActionType.PageUrl, "example.org" + path, 2))
                .With(ActionSlot.Name, new ActionName(LogActionType.PageTitle, "Title " + path));
        }

        return hit;
    }

    public List<VisitRow> Visits()
    {
        var reader = new LogReader(_database);
        return reader.Visits(Site.IdSite, DateTime.MinValue.AddYears(2000), DateTime.MaxValue.AddYears(-1000)).ToList();
    }

    public List<(long IdVisit, long? UrlRef, long? TimeSpentRef, int? Position)> Actions()
    {
        using var connection = _database.Open();
        using var command = connection.Command("SELECT idvisit, idaction_url_ref, time_spent_ref_action, pageview_position FROM log_link_visit_action ORDER BY idlink_va");
        using var reader = command.ExecuteReader();
        var rows = new List<(long, long?, long?, int?)>();
        while (reader.Read())
        {
            rows.Add((reader.GetInt64(0), reader.GetInt64OrNull(1), reader.GetInt64OrNull(2), reader.GetInt32OrNull(3)));
        }

        return rows;
    }

    public long ActionId(string path)
    {
        using var connection = _database.Open();
        return (long)connection.Scalar("SELECT idaction FROM log_action WHERE type = 1 AND name = @n", null, ("@n", "example.org" + path))!;
    }

    public void Dispose()
    {
        _log.Dispose();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }
}
