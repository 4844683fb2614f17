using System.Data.Common;
using System.Text.Json;

namespace Makoto.Storage.Logs;

/// <summary>
/// One requested anonymization of past raw data (a row of Matomo's <c>privacy_logdata_anonymizations</c>): what,
/// for which sites and UTC time span (<see cref="DateStart"/> to <see cref="DateEnd"/>, both included, whole
/// seconds), who asked, and how far it went.
/// </summary>
public sealed record LogDataAnonymization
{
    public long Id { get; init; }

    /// <summary>The sites; null for all of them.</summary>
    public IReadOnlyList<int>? IdSites { get; init; }

    public required DateTime DateStart { get; init; }

    public required DateTime DateEnd { get; init; }

    public bool AnonymizeIp { get; init; }

    public bool AnonymizeLocation { get; init; }

    public bool AnonymizeUserId { get; init; }

    public IReadOnlyList<string> UnsetVisitColumns { get; init; } = [];

    public IReadOnlyList<string> UnsetLinkVisitActionColumns { get; init; } = [];

    /// <summary>What the run reported, a line per step; null before it starts.</summary>
    public string? Output { get; init; }

    public DateTime? ScheduledDate { get; init; }

    public DateTime? JobStartDate { get; init; }

    public DateTime? JobFinishDate { get; init; }

    /// <summary>The login that asked, or <c>Command line</c>.</summary>
    public string Requester { get; init; } = "";
}

/// <summary>The stored anonymizations of past raw data: scheduled by the API, run by the scheduled task or the console.</summary>
public sealed class LogDataAnonymizationStore(IDatabase database, TimeProvider clock)
{
    private const string Columns =
        "idlogdata_anonymization, idsites, date_start, date_end, anonymize_ip, anonymize_location, anonymize_userid, unset_visit_columns, " +
        "unset_link_visit_action_columns, output, scheduled_date, job_start_date, job_finish_date, requester";

    private ISqlDialect D => database.Dialect;

    private string Table => D.Table("privacy_logdata_anonymizations");

    /// <summary>
    /// Stores the request; returns its id. With <paramref name="startedNow"/> (the console, which runs it at once) it is
    /// marked started, so that the scheduled task never picks it up as well.
    /// </summary>
    public long Schedule(LogDataAnonymization entry, bool startedNow)
    {
        var now = Now();
        using var connection = database.Open();
        using var transaction = connection.BeginTransaction();
        connection.Exec(
            $"""
            INSERT INTO {Table} (idsites, date_start, date_end, anonymize_ip, anonymize_location, anonymize_userid, unset_visit_columns,
                unset_link_visit_action_columns, scheduled_date, job_start_date, requester)
            VALUES (@sites, @start, @end, @ip, @location, @user, @visit, @action, @scheduled, @started, @requester)
            """,
            transaction,
            ("@sites", entry.IdSites is null ? null : JsonSerializer.Serialize(entry.IdSites)),
            ("@start", D.DateTimeValue(entry.DateStart)),
            ("@end", D.DateTimeValue(entry.DateEnd)),
            ("@ip", entry.AnonymizeIp ? 1 : 0),
            ("@location", entry.AnonymizeLocation ? 1 : 0),
            ("@user", entry.AnonymizeUserId ? 1 : 0),
            ("@visit", JsonSerializer.Serialize(entry.UnsetVisitColumns)),
            ("@action", JsonSerializer.Serialize(entry.UnsetLinkVisitActionColumns)),
            ("@scheduled", D.DateTimeValue(now)),
            ("@started", startedNow ? D.DateTimeValue(now) : null),
            ("@requester", entry.Requester));
        var id = Convert.ToInt64(connection.Scalar(D.LastInsertIdSql, transaction), System.Globalization.CultureInfo.InvariantCulture);
        transaction.Commit();
        return id;
    }

    /// <summary>Every entry, oldest first.</summary>
    public List<LogDataAnonymization> All() => Read($"SELECT {Columns} FROM {Table} ORDER BY idlogdata_anonymization");

    public LogDataAnonymization? Get(long id) =>
        Read($"SELECT {Columns} FROM {Table} WHERE idlogdata_anonymization = @id", ("@id", id)).FirstOrDefault();

    /// <summary>
    /// Claims the oldest entry not started yet: marks it started and returns it; null when none waits. Two processes
    /// never claim the same entry (the mark is conditional on it still being unstarted).
    /// </summary>
    public LogDataAnonymization? ClaimNext()
    {
        while (true)
        {
            var next = Read($"SELECT {Columns} FROM {Table} WHERE job_start_date IS NULL ORDER BY idlogdata_anonymization LIMIT 1").FirstOrDefault();
            if (next is null)
            {
                return null;
            }

            using var connection = database.Open();
            var claimed = connection.Exec(
                $"UPDATE {Table} SET job_start_date = @now WHERE idlogdata_anonymization = @id AND job_start_date IS NULL",
                null,
                ("@now", D.DateTimeValue(Now())),
                ("@id", next.Id));
            if (claimed == 1)
            {
                return Get(next.Id);
            }
        }
    }

    /// <summary>Adds a line to the entry's output.</summary>
    public void AppendOutput(long id, string line)
    {
        using var connection = database.Open();
        connection.Exec(
            $"UPDATE {Table} SET output = {D.Concat("COALESCE(output, '')", "@line")} WHERE idlogdata_anonymization = @id",
            null,
            ("@line", line + "\n"),
            ("@id", id));
    }

    public void Finish(long id)
    {
        using var connection = database.Open();
        connection.Exec($"UPDATE {Table} SET job_finish_date = @now WHERE idlogdata_anonymization = @id", null, ("@now", D.DateTimeValue(Now())), ("@id", id));
    }

    private DateTime Now()
    {
        var now = clock.GetUtcNow().UtcDateTime;
        return new DateTime(now.Ticks - (now.Ticks % TimeSpan.TicksPerSecond), DateTimeKind.Utc);
    }

    private List<LogDataAnonymization> Read(string sql, params (string Name, object? Value)[] parameters)
    {
        var entries = new List<LogDataAnonymization>();
        using var connection = database.Open();
        using var command = connection.Command(sql);
        foreach (var (name, value) in parameters)
        {
            command.With(name, value);
        }

        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            entries.Add(new LogDataAnonymization
            {
                Id = reader.GetInt64(0),
                IdSites = reader.GetStringOrNull(1) is { Length: > 0 } sites ? JsonSerializer.Deserialize<List<int>>(sites) : null,
                DateStart = D.ReadDateTime(reader, 2),
                DateEnd = D.ReadDateTime(reader, 3),
                AnonymizeIp = reader.GetInt64(4) != 0,
                AnonymizeLocation = reader.GetInt64(5) != 0,
                AnonymizeUserId = reader.GetInt64(6) != 0,
                UnsetVisitColumns = List(reader.GetStringOrNull(7)),
                UnsetLinkVisitActionColumns = List(reader.GetStringOrNull(8)),
                Output = reader.GetStringOrNull(9),
                ScheduledDate = Time(reader, 10),
                JobStartDate = Time(reader, 11),
                JobFinishDate = Time(reader, 12),
                Requester = reader.GetStringOrNull(13) ?? "",
            });
        }

        return entries;
    }

    private DateTime? Time(DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : D.ReadDateTime(reader, ordinal);

    private static List<string> List(string? json) => json is { Length: > 0 } ? JsonSerializer.Deserialize<List<string>>(json) ?? [] : [];
}
