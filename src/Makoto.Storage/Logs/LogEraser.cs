using System.Data.Common;
using System.Text;

namespace Makoto.Storage.Logs;

/// <summary>
/// Deletes raw log rows — the visits of data subjects, a deleted site's logs, and logs older than the
/// retention period — from every log table that holds rows of a visit, in small transactions so that
/// the tracking writer is never held up for long. <c>log_action</c> keeps its rows: names are shared
/// between visits and the tracking writer caches their ids.
/// </summary>
public sealed class LogEraser(IDatabase database)
{
    /// <summary>The log tables with rows of a visit, dependents first (the order deletion uses).</summary>
    public static IReadOnlyList<string> VisitTables { get; } = ["log_conversion_item", "log_conversion", "log_link_visit_action", "log_visit"];

    private const int IdsPerStatement = 500;
    private const int VisitsPerTransaction = 5000;

    private ISqlDialect D => database.Dialect;

    /// <summary>Deletes these visits and everything recorded in them; returns the rows deleted per table.</summary>
    public Dictionary<string, long> DeleteVisits(IReadOnlyCollection<long> idVisits)
    {
        var counts = VisitTables.ToDictionary(t => t, _ => 0L, StringComparer.Ordinal);
        var ids = idVisits.Distinct().ToList();
        using var connection = database.Open();
        for (var offset = 0; offset < ids.Count; offset += VisitsPerTransaction)
        {
            using var transaction = connection.BeginTransaction();
            Delete(connection, transaction, ids.GetRange(offset, Math.Min(VisitsPerTransaction, ids.Count - offset)), counts);
            transaction.Commit();
        }

        return counts;
    }

    /// <summary>Deletes every log row of a site; returns the number of rows deleted.</summary>
    public long DeleteSite(int idSite)
    {
        long total = 0;
        using var connection = database.Open();
        using var transaction = connection.BeginTransaction();
        foreach (var table in VisitTables)
        {
            total += connection.Exec($"DELETE FROM {D.Table(table)} WHERE idsite = @site", transaction, ("@site", idSite));
        }

        transaction.Commit();
        return total;
    }

    /// <summary>
    /// Deletes the site's visits whose last action is before <paramref name="cutoffUtc"/>, with their actions
    /// and conversions, oldest first, a few thousand visits per transaction. Returns the number of visits
    /// deleted; <paramref name="progress"/> receives the running count.
    /// </summary>
    public long DeleteVisitsBefore(int idSite, DateTime cutoffUtc, IProgress<long>? progress = null, CancellationToken cancellation = default)
    {
        long deleted = 0;
        var counts = VisitTables.ToDictionary(t => t, _ => 0L, StringComparer.Ordinal);
        using var connection = database.Open();
        while (true)
        {
            cancellation.ThrowIfCancellationRequested();
            using var transaction = connection.BeginTransaction();
            var ids = new List<long>(VisitsPerTransaction);
            using (var command = connection.Command(
                $"""
                SELECT idvisit FROM {D.Table("log_visit")}
                WHERE idsite = @site AND visit_last_action_time < @cutoff ORDER BY visit_last_action_time LIMIT {VisitsPerTransaction}
                """,
                transaction).With("@site", idSite).With("@cutoff", D.DateTimeValue(cutoffUtc)))
            using (var reader = command.ExecuteReader())
            {
                while (reader.Read())
                {
                    ids.Add(reader.GetInt64(0));
                }
            }

            if (ids.Count == 0)
            {
                transaction.Commit();
                return deleted;
            }

            Delete(connection, transaction, ids, counts);
            transaction.Commit();
            deleted += ids.Count;
            progress?.Report(deleted);
        }
    }

    /// <summary>The last action time of the site's oldest visit, or null when it has none.</summary>
    public DateTime? OldestVisit(int idSite)
    {
        using var connection = database.Open();
        var value = connection.Scalar($"SELECT MIN(visit_last_action_time) FROM {D.Table("log_visit")} WHERE idsite = @site", null, ("@site", idSite));
        return value is string text ? SqlDates.ParseDateTime(text) : value is DateTime time ? DateTime.SpecifyKind(time, DateTimeKind.Utc) : null;
    }

    private void Delete(DbConnection connection, DbTransaction transaction, List<long> ids, Dictionary<string, long> counts)
    {
        for (var offset = 0; offset < ids.Count; offset += IdsPerStatement)
        {
            var count = Math.Min(IdsPerStatement, ids.Count - offset);
            foreach (var table in VisitTables)
            {
                using var command = connection.Command($"DELETE FROM {D.Table(table)} WHERE idvisit IN ({Placeholders(count)})", transaction);
                for (var i = 0; i < count; i++)
                {
                    command.With("@v" + i.ToString(System.Globalization.CultureInfo.InvariantCulture), ids[offset + i]);
                }

                counts[table] += command.ExecuteNonQuery();
            }
        }
    }

    /// <summary><c>@v0, @v1, …</c>: one parameter per id.</summary>
    internal static string Placeholders(int count)
    {
        var text = new StringBuilder(count * 5);
        for (var i = 0; i < count; i++)
        {
            text.Append(i == 0 ? "@v" : ", @v").Append(i);
        }

        return text.ToString();
    }
}
