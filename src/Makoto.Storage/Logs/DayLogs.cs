using System.Data.Common;
using System.Text;

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
/// by visit and merged on the fly. All four are read from one snapshot of the data (see
/// <see cref="ReadSnapshot"/>), so they agree with each other even while tracking writes. Memory holds
/// one visit at a time.
/// </summary>
public sealed class DayLogReader(IDatabase database)
{
    private ISqlDialect D => database.Dialect;

    public IEnumerable<VisitLog> Read(int idSite, DateTime startUtc, DateTime endUtc, DayLogRequest request)
    {
        using var snapshot = database.BeginReadSnapshot(4);
        var range = (idSite, startUtc, endUtc);
        var visits = request.VisitColumns is { } visitColumns
            ? Open<VisitRow>(snapshot.Connection(0), snapshot.Transaction(0), "log_visit", "visit_last_action_time", "idvisit, idvisit", "idvisit", VisitRow.Columns, visitColumns, range, (row, id, _) => row.IdVisit = id)
            : null;
        var actions = request.ActionColumns is { } actionColumns
            ? Open<ActionRow>(snapshot.Connection(1), snapshot.Transaction(1), "log_link_visit_action", "server_time", "idvisit, idlink_va", "idvisit, idlink_va", ActionRow.Columns, actionColumns, range, (row, id, link) =>
            {
                row.IdVisit = id;
                row.IdLinkVa = link;
            })
            : null;
        var conversions = request.ConversionColumns is { } conversionColumns
            ? Open<ConversionRow>(snapshot.Connection(2), snapshot.Transaction(2), "log_conversion", "server_time", "idvisit, idvisit", "idvisit, server_time, idgoal", ConversionRow.Columns, conversionColumns, range, (row, id, _) => row.IdVisit = id)
            : null;
        var items = request.ItemColumns is { } itemColumns
            ? Open<ConversionItemRow>(snapshot.Connection(3), snapshot.Transaction(3), "log_conversion_item", "server_time", "idvisit, idvisit", "idvisit, server_time, idaction_sku", ConversionItemRow.Columns, itemColumns, range, (row, id, _) => row.IdVisit = id)
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

    private Stream<TRow> Open<TRow>(
        DbConnection connection,
        DbTransaction transaction,
        string table,
        string timeColumn,
        string keys,
        string order,
        IReadOnlyList<LogColumn<TRow>> all,
        IReadOnlySet<string> wanted,
        (int IdSite, DateTime StartUtc, DateTime EndUtc) range,
        Action<TRow, long, long> setKeys)
        where TRow : new()
    {
        var list = new StringBuilder(keys);
        foreach (var column in all)
        {
            if (wanted.Contains(column.Name))
            {
                list.Append(", ").Append(column.Name);
            }
        }

        var command = connection.Command(
            $"""
            SELECT {list} FROM {D.Table(table)}
            WHERE idsite = @site AND {timeColumn} >= @start AND {timeColumn} < @end
            ORDER BY {order}
            """,
            transaction)
            .With("@site", range.IdSite)
            .With("@start", D.DateTimeValue(range.StartUtc))
            .With("@end", D.DateTimeValue(range.EndUtc));
        return new Stream<TRow>(command, D, all, wanted, setKeys);
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
