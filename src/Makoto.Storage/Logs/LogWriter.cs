using System.Data.Common;
using System.Text;

namespace Makoto.Storage.Logs;

/// <summary>
/// The tracking writer's connection to the log tables: one long-lived connection with prepared
/// statements, used by a single thread. The caller groups many requests into one transaction
/// (<see cref="Begin"/> … <see cref="Commit"/>) and isolates each request with a savepoint so that
/// one bad request never takes the others of its batch with it.
/// </summary>
public sealed class LogWriter : IDisposable
{
    private readonly DbConnection _connection;
    private readonly ISqlDialect _dialect;
    private readonly DbCommand _insertVisit;
    private readonly DbCommand _updateVisit;
    private readonly DbCommand _insertAction;
    private readonly DbCommand _lastInsertId;
    private readonly DbCommand _findAction;
    private readonly DbCommand _insertLogAction;
    private readonly DbCommand _visitByVisitor;
    private readonly DbCommand _visitByConfig;
    private readonly DbCommand _insertConversion;
    private readonly DbCommand _updateCart;
    private readonly DbCommand _orderExists;
    private readonly DbCommand _changes;
    private readonly DbCommand _cartItems;
    private readonly DbCommand _insertItem;
    private readonly DbCommand _updateItem;
    private readonly string _visitColumnsSelect;
    private DbTransaction? _transaction;

    public LogWriter(IDatabase database)
    {
        _dialect = database.Dialect;
        _connection = database.Open();
        var d = _dialect;

        var visitColumns = VisitRow.Columns;
        _insertVisit = Prepare(
            $"INSERT INTO {d.Table("log_visit")} ({Join(visitColumns, c => c.Name)}) VALUES ({Join(visitColumns, c => "@" + c.Name)})",
            visitColumns.Select(c => "@" + c.Name));
        _updateVisit = Prepare(
            $"UPDATE {d.Table("log_visit")} SET {Join(visitColumns, c => c.Name + " = @" + c.Name)} WHERE idvisit = @idvisit",
            visitColumns.Select(c => "@" + c.Name).Append("@idvisit"));
        var actionColumns = ActionRow.Columns;
        _insertAction = Prepare(
            $"INSERT INTO {d.Table("log_link_visit_action")} ({Join(actionColumns, c => c.Name)}) VALUES ({Join(actionColumns, c => "@" + c.Name)})",
            actionColumns.Select(c => "@" + c.Name));
        _lastInsertId = Prepare(d.LastInsertIdSql, []);
        _findAction = Prepare(
            $"SELECT idaction FROM {d.Table("log_action")} WHERE hash = @hash AND type = @type AND name = @name ORDER BY idaction LIMIT 1",
            ["@hash", "@type", "@name"]);
        _insertLogAction = Prepare(
            $"INSERT INTO {d.Table("log_action")} (name, hash, type, url_prefix) VALUES (@name, @hash, @type, @prefix)",
            ["@name", "@hash", "@type", "@prefix"]);

        _visitColumnsSelect = "idvisit, " + Join(visitColumns, c => c.Name);
        _visitByVisitor = Prepare(
            $"""
            SELECT {_visitColumnsSelect} FROM {d.Table("log_visit")}
            WHERE idsite = @site AND idvisitor = @visitor AND visit_last_action_time <= @max
            ORDER BY visit_last_action_time DESC LIMIT 1
            """,
            ["@site", "@visitor", "@max"]);
        _visitByConfig = Prepare(
            $"""
            SELECT {_visitColumnsSelect} FROM {d.Table("log_visit")}
            WHERE idsite = @site AND config_id = @config AND visit_last_action_time >= @min AND visit_last_action_time <= @max
            ORDER BY visit_last_action_time DESC LIMIT 1
            """,
            ["@site", "@config", "@min", "@max"]);

        var conversionColumns = ConversionRow.Columns;
        _insertConversion = Prepare(
            $"{d.InsertIgnore} INTO {d.Table("log_conversion")} ({Join(conversionColumns, c => c.Name)}) VALUES ({Join(conversionColumns, c => "@" + c.Name)})",
            conversionColumns.Select(c => "@" + c.Name));
        _updateCart = Prepare(
            $"UPDATE {d.Table("log_conversion")} SET {Join(conversionColumns, c => c.Name + " = @" + c.Name)} WHERE idvisit = @key_idvisit AND idgoal = -1",
            conversionColumns.Select(c => "@" + c.Name).Append("@key_idvisit"));
        _orderExists = Prepare(
            $"SELECT 1 FROM {d.Table("log_conversion")} WHERE idsite = @site AND idorder = @order LIMIT 1",
            ["@site", "@order"]);
        _changes = Prepare(d.ChangesSql, []);
        var itemColumns = ConversionItemRow.Columns;
        _cartItems = Prepare(
            $"SELECT {Join(itemColumns, c => c.Name)} FROM {d.Table("log_conversion_item")} WHERE idvisit = @visit AND idorder = @order",
            ["@visit", "@order"]);
        _insertItem = Prepare(
            $"INSERT INTO {d.Table("log_conversion_item")} ({Join(itemColumns, c => c.Name)}) VALUES ({Join(itemColumns, c => "@" + c.Name)})",
            itemColumns.Select(c => "@" + c.Name));
        _updateItem = Prepare(
            $"UPDATE {d.Table("log_conversion_item")} SET {Join(itemColumns, c => c.Name + " = @" + c.Name)} WHERE idvisit = @key_idvisit AND idorder = @key_idorder AND idaction_sku = @key_sku",
            itemColumns.Select(c => "@" + c.Name).Concat(["@key_idvisit", "@key_idorder", "@key_sku"]));
    }

    public bool InTransaction => _transaction is not null;

    public void Begin()
    {
        _transaction = _connection.BeginTransaction();
        foreach (var command in AllCommands())
        {
            command.Transaction = _transaction;
        }
    }

    public void Commit()
    {
        _transaction!.Commit();
        EndTransaction();
    }

    public void Rollback()
    {
        _transaction?.Rollback();
        EndTransaction();
    }

    /// <summary>Marks a point the current transaction can return to (one per request).</summary>
    public void Savepoint(string name) => Execute($"SAVEPOINT {name}");

    public void RollbackToSavepoint(string name) => Execute($"ROLLBACK TO SAVEPOINT {name}");

    public void ReleaseSavepoint(string name) => Execute($"RELEASE SAVEPOINT {name}");

    public long InsertVisit(VisitRow visit)
    {
        Bind(_insertVisit, VisitRow.Columns, visit, 0);
        _insertVisit.ExecuteNonQuery();
        visit.IdVisit = LastInsertId();
        return visit.IdVisit;
    }

    /// <summary>Writes every column of the visit (the row is the writer's current view of it).</summary>
    public void UpdateVisit(VisitRow visit)
    {
        var columns = VisitRow.Columns;
        Bind(_updateVisit, columns, visit, 0);
        _updateVisit.Parameters[columns.Count].Value = visit.IdVisit;
        _updateVisit.ExecuteNonQuery();
    }

    public long InsertAction(ActionRow action)
    {
        Bind(_insertAction, ActionRow.Columns, action, 0);
        _insertAction.ExecuteNonQuery();
        action.IdLinkVa = LastInsertId();
        return action.IdLinkVa;
    }

    /// <summary>The id of the <c>log_action</c> row with this type and name, oldest first; null if none.</summary>
    public long? FindActionId(int type, string name, uint hash)
    {
        _findAction.Parameters[0].Value = (long)hash;
        _findAction.Parameters[1].Value = type;
        _findAction.Parameters[2].Value = name;
        var result = _findAction.ExecuteScalar();
        return result is null or DBNull ? null : Convert.ToInt64(result, System.Globalization.CultureInfo.InvariantCulture);
    }

    public long InsertActionName(int type, string name, uint hash, int? urlPrefix)
    {
        _insertLogAction.Parameters[0].Value = name;
        _insertLogAction.Parameters[1].Value = (long)hash;
        _insertLogAction.Parameters[2].Value = type;
        _insertLogAction.Parameters[3].Value = urlPrefix is { } p ? p : DBNull.Value;
        _insertLogAction.ExecuteNonQuery();
        return LastInsertId();
    }

    /// <summary>Inserts a conversion unless its key (idvisit, idgoal, buster) exists; true if a row was written.</summary>
    public bool InsertConversion(ConversionRow conversion)
    {
        Bind(_insertConversion, ConversionRow.Columns, conversion, 0);
        _insertConversion.ExecuteNonQuery();
        return Changes() > 0;
    }

    /// <summary>Replaces the visit's abandoned-cart row (idgoal −1) by <paramref name="conversion"/>; true if it existed.</summary>
    public bool UpdateCartConversion(long idVisit, ConversionRow conversion)
    {
        var columns = ConversionRow.Columns;
        Bind(_updateCart, columns, conversion, 0);
        _updateCart.Parameters[columns.Count].Value = idVisit;
        _updateCart.ExecuteNonQuery();
        return Changes() > 0;
    }

    /// <summary>True if the site already has an ecommerce order with this id.</summary>
    public bool OrderExists(int idSite, string idOrder)
    {
        _orderExists.Parameters[0].Value = idSite;
        _orderExists.Parameters[1].Value = idOrder;
        return _orderExists.ExecuteScalar() is not null and not DBNull;
    }

    /// <summary>The items stored for a visit's order (or its cart, <c>"0"</c>), deleted ones included.</summary>
    public List<ConversionItemRow> Items(long idVisit, string idOrder)
    {
        _cartItems.Parameters[0].Value = idVisit;
        _cartItems.Parameters[1].Value = idOrder;
        var items = new List<ConversionItemRow>();
        using var reader = _cartItems.ExecuteReader();
        var values = new LogValueReader(reader, _dialect);
        var columns = ConversionItemRow.Columns;
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
        Bind(_insertItem, ConversionItemRow.Columns, item, 0);
        _insertItem.ExecuteNonQuery();
    }

    /// <summary>Rewrites the item stored under (visit, <paramref name="originalIdOrder"/>, its SKU).</summary>
    public void UpdateItem(ConversionItemRow item, string originalIdOrder, long originalSku)
    {
        var columns = ConversionItemRow.Columns;
        Bind(_updateItem, columns, item, 0);
        _updateItem.Parameters[columns.Count].Value = item.IdVisit;
        _updateItem.Parameters[columns.Count + 1].Value = originalIdOrder;
        _updateItem.Parameters[columns.Count + 2].Value = originalSku;
        _updateItem.ExecuteNonQuery();
    }

    /// <summary>The visitor's most recent visit on the site whose last action is at or before <paramref name="maxTime"/>.</summary>
    public VisitRow? FindLastVisitByVisitor(int idSite, byte[] idVisitor, DateTime maxTime)
    {
        _visitByVisitor.Parameters[0].Value = idSite;
        _visitByVisitor.Parameters[1].Value = idVisitor;
        _visitByVisitor.Parameters[2].Value = _dialect.DateTimeValue(maxTime);
        return ReadVisit(_visitByVisitor);
    }

    /// <summary>The most recent visit with this configuration fingerprint within [min, max].</summary>
    public VisitRow? FindLastVisitByConfig(int idSite, byte[] configId, DateTime minTime, DateTime maxTime)
    {
        _visitByConfig.Parameters[0].Value = idSite;
        _visitByConfig.Parameters[1].Value = configId;
        _visitByConfig.Parameters[2].Value = _dialect.DateTimeValue(minTime);
        _visitByConfig.Parameters[3].Value = _dialect.DateTimeValue(maxTime);
        return ReadVisit(_visitByConfig);
    }

    public void Dispose()
    {
        if (_transaction is not null)
        {
            Rollback();
        }

        foreach (var command in AllCommands())
        {
            command.Dispose();
        }

        _connection.Dispose();
    }

    private VisitRow? ReadVisit(DbCommand command)
    {
        using var reader = command.ExecuteReader();
        if (!reader.Read())
        {
            return null;
        }

        var visit = new VisitRow { IdVisit = reader.GetInt64(0) };
        var values = new LogValueReader(reader, _dialect);
        var columns = VisitRow.Columns;
        for (var i = 0; i < columns.Count; i++)
        {
            values.Ordinal = i + 1;
            columns[i].Set(visit, values);
        }

        return visit;
    }

    private long Changes() =>
        Convert.ToInt64(_changes.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);

    private long LastInsertId() =>
        Convert.ToInt64(_lastInsertId.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);

    private void Bind<TRow>(DbCommand command, IReadOnlyList<LogColumn<TRow>> columns, TRow row, int offset)
    {
        var parameters = command.Parameters;
        for (var i = 0; i < columns.Count; i++)
        {
            parameters[offset + i].Value = LogValues.ToDb(columns[i].Get(row), _dialect);
        }
    }

    private void Execute(string sql)
    {
        using var command = _connection.Command(sql, _transaction);
        command.ExecuteNonQuery();
    }

    private DbCommand Prepare(string sql, IEnumerable<string> parameterNames)
    {
        var command = _connection.CreateCommand();
        command.CommandText = sql;
        foreach (var name in parameterNames)
        {
            command.Param(name);
        }

        return command;
    }

    private IEnumerable<DbCommand> AllCommands() =>
    [
        _insertVisit, _updateVisit, _insertAction, _lastInsertId, _findAction, _insertLogAction, _visitByVisitor, _visitByConfig,
        _insertConversion, _updateCart, _orderExists, _changes, _cartItems, _insertItem, _updateItem,
    ];

    private void EndTransaction()
    {
        _transaction?.Dispose();
        _transaction = null;
        foreach (var command in AllCommands())
        {
            command.Transaction = null;
        }
    }

    private static string Join<T>(IEnumerable<T> items, Func<T, string> select)
    {
        var builder = new StringBuilder();
        foreach (var item in items)
        {
            if (builder.Length > 0)
            {
                builder.Append(", ");
            }

            builder.Append(select(item));
        }

        return builder.ToString();
    }
}
