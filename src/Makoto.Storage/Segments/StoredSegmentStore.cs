using System.Data.Common;
using Makoto.Core.Segments;

namespace Makoto.Storage.Segments;

/// <summary>A segment saved with SegmentEditor (row of the <c>segment</c> table).</summary>
public sealed record StoredSegment
{
    public int IdSegment { get; init; }

    public required string Name { get; init; }

    public required string Definition { get; init; }

    /// <summary><c>md5(urldecode(definition))</c>, the hash of its archives.</summary>
    public string Hash { get; init; } = "";

    /// <summary>The login of the user who created it.</summary>
    public required string Login { get; init; }

    public bool EnableAllUsers { get; init; }

    /// <summary>The only site it applies to, 0 for all sites.</summary>
    public int EnableOnlyIdSite { get; init; }

    /// <summary>True when its archives are kept up to date in the background (pre-processed).</summary>
    public bool AutoArchive { get; init; }

    public DateTime? TsCreated { get; init; }

    public DateTime? TsLastEdit { get; init; }

    public bool Deleted { get; init; }
}

/// <summary>The <c>segment</c> table: stored segments (Matomo's SegmentEditor model). Deleting marks a row deleted.</summary>
public sealed class StoredSegmentStore(IDatabase database)
{
    private const string Columns =
        "idsegment, name, definition, hash, login, enable_all_users, enable_only_idsite, auto_archive, ts_created, ts_last_edit, deleted";

    private ISqlDialect D => database.Dialect;

    /// <summary>The segment with this id, deleted or not; null when there is none.</summary>
    public StoredSegment? Get(int idSegment)
    {
        using var connection = database.Open();
        using var command = connection.Command($"SELECT {Columns} FROM {D.Table("segment")} WHERE idsegment = @id").With("@id", idSegment);
        using var reader = command.ExecuteReader();
        return reader.Read() ? Read(reader) : null;
    }

    /// <summary>The segments that are not deleted, ordered by name (then id).</summary>
    public List<StoredSegment> GetAll()
    {
        var result = new List<StoredSegment>();
        using var connection = database.Open();
        using var command = connection.Command($"SELECT {Columns} FROM {D.Table("segment")} WHERE deleted = 0 ORDER BY name, idsegment");
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            result.Add(Read(reader));
        }

        return result;
    }

    /// <summary>The segments to keep archived for the site: not deleted, auto-archived, for this site or all sites.</summary>
    public List<StoredSegment> AutoArchived(int idSite)
    {
        var result = new List<StoredSegment>();
        foreach (var segment in GetAll())
        {
            if (segment.AutoArchive && (segment.EnableOnlyIdSite == 0 || segment.EnableOnlyIdSite == idSite))
            {
                result.Add(segment);
            }
        }

        return result;
    }

    /// <summary>Adds a segment and returns its id.</summary>
    public int Add(StoredSegment segment, DateTime nowUtc)
    {
        using var connection = database.Open();
        using var transaction = connection.BeginTransaction();
        connection.Exec(
            $"""
            INSERT INTO {D.Table("segment")} (name, definition, hash, login, enable_all_users, enable_only_idsite, auto_archive, ts_created, ts_last_edit, deleted)
            VALUES (@name, @definition, @hash, @login, @all, @site, @auto, @now, NULL, 0)
            """,
            transaction,
            ("@name", segment.Name),
            ("@definition", segment.Definition),
            ("@hash", Segment.HashOf(segment.Definition)),
            ("@login", segment.Login),
            ("@all", segment.EnableAllUsers ? 1 : 0),
            ("@site", segment.EnableOnlyIdSite),
            ("@auto", segment.AutoArchive ? 1 : 0),
            ("@now", D.DateTimeValue(nowUtc)));
        var id = Convert.ToInt32(connection.Scalar(D.LastInsertIdSql, transaction), System.Globalization.CultureInfo.InvariantCulture);
        transaction.Commit();
        return id;
    }

    /// <summary>Changes a segment's name, definition, sharing and archiving.</summary>
    public void Update(StoredSegment segment, DateTime nowUtc)
    {
        using var connection = database.Open();
        connection.Exec(
            $"""
            UPDATE {D.Table("segment")} SET name = @name, definition = @definition, hash = @hash, enable_all_users = @all,
                enable_only_idsite = @site, auto_archive = @auto, ts_last_edit = @now
            WHERE idsegment = @id
            """,
            null,
            ("@id", segment.IdSegment),
            ("@name", segment.Name),
            ("@definition", segment.Definition),
            ("@hash", Segment.HashOf(segment.Definition)),
            ("@all", segment.EnableAllUsers ? 1 : 0),
            ("@site", segment.EnableOnlyIdSite),
            ("@auto", segment.AutoArchive ? 1 : 0),
            ("@now", D.DateTimeValue(nowUtc)));
    }

    /// <summary>Marks a segment deleted.</summary>
    public void Delete(int idSegment, DateTime nowUtc)
    {
        using var connection = database.Open();
        connection.Exec(
            $"UPDATE {D.Table("segment")} SET deleted = 1, ts_last_edit = @now WHERE idsegment = @id",
            null,
            ("@id", idSegment),
            ("@now", D.DateTimeValue(nowUtc)));
    }

    private StoredSegment Read(DbDataReader reader) => new()
    {
        IdSegment = (int)reader.GetInt64(0),
        Name = reader.GetString(1),
        Definition = reader.GetString(2),
        Hash = reader.GetStringOrNull(3) ?? "",
        Login = reader.GetString(4),
        EnableAllUsers = reader.GetInt64(5) != 0,
        EnableOnlyIdSite = (int)(reader.GetInt64OrNull(6) ?? 0),
        AutoArchive = reader.GetInt64(7) != 0,
        TsCreated = reader.IsDBNull(8) ? null : D.ReadDateTime(reader, 8),
        TsLastEdit = reader.IsDBNull(9) ? null : D.ReadDateTime(reader, 9),
        Deleted = reader.GetInt64(10) != 0,
    };
}
