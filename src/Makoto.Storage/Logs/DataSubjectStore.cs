using System.Data.Common;
using System.Globalization;
using System.Text;

namespace Makoto.Storage.Logs;

/// <summary>One visit of a data subject, as found by <see cref="DataSubjectStore.Find"/>.</summary>
public sealed record DataSubjectVisit(
    int IdSite,
    long IdVisit,
    string VisitorId,
    string? UserId,
    byte[] Ip,
    DateTime FirstActionTime,
    DateTime LastActionTime,
    int Actions);

/// <summary>Who to look for: any combination; every given criterion must match.</summary>
public sealed record DataSubjectQuery
{
    /// <summary>Sites to search; null for every site.</summary>
    public IReadOnlyCollection<int>? IdSites { get; init; }

    /// <summary>The 8-byte visitor id (16 hex digits).</summary>
    public byte[]? VisitorId { get; init; }

    public string? UserId { get; init; }

    /// <summary>The IP as stored (after the IP anonymization that applied when it was tracked).</summary>
    public byte[]? Ip { get; init; }
}

/// <summary>
/// The raw log rows of data subjects (GDPR): finding their visits by visitor id, User ID or IP, and
/// exporting every row recorded in them, with the names of the actions they refer to.
/// </summary>
public sealed class DataSubjectStore(IDatabase database)
{
    private const int IdsPerStatement = 500;

    private ISqlDialect D => database.Dialect;

    /// <summary>The visits matching <paramref name="query"/>, newest first, at most <paramref name="limit"/>.</summary>
    public List<DataSubjectVisit> Find(DataSubjectQuery query, int limit = 10_000)
    {
        if (query.VisitorId is null && query.UserId is null && query.Ip is null)
        {
            throw new ArgumentException("Give a visitor id, a User ID or an IP to look for.");
        }

        var where = new List<string>();
        using var connection = database.Open();
        using var command = connection.Command("");
        if (query.IdSites is { Count: > 0 } sites)
        {
            var names = new List<string>();
            var i = 0;
            foreach (var site in sites)
            {
                var name = "@s" + (i++).ToString(CultureInfo.InvariantCulture);
                names.Add(name);
                command.With(name, site);
            }

            where.Add($"idsite IN ({string.Join(", ", names)})");
        }

        if (query.VisitorId is { } visitor)
        {
            where.Add("idvisitor = @visitor");
            command.With("@visitor", visitor);
        }

        if (query.UserId is { } userId)
        {
            where.Add("user_id = @user");
            command.With("@user", userId);
        }

        if (query.Ip is { } ip)
        {
            where.Add("location_ip = @ip");
            command.With("@ip", ip);
        }

        command.CommandText =
            $"""
            SELECT idsite, idvisit, idvisitor, user_id, location_ip, visit_first_action_time, visit_last_action_time, visit_total_actions
            FROM {D.Table("log_visit")} WHERE {string.Join(" AND ", where)}
            ORDER BY visit_last_action_time DESC, idvisit DESC LIMIT {limit.ToString(CultureInfo.InvariantCulture)}
            """;
        var visits = new List<DataSubjectVisit>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            visits.Add(new DataSubjectVisit(
                reader.GetInt32OrNull(0) ?? 0,
                reader.GetInt64(1),
                Convert.ToHexStringLower(reader.GetBytesOrNull(2) ?? []),
                reader.GetStringOrNull(3),
                reader.GetBytesOrNull(4) ?? [],
                D.ReadDateTime(reader, 5),
                D.ReadDateTime(reader, 6),
                reader.GetInt32OrNull(7) ?? 0));
        }

        return visits;
    }

    /// <summary>
    /// Every row of these visits in each log table (all columns; binary values as lower-case hex), and the
    /// <c>log_action</c> rows their actions refer to. Keys are table names, as Matomo's exportDataSubjects.
    /// </summary>
    public SortedDictionary<string, List<SortedDictionary<string, object?>>> Export(IReadOnlyCollection<long> idVisits)
    {
        var result = new SortedDictionary<string, List<SortedDictionary<string, object?>>>(StringComparer.Ordinal);
        var ids = idVisits.Distinct().Order().ToList();
        var actionIds = new SortedSet<long>();
        using var connection = database.Open();
        foreach (var table in LogEraser.VisitTables.Reverse())
        {
            var rows = new List<SortedDictionary<string, object?>>();
            for (var offset = 0; offset < ids.Count; offset += IdsPerStatement)
            {
                var count = Math.Min(IdsPerStatement, ids.Count - offset);
                using var command = connection.Command($"SELECT * FROM {D.Table(table)} WHERE idvisit IN ({LogEraser.Placeholders(count)})");
                for (var i = 0; i < count; i++)
                {
                    command.With("@v" + i.ToString(CultureInfo.InvariantCulture), ids[offset + i]);
                }

                using var reader = command.ExecuteReader();
                while (reader.Read())
                {
                    rows.Add(ReadRow(reader, actionIds));
                }
            }

            result[table] = rows;
        }

        result["log_action"] = ReadActions(connection, actionIds);
        return result;
    }

    /// <summary>The (visit, site, first action, last action) of these visits: the time spans whose reports include them.</summary>
    public List<(long IdVisit, int IdSite, DateTime First, DateTime Last)> Spans(IReadOnlyCollection<long> idVisits)
    {
        var spans = new List<(long, int, DateTime, DateTime)>();
        var ids = idVisits.Distinct().ToList();
        using var connection = database.Open();
        for (var offset = 0; offset < ids.Count; offset += IdsPerStatement)
        {
            var count = Math.Min(IdsPerStatement, ids.Count - offset);
            using var command = connection.Command(
                $"SELECT idvisit, idsite, visit_first_action_time, visit_last_action_time FROM {D.Table("log_visit")} WHERE idvisit IN ({LogEraser.Placeholders(count)})");
            for (var i = 0; i < count; i++)
            {
                command.With("@v" + i.ToString(CultureInfo.InvariantCulture), ids[offset + i]);
            }

            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                spans.Add((reader.GetInt64(0), reader.GetInt32OrNull(1) ?? 0, D.ReadDateTime(reader, 2), D.ReadDateTime(reader, 3)));
            }
        }

        return spans;
    }

    private static SortedDictionary<string, object?> ReadRow(DbDataReader reader, SortedSet<long> actionIds)
    {
        var row = new SortedDictionary<string, object?>(StringComparer.Ordinal);
        for (var i = 0; i < reader.FieldCount; i++)
        {
            var name = reader.GetName(i);
            if (reader.IsDBNull(i))
            {
                continue;
            }

            var value = reader.GetValue(i);
            row[name] = value is byte[] bytes ? Convert.ToHexStringLower(bytes) : value;
            if (name.StartsWith("idaction", StringComparison.Ordinal) && value is long id && id > 0)
            {
                actionIds.Add(id);
            }
        }

        return row;
    }

    private List<SortedDictionary<string, object?>> ReadActions(DbConnection connection, SortedSet<long> actionIds)
    {
        var rows = new List<SortedDictionary<string, object?>>();
        var ids = actionIds.ToList();
        for (var offset = 0; offset < ids.Count; offset += IdsPerStatement)
        {
            var count = Math.Min(IdsPerStatement, ids.Count - offset);
            var sql = new StringBuilder($"SELECT idaction, name, type, url_prefix FROM {D.Table("log_action")} WHERE idaction IN (");
            sql.Append(LogEraser.Placeholders(count)).Append(") ORDER BY idaction");
            using var command = connection.Command(sql.ToString());
            for (var i = 0; i < count; i++)
            {
                command.With("@v" + i.ToString(CultureInfo.InvariantCulture), ids[offset + i]);
            }

            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                rows.Add(ReadRow(reader, []));
            }
        }

        return rows;
    }
}
