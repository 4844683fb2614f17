using System.Buffers.Binary;
using Makoto.Archiving;
using Makoto.Core.Periods;
using Makoto.Storage.Logs;

namespace Makoto.Plugins.VisitsSummary.RecordBuilders;

/// <summary>
/// VisitsSummary's numeric records (metrics-and-archiving.md §2): counted for a day from its visits;
/// summed (or maxed) for longer periods, except unique visitors and users, which are not additive:
/// weeks and months count them from the logs, as Matomo does, and years and ranges leave them out.
/// </summary>
internal sealed class VisitsSummaryRecordBuilder(ArchivingOptions options) : IRecordBuilder
{
    public const string NbVisits = "nb_visits";
    public const string NbUniqVisitors = "nb_uniq_visitors";
    public const string NbUsers = "nb_users";
    public const string NbActions = "nb_actions";
    public const string MaxActions = "max_actions";
    public const string SumVisitLength = "sum_visit_length";
    public const string BounceCount = "bounce_count";
    public const string NbVisitsConverted = "nb_visits_converted";
    public const string SumDailyNbUniqVisitors = "sum_daily_nb_uniq_visitors";
    public const string SumDailyNbUsers = "sum_daily_nb_users";

    public string Plugin => "VisitsSummary";

    public IReadOnlyCollection<string> VisitColumns { get; } =
        ["idvisitor", "user_id", "visit_total_actions", "visit_total_time", "visit_goal_converted"];

    public IReadOnlyDictionary<string, NumericAggregation> Numerics { get; } = new Dictionary<string, NumericAggregation>
    {
        [NbVisits] = NumericAggregation.Sum,
        [NbActions] = NumericAggregation.Sum,
        [MaxActions] = NumericAggregation.Max,
        [SumVisitLength] = NumericAggregation.Sum,
        [BounceCount] = NumericAggregation.Sum,
        [NbVisitsConverted] = NumericAggregation.Sum,
        [SumDailyNbUniqVisitors] = NumericAggregation.Sum,
        [SumDailyNbUsers] = NumericAggregation.Sum,
        [NbUniqVisitors] = NumericAggregation.None,
        [NbUsers] = NumericAggregation.None,
    };

    public IDayAggregator StartDay(ArchiveContext context) => new Day();

    public void CompletePeriod(ArchiveContext context, ArchiveRecords records)
    {
        var type = context.Period.Type;
        if ((type == PeriodType.Week && options.UniqueVisitorsForWeeks) || (type == PeriodType.Month && options.UniqueVisitorsForMonths))
        {
            var (start, end) = context.UtcBounds;
            var (visitors, users) = context.Logs.CountDistinctVisitorsAndUsers(context.Site.IdSite, start, end);
            records.SetNumeric(NbUniqVisitors, visitors);
            records.SetNumeric(NbUsers, users);
        }
    }

    private sealed class Day : IDayAggregator
    {
        private readonly HashSet<ulong> _visitors = [];
        private readonly HashSet<string> _users = new(StringComparer.Ordinal);
        private long _visits;
        private long _actions;
        private long _maxActions;
        private long _visitLength;
        private long _bounces;
        private long _converted;

        public void OnVisit(VisitRow visit)
        {
            _visits++;
            var actions = visit.VisitTotalActions ?? 0;
            _actions += actions;
            _maxActions = Math.Max(_maxActions, actions);
            _visitLength += visit.VisitTotalTime;
            if (actions <= 1)
            {
                _bounces++;
            }

            if (visit.VisitGoalConverted == 1)
            {
                _converted++;
            }

            _visitors.Add(visit.IdVisitor.Length >= 8 ? BinaryPrimitives.ReadUInt64BigEndian(visit.IdVisitor) : 0);
            if (visit.UserId is not null)
            {
                _users.Add(visit.UserId);
            }
        }

        public void Finish(ArchiveRecords records)
        {
            records.SetNumeric(NbVisits, _visits);
            records.SetNumeric(NbUniqVisitors, _visitors.Count);
            records.SetNumeric(NbUsers, _users.Count);
            records.SetNumeric(NbActions, _actions);
            records.SetNumeric(MaxActions, _maxActions);
            records.SetNumeric(SumVisitLength, _visitLength);
            records.SetNumeric(BounceCount, _bounces);
            records.SetNumeric(NbVisitsConverted, _converted);
            records.SetNumeric(SumDailyNbUniqVisitors, _visitors.Count);
            records.SetNumeric(SumDailyNbUsers, _users.Count);
        }
    }
}
