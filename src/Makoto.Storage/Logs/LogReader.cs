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
}
