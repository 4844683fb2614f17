using System.Buffers;
using System.Collections.Concurrent;
using System.Data.Common;
using System.Globalization;
using Makoto.Core.Periods;

namespace Makoto.Storage.Archives;

/// <summary>Matomo's done-flag values (archive_numeric rows named <c>done…</c>).</summary>
public enum ArchiveStatus
{
    Ok = 1,
    Error = 2,
    OkTemporary = 3,
    Invalidated = 4,
    Partial = 5,
    ErrorInvalidated = 6,
}

/// <summary>The newest usable archive found for a (site, period, done flag).</summary>
public sealed record ArchiveInfo(long IdArchive, ArchiveStatus Status, DateTime TsArchived);

/// <summary>
/// <c>archive_numeric_YYYY_MM</c> and <c>archive_blob_YYYY_MM</c> (month of the period's start), created on
/// demand. An archive is a set of rows sharing one <c>idarchive</c>, completed by its done flag; it is
/// written in one transaction, so readers never see half an archive.
/// </summary>
public sealed class ArchiveStore(IDatabase database, DirtyDays dirtyDays)
{
    public ArchiveStore(IDatabase database)
        : this(database, new DirtyDays())
    {
    }

    /// <summary>The days invalidated by late hits and not rebuilt yet.</summary>
    public DirtyDays DirtyDays { get; } = dirtyDays;

    /// <summary>
    /// The option that changes whenever archive rows are removed behind the archivers' backs (a report purge, a
    /// deleted site), in any process: an archiver holding archives in memory compares it to drop what it holds.
    /// </summary>
    public const string RemovalMarkOption = "makoto_archive_removal_mark";

    private readonly ConcurrentDictionary<string, bool> _createdTables = new(StringComparer.Ordinal);

    private readonly Options.OptionStore _options = new(database);

    /// <summary>
    /// Archives are written one at a time in this process (the archiver builds several days side by side): a
    /// second transaction would only wait for the first's write lock (SQLite's busy handler sleeps between tries).
    /// </summary>
    private readonly Lock _writing = new();

    private ISqlDialect D => database.Dialect;

    public static string NumericTable(DateOnly date1) =>
        string.Create(CultureInfo.InvariantCulture, $"archive_numeric_{date1.Year:D4}_{date1.Month:D2}");

    public static string BlobTable(DateOnly date1) =>
        string.Create(CultureInfo.InvariantCulture, $"archive_blob_{date1.Year:D4}_{date1.Month:D2}");

    /// <summary>
    /// The newest archive of the period with this done flag whose status is one of
    /// <paramref name="accepted"/>; null when none exists.
    /// </summary>
    public ArchiveInfo? FindLatest(int idSite, Period period, string doneFlag, params ArchiveStatus[] accepted)
    {
        var table = D.ArchiveTable(NumericTable(period.Start));
        if (!TableExists(table))
        {
            return null;
        }

        using var connection = database.Open();
        using var command = LatestCommand(connection, table, idSite, doneFlag)
            .With("@d1", D.DateValue(period.Start))
            .With("@d2", D.DateValue(period.End))
            .With("@p", (int)period.Type);
        return Latest(command, accepted);
    }

    /// <summary>The look-up of a done flag's archives in a month's table, newest first; the period and its dates are bound by the caller.</summary>
    private static DbCommand LatestCommand(DbConnection connection, string table, int idSite, string doneFlag) => connection.Command(
        $"""
        SELECT idarchive, value, ts_archived FROM {table}
        WHERE idsite = @site AND date1 = @d1 AND date2 = @d2 AND period = @p AND name = @name
        ORDER BY idarchive DESC
        """)
        .With("@site", idSite)
        .With("@name", doneFlag);

    /// <summary>The newest archive the look-up finds (by idarchive, descending) whose status is accepted.</summary>
    private ArchiveInfo? Latest(DbCommand command, ArchiveStatus[] accepted)
    {
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            var status = (ArchiveStatus)(int)reader.GetDouble(1);
            if (Array.IndexOf(accepted, status) >= 0)
            {
                return new ArchiveInfo(reader.GetInt64(0), status, D.ReadDateTime(reader, 2));
            }
        }

        return null;
    }

    /// <summary>
    /// <see cref="FindLatest"/> of every day from <paramref name="first"/> to <paramref name="last"/>, on one connection and
    /// one command per month's table, executed again for each day (a year's merge looks its 365 days up; each look-up is
    /// an index seek, and opening a connection and preparing the query is most of one on its own): the days that have an
    /// archive with this done flag in an accepted status, each with the archive <see cref="FindLatest"/> gives for it.
    /// </summary>
    public Dictionary<DateOnly, ArchiveInfo> FindLatestDays(int idSite, DateOnly first, DateOnly last, string doneFlag, params ArchiveStatus[] accepted)
    {
        var found = new Dictionary<DateOnly, ArchiveInfo>();
        for (var month = new DateOnly(first.Year, first.Month, 1); month <= last; month = month.AddMonths(1))
        {
            var table = D.ArchiveTable(NumericTable(month));
            if (!TableExists(table))
            {
                continue;
            }

            using var connection = database.Open();
            using var command = LatestCommand(connection, table, idSite, doneFlag).With("@p", (int)PeriodType.Day);
            var date1 = command.Param("@d1");
            var date2 = command.Param("@d2");
            var monthEnd = month.AddMonths(1).AddDays(-1);
            for (var day = first > month ? first : month; day <= last && day <= monthEnd; day = day.AddDays(1))
            {
                date1.Value = date2.Value = D.DateValue(day);
                if (Latest(command, accepted) is { } archive)
                {
                    found.Add(day, archive);
                }
            }
        }

        return found;
    }

    public Dictionary<string, double> ReadNumerics(Period period, long idArchive)
    {
        var table = D.ArchiveTable(NumericTable(period.Start));
        var result = new Dictionary<string, double>(StringComparer.Ordinal);
        using var connection = database.Open();
        using var command = connection.Command($"SELECT name, value FROM {table} WHERE idarchive = @id").With("@id", idArchive);
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            if (!reader.IsDBNull(1))
            {
                result[reader.GetString(0)] = reader.GetDouble(1);
            }
        }

        return result;
    }

    /// <summary>
    /// Hands a blob of the archive to <paramref name="read"/> where the database holds it (<see cref="IDatabase.ReadBlob"/>:
    /// valid during the call only); false when the archive has none of this name.
    /// </summary>
    public bool ReadBlob<TState>(Period period, long idArchive, string name, TState state, ReadOnlySpanAction<byte, TState> read)
    {
        var table = D.ArchiveTable(BlobTable(period.Start));
        return TableExists(table)
            && database.ReadBlob($"SELECT value FROM {table} WHERE idarchive = @id AND name = @name", [("@id", idArchive), ("@name", name)], state, read);
    }

    /// <summary>
    /// Writes a complete archive (numerics, blobs and the done flag with status Ok) in one transaction,
    /// and removes older archives of the same period and done flag, and the partial archives it supersedes
    /// (done flags <c>&lt;doneFlag&gt;.&lt;record&gt;</c>: one table of the plugin merged on its own before the
    /// plugin's archive existed). Returns the new idarchive. One archive is written at a time (<see cref="_writing"/>).
    /// </summary>
    public long Write(
        int idSite,
        Period period,
        string doneFlag,
        IReadOnlyDictionary<string, double> numerics,
        IReadOnlyDictionary<string, byte[]> blobs,
        DateTime tsArchived)
    {
        var numericTable = D.ArchiveTable(NumericTable(period.Start));
        var blobTable = D.ArchiveTable(BlobTable(period.Start));
        EnsureTables(numericTable, blobTable);

        // Archives are built again from the logs when lost: their commits do not wait for the disk.
        using var connection = database.OpenForDerivedData();
        using var writing = _writing.EnterScope();
        using var transaction = connection.BeginTransaction();
        var idArchive = NextArchiveId(connection, transaction, numericTable);
        var common = new (string, object?)[]
        {
            ("@site", idSite),
            ("@d1", D.DateValue(period.Start)),
            ("@d2", D.DateValue(period.End)),
            ("@p", (int)period.Type),
            ("@ts", D.DateTimeValue(tsArchived)),
            ("@id", idArchive),
        };

        var oldArchives = new List<long>();
        using (var command = connection.Command(
            $"SELECT idarchive FROM {numericTable} WHERE idsite = @site AND date1 = @d1 AND date2 = @d2 AND period = @p " +
            "AND (name = @name OR SUBSTR(name, 1, @partialLength) = @partial)",
            transaction))
        {
            foreach (var (name, value) in common)
            {
                if (name != "@ts" && name != "@id")
                {
                    command.With(name, value);
                }
            }

            command.With("@name", doneFlag);
            command.With("@partial", doneFlag + ".");
            command.With("@partialLength", doneFlag.Length + 1);
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                oldArchives.Add(reader.GetInt64(0));
            }
        }

        InsertRows(connection, transaction, numericTable, common, numerics.Select(kv => (kv.Key, (object)kv.Value)));
        InsertRows(connection, transaction, blobTable, common, blobs.Select(kv => (kv.Key, (object)kv.Value)));
        InsertRows(connection, transaction, numericTable, common, [(doneFlag, (double)ArchiveStatus.Ok)]);

        foreach (var old in oldArchives)
        {
            connection.Exec($"DELETE FROM {numericTable} WHERE idarchive = @old", transaction, ("@old", old));
            connection.Exec($"DELETE FROM {blobTable} WHERE idarchive = @old", transaction, ("@old", old));
        }

        transaction.Commit();
        return idArchive;
    }

    /// <summary>
    /// Marks the archives (any done flag) of these periods as invalidated; they are recomputed on their next
    /// request. Returns the number of archives marked.
    /// </summary>
    public int Invalidate(int idSite, IEnumerable<Period> periods)
    {
        var count = 0;
        using var connection = database.Open();
        foreach (var period in periods)
        {
            var table = D.ArchiveTable(NumericTable(period.Start));
            if (!TableExists(table))
            {
                continue;
            }

            count += connection.Exec(
                $"""
                UPDATE {table} SET value = @invalid
                WHERE idsite = @site AND date1 = @d1 AND date2 = @d2 AND period = @p AND name LIKE 'done%' AND value IN (1, 3, 5)
                """,
                null,
                ("@invalid", (double)ArchiveStatus.Invalidated),
                ("@site", idSite),
                ("@d1", D.DateValue(period.Start)),
                ("@d2", D.DateValue(period.End)),
                ("@p", (int)period.Type));
        }

        return count;
    }

    /// <summary>
    /// Hits arrived for a past <paramref name="day"/>: invalidates every archive of the site whose period
    /// contains it, ranges included — once, until the day is rebuilt (see <see cref="DirtyDays"/>).
    /// </summary>
    public int InvalidateContaining(int idSite, DateOnly day) =>
        DirtyDays.MarkDirty(idSite, day) ? InvalidateContainingNow(idSite, day) : 0;

    /// <summary>Invalidates every archive of the site whose period contains <paramref name="day"/>, ranges included.</summary>
    public int InvalidateContainingNow(int idSite, DateOnly day) => InvalidateOverlappingNow(idSite, day, day);

    /// <summary>Invalidates every archive of the site whose period shares a day with <paramref name="first"/>..<paramref name="last"/>, ranges included.</summary>
    public int InvalidateOverlappingNow(int idSite, DateOnly first, DateOnly last)
    {
        var count = 0;
        using var connection = database.Open();
        foreach (var table in ArchiveTables(connection, "archive_numeric_"))
        {
            count += connection.Exec(
                $"""
                UPDATE {table} SET value = @invalid
                WHERE idsite = @site AND date1 <= @last AND date2 >= @first AND name LIKE 'done%' AND value IN (1, 3, 5)
                """,
                null,
                ("@invalid", (double)ArchiveStatus.Invalidated),
                ("@site", idSite),
                ("@first", D.DateValue(first)),
                ("@last", D.DateValue(last)));
        }

        return count;
    }

    /// <summary>The (site, day) of every invalidated day archive, e.g. left over from before a restart.</summary>
    public List<(int IdSite, DateOnly Day)> InvalidatedDays()
    {
        var days = new List<(int, DateOnly)>();
        using var connection = database.Open();
        foreach (var table in ArchiveTables(connection, "archive_numeric_"))
        {
            using var command = connection.Command(
                $"SELECT DISTINCT idsite, date1 FROM {table} WHERE period = 1 AND name LIKE 'done%' AND value = @invalid")
                .With("@invalid", (double)ArchiveStatus.Invalidated);
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                days.Add(((int)reader.GetInt64(0), D.ReadDate(reader, 1)));
            }
        }

        return days;
    }

    /// <summary>Deletes every archive of a site (a deleted site). Returns the rows deleted.</summary>
    public int DeleteSite(int idSite)
    {
        var count = 0;
        using var connection = database.Open();
        foreach (var table in ArchiveTables(connection, "archive_numeric_").Concat(ArchiveTables(connection, "archive_blob_")))
        {
            count += connection.Exec($"DELETE FROM {table} WHERE idsite = @site", null, ("@site", idSite));
        }

        DirtyDays.Forget(idSite);
        MarkRemoval();
        return count;
    }

    /// <summary>The current removal mark (<see cref="RemovalMarkOption"/>): null until archives were first removed.</summary>
    public string? RemovalMark() => _options.Get(RemovalMarkOption);

    /// <summary>Changes the removal mark, so archivers in every process drop the archives they hold in memory.</summary>
    public void MarkRemoval() => _options.Set(RemovalMarkOption, Guid.NewGuid().ToString("N"));

    /// <summary>When each site's newest archive was built (UTC).</summary>
    public Dictionary<int, DateTime> LastArchiveTimes()
    {
        var times = new Dictionary<int, DateTime>();
        using var connection = database.Open();
        foreach (var table in ArchiveTables(connection, "archive_numeric_"))
        {
            using var command = connection.Command($"SELECT idsite, MAX(ts_archived) FROM {table} WHERE name LIKE 'done%' GROUP BY idsite");
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                if (reader.IsDBNull(0) || reader.IsDBNull(1))
                {
                    continue;
                }

                var idSite = (int)reader.GetInt64(0);
                var time = D.ReadDateTime(reader, 1);
                if (!times.TryGetValue(idSite, out var known) || time > known)
                {
                    times[idSite] = time;
                }
            }
        }

        return times;
    }

    /// <summary>
    /// Deletes the archives of the months before <paramref name="firstKeptMonth"/> (by the month a period
    /// starts in), except the period types in <paramref name="keepPeriods"/>; with
    /// <paramref name="keepNumericNames"/>, those numeric records and their done flags are kept too, so that
    /// the basic metrics stay readable; with <paramref name="keepSegments"/>, the archives of segments stay whole.
    /// Returns the rows deleted.
    /// </summary>
    public long PurgeReports(DateOnly firstKeptMonth, IReadOnlyCollection<int> keepPeriods, IReadOnlyCollection<string> keepNumericNames, bool keepSegments = false)
    {
        long count = 0;
        var cutoff = NumericTable(firstKeptMonth);
        using var connection = database.Open();
        var periodFilter = keepPeriods.Count == 0
            ? ""
            : " AND period NOT IN (" + string.Join(", ", keepPeriods.Select((_, i) => "@p" + i.ToString(CultureInfo.InvariantCulture))) + ")";
        var nameFilter = keepNumericNames.Count == 0
            ? ""
            : " AND name NOT LIKE 'done%' AND name NOT IN (" + string.Join(", ", keepNumericNames.Select((_, i) => "@n" + i.ToString(CultureInfo.InvariantCulture))) + ")";
        foreach (var table in ArchiveTables(connection, "archive_numeric_").Concat(ArchiveTables(connection, "archive_blob_")))
        {
            var numeric = table.StartsWith(D.ArchiveTable("archive_numeric_"), StringComparison.Ordinal);
            var month = numeric ? table[D.ArchiveTable("archive_numeric_").Length..] : table[D.ArchiveTable("archive_blob_").Length..];
            if (string.CompareOrdinal(month, cutoff["archive_numeric_".Length..]) >= 0)
            {
                continue;
            }

            // A segment's archives have the done flag "done" + the segment's hash (+ ".Plugin"); all visits' have "done" or
            // "done.Plugin". The derived table lets MySQL read the table it deletes from.
            var segmentFilter = keepSegments
                ? $" AND idarchive NOT IN (SELECT idarchive FROM (SELECT idarchive FROM {D.ArchiveTable("archive_numeric_" + month)} WHERE name LIKE 'done%' AND name <> 'done' AND name NOT LIKE 'done.%') AS segment_archives)"
                : "";
            using var command = connection.Command($"DELETE FROM {table} WHERE 1 = 1{periodFilter}{(numeric ? nameFilter : "")}{segmentFilter}");
            var i = 0;
            foreach (var period in keepPeriods)
            {
                command.With("@p" + (i++).ToString(CultureInfo.InvariantCulture), period);
            }

            if (numeric)
            {
                i = 0;
                foreach (var name in keepNumericNames)
                {
                    command.With("@n" + (i++).ToString(CultureInfo.InvariantCulture), name);
                }
            }

            count += command.ExecuteNonQuery();
        }

        MarkRemoval();
        return count;
    }

    private List<string> ArchiveTables(DbConnection connection, string prefix)
    {
        var tables = new List<string>();
        using var command = connection.Command(D.ListTablesSql(D.ArchiveTable(prefix))).With("@prefix", D.ArchiveTable(prefix));
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            tables.Add(reader.GetString(0));
        }

        return tables;
    }

    private void InsertRows(
        DbConnection connection,
        DbTransaction transaction,
        string table,
        (string Name, object? Value)[] common,
        IEnumerable<(string Name, object Value)> rows)
    {
        using var command = connection.Command(
            $"INSERT INTO {table} (idarchive, name, idsite, date1, date2, period, ts_archived, value) VALUES (@id, @name, @site, @d1, @d2, @p, @ts, @value)",
            transaction);
        foreach (var (name, value) in common)
        {
            command.With(name, value);
        }

        var nameParam = command.Param("@name");
        var valueParam = command.Param("@value");
        foreach (var (name, value) in rows)
        {
            nameParam.Value = name;
            valueParam.Value = value;
            command.ExecuteNonQuery();
        }
    }

    /// <summary>
    /// The next idarchive of the month's tables. <see cref="EnsureTables"/> creates the sequence row with the tables,
    /// so the UPDATE finds and locks it and concurrent writers of the same month take their turns.
    /// </summary>
    private long NextArchiveId(DbConnection connection, DbTransaction transaction, string numericTable)
    {
        var sequence = D.ArchiveTable("sequence");
        var updated = connection.Exec($"UPDATE {sequence} SET value = value + 1 WHERE name = @n", transaction, ("@n", numericTable));
        if (updated == 0)
        {
            connection.Exec($"INSERT INTO {sequence} (name, value) VALUES (@n, 1)", transaction, ("@n", numericTable));
        }

        return Convert.ToInt64(connection.Scalar($"SELECT value FROM {sequence} WHERE name = @n", transaction, ("@n", numericTable)), CultureInfo.InvariantCulture);
    }

    private bool TableExists(string table)
    {
        if (_createdTables.ContainsKey(table))
        {
            return true;
        }

        using var connection = database.Open();
        using var command = connection.Command(D.ListTablesSql(table)).With("@prefix", table);
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            if (reader.GetString(0) == table)
            {
                _createdTables[table] = true;
                return true;
            }
        }

        return false;
    }

    private void EnsureTables(string numericTable, string blobTable)
    {
        if (_createdTables.ContainsKey(numericTable) && _createdTables.ContainsKey(blobTable))
        {
            return;
        }

        using var connection = database.Open();
        foreach (var sql in D.CreateArchiveTables(numericTable, blobTable))
        {
            connection.Exec(sql);
        }

        connection.Exec($"{D.InsertIgnore} INTO {D.ArchiveTable("sequence")} (name, value) VALUES (@n, 0)", null, ("@n", numericTable));

        _createdTables[numericTable] = true;
        _createdTables[blobTable] = true;
    }
}
