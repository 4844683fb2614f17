using Makoto.Archiving;
using Makoto.Archiving.Reports;
using Makoto.Core.DataTables;
using Makoto.Storage.Logs;

namespace Makoto.Plugins.UserId.RecordBuilders;

/// <summary>
/// The users report (metrics-and-archiving.md §4, Matomo's UserId Users record): visits with a User ID
/// grouped by it — MySQL's case-insensitive grouping, rows in ascending User ID order — with the visit
/// metrics and the visitor id (<c>idvisitor</c> in hex, of the user's first visit of the day) as row
/// metadata. Matomo reads these groups through a ranking query whose outer sums turn every count but
/// <c>max_actions</c> into decimal texts; a day's rows keep those types. Its row limit is the
/// <see cref="RowLimitFamily.UserIdUsers"/> family.
/// </summary>
internal sealed class UserIdRecordBuilder : IRecordBuilder
{
    public const string UsersRecord = "UserId_users";

    /// <summary>The metadata holding the visitor id of a user's row.</summary>
    public const string VisitorIdMetadata = "idvisitor";

    public string Plugin => "UserId";

    public LogNeeds Needs { get; } = new() { VisitColumns = VisitMetrics.LogColumns };

    public IReadOnlyList<ArchiveRecord> Records { get; } = [new TableRecord(UsersRecord) { Limits = RowLimitFamily.UserIdUsers }];

    public IDayAggregator StartDay(ArchiveContext context) => new Day();

    private sealed class Day : IDayAggregator
    {
        private readonly VisitsByDimension<string> _users = new(SqlGroupOrder.Text);
        private readonly Dictionary<string, string> _visitorIds = new(StringComparer.OrdinalIgnoreCase);

        public void OnVisit(VisitLog log)
        {
            if (log.Visit is not { UserId: { Length: > 0 } userId } visit)
            {
                return;
            }

            _users.Add(userId, visit);
            _visitorIds.TryAdd(userId, Convert.ToHexStringLower(visit.IdVisitor));
        }

        public void Finish(ArchiveRecords records)
        {
            if (_users.Count == 0)
            {
                return;
            }

            var table = new DataTable();
            foreach (var (userId, metrics) in _users.Groups(SqlGroupOrder.Text))
            {
                var row = new DataRow();
                row.Label = userId;
                row["nb_uniq_visitors"] = MetricValues.DecimalText(metrics.UniqueVisitors);
                row["nb_visits"] = MetricValues.DecimalText(metrics.Visits);
                row["nb_actions"] = MetricValues.DecimalText(metrics.Actions);

                // One User ID per row: MySQL's COUNT(DISTINCT user_id) counts the spellings of a group as one.
                row["nb_users"] = MetricValues.DecimalText(1);
                row["max_actions"] = metrics.MaxActions;
                row["sum_visit_length"] = MetricValues.DecimalText(metrics.VisitLength);
                row["bounce_count"] = MetricValues.DecimalText(metrics.Bounces);
                row["nb_visits_converted"] = MetricValues.DecimalText(metrics.Converted);
                row.Metadata[VisitorIdMetadata] = _visitorIds[userId];
                table.Rows.Add(row);
            }

            records.SetTable(UsersRecord, table);
        }
    }
}
