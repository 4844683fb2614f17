using System.Globalization;
using System.Text;
using Makoto.Storage.Logs;
using MySqlConnector;

namespace Makoto.Storage.MySql;

/// <summary>
/// The tracking writer on MySQL/MariaDB. Every statement is a round trip to the server, so the writer sends the
/// batch's most frequent writes together: new visits (<c>log_visit</c>) and actions (<c>log_link_visit_action</c>)
/// wait and go out as multi-row INSERTs, and the visit updates wait too, the last state of each visit only, and go
/// out as one batch of UPDATEs; action names are looked up and inserted many at a time
/// (<see cref="FindOrInsertActionNames"/>). What waits is sent before anything reads what it changes, before a
/// savepoint and at the commit. A visit or action waiting to be inserted carries a provisional negative id; rows
/// that refer to it (actions, conversions, items, the visit's own updates) get the real id when they are written,
/// and every row has its real id once <see cref="Commit"/> returns. Conversions and items are written at once: the
/// recorder needs their results (whether a conversion's key already existed, the stored items) right away.
/// The ids of a multi-row INSERT are its first id and the next ones (one <c>auto_increment_increment</c> apart): InnoDB
/// gives a statement whose row count is known in advance consecutive values in lock modes 0 and 1 (MariaDB's default);
/// MySQL 8 defaults to mode 2, where its manual documents gaps for bulk inserts only (docs/mysql.md, MySQL 8).
/// </summary>
public sealed class MySqlLogWriter : ILogWriter
{
    /// <summary>Actions sent in one INSERT at most (about 45 values each).</summary>
    private const int ActionsPerInsert = 400;

    /// <summary>Visit updates sent in one round trip at most, and new visits in one INSERT (about 80 values each).</summary>
    private const int VisitsPerUpdate = 200;

    /// <summary>Action names looked up (and inserted) in one statement at most.</summary>
    private const int NamesPerStatement = 500;

    private readonly MySqlDatabase _database;
    private readonly ISqlDialect _dialect;
    private readonly List<ActionRow> _pendingActions = [];
    private readonly List<ActionRow> _transactionActions = [];
    private readonly Dictionary<long, VisitRow> _pendingVisits = [];

    /// <summary>The visits this transaction inserted, by provisional id (−1 is the first): the newest row of each.</summary>
    private readonly List<VisitRow> _transactionVisits = [];
    private readonly Dictionary<int, string> _insertActionsSql = [];
    private readonly Dictionary<int, string> _insertVisitsSql = [];
    private readonly Dictionary<int, string> _insertNamesSql = [];
    private readonly string _visitSelect;
    private readonly string _updateVisitSql;
    private readonly string _insertConversionSql;
    private readonly string _updateCartSql;
    private readonly string _itemsSql;
    private readonly string _insertItemSql;
    private readonly string _updateItemSql;
    private readonly string _findActionSql;
    private readonly string _insertActionNameSql;
    private readonly string _orderExistsSql;
    private MySqlConnection _connection;
    private long _autoIncrementStep;

    /// <summary>How many of <see cref="_transactionVisits"/> are inserted; the rest wait.</summary>
    private int _visitsInserted;

    public MySqlLogWriter(MySqlDatabase database)
    {
        _database = database;
        _dialect = database.Dialect;
        var visit = VisitRow.Columns;
        var logVisit = _dialect.Table("log_visit");
        _visitSelect = "SELECT idvisit, " + Names(visit) + " FROM " + logVisit;
        _updateVisitSql = $"UPDATE {logVisit} SET {Assignments(visit)} WHERE idvisit = ?";
        var conversion = ConversionRow.Columns;
        var logConversion = _dialect.Table("log_conversion");
        _insertConversionSql = $"INSERT IGNORE INTO {logConversion} ({Names(conversion)}) VALUES ({Placeholders(conversion.Count)})";
        _updateCartSql = $"UPDATE {logConversion} SET {Assignments(conversion)} WHERE idvisit = ? AND idgoal = -1";
        _orderExistsSql = $"SELECT 1 FROM {logConversion} WHERE idsite = ? AND idorder = ? LIMIT 1";
        var item = ConversionItemRow.Columns;
        var logItem = _dialect.Table("log_conversion_item");
        _itemsSql = $"SELECT {Names(item)} FROM {logItem} WHERE idvisit = ? AND idorder = ?";
        _insertItemSql = $"INSERT INTO {logItem} ({Names(item)}) VALUES ({Placeholders(item.Count)})";
        _updateItemSql = $"UPDATE {logItem} SET {Assignments(item)} WHERE idvisit = ? AND idorder = ? AND idaction_sku = ?";
        var logAction = _dialect.Table("log_action");
        // Matomo's columns compare text without regard to case; an action name is found by its exact bytes.
        _findActionSql = $"SELECT idaction FROM {logAction} WHERE hash = ? AND type = ? AND CAST(name AS BINARY) = CAST(? AS BINARY) ORDER BY idaction LIMIT 1";
        _insertActionNameSql = $"INSERT INTO {logAction} (name, hash, type, url_prefix) VALUES (?, ?, ?, ?)";
        _connection = Connect();
    }

    public bool InTransaction { get; private set; }

    /// <summary>A MySQL/MariaDB commit is durable when it returns (the server's InnoDB flushes its redo log at commit).</summary>
    public bool CommitNeedsSync => false;

    public void SyncToDisk()
    {
    }

    public bool IsStoreFailure(Exception error) => error switch
    {
        MySqlException mysql => mysql.IsTransient || mysql.ErrorCode is MySqlErrorCode.LockWaitTimeout or MySqlErrorCode.LockDeadlock
            or MySqlErrorCode.DiskFull or MySqlErrorCode.RecordFileFull or MySqlErrorCode.OptionPreventsStatement
            or MySqlErrorCode.UnableToConnectToHost or MySqlErrorCode.CommandTimeoutExpired,
        IOException or System.Net.Sockets.SocketException or TimeoutException => true,
        _ => false,
    };

    public void Begin()
    {
        try
        {
            Exec("BEGIN");
        }
        catch (Exception error) when (error is MySqlException or InvalidOperationException)
        {
            // The server may have closed an idle connection (wait_timeout); no transaction is open, so start afresh.
            Reconnect();
            Exec("BEGIN");
        }

        InTransaction = true;
    }

    public void Commit()
    {
        FlushActions();
        FlushVisits();
        Exec("COMMIT");

        InTransaction = false;
        ForgetTransaction();
    }

    public void Rollback()
    {
        DiscardPending();
        ForgetTransaction();
        if (!InTransaction)
        {
            return;
        }

        InTransaction = false;
        try
        {
            Exec("ROLLBACK");
        }
        catch (Exception error) when (error is MySqlException or InvalidOperationException)
        {
            // A connection that cannot roll back is dropped: the server rolls its transaction back when it closes.
            Reconnect();
        }
    }

    public void Savepoint(string name)
    {
        FlushActions();
        FlushVisits();
        Exec("SAVEPOINT " + name);
    }

    public void RollbackToSavepoint(string name)
    {
        DiscardPending();
        Exec("ROLLBACK TO SAVEPOINT " + name);
    }

    public void ReleaseSavepoint(string name)
    {
        // Whatever the isolated hit wrote is sent now, so that its failure is the hit's and not a later one's.
        FlushActions();
        FlushVisits();
        Exec("RELEASE SAVEPOINT " + name);
    }

    public long InsertVisit(VisitRow visit)
    {
        _transactionVisits.Add(visit);
        visit.IdVisit = -_transactionVisits.Count;
        if (_transactionVisits.Count - _visitsInserted >= VisitsPerUpdate)
        {
            InsertWaitingVisits();
        }

        return visit.IdVisit;
    }

    public void UpdateVisit(VisitRow visit)
    {
        // The recorder hands over a row it no longer changes (the next hit of the visit works on a copy).
        if (visit.IdVisit < 0)
        {
            var index = TransactionVisitIndex(visit.IdVisit);
            if (index >= _visitsInserted)
            {
                // Not inserted yet: the insert writes this newest state.
                _transactionVisits[index] = visit;
                return;
            }

            visit.IdVisit = RealVisitId(visit.IdVisit, index);
            _transactionVisits[index] = visit;
        }

        _pendingVisits[visit.IdVisit] = visit;
        if (_pendingVisits.Count >= VisitsPerUpdate)
        {
            FlushVisits();
        }
    }

    public long InsertAction(ActionRow action)
    {
        _transactionActions.Add(action);
        action.IdLinkVa = -_transactionActions.Count;
        _pendingActions.Add(action);
        if (_pendingActions.Count >= ActionsPerInsert)
        {
            FlushActions();
        }

        return action.IdLinkVa;
    }

    public long? FindActionId(int type, string name, uint hash)
    {
        using var command = Command(_findActionSql);
        Add(command, hash);
        Add(command, type);
        Add(command, name);
        var id = command.ExecuteScalar();
        return id is null or DBNull ? null : Convert.ToInt64(id, CultureInfo.InvariantCulture);
    }

    public long InsertActionName(int type, string name, uint hash, int? urlPrefix)
    {
        using var command = Command(_insertActionNameSql);
        Add(command, name);
        Add(command, hash);
        Add(command, type);
        Add(command, urlPrefix);
        command.ExecuteNonQuery();
        return command.LastInsertedId;
    }

    public bool ResolvesActionNamesInBulk => true;

    public void FindOrInsertActionNames(IReadOnlyList<ActionNameKey> names, long[] ids)
    {
        for (var start = 0; start < names.Count; start += NamesPerStatement)
        {
            var count = Math.Min(NamesPerStatement, names.Count - start);
            FindActionIds(names, start, count, ids);
            InsertMissingNames(names, start, count, ids);
        }
    }

    public VisitRow? FindLastVisitByVisitor(int idSite, byte[] idVisitor, DateTime maxTime)
    {
        FlushVisits();
        using var command = Command(
            _visitSelect + " WHERE idsite = ? AND idvisitor = ? AND visit_last_action_time <= ? ORDER BY visit_last_action_time DESC LIMIT 1");
        Add(command, idSite);
        Add(command, idVisitor);
        Add(command, _dialect.DateTimeValue(maxTime));
        return ReadVisit(command);
    }

    public VisitRow? FindLastVisitByConfig(int idSite, byte[] configId, DateTime minTime, DateTime maxTime)
    {
        FlushVisits();
        using var command = Command(
            _visitSelect + " WHERE idsite = ? AND config_id = ? AND visit_last_action_time >= ? AND visit_last_action_time <= ? " +
            "ORDER BY visit_last_action_time DESC LIMIT 1");
        Add(command, idSite);
        Add(command, configId);
        Add(command, _dialect.DateTimeValue(minTime));
        Add(command, _dialect.DateTimeValue(maxTime));
        return ReadVisit(command);
    }

    public bool InsertConversion(ConversionRow conversion)
    {
        conversion.IdVisit = VisitId(conversion.IdVisit);
        ResolveActionId(conversion);
        using var command = Command(_insertConversionSql);
        AddRow(command, ConversionRow.Columns, conversion);
        return command.ExecuteNonQuery() > 0;
    }

    public bool UpdateCartConversion(long idVisit, ConversionRow conversion)
    {
        idVisit = VisitId(idVisit);
        conversion.IdVisit = VisitId(conversion.IdVisit);
        ResolveActionId(conversion);
        using var command = Command(_updateCartSql);
        AddRow(command, ConversionRow.Columns, conversion);
        Add(command, idVisit);
        return command.ExecuteNonQuery() > 0;
    }

    public bool OrderExists(int idSite, string idOrder)
    {
        using var command = Command(_orderExistsSql);
        Add(command, idSite);
        Add(command, idOrder);
        return command.ExecuteScalar() is not null;
    }

    public List<ConversionItemRow> Items(long idVisit, string idOrder)
    {
        idVisit = VisitId(idVisit);
        using var command = Command(_itemsSql);
        Add(command, idVisit);
        Add(command, idOrder);
        using var reader = command.ExecuteReader();
        var values = new DataReaderValues(reader, _dialect);
        var columns = ConversionItemRow.Columns;
        var items = new List<ConversionItemRow>();
        while (reader.Read())
        {
            var item = new ConversionItemRow();
            for (var i = 0; i < columns.Count; i++)
            {
                values.Ordinal = i;
                columns[i].Set(item, values);
            }

            items.Add(item);
        }

        return items;
    }

    public void InsertItem(ConversionItemRow item)
    {
        item.IdVisit = VisitId(item.IdVisit);
        using var command = Command(_insertItemSql);
        AddRow(command, ConversionItemRow.Columns, item);
        command.ExecuteNonQuery();
    }

    public void UpdateItem(ConversionItemRow item, string originalIdOrder, long originalSku)
    {
        item.IdVisit = VisitId(item.IdVisit);
        using var command = Command(_updateItemSql);
        AddRow(command, ConversionItemRow.Columns, item);
        Add(command, item.IdVisit);
        Add(command, originalIdOrder);
        Add(command, originalSku);
        command.ExecuteNonQuery();
    }

    public void Dispose()
    {
        Rollback();
        _connection.Dispose();
    }

    /// <summary>A conversion that refers to an action still waiting to be inserted gets the action's real id.</summary>
    private void ResolveActionId(ConversionRow conversion)
    {
        if (conversion.IdLinkVa is not { } provisional || provisional >= 0)
        {
            return;
        }

        var index = (int)(-provisional) - 1;
        if (index >= _transactionActions.Count)
        {
            throw new InvalidOperationException($"The conversion refers to action {provisional}, which this transaction did not insert.");
        }

        var action = _transactionActions[index];
        if (action.IdLinkVa < 0)
        {
            FlushActions();
        }

        conversion.IdLinkVa = action.IdLinkVa;
    }

    /// <summary>The real id of a visit: a provisional one is replaced (and the visits waiting are inserted when it is one of them).</summary>
    private long VisitId(long idVisit) => idVisit < 0 ? RealVisitId(idVisit, TransactionVisitIndex(idVisit)) : idVisit;

    private long RealVisitId(long provisional, int index)
    {
        if (index >= _visitsInserted)
        {
            InsertWaitingVisits();
        }

        var id = _transactionVisits[index].IdVisit;
        return id > 0 ? id : throw new InvalidOperationException($"Visit {provisional} of this transaction has no id.");
    }

    private int TransactionVisitIndex(long provisional)
    {
        var index = (int)(-provisional) - 1;
        return index < _transactionVisits.Count
            ? index
            : throw new InvalidOperationException($"The row refers to visit {provisional}, which this transaction did not insert.");
    }

    /// <summary>Inserts the waiting new visits in multi-row INSERTs and gives each its id.</summary>
    private void InsertWaitingVisits()
    {
        var columns = VisitRow.Columns;
        while (_visitsInserted < _transactionVisits.Count)
        {
            var start = _visitsInserted;
            var count = Math.Min(VisitsPerUpdate, _transactionVisits.Count - start);
            using var command = Command(InsertRowsSql(_insertVisitsSql, "log_visit", columns, count));
            for (var i = start; i < start + count; i++)
            {
                AddRow(command, columns, _transactionVisits[i]);
            }

            command.ExecuteNonQuery();
            var id = command.LastInsertedId;
            for (var i = start; i < start + count; i++)
            {
                _transactionVisits[i].IdVisit = id;
                id += _autoIncrementStep;
            }

            _visitsInserted = start + count;
        }
    }

    /// <summary>
    /// Looks names up by type and hash in one statement and keeps, for each, the oldest row whose name has the same
    /// bytes (Matomo's columns compare text without regard to case); ids stay 0 for the names not found.
    /// </summary>
    private void FindActionIds(IReadOnlyList<ActionNameKey> names, int start, int count, long[] ids)
    {
        var types = new HashSet<int>();
        var hashes = new HashSet<uint>();
        var wanted = new Dictionary<(int Type, string Name), int>(count);
        for (var i = start; i < start + count; i++)
        {
            types.Add(names[i].Type);
            hashes.Add(names[i].Hash);
            wanted[(names[i].Type, names[i].Name)] = i;
            ids[i] = 0;
        }

        using var command = Command(
            $"SELECT idaction, type, name FROM {_dialect.Table("log_action")} WHERE type IN ({Placeholders(types.Count)}) " +
            $"AND hash IN ({Placeholders(hashes.Count)}) ORDER BY idaction");
        foreach (var type in types)
        {
            Add(command, type);
        }

        foreach (var hash in hashes)
        {
            Add(command, hash);
        }

        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            if (wanted.TryGetValue((Convert.ToInt32(reader.GetValue(1), CultureInfo.InvariantCulture), reader.GetString(2)), out var index) && ids[index] == 0)
            {
                ids[index] = Convert.ToInt64(reader.GetValue(0), CultureInfo.InvariantCulture);
            }
        }
    }

    /// <summary>Inserts the names <see cref="FindActionIds"/> did not find, in one multi-row INSERT, and gives each its id.</summary>
    private void InsertMissingNames(IReadOnlyList<ActionNameKey> names, int start, int count, long[] ids)
    {
        var missing = 0;
        for (var i = start; i < start + count; i++)
        {
            missing += ids[i] == 0 ? 1 : 0;
        }

        if (missing == 0)
        {
            return;
        }

        using var command = Command(InsertRowsSql(_insertNamesSql, "log_action", "name, hash, type, url_prefix", 4, missing));
        for (var i = start; i < start + count; i++)
        {
            if (ids[i] == 0)
            {
                Add(command, names[i].Name);
                Add(command, names[i].Hash);
                Add(command, names[i].Type);
                Add(command, names[i].UrlPrefix);
            }
        }

        command.ExecuteNonQuery();
        var id = command.LastInsertedId;
        for (var i = start; i < start + count; i++)
        {
            if (ids[i] == 0)
            {
                ids[i] = id;
                id += _autoIncrementStep;
            }
        }
    }

    /// <summary>Inserts the waiting actions in multi-row INSERTs and gives each its id.</summary>
    private void FlushActions()
    {
        // Actions refer to their visit, which may be waiting too.
        InsertWaitingVisits();
        var columns = ActionRow.Columns;
        for (var start = 0; start < _pendingActions.Count; start += ActionsPerInsert)
        {
            var count = Math.Min(ActionsPerInsert, _pendingActions.Count - start);
            using var command = Command(InsertRowsSql(_insertActionsSql, "log_link_visit_action", columns, count));
            for (var i = start; i < start + count; i++)
            {
                var action = _pendingActions[i];
                action.IdVisit = VisitId(action.IdVisit);
                AddRow(command, columns, action);
            }

            command.ExecuteNonQuery();

            // A multi-row INSERT takes consecutive auto-increment values (one step of auto_increment_increment apart)
            // and reports the first.
            var id = command.LastInsertedId;
            for (var i = start; i < start + count; i++)
            {
                _pendingActions[i].IdLinkVa = id;
                id += _autoIncrementStep;
            }
        }

        _pendingActions.Clear();
    }

    /// <summary>Inserts the waiting new visits, and writes the last state of each waiting visit update as UPDATEs sent in one round trip.</summary>
    private void FlushVisits()
    {
        InsertWaitingVisits();
        if (_pendingVisits.Count == 0)
        {
            return;
        }

        var columns = VisitRow.Columns;
        var text = new StringBuilder();
        using var command = Command("");
        foreach (var visit in _pendingVisits.Values)
        {
            text.Append(_updateVisitSql).Append(';');
            AddRow(command, columns, visit);
            Add(command, visit.IdVisit);
        }

        command.CommandText = text.ToString();
        command.ExecuteNonQuery();

        _pendingVisits.Clear();
    }

    private void DiscardPending()
    {
        _pendingActions.Clear();
        _pendingVisits.Clear();
        _transactionVisits.RemoveRange(_visitsInserted, _transactionVisits.Count - _visitsInserted);
    }

    private void ForgetTransaction()
    {
        _transactionActions.Clear();
        _transactionVisits.Clear();
        _visitsInserted = 0;
    }

    private string InsertRowsSql<TRow>(Dictionary<int, string> cache, string table, IReadOnlyList<LogColumn<TRow>> columns, int rows) =>
        InsertRowsSql(cache, table, Names(columns), columns.Count, rows);

    /// <summary>An INSERT of <paramref name="rows"/> rows, each of one placeholder per column.</summary>
    private string InsertRowsSql(Dictionary<int, string> cache, string table, string columnNames, int columns, int rows)
    {
        if (!cache.TryGetValue(rows, out var sql))
        {
            var row = "(" + Placeholders(columns) + ")";
            var text = new StringBuilder("INSERT INTO ").Append(_dialect.Table(table)).Append(" (").Append(columnNames).Append(") VALUES ");
            for (var i = 0; i < rows; i++)
            {
                text.Append(i == 0 ? "" : ", ").Append(row);
            }

            cache[rows] = sql = text.ToString();
        }

        return sql;
    }

    private VisitRow? ReadVisit(MySqlCommand command)
    {
        using var reader = command.ExecuteReader();
        if (!reader.Read())
        {
            return null;
        }

        var values = new DataReaderValues(reader, _dialect);
        var visit = new VisitRow { IdVisit = reader.GetInt64(0) };
        var columns = VisitRow.Columns;
        for (var i = 0; i < columns.Count; i++)
        {
            values.Ordinal = i + 1;
            columns[i].Set(visit, values);
        }

        return visit;
    }

    private MySqlConnection Connect()
    {
        var connection = _database.OpenMySql();
        using var command = new MySqlCommand("SELECT @@auto_increment_increment", connection);
        _autoIncrementStep = Math.Max(1, Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture));
        return connection;
    }

    private void Reconnect()
    {
        _connection.Dispose();
        _connection = Connect();
    }

    private MySqlCommand Command(string sql) => new(sql, _connection);

    private void Exec(string sql)
    {
        using var command = Command(sql);
        command.ExecuteNonQuery();
    }

    private static void AddRow<TRow>(MySqlCommand command, IReadOnlyList<LogColumn<TRow>> columns, TRow row)
    {
        for (var i = 0; i < columns.Count; i++)
        {
            Add(command, columns[i].Get(row));
        }
    }

    /// <summary>Adds the value of the next <c>?</c> placeholder.</summary>
    private static void Add(MySqlCommand command, object? value) =>
        command.Parameters.Add(new MySqlParameter { Value = value ?? DBNull.Value });

    private static string Names<TRow>(IReadOnlyList<LogColumn<TRow>> columns)
    {
        var text = new StringBuilder();
        for (var i = 0; i < columns.Count; i++)
        {
            text.Append(i == 0 ? "" : ", ").Append(columns[i].Name);
        }

        return text.ToString();
    }

    private static string Placeholders(int count)
    {
        var text = new StringBuilder(count * 3);
        for (var i = 0; i < count; i++)
        {
            text.Append(i == 0 ? "?" : ", ?");
        }

        return text.ToString();
    }

    private static string Assignments<TRow>(IReadOnlyList<LogColumn<TRow>> columns)
    {
        var text = new StringBuilder();
        for (var i = 0; i < columns.Count; i++)
        {
            text.Append(i == 0 ? "" : ", ").Append(columns[i].Name).Append(" = ?");
        }

        return text.ToString();
    }
}
