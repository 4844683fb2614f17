using System.Text;
using Makoto.Storage.Logs;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Makoto.Storage.Sqlite;

/// <summary>
/// The tracking writer on SQLite, through SQLite's own statement API (positional binding, NULLs left
/// unbound, no per-execution parameter lookups). The column lists of the row types are the single
/// source of its INSERT, UPDATE and SELECT statements.
/// </summary>
public sealed class SqliteLogWriter : ILogWriter
{
    private readonly SqliteConnection _connection;
    private readonly sqlite3 _db;

    /// <summary>The connection's raw pointer, for the calls made per written row (<see cref="SqliteNative"/>).</summary>
    private readonly nint _dbHandle;
    private readonly SqliteStatement _insertVisit;
    private readonly SqliteStatement _updateVisit;
    private readonly SqliteStatement _insertAction;
    private readonly SqliteStatement _findAction;
    private readonly SqliteStatement _insertLogAction;
    private readonly SqliteStatement _visitByVisitor;
    private readonly SqliteStatement _visitByConfig;
    private readonly SqliteStatement _insertConversion;
    private readonly SqliteStatement _updateCart;
    private readonly SqliteStatement _orderExists;
    private readonly SqliteStatement _items;
    private readonly SqliteStatement _insertItem;
    private readonly SqliteStatement _updateItem;
    private readonly string _walPath;
    private readonly Lock _syncLock = new();
    private readonly SqliteCheckpointer _checkpointer;

    /// <summary>Every prepared statement, reset at each transaction boundary (<see cref="ResetStatements"/>).</summary>
    private readonly SqliteStatement[] _statements;
    private FileStream? _wal;

    public SqliteLogWriter(SqliteDatabase database)
    {
        _connection = database.OpenWriter();
        _db = _connection.Handle!;
        _dbHandle = _db.DangerousGetHandle();
        _walPath = database.WalPath;
        CommitNeedsSync = database.WriterSyncsItself;

        // Checkpoints run on the checkpointer's thread, not inside this connection's commits.
        raw.sqlite3_wal_autocheckpoint(_db, 0);
        _checkpointer = new SqliteCheckpointer(database);

        var visit = VisitRow.Columns;
        var visitSelect = "idvisit, " + Names(visit);
        _insertVisit = Prepare($"INSERT INTO log_visit ({Names(visit)}) VALUES ({Placeholders(visit.Count, 1)})");
        _updateVisit = Prepare($"UPDATE log_visit SET {Assignments(visit)} WHERE idvisit = ?{visit.Count + 1}");
        var action = ActionRow.Columns;
        _insertAction = Prepare($"INSERT INTO log_link_visit_action ({Names(action)}) VALUES ({Placeholders(action.Count, 1)})");
        _findAction = Prepare("SELECT idaction FROM log_action WHERE hash = ?1 AND type = ?2 AND name = ?3 ORDER BY idaction LIMIT 1");
        _insertLogAction = Prepare("INSERT INTO log_action (name, hash, type, url_prefix) VALUES (?1, ?2, ?3, ?4)");
        _visitByVisitor = Prepare(
            $"SELECT {visitSelect} FROM log_visit WHERE idsite = ?1 AND idvisitor = ?2 AND visit_last_action_time <= ?3 ORDER BY visit_last_action_time DESC LIMIT 1");
        _visitByConfig = Prepare(
            $"SELECT {visitSelect} FROM log_visit WHERE idsite = ?1 AND config_id = ?2 AND visit_last_action_time >= ?3 AND visit_last_action_time <= ?4 ORDER BY visit_last_action_time DESC LIMIT 1");
        var conversion = ConversionRow.Columns;
        _insertConversion = Prepare($"INSERT OR IGNORE INTO log_conversion ({Names(conversion)}) VALUES ({Placeholders(conversion.Count, 1)})");
        _updateCart = Prepare($"UPDATE log_conversion SET {Assignments(conversion)} WHERE idvisit = ?{conversion.Count + 1} AND idgoal = -1");
        _orderExists = Prepare("SELECT 1 FROM log_conversion WHERE idsite = ?1 AND idorder = ?2 LIMIT 1");
        var item = ConversionItemRow.Columns;
        _items = Prepare($"SELECT {Names(item)} FROM log_conversion_item WHERE idvisit = ?1 AND idorder = ?2");
        _insertItem = Prepare($"INSERT INTO log_conversion_item ({Names(item)}) VALUES ({Placeholders(item.Count, 1)})");
        _updateItem = Prepare(
            $"UPDATE log_conversion_item SET {Assignments(item)} WHERE idvisit = ?{item.Count + 1} AND idorder = ?{item.Count + 2} AND idaction_sku = ?{item.Count + 3}");
        _statements =
        [
            _insertVisit, _updateVisit, _insertAction, _findAction, _insertLogAction, _visitByVisitor, _visitByConfig,
            _insertConversion, _updateCart, _orderExists, _items, _insertItem, _updateItem,
        ];
    }

    public bool InTransaction { get; private set; }

    public bool CommitNeedsSync { get; }

    /// <summary>
    /// fsync of the WAL file through a handle of our own: on Linux and macOS a file's sync covers what
    /// every descriptor of it wrote, so everything SQLite appended before this call is on disk after it.
    /// SQLite keeps the WAL file (it only reuses it from the start) while this writer's connection is open.
    /// </summary>
    public void SyncToDisk()
    {
        if (!CommitNeedsSync)
        {
            return;
        }

        lock (_syncLock)
        {
            _wal ??= new FileStream(_walPath, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete, bufferSize: 0);
            _wal.Flush(flushToDisk: true);
        }
    }

    public bool IsStoreFailure(Exception error) =>
        error is SqliteException sqlite && (sqlite.SqliteErrorCode & 0xff) is
            raw.SQLITE_BUSY or raw.SQLITE_LOCKED or raw.SQLITE_NOMEM or raw.SQLITE_READONLY or raw.SQLITE_INTERRUPT
            or raw.SQLITE_IOERR or raw.SQLITE_CORRUPT or raw.SQLITE_FULL or raw.SQLITE_CANTOPEN or raw.SQLITE_PROTOCOL
            or raw.SQLITE_NOTADB;

    public void Begin()
    {
        _checkpointer.BeforeTransaction();
        ResetStatements();
        // IMMEDIATE: the write lock is taken now, through the busy handler. A deferred transaction that reads
        // first (visit lookups) and writes later fails at once with SQLITE_BUSY_SNAPSHOT when another
        // connection (the archiver) committed in between, without waiting.
        Exec("BEGIN IMMEDIATE");
        InTransaction = true;
    }

    public void Commit()
    {
        ResetStatements();
        Exec("COMMIT");
        InTransaction = false;
        raw.sqlite3_db_status(_db, raw.SQLITE_DBSTATUS_CACHE_WRITE, out var pagesWritten, out _, 1);
        _checkpointer.Committed(pagesWritten);
    }

    public void Rollback()
    {
        ResetStatements();
        if (InTransaction)
        {
            InTransaction = false;
            Exec("ROLLBACK");
        }
    }

    public void Savepoint(string name) => Exec("SAVEPOINT " + name);

    public void RollbackToSavepoint(string name) => Exec("ROLLBACK TO SAVEPOINT " + name);

    public void ReleaseSavepoint(string name) => Exec("RELEASE SAVEPOINT " + name);

    public long InsertVisit(VisitRow visit)
    {
        BindRow(_insertVisit.Reset(), VisitRow.Columns, visit).Execute();
        visit.IdVisit = SqliteNative.sqlite3_last_insert_rowid(_dbHandle);
        return visit.IdVisit;
    }

    public void UpdateVisit(VisitRow visit)
    {
        var statement = BindRow(_updateVisit.Reset(), VisitRow.Columns, visit);
        statement.BindInt64(VisitRow.Columns.Count + 1, visit.IdVisit);
        statement.Execute();
    }

    public long InsertAction(ActionRow action)
    {
        BindRow(_insertAction.Reset(), ActionRow.Columns, action).Execute();
        action.IdLinkVa = SqliteNative.sqlite3_last_insert_rowid(_dbHandle);
        return action.IdLinkVa;
    }

    public long? FindActionId(int type, string name, uint hash)
    {
        var statement = _findAction.Reset();
        statement.BindInt64(1, hash);
        statement.BindInt64(2, type);
        statement.BindText(3, name);
        return statement.Step() ? statement.Values().Int64 : null;
    }

    public long InsertActionName(int type, string name, uint hash, int? urlPrefix)
    {
        var statement = _insertLogAction.Reset();
        statement.BindText(1, name);
        statement.BindInt64(2, hash);
        statement.BindInt64(3, type);
        if (urlPrefix is { } prefix)
        {
            statement.BindInt64(4, prefix);
        }
        statement.Execute();
        return SqliteNative.sqlite3_last_insert_rowid(_dbHandle);
    }

    public VisitRow? FindLastVisitByVisitor(int idSite, byte[] idVisitor, DateTime maxTime)
    {
        var statement = _visitByVisitor.Reset();
        statement.BindInt64(1, idSite);
        statement.BindBlob(2, idVisitor);
        statement.BindDateTime(3, maxTime);
        return ReadVisit(statement);
    }

    public VisitRow? FindLastVisitByConfig(int idSite, byte[] configId, DateTime minTime, DateTime maxTime)
    {
        var statement = _visitByConfig.Reset();
        statement.BindInt64(1, idSite);
        statement.BindBlob(2, configId);
        statement.BindDateTime(3, minTime);
        statement.BindDateTime(4, maxTime);
        return ReadVisit(statement);
    }

    public bool InsertConversion(ConversionRow conversion)
    {
        BindRow(_insertConversion.Reset(), ConversionRow.Columns, conversion).Execute();
        return SqliteNative.sqlite3_changes(_dbHandle) > 0;
    }

    public bool UpdateCartConversion(long idVisit, ConversionRow conversion)
    {
        var statement = BindRow(_updateCart.Reset(), ConversionRow.Columns, conversion);
        statement.BindInt64(ConversionRow.Columns.Count + 1, idVisit);
        statement.Execute();
        return SqliteNative.sqlite3_changes(_dbHandle) > 0;
    }

    public bool OrderExists(int idSite, string idOrder)
    {
        var statement = _orderExists.Reset();
        statement.BindInt64(1, idSite);
        statement.BindText(2, idOrder);
        return statement.Step();
    }

    public List<ConversionItemRow> Items(long idVisit, string idOrder)
    {
        var statement = _items.Reset();
        statement.BindInt64(1, idVisit);
        statement.BindText(2, idOrder);
        var items = new List<ConversionItemRow>();
        var columns = ConversionItemRow.Columns;
        var values = statement.Values();
        while (statement.Step())
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

    public void InsertItem(ConversionItemRow item) => BindRow(_insertItem.Reset(), ConversionItemRow.Columns, item).Execute();

    public void UpdateItem(ConversionItemRow item, string originalIdOrder, long originalSku)
    {
        var columns = ConversionItemRow.Columns;
        var statement = BindRow(_updateItem.Reset(), columns, item);
        statement.BindInt64(columns.Count + 1, item.IdVisit);
        statement.BindText(columns.Count + 2, originalIdOrder);
        statement.BindInt64(columns.Count + 3, originalSku);
        statement.Execute();
    }

    public void Dispose()
    {
        lock (_syncLock)
        {
            _wal?.Dispose();
            _wal = null;
        }

        _checkpointer.Dispose();
        Rollback();
        foreach (var statement in _statements)
        {
            statement.Dispose();
        }

        _connection.Dispose();
    }

    private static VisitRow? ReadVisit(SqliteStatement statement)
    {
        if (!statement.Step())
        {
            return null;
        }

        var values = statement.Values();
        values.Ordinal = 0;
        var visit = new VisitRow { IdVisit = values.Int64 };
        var columns = VisitRow.Columns;
        for (var i = 0; i < columns.Count; i++)
        {
            values.Ordinal = i + 1;
            columns[i].Set(visit, values);
        }

        return visit;
    }

    private static SqliteStatement BindRow<TRow>(SqliteStatement statement, IReadOnlyList<LogColumn<TRow>> columns, TRow row)
    {
        for (var i = 0; i < columns.Count; i++)
        {
            columns[i].Bind(row, statement, i + 1);
        }

        return statement;
    }

    private SqliteStatement Prepare(string sql) => new(_db, sql);

    /// <summary>
    /// Resets every statement, so none is left active across a transaction boundary. A query read only up
    /// to its first row, or a statement that failed (SQLITE_BUSY), stays active until reset: it keeps the
    /// connection's read snapshot open after COMMIT, so once another connection writes, every later write
    /// of this connection fails with SQLITE_BUSY_SNAPSHOT, and an active write makes SAVEPOINT fail
    /// ("SQL statements in progress"). Under load that turned one failed batch into a writer that rejected
    /// every hit until restarted.
    /// </summary>
    private void ResetStatements()
    {
        foreach (var statement in _statements)
        {
            statement.Reset();
        }
    }

    private void Exec(string sql)
    {
        var rc = raw.sqlite3_exec(_db, sql);
        SqliteException.ThrowExceptionForRC(rc, _db);
    }

    private static string Names<TRow>(IReadOnlyList<LogColumn<TRow>> columns) => string.Join(", ", columns.Select(c => c.Name));

    private static string Placeholders(int count, int first) =>
        string.Join(", ", Enumerable.Range(first, count).Select(i => "?" + i.ToString(System.Globalization.CultureInfo.InvariantCulture)));

    private static string Assignments<TRow>(IReadOnlyList<LogColumn<TRow>> columns)
    {
        var text = new StringBuilder();
        for (var i = 0; i < columns.Count; i++)
        {
            if (i > 0)
            {
                text.Append(", ");
            }

            text.Append(columns[i].Name).Append(" = ?").Append(i + 1);
        }

        return text.ToString();
    }
}
