using System.Data.Common;
using System.Text;
using Makoto.Storage.Segments;

namespace Makoto.Storage.Logs;

/// <summary>
/// One visit's share of a day's logs, as the archiver streams it: the visit row (null when the visit
/// is counted on another day — its last action is not in this day — but some of its actions,
/// conversions or items are) and, in log order, its actions, conversions and ecommerce items of the day.
/// </summary>
public sealed class VisitLog
{
    public long IdVisit { get; internal set; }

    public VisitRow? Visit { get; internal set; }

    public List<ActionRow> Actions { get; } = [];

    public List<ConversionRow> Conversions { get; } = [];

    public List<ConversionItemRow> Items { get; } = [];
}

/// <summary>
/// What the archiver reads of a day: the columns of each log table that some record builder needs;
/// a table none needs (null) is not read at all.
/// </summary>
public sealed class DayLogRequest
{
    public IReadOnlySet<string>? VisitColumns { get; init; }

    public IReadOnlySet<string>? ActionColumns { get; init; }

    public IReadOnlySet<string>? ConversionColumns { get; init; }

    public IReadOnlySet<string>? ItemColumns { get; init; }
}

/// <summary>
/// Streams a day of one site's logs grouped by visit, reading every table once: visits whose last
/// action is in the day, and actions, conversions and items whose server time is in it, each ordered
/// by visit and merged on the fly. All four are read in one transaction, so they agree with each
/// other even while tracking writes. Memory holds one visit at a time.
/// </summary>
public sealed class DayLogReader(IDatabase database)
{
    private ISqlDialect D => database.Dialect;

    /// <summary>
    /// The day's logs grouped by visit; with a <paramref name="segment"/>, only the visits it selects (whose
    /// last action is in the day) and, of their rows of the day, the actions, conversions and items it
    /// selects (metrics-and-archiving.md §7: a row matches with its visit).
    /// </summary>
    public IEnumerable<VisitLog> Read(int idSite, DateTime startUtc, DateTime endUtc, DayLogRequest request, CompiledSegment? segment = null)
    {
        using var connection = database.Open();
        using var transaction = database.BeginReadTransaction(connection);
        var range = new Range(idSite, startUtc, endUtc, segment is { IsEmpty: false } ? segment : null);
        if (range.Segment is not null)
        {
            SelectVisits(connection, transaction, range);
        }

        var visits = request.VisitColumns is { } visitColumns
            ? Open<VisitRow>(connection, transaction, SegmentScope.Visit, "visit_last_action_time", "idvisit", "idvisit", VisitRow.Columns, visitColumns, range, (row, id, _) => row.IdVisit = id)
            : null;
        var actions = request.ActionColumns is { } actionColumns
            ? Open<ActionRow>(connection, transaction, SegmentScope.Action, "server_time", "idlink_va", "idlink_va", ActionRow.Columns, actionColumns, range, (row, id, link) =>
            {
                row.IdVisit = id;
                row.IdLinkVa = link;
            })
            : null;
        var conversions = request.ConversionColumns is { } conversionColumns
            ? Open<ConversionRow>(connection, transaction, SegmentScope.Conversion, "server_time", "idvisit", "server_time, idgoal", ConversionRow.Columns, conversionColumns, range, (row, id, _) => row.IdVisit = id)
            : null;
        var items = request.ItemColumns is { } itemColumns
            ? Open<ConversionItemRow>(connection, transaction, SegmentScope.Item, "server_time", "idvisit", "server_time, idaction_sku", ConversionItemRow.Columns, itemColumns, range, (row, id, _) => row.IdVisit = id)
            : null;
        try
        {
            while (true)
            {
                var next = long.MaxValue;
                next = Math.Min(next, visits?.HeadId ?? long.MaxValue);
                next = Math.Min(next, actions?.HeadId ?? long.MaxValue);
                next = Math.Min(next, conversions?.HeadId ?? long.MaxValue);
                next = Math.Min(next, items?.HeadId ?? long.MaxValue);
                if (next == long.MaxValue)
                {
                    yield break;
                }

                var log = new VisitLog { IdVisit = next };
                if (visits is not null && visits.HeadId == next)
                {
                    log.Visit = visits.Take();
                }

                actions?.TakeAll(next, log.Actions);
                conversions?.TakeAll(next, log.Conversions);
                items?.TakeAll(next, log.Items);
                yield return log;
            }
        }
        finally
        {
            visits?.Dispose();
            actions?.Dispose();
            conversions?.Dispose();
            items?.Dispose();
        }
    }

    /// <summary>Fills the connection's table of selected visits: those of the day the segment selects.</summary>
    private void SelectVisits(DbConnection connection, DbTransaction transaction, Range range)
    {
        foreach (var sql in D.PrepareTemporaryIds(SelectedVisits))
        {
            connection.Exec(sql, transaction);
        }

        var writer = range.Writer(D);
        using var command = connection.Command(
            $"""
            INSERT INTO {D.TemporaryTable(SelectedVisits)} (id)
            SELECT log_visit.idvisit FROM {D.Table("log_visit")} AS log_visit
            WHERE log_visit.idsite = @site AND log_visit.visit_last_action_time >= @start AND log_visit.visit_last_action_time < @end
                AND ({range.Segment!.VisitCondition(writer)})
            """,
            transaction)
            .With("@site", range.IdSite)
            .With("@start", D.DateTimeValue(range.StartUtc))
            .With("@end", D.DateTimeValue(range.EndUtc));
        writer.AddTo(command);
        command.ExecuteNonQuery();
    }

    private Stream<TRow> Open<TRow>(
        DbConnection connection,
        DbTransaction transaction,
        SegmentScope scope,
        string timeColumn,
        string secondKey,
        string order,
        IReadOnlyList<LogColumn<TRow>> all,
        IReadOnlySet<string> wanted,
        Range range,
        Action<TRow, long, long> setKeys)
        where TRow : new()
    {
        var alias = CompiledSegment.Alias(scope);
        var list = new StringBuilder().Append(alias).Append(".idvisit, ").Append(alias).Append('.').Append(secondKey);
        foreach (var column in all)
        {
            if (wanted.Contains(column.Name))
            {
                list.Append(", ").Append(alias).Append('.').Append(column.Name);
            }
        }

        var orderBy = new StringBuilder().Append(alias).Append(".idvisit");
        foreach (var part in order.Split(", "))
        {
            orderBy.Append(", ").Append(alias).Append('.').Append(part);
        }

        string sql;
        SegmentSqlWriter? writer = null;
        if (range.Segment is not { } segment)
        {
            sql = $"""
                SELECT {list} FROM {D.Table(CompiledSegment.Alias(scope))} AS {alias}
                WHERE {alias}.idsite = @site AND {alias}.{timeColumn} >= @start AND {alias}.{timeColumn} < @end
                ORDER BY {orderBy}
                """;
        }
        else
        {
            // The selected visits drive the read: each one's rows are found through the idvisit index.
            var rows = "";
            if (segment.FiltersRows(scope))
            {
                writer = range.Writer(D);
                rows = $"""
                     JOIN {D.Table("log_visit")} AS log_visit ON log_visit.idvisit = {alias}.idvisit
                    WHERE {alias}.{timeColumn} >= @start AND {alias}.{timeColumn} < @end AND ({segment.RowCondition(scope, writer)})
                    """;
            }
            else
            {
                rows = $" WHERE {alias}.{timeColumn} >= @start AND {alias}.{timeColumn} < @end";
            }

            sql = $"""
                SELECT {list} FROM {D.TemporaryTable(SelectedVisits)} AS selected
                CROSS JOIN {D.Table(CompiledSegment.Alias(scope))} AS {alias} ON {alias}.idvisit = selected.id{rows}
                ORDER BY {orderBy}
                """;
        }

        var command = connection.Command(sql, transaction)
            .With("@site", range.IdSite)
            .With("@start", D.DateTimeValue(range.StartUtc))
            .With("@end", D.DateTimeValue(range.EndUtc));
        writer?.AddTo(command);
        return new Stream<TRow>(command, D, all, wanted, setKeys);
    }

    /// <summary>The connection-private table of the visits a segment selects for the day being read.</summary>
    private const string SelectedVisits = "makoto_segment_visits";

    /// <summary>What one read covers: site, day and segment.</summary>
    private sealed record Range(int IdSite, DateTime StartUtc, DateTime EndUtc, CompiledSegment? Segment)
    {
        /// <summary>A writer for one statement's segment SQL; Matomo's subqueries cover the day's seconds.</summary>
        public SegmentSqlWriter Writer(ISqlDialect dialect) => new(dialect, [IdSite], StartUtc, EndUtc.AddSeconds(-1));
    }

    /// <summary>One table's rows, read ahead by one so the merge can look at the next visit id.</summary>
    private sealed class Stream<TRow> : IDisposable
        where TRow : new()
    {
        private readonly DbCommand _command;
        private readonly DbDataReader _reader;
        private readonly List<LogColumn<TRow>> _columns = [];
        private readonly Action<TRow, long, long> _setKeys;
        private readonly DataReaderValues _values;

        public Stream(DbCommand command, ISqlDialect dialect, IReadOnlyList<LogColumn<TRow>> all, IReadOnlySet<string> wanted, Action<TRow, long, long> setKeys)
        {
            _command = command;
            _reader = command.ExecuteReader();
            _setKeys = setKeys;
            foreach (var column in all)
            {
                if (wanted.Contains(column.Name))
                {
                    _columns.Add(column);
                }
            }

            _values = new DataReaderValues(_reader, dialect);
            Advance();
        }

        /// <summary>The visit id of the next row, or <see cref="long.MaxValue"/> at the end.</summary>
        public long HeadId { get; private set; }

        public TRow Take()
        {
            var row = new TRow();
            _setKeys(row, _reader.GetInt64(0), _reader.GetInt64(1));
            for (var i = 0; i < _columns.Count; i++)
            {
                _values.Ordinal = i + 2;
                _columns[i].Set(row, _values);
            }

            Advance();
            return row;
        }

        public void TakeAll(long idVisit, List<TRow> into)
        {
            while (HeadId == idVisit)
            {
                into.Add(Take());
            }
        }

        public void Dispose()
        {
            _reader.Dispose();
            _command.Dispose();
        }

        private void Advance() => HeadId = _reader.Read() ? _reader.GetInt64(0) : long.MaxValue;
    }
}
