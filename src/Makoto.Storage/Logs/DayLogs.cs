using System.Text;
using Makoto.Storage.Segments;

namespace Makoto.Storage.Logs;

/// <summary>
/// One visit's share of a day's logs, as the archiver streams it: the visit row (null when the visit
/// is counted on another day — its last action is not in this day — but some of its actions,
/// conversions or items are) and, in log order, its actions, conversions and ecommerce items of the day.
/// The reader hands out the same object, with the same row objects refilled, for every visit: a consumer
/// reads it and its rows while it has it and keeps none of them after asking for the next visit.
/// </summary>
public sealed class VisitLog
{
    public long IdVisit { get; internal set; }

    public VisitRow? Visit { get; internal set; }

    public List<ActionRow> Actions { get; } = [];

    public List<ConversionRow> Conversions { get; } = [];

    public List<ConversionItemRow> Items { get; } = [];

    /// <summary>A copy of this visit's logs, with copies of its rows, that stays as it is while the reader moves on.</summary>
    public VisitLog Copy()
    {
        var copy = new VisitLog { IdVisit = IdVisit, Visit = Visit?.Clone() };
        foreach (var action in Actions)
        {
            copy.Actions.Add(action.Clone());
        }

        foreach (var conversion in Conversions)
        {
            copy.Conversions.Add(conversion.Clone());
        }

        foreach (var item in Items)
        {
            copy.Items.Add(item.Clone());
        }

        return copy;
    }
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
/// by visit and merged on the fly. Each table is read on a thread of its own, ahead of the consumer
/// by a bounded number of rows, so reading overlaps with the record builders' work on a second core.
/// Memory holds those read-ahead rows and one visit. Row objects and batches go back to their reading
/// thread once the consumer moves past a visit, so a day allocates about as many rows as are read ahead,
/// not one per log row.
/// </summary>
/// <remarks>
/// Each table is read in its own read transaction, started together. A hit committed in between may
/// be seen by one table and not another (or by the visits and not by the count of each visitor's visits read
/// just before them, or by the range of the day's visit ids read just before a table's rows, see
/// <see cref="InVisitOrder"/>); the archive of a running period is rebuilt after new hits anyway, and past days
/// only change through invalidations, which rebuild them.
/// </remarks>
public sealed class DayLogReader(IDatabase database)
{
    /// <summary>Rows handed from a reading thread to the merge at a time.</summary>
    private const int BatchSize = 512;

    /// <summary>Batches a reading thread may be ahead of the merge.</summary>
    private const int BatchesAhead = 8;

    /// <summary>
    /// The most rows the table may hold over the range of the day's visit ids, per row of the day, for the rows to be
    /// read by that range (<see cref="InVisitOrder"/>): each of those rows is read, about a third of what sorting the
    /// day's keys and looking each row up costs per row.
    /// </summary>
    private const int MaxRangeRowsPerDayRow = 2;

    private ISqlDialect D => database.Dialect;

    /// <summary>
    /// The day's logs grouped by visit; with a <paramref name="segment"/>, only the visits it selects and,
    /// of the day's actions, conversions and items, those of visits it selects that it selects themselves
    /// (metrics-and-archiving.md §7: a row matches together with its visit).
    /// </summary>
    public IEnumerable<VisitLog> Read(int idSite, DateTime startUtc, DateTime endUtc, DayLogRequest request, CompiledSegment? segment = null)
    {
        using var stop = new CancellationTokenSource();
        var range = new Range(idSite, startUtc, endUtc, segment is { IsEmpty: false } ? segment : null);
        var visits = request.VisitColumns is { } visitColumns
            ? Open<VisitRow>(SegmentScope.Visit, "visit_last_action_time", "idvisit", "idvisit", null, VisitRow.Columns, visitColumns, range, (row, id, _) => row.IdVisit = id, stop.Token)
            : null;
        var actions = request.ActionColumns is { } actionColumns
            ? Open<ActionRow>(SegmentScope.Action, "server_time", "idlink_va", "idlink_va", "index_idvisit", ActionRow.Columns, actionColumns, range, (row, id, link) =>
            {
                row.IdVisit = id;
                row.IdLinkVa = link;
            }, stop.Token)
            : null;
        var conversions = request.ConversionColumns is { } conversionColumns
            ? Open<ConversionRow>(SegmentScope.Conversion, "server_time", "idvisit", "server_time, idgoal", null, ConversionRow.Columns, conversionColumns, range, (row, id, _) => row.IdVisit = id, stop.Token)
            : null;
        var items = request.ItemColumns is { } itemColumns
            ? Open<ConversionItemRow>(SegmentScope.Item, "server_time", "idvisit", "server_time, idaction_sku", null, ConversionItemRow.Columns, itemColumns, range, (row, id, _) => row.IdVisit = id, stop.Token)
            : null;
        var log = new VisitLog();
        try
        {
            // Every reading thread runs by now; the day's visitors are counted beside them, while they read their first rows.
            var dayVisitors = request.VisitColumns is { } needed && needed.Contains("idvisitor") ? DayVisitors(range) : null;
            visits?.WaitForFirst();
            actions?.WaitForFirst();
            conversions?.WaitForFirst();
            items?.WaitForFirst();
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

                visits?.Recycle(log.Visit);
                actions?.Recycle(log.Actions);
                conversions?.Recycle(log.Conversions);
                items?.Recycle(log.Items);
                log.IdVisit = next;
                log.Visit = null;
                if (visits is not null && visits.HeadId == next)
                {
                    var visit = visits.Take();
                    if (dayVisitors is not null)
                    {
                        visit.DayVisitorNumber = dayVisitors.TryGetValue(VisitRow.VisitorKey(visit.IdVisitor), out var number) && number > 0 ? number : -1;
                    }

                    log.Visit = visit;
                }

                actions?.TakeAll(next, log.Actions);
                conversions?.TakeAll(next, log.Conversions);
                items?.TakeAll(next, log.Items);
                yield return log;
            }
        }
        finally
        {
            stop.Cancel();
            visits?.Dispose();
            actions?.Dispose();
            conversions?.Dispose();
            items?.Dispose();
        }
    }

    /// <summary>
    /// The visitors of the day (of all visits: a segment only selects fewer), each with 0 when it has one visit and
    /// a number from 1 when it has several (see <see cref="VisitRow.DayVisitorNumber"/>). Most visitors of a day have
    /// one visit, so distinct counts per report row remember a few visitors instead of every one. The visitors are
    /// read from the index on the visits' time (it holds them) and counted here: SQLite's <c>GROUP BY</c> sorted them
    /// first, which took longer than the other streams need for their first rows, and the merge waits for it.
    /// </summary>
    private Dictionary<ulong, int> DayVisitors(Range range)
    {
        var sql = $"""
            SELECT idvisitor FROM {D.Table("log_visit")}{D.UseIndex("index_idsite_datetime")}
            WHERE idsite = @site AND visit_last_action_time >= @start AND visit_last_action_time < @end
            """;
        var visitors = new Dictionary<ulong, int>();
        var repeat = 0;
        using var cursor = database.OpenReadCursor(sql, [("@site", range.IdSite), ("@start", D.DateTimeValue(range.StartUtc)), ("@end", D.DateTimeValue(range.EndUtc))]);
        while (cursor.Read())
        {
            cursor.Ordinal = 0;
            ref var number = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(visitors, VisitRow.VisitorKey(cursor.Bytes), out var seen);
            if (seen && number == 0)
            {
                number = ++repeat;
            }
        }

        return visitors;
    }

    private Stream<TRow> Open<TRow>(
        SegmentScope scope,
        string timeColumn,
        string secondKey,
        string order,
        string? visitIndex,
        IReadOnlyList<LogColumn<TRow>> all,
        IReadOnlySet<string> wanted,
        Range range,
        Action<TRow, long, long> setKeys,
        CancellationToken stop)
        where TRow : new()
    {
        var alias = CompiledSegment.Alias(scope);
        var columns = new List<LogColumn<TRow>>();
        var list = new StringBuilder().Append(alias).Append(".idvisit, ").Append(alias).Append('.').Append(secondKey);
        foreach (var column in all)
        {
            if (wanted.Contains(column.Name))
            {
                columns.Add(column);
                list.Append(", ").Append(alias).Append('.').Append(column.Name);
            }
        }

        var orderBy = new StringBuilder().Append(alias).Append(".idvisit");
        foreach (var part in order.Split(", "))
        {
            orderBy.Append(", ").Append(alias).Append('.').Append(part);
        }

        var table = D.Table(alias);
        var inDay = $"{alias}.idsite = @site AND {alias}.{timeColumn} >= @start AND {alias}.{timeColumn} < @end";
        var parameters = new List<(string, object?)> { ("@site", range.IdSite), ("@start", D.DateTimeValue(range.StartUtc)), ("@end", D.DateTimeValue(range.EndUtc)) };
        string sql;
        if (range.Segment is not { } segment)
        {
            if (scope is SegmentScope.Visit or SegmentScope.Action && D.Name == "sqlite")
            {
                // The visits and the actions are ordered by visit and row id, their integer primary key (idvisit,
                // idlink_va): the visits by row id (their visit id), without an index; the actions through their
                // visit index; or their keys sorted first.
                var keysSorted = KeysSortedFirst(alias, table, list.ToString(), inDay, order);
                var byVisit = $"""
                    SELECT {list} FROM {table} AS {alias}{(visitIndex is null ? " NOT INDEXED" : D.UseIndex(visitIndex))}
                    WHERE {alias}.idvisit BETWEEN @lo AND @hi AND {inDay} ORDER BY {orderBy}
                    """;
                var timeIndex = scope == SegmentScope.Visit ? "index_idsite_datetime" : "index_idsite_servertime";
                var dayParameters = parameters.ToArray();
                return new Stream<TRow>(
                    rows => ReadRows(() => InVisitOrder(alias, table, inDay, timeIndex, visitIndex, keysSorted, byVisit, dayParameters), [.. columns], setKeys, rows),
                    stop);
            }

            sql = $"SELECT {list} FROM {table} AS {alias} WHERE {inDay} ORDER BY {orderBy}";
        }
        else if (scope == SegmentScope.Visit)
        {
            var writer = range.Writer(D);
            sql = $"SELECT {list} FROM {table} AS {alias} WHERE {inDay} AND ({segment.VisitCondition(writer)}) ORDER BY {orderBy}";
            Add(parameters, writer);
        }
        else if (segment.FiltersRows(scope))
        {
            // The segment reads this table, so a row it selects selects its visit too: the row, with the visit's
            // rows of the other tables, is one of the combinations the visit test looks for. The rows are then the
            // day's rows that pass the row test, read in one pass of the day, without listing the day's visits and
            // testing each first (which read every row of the day twice more).
            var writer = range.Writer(D);
            var join = segment.Reads(SegmentScope.Visit)
                ? $" JOIN {D.Table("log_visit")} AS log_visit ON log_visit.idvisit = {alias}.idvisit"
                : "";
            sql = $"SELECT {list} FROM {table} AS {alias}{join} WHERE {inDay} AND ({segment.RowCondition(scope, writer)}) ORDER BY {orderBy}";
            Add(parameters, writer);
        }
        else
        {
            // The segment does not read this table: every row of a selected visit is selected. The segment is tested
            // once per visit that has rows in the day (not once per row).
            var writer = range.Writer(D);
            var dayVisits = $"SELECT {alias}.idvisit FROM {table} AS {alias} WHERE {inDay}";
            if (visitIndex is not null)
            {
                // From the selected visits to their rows through the table's visit index: the planner would
                // otherwise read every row of the day a second time (and look its visit up) to keep a few.
                sql = $"""
                    SELECT {list} FROM {D.Table("log_visit")} AS log_visit
                    CROSS JOIN {table} AS {alias}{D.UseIndex(visitIndex)} ON {alias}.idvisit = log_visit.idvisit
                    WHERE log_visit.idvisit IN ({dayVisits}) AND ({segment.VisitCondition(writer)}) AND {inDay} ORDER BY {orderBy}
                    """;
            }
            else
            {
                var visits = $"""
                    SELECT log_visit.idvisit FROM {D.Table("log_visit")} AS log_visit
                    WHERE log_visit.idvisit IN ({dayVisits}) AND ({segment.VisitCondition(writer)})
                    """;
                sql = $"SELECT {list} FROM {table} AS {alias} WHERE {inDay} AND {alias}.idvisit IN ({visits}) ORDER BY {orderBy}";
            }

            Add(parameters, writer);
        }

        var bound = parameters.ToArray();
        return new Stream<TRow>(rows => ReadRows(() => (sql, bound), [.. columns], setKeys, rows), stop);
    }

    /// <summary>
    /// The statement that reads the day's visits or actions (SQLite, no segment) in visit then row order:
    /// <paramref name="byVisit"/> over the range of the day's visit ids when that range holds few rows of other days
    /// or sites — the visits' rows by row id (the visit id), the actions' through their visit index
    /// (<paramref name="visitIndex"/>), which holds them in that order — so nothing is sorted and the first rows come
    /// at once; else <paramref name="keysSorted"/>. Sorting the day's action keys took a third of the actions' reading
    /// thread and held back the first row until it was done, with the builders' thread waiting. The range is found
    /// in the time index alone (<paramref name="timeIndex"/>, which holds the visit id); its visits are at most as
    /// many as its ids, its actions are counted up to a bound, so a small site among busy ones costs little to rule
    /// out. Runs on the stream's reading thread.
    /// </summary>
    private (string Sql, (string, object?)[] Parameters) InVisitOrder(
        string alias, string table, string inDay, string timeIndex, string? visitIndex, string keysSorted, string byVisit, (string, object?)[] parameters)
    {
        long dayRows, low, high;
        using (var day = database.OpenReadCursor(
            $"SELECT COUNT(*), MIN({alias}.idvisit), MAX({alias}.idvisit) FROM {table} AS {alias}{D.UseIndex(timeIndex)} WHERE {inDay}",
            parameters))
        {
            day.Read();
            day.Ordinal = 0;
            dayRows = day.Int64;
            if (dayRows == 0)
            {
                return (keysSorted, parameters);
            }

            day.Ordinal = 1;
            low = day.Int64;
            day.Ordinal = 2;
            high = day.Int64;
        }

        var bound = dayRows * MaxRangeRowsPerDayRow;
        (string, object?)[] range = [("@lo", low), ("@hi", high), ("@bound", bound + 1)];
        if (visitIndex is null)
        {
            return high - low + 1 > bound ? (keysSorted, parameters) : (byVisit, [.. parameters, range[0], range[1]]);
        }

        using (var inRange = database.OpenReadCursor(
            $"SELECT COUNT(*) FROM (SELECT 1 FROM {table} AS {alias}{D.UseIndex(visitIndex)} WHERE {alias}.idvisit BETWEEN @lo AND @hi LIMIT @bound)",
            range))
        {
            inRange.Read();
            inRange.Ordinal = 0;
            if (inRange.Int64 > bound)
            {
                return (keysSorted, parameters);
            }
        }

        return (byVisit, [.. parameters, range[0], range[1]]);
    }

    /// <summary>
    /// The day's visits or actions on SQLite, ordered by visit then row id (<paramref name="rowId"/>, the table's
    /// integer primary key; a visit's row id is its visit id): the keys alone are sorted first (materialized), then
    /// each row is read by its row id in that order. Sorting the rows with all their columns made SQLite's sorter
    /// write and merge runs of some 20 MB a day for the actions, a fifth of their reading thread's time; the visits'
    /// keys come from the time index alone (it holds the row id), so only the day's visits are looked up, once.
    /// The outer ORDER BY keeps the order defined; SQLite sees that the materialized keys are in that order already
    /// and does not sort again (its query plan has no temporary B-tree for the outer query).
    /// </summary>
    private static string KeysSortedFirst(string alias, string table, string list, string inDay, string rowId) => rowId == "idvisit"
        ? $"""
            WITH day_keys AS MATERIALIZED (
                SELECT {alias}.idvisit AS k_row FROM {table} AS {alias} WHERE {inDay} ORDER BY {alias}.idvisit)
            SELECT {list} FROM day_keys CROSS JOIN {table} AS {alias} ON {alias}.idvisit = day_keys.k_row
            ORDER BY day_keys.k_row
            """
        : $"""
            WITH day_keys AS MATERIALIZED (
                SELECT {alias}.idvisit AS k_visit, {alias}.{rowId} AS k_row FROM {table} AS {alias}
                WHERE {inDay} ORDER BY {alias}.idvisit, {alias}.{rowId})
            SELECT {list} FROM day_keys CROSS JOIN {table} AS {alias} ON {alias}.{rowId} = day_keys.k_row
            ORDER BY day_keys.k_visit, day_keys.k_row
            """;

    private static void Add(List<(string, object?)> parameters, SegmentSqlWriter writer)
    {
        foreach (var (name, value) in writer.Parameters)
        {
            parameters.Add((name, value));
        }
    }

    /// <summary>What one read covers: site, day and segment.</summary>
    private sealed record Range(int IdSite, DateTime StartUtc, DateTime EndUtc, CompiledSegment? Segment)
    {
        /// <summary>A writer for one statement's segment SQL; Matomo's subqueries cover the day's seconds.</summary>
        public SegmentSqlWriter Writer(ISqlDialect dialect) => new(dialect, [IdSite], StartUtc, EndUtc.AddSeconds(-1));
    }

    /// <summary>
    /// The rows of one query, materialized into recycled row objects when there are some (runs on the stream's
    /// reading thread). Every row is filled with the same columns, so a recycled row keeps nothing of its last use.
    /// </summary>
    private IEnumerable<(long IdVisit, TRow Row)> ReadRows<TRow>(
        Func<(string Sql, (string, object?)[] Parameters)> statement,
        LogColumn<TRow>[] columns,
        Action<TRow, long, long> setKeys,
        System.Collections.Concurrent.ConcurrentQueue<TRow> recycled)
        where TRow : new()
    {
        var (sql, parameters) = statement();
        using var cursor = database.OpenReadCursor(sql, parameters);
        while (cursor.Read())
        {
            if (!recycled.TryDequeue(out var row))
            {
                row = new TRow();
            }

            cursor.Ordinal = 0;
            var idVisit = cursor.Int64;
            cursor.Ordinal = 1;
            setKeys(row, idVisit, cursor.Int64);
            for (var i = 0; i < columns.Length; i++)
            {
                cursor.Ordinal = i + 2;
                columns[i].Set(row, cursor);
            }

            yield return (idVisit, row);
        }
    }

    /// <summary>
    /// One table's rows, read on a thread of its own into a bounded queue of batches; the merge looks at
    /// the visit id of the next row (<see cref="HeadId"/>) and takes rows in order. An error of the reading
    /// thread is thrown to the merge.
    /// </summary>
    private sealed class Stream<TRow> : IDisposable
    {
        private readonly System.Collections.Concurrent.BlockingCollection<List<(long IdVisit, TRow Row)>> _batches = new(BatchesAhead);
        private readonly System.Collections.Concurrent.ConcurrentQueue<TRow> _recycledRows = new();
        private readonly System.Collections.Concurrent.ConcurrentQueue<List<(long IdVisit, TRow Row)>> _recycledBatches = new();
        private readonly Task _reader;
        private readonly CancellationToken _stop;
        private List<(long IdVisit, TRow Row)>? _batch;
        private int _position;
        private Exception? _failure;

        public Stream(Func<System.Collections.Concurrent.ConcurrentQueue<TRow>, IEnumerable<(long IdVisit, TRow Row)>> rows, CancellationToken stop)
        {
            _stop = stop;
            _reader = Task.Factory.StartNew(() => Produce(rows), stop, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        }

        /// <summary>Waits for the first rows (the reading thread starts at once: the streams of a day read side by side from the start).</summary>
        public void WaitForFirst() => Advance();

        /// <summary>The visit id of the next row, or <see cref="long.MaxValue"/> at the end.</summary>
        public long HeadId { get; private set; }

        public TRow Take()
        {
            var row = _batch![_position].Row;
            _position++;
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

        /// <summary>Gives rows the consumer is done with back to the reading thread.</summary>
        public void Recycle(List<TRow> rows)
        {
            foreach (var row in rows)
            {
                _recycledRows.Enqueue(row);
            }

            rows.Clear();
        }

        /// <summary>Gives a row the consumer is done with back to the reading thread.</summary>
        public void Recycle(TRow? row)
        {
            if (row is not null)
            {
                _recycledRows.Enqueue(row);
            }
        }

        public void Dispose()
        {
            // The consumer stops early or is done: drain so a blocked reading thread can finish.
            while (_batches.TryTake(out _))
            {
            }

            try
            {
                _reader.Wait(TimeSpan.FromSeconds(30));
            }
            catch (AggregateException)
            {
            }

            _batches.Dispose();
        }

        private void Produce(Func<System.Collections.Concurrent.ConcurrentQueue<TRow>, IEnumerable<(long IdVisit, TRow Row)>> rows)
        {
            try
            {
                var batch = NewBatch();
                foreach (var row in rows(_recycledRows))
                {
                    batch.Add(row);
                    if (batch.Count == BatchSize)
                    {
                        _batches.Add(batch, _stop);
                        batch = NewBatch();
                    }
                }

                if (batch.Count > 0)
                {
                    _batches.Add(batch, _stop);
                }
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
            }
            catch (Exception error)
            {
                _failure = error;
            }
            finally
            {
                _batches.CompleteAdding();
            }
        }

        private List<(long IdVisit, TRow Row)> NewBatch() =>
            _recycledBatches.TryDequeue(out var batch) ? batch : new List<(long, TRow)>(BatchSize);

        private void Advance()
        {
            while (_batch is null || _position >= _batch.Count)
            {
                if (_batch is not null)
                {
                    _batch.Clear();
                    _recycledBatches.Enqueue(_batch);
                }

                if (!_batches.TryTake(out _batch, Timeout.Infinite))
                {
                    _batch = null;
                    if (_failure is not null)
                    {
                        throw new InvalidOperationException("Reading the day's logs failed: " + _failure.Message, _failure);
                    }

                    HeadId = long.MaxValue;
                    return;
                }

                _position = 0;
            }

            HeadId = _batch[_position].IdVisit;
        }
    }
}
