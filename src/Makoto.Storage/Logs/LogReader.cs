using System.Globalization;

namespace Makoto.Storage.Logs;

/// <summary>
/// Reads the log tables: for archiving, each day's rows streamed once, in order; for the visitor log
/// (LogReader.VisitorLog.cs), pages of visits with their actions and conversions.
/// </summary>
public sealed partial class LogReader(IDatabase database)
{
    private ISqlDialect D => database.Dialect;

    /// <summary>
    /// Streams the site's visits whose last action is in [<paramref name="startUtc"/>, <paramref name="endUtc"/>),
    /// filling only <paramref name="columns"/> (all columns when null), ordered by idvisit.
    /// </summary>
    public IEnumerable<VisitRow> Visits(int idSite, DateTime startUtc, DateTime endUtc, IReadOnlySet<string>? columns = null)
    {
        var selected = SelectedVisitColumns(columns);
        using var connection = database.Open();
        using var command = connection.Command(
            $"""
            SELECT {VisitColumnList(selected)} FROM {D.Table("log_visit")}
            WHERE idsite = @site AND visit_last_action_time >= @start AND visit_last_action_time < @end
            ORDER BY idvisit
            """)
            .With("@site", idSite)
            .With("@start", D.DateTimeValue(startUtc))
            .With("@end", D.DateTimeValue(endUtc));
        using var reader = command.ExecuteReader();
        var values = new DataReaderValues(reader, D);
        while (reader.Read())
        {
            yield return ReadVisit(reader, values, selected);
        }
    }

    private static List<LogColumn<VisitRow>> SelectedVisitColumns(IReadOnlySet<string>? columns)
    {
        var selected = new List<LogColumn<VisitRow>>();
        foreach (var column in VisitRow.Columns)
        {
            if (columns is null || columns.Contains(column.Name))
            {
                selected.Add(column);
            }
        }

        return selected;
    }

    /// <summary><c>idvisit</c> followed by the selected columns, for <see cref="ReadVisit"/>.</summary>
    private static string VisitColumnList(List<LogColumn<VisitRow>> selected)
    {
        var list = new System.Text.StringBuilder("idvisit");
        foreach (var column in selected)
        {
            list.Append(", ").Append(column.Name);
        }

        return list.ToString();
    }

    private static VisitRow ReadVisit(System.Data.Common.DbDataReader reader, DataReaderValues values, List<LogColumn<VisitRow>> selected)
    {
        var visit = new VisitRow { IdVisit = reader.GetInt64(0) };
        for (var i = 0; i < selected.Count; i++)
        {
            values.Ordinal = i + 1;
            selected[i].Set(visit, values);
        }

        return visit;
    }

    /// <summary>
    /// Distinct visitors and distinct users among visits whose last action is in [start, end): the unique
    /// counts that cannot be summed from days.
    /// </summary>
    public (long Visitors, long Users) CountDistinctVisitorsAndUsers(int idSite, DateTime startUtc, DateTime endUtc)
    {
        using var connection = database.Open();
        using var command = connection.Command(
            $"""
            SELECT COUNT(DISTINCT idvisitor), COUNT(DISTINCT user_id) FROM {D.Table("log_visit")}
            WHERE idsite = @site AND visit_last_action_time >= @start AND visit_last_action_time < @end
            """)
            .With("@site", idSite)
            .With("@start", D.DateTimeValue(startUtc))
            .With("@end", D.DateTimeValue(endUtc));
        using var reader = command.ExecuteReader();
        reader.Read();
        return (Convert.ToInt64(reader.GetValue(0), CultureInfo.InvariantCulture), Convert.ToInt64(reader.GetValue(1), CultureInfo.InvariantCulture));
    }

    /// <summary>True if the site has any visit in [start, end) — lets the archiver skip empty periods cheaply.</summary>
    public bool HasVisits(int idSite, DateTime startUtc, DateTime endUtc)
    {
        using var connection = database.Open();
        return connection.Scalar(
            $"SELECT 1 FROM {D.Table("log_visit")} WHERE idsite = @site AND visit_last_action_time >= @start AND visit_last_action_time < @end LIMIT 1",
            null,
            ("@site", idSite),
            ("@start", D.DateTimeValue(startUtc)),
            ("@end", D.DateTimeValue(endUtc))) is not null;
    }

    /// <summary>Per site: its number of visits and the time of its last action (for <c>makoto status</c>).</summary>
    public Dictionary<int, (long Visits, DateTime? LastAction)> SiteActivity()
    {
        var activity = new Dictionary<int, (long, DateTime?)>();
        using var connection = database.Open();
        using var command = connection.Command($"SELECT idsite, COUNT(*), MAX(visit_last_action_time) FROM {D.Table("log_visit")} GROUP BY idsite");
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            activity[(int)reader.GetInt64(0)] = (reader.GetInt64(1), reader.IsDBNull(2) ? null : D.ReadDateTime(reader, 2));
        }

        return activity;
    }

    /// <summary>
    /// The <c>log_action</c> rows with these ids (name, type, url_prefix), read in chunks; ids that do not
    /// exist are left out.
    /// </summary>
    public Dictionary<long, LogActionName> ActionNames(IReadOnlyCollection<long> ids)
    {
        var result = new Dictionary<long, LogActionName>(ids.Count);
        if (ids.Count == 0)
        {
            return result;
        }

        using var connection = database.Open();
        const int chunk = 500;
        var batch = new List<long>(chunk);
        foreach (var id in ids)
        {
            batch.Add(id);
            if (batch.Count == chunk)
            {
                ReadActions(connection, batch, result);
                batch.Clear();
            }
        }

        if (batch.Count > 0)
        {
            ReadActions(connection, batch, result);
        }

        return result;
    }

    private void ReadActions(System.Data.Common.DbConnection connection, List<long> ids, Dictionary<long, LogActionName> into)
    {
        var names = new System.Text.StringBuilder();
        using var command = connection.Command("");
        for (var i = 0; i < ids.Count; i++)
        {
            names.Append(i == 0 ? "@a0" : string.Create(CultureInfo.InvariantCulture, $", @a{i}"));
            command.With(string.Create(CultureInfo.InvariantCulture, $"@a{i}"), ids[i]);
        }

        command.CommandText = $"SELECT idaction, name, type, url_prefix FROM {D.Table("log_action")} WHERE idaction IN ({names})";
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            into[reader.GetInt64(0)] = new LogActionName(
                reader.IsDBNull(1) ? "" : reader.GetString(1),
                reader.IsDBNull(2) ? 0 : (int)reader.GetInt64(2),
                reader.IsDBNull(3) ? null : (int)reader.GetInt64(3));
        }
    }
}

/// <summary>A <c>log_action</c> row: the stored name (URLs without their prefix), its type and URL prefix id.</summary>
public sealed record LogActionName(string Name, int Type, int? UrlPrefix);
