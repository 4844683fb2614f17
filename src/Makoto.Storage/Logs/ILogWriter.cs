namespace Makoto.Storage.Logs;

/// <summary>
/// The tracking writer's access to the log tables: one long-lived connection used by a single
/// thread. The caller groups many requests into one transaction (<see cref="Begin"/> …
/// <see cref="Commit"/>) and can isolate a request with a savepoint so that one bad request never
/// takes the others of its batch with it. Each database provides the fastest implementation it can.
/// </summary>
public interface ILogWriter : IDisposable
{
    bool InTransaction { get; }

    /// <summary>
    /// True when <see cref="Commit"/> makes a transaction visible but not yet durable: it is durable once
    /// <see cref="SyncToDisk"/> has run after it. The tracking writer then acknowledges a batch after the
    /// sync, which it runs on another thread while it records the next batch.
    /// </summary>
    bool CommitNeedsSync { get; }

    /// <summary>Makes every transaction committed so far durable. Callable from a thread other than the writer's.</summary>
    void SyncToDisk();

    /// <summary>
    /// True when <paramref name="error"/> is the store's condition (busy or locked past the timeout, disk
    /// full or failing, read-only, connection lost), not something about the row being written: the whole
    /// batch is then answered "retry later" instead of its hits being rejected one by one.
    /// </summary>
    bool IsStoreFailure(Exception error);

    void Begin();

    void Commit();

    void Rollback();

    void Savepoint(string name);

    void RollbackToSavepoint(string name);

    void ReleaseSavepoint(string name);

    /// <summary>
    /// Inserts the visit and sets its <see cref="VisitRow.IdVisit"/>. A writer that sends inserts in batches sets a
    /// provisional negative id, which rows of the same transaction may carry (actions, conversions, items, the visit's
    /// own updates): the writer replaces it by the real id when it writes them, and the row has its real id once
    /// <see cref="Commit"/> returns.
    /// </summary>
    long InsertVisit(VisitRow visit);

    /// <summary>Writes every column of the visit (the row is the writer's current view of it).</summary>
    void UpdateVisit(VisitRow visit);

    /// <summary>Inserts the action and sets its <see cref="ActionRow.IdLinkVa"/> (provisional as for visits).</summary>
    long InsertAction(ActionRow action);

    /// <summary>The id of the <c>log_action</c> row with this type and name, oldest first; null if none.</summary>
    long? FindActionId(int type, string name, uint hash);

    long InsertActionName(int type, string name, uint hash, int? urlPrefix);

    /// <summary>
    /// True when <see cref="FindOrInsertActionNames"/> saves round trips (a network store): the tracking writer then
    /// resolves a batch's names at once before recording it. An embedded store answers each lookup as it comes.
    /// </summary>
    bool ResolvesActionNamesInBulk => false;

    /// <summary>
    /// The ids of many distinct action names at once, into <paramref name="ids"/> in the order given: each one's
    /// <see cref="FindActionId"/>, or <see cref="InsertActionName"/> when there is none. A writer with a round trip per
    /// statement answers them in a few statements.
    /// </summary>
    void FindOrInsertActionNames(IReadOnlyList<ActionNameKey> names, long[] ids)
    {
        for (var i = 0; i < names.Count; i++)
        {
            var name = names[i];
            ids[i] = FindActionId(name.Type, name.Name, name.Hash) ?? InsertActionName(name.Type, name.Name, name.Hash, name.UrlPrefix);
        }
    }

    /// <summary>The visitor's most recent visit on the site whose last action is at or before <paramref name="maxTime"/>.</summary>
    VisitRow? FindLastVisitByVisitor(int idSite, byte[] idVisitor, DateTime maxTime);

    /// <summary>The most recent visit with this configuration fingerprint within [min, max].</summary>
    VisitRow? FindLastVisitByConfig(int idSite, byte[] configId, DateTime minTime, DateTime maxTime);

    /// <summary>Inserts a conversion unless its key (idvisit, idgoal, buster) exists; true if a row was written.</summary>
    bool InsertConversion(ConversionRow conversion);

    /// <summary>Replaces the visit's abandoned-cart row (idgoal −1) by <paramref name="conversion"/>; true if it existed.</summary>
    bool UpdateCartConversion(long idVisit, ConversionRow conversion);

    /// <summary>True if the site already has an ecommerce order with this id.</summary>
    bool OrderExists(int idSite, string idOrder);

    /// <summary>The items stored for a visit's order (or its cart, <c>"0"</c>), deleted ones included.</summary>
    List<ConversionItemRow> Items(long idVisit, string idOrder);

    void InsertItem(ConversionItemRow item);

    /// <summary>Rewrites the item stored under (visit, <paramref name="originalIdOrder"/>, <paramref name="originalSku"/>).</summary>
    void UpdateItem(ConversionItemRow item, string originalIdOrder, long originalSku);
}

/// <summary>A <c>log_action</c> row's key (type, name and its <see cref="LogActionHash"/>) and the URL prefix it is inserted with.</summary>
public readonly record struct ActionNameKey(int Type, string Name, uint Hash, int? UrlPrefix);
