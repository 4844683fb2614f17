using Makoto.Archiving;
using Makoto.Core.DataTables;
using Makoto.Storage.Logs;

namespace Makoto.Plugins.VisitsSummary.RecordBuilders;

/// <summary>
/// VisitsSummary's records (metrics-and-archiving.md §2): counted for a day from its visits and summed
/// (or maxed) for longer periods. Unique visitors and users are not additive: each archive keeps their
/// distinct counters (<see cref="UniqueCounter"/>), which periods merge, so weeks, months, years and
/// ranges all report them without reading the logs again.
/// </summary>
internal sealed class VisitsSummaryRecordBuilder : IRecordBuilder
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

    /// <summary>The distinct visitor ids of the period.</summary>
    public const string VisitorsCounter = "VisitsSummary_visitors";

    /// <summary>The distinct User IDs of the period.</summary>
    public const string UsersCounter = "VisitsSummary_users";

    public string Plugin => "VisitsSummary";

    public LogNeeds Needs { get; } = new()
    {
        VisitColumns = ["idvisitor", "user_id", "visit_total_actions", "visit_total_time", "visit_goal_converted"],
    };

    public IReadOnlyList<ArchiveRecord> Records { get; } =
    [
        new NumericRecord(NbVisits),
        new NumericRecord(NbActions),
        new NumericRecord(MaxActions, NumericAggregation.Max),
        new NumericRecord(SumVisitLength),
        new NumericRecord(BounceCount),
        new NumericRecord(NbVisitsConverted),
        new NumericRecord(SumDailyNbUniqVisitors),
        new NumericRecord(SumDailyNbUsers),
        new NumericRecord(NbUniqVisitors, NumericAggregation.None),
        new NumericRecord(NbUsers, NumericAggregation.None),
        new UniqueRecord(VisitorsCounter),
        new UniqueRecord(UsersCounter),
    ];

    public IDayAggregator StartDay(ArchiveContext context) => new Day();

    public void CompletePeriod(ArchiveContext context, ArchiveRecords records)
    {
        if (records.GetUniques(VisitorsCounter) is { } visitors)
        {
            records.SetNumeric(NbUniqVisitors, visitors.Count);
        }

        if (records.GetNumeric(NbVisits) is not null)
        {
            records.SetNumeric(NbUsers, records.GetUniques(UsersCounter)?.Count ?? 0);
        }
    }

    private sealed class Day : IDayAggregator
    {
        private readonly UniqueCounter _visitors = new();
        private readonly UniqueCounter _users = new();
        private long _visits;
        private long _actions;
        private long _maxActions;
        private long _visitLength;
        private long _bounces;
        private long _converted;

        public void OnVisit(VisitLog log)
        {
            if (log.Visit is not { } visit)
            {
                return;
            }

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

            _visitors.Add(visit.IdVisitor);
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
            records.SetUniques(VisitorsCounter, _visitors);
            records.SetUniques(UsersCounter, _users);
        }
    }
}
