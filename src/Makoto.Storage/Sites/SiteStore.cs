using System.Data.Common;
using Makoto.Core.Caching;
using Makoto.Core.Sites;

namespace Makoto.Storage.Sites;

/// <summary>
/// The <c>site</c> and <c>site_url</c> tables. Sites are read on every tracking request, so the
/// store keeps an immutable snapshot of all sites in memory and replaces it after each change, and
/// reads the tables again when the snapshot is older than <see cref="SnapshotLifetimeMilliseconds"/>:
/// changes made by another process on the same store (the <c>makoto</c> console) reach a running server.
/// </summary>
public sealed class SiteStore
{
    /// <summary>How long a snapshot of the sites serves before the tables are read again.</summary>
    public const int SnapshotLifetimeMilliseconds = 5000;

    private readonly IDatabase _database;
    private readonly Lock _writeLock = new();
    private readonly Refreshed<Dictionary<int, Site>> _sites;

    public SiteStore(IDatabase database)
    {
        _database = database;
        _sites = new(Load, TimeSpan.FromMilliseconds(SnapshotLifetimeMilliseconds), TimeProvider.System);
    }

    private ISqlDialect D => _database.Dialect;

    public Site? Get(int idSite) => Snapshot().GetValueOrDefault(idSite);

    public IReadOnlyList<Site> GetAll()
    {
        var list = new List<Site>(Snapshot().Values);
        list.Sort((a, b) => a.IdSite.CompareTo(b.IdSite));
        return list;
    }

    public int Count => Snapshot().Count;

    public int Add(Site site)
    {
        lock (_writeLock)
        {
            using var connection = _database.Open();
            using var transaction = connection.BeginTransaction();
            connection.Exec(
                $"""
                INSERT INTO {D.Table("site")} (name, main_url, ts_created, ecommerce, sitesearch, sitesearch_keyword_parameters,
                    sitesearch_category_parameters, timezone, currency, exclude_unknown_urls, excluded_ips, excluded_parameters,
                    excluded_user_agents, excluded_referrers, {D.Quote("group")}, type, keep_url_fragment, creator_login)
                VALUES (@name, @main_url, @ts_created, @ecommerce, @sitesearch, @kw, @cat, @timezone, @currency, @unknown, @ips,
                    @params, @uas, @refs, @group, @type, @fragment, @creator)
                """,
                transaction,
                Parameters(site));
            var id = Convert.ToInt32(connection.Scalar(D.LastInsertIdSql, transaction), System.Globalization.CultureInfo.InvariantCulture);
            WriteAliases(connection, transaction, id, site.AliasUrls);
            transaction.Commit();
            _sites.Invalidate();
            return id;
        }
    }

    public void Update(Site site)
    {
        lock (_writeLock)
        {
            using var connection = _database.Open();
            using var transaction = connection.BeginTransaction();
            var parameters = Parameters(site).Append(("@idsite", site.IdSite)).ToArray();
            connection.Exec(
                $"""
                UPDATE {D.Table("site")} SET name = @name, main_url = @main_url, ts_created = @ts_created, ecommerce = @ecommerce,
                    sitesearch = @sitesearch, sitesearch_keyword_parameters = @kw, sitesearch_category_parameters = @cat,
                    timezone = @timezone, currency = @currency, exclude_unknown_urls = @unknown, excluded_ips = @ips,
                    excluded_parameters = @params, excluded_user_agents = @uas, excluded_referrers = @refs,
                    {D.Quote("group")} = @group, type = @type, keep_url_fragment = @fragment, creator_login = @creator
                WHERE idsite = @idsite
                """,
                transaction,
                parameters);
            connection.Exec($"DELETE FROM {D.Table("site_url")} WHERE idsite = @idsite", transaction, ("@idsite", site.IdSite));
            WriteAliases(connection, transaction, site.IdSite, site.AliasUrls);
            transaction.Commit();
            _sites.Invalidate();
        }
    }

    public void Delete(int idSite)
    {
        lock (_writeLock)
        {
            using var connection = _database.Open();
            using var transaction = connection.BeginTransaction();
            connection.Exec($"DELETE FROM {D.Table("site")} WHERE idsite = @id", transaction, ("@id", idSite));
            connection.Exec($"DELETE FROM {D.Table("site_url")} WHERE idsite = @id", transaction, ("@id", idSite));
            transaction.Commit();
            _sites.Invalidate();
        }
    }

    /// <summary>Moves a site's creation date back (tracking data older than the site was received).</summary>
    public void MoveCreationDateBack(int idSite, DateTime tsCreated)
    {
        lock (_writeLock)
        {
            using var connection = _database.Open();
            connection.Exec(
                $"UPDATE {D.Table("site")} SET ts_created = @ts WHERE idsite = @id AND (ts_created IS NULL OR ts_created > @ts)",
                null,
                ("@ts", D.DateTimeValue(tsCreated)),
                ("@id", idSite));
            _sites.Invalidate();
        }
    }

    private (string, object?)[] Parameters(Site site) =>
    [
        ("@name", site.Name),
        ("@main_url", site.MainUrl),
        ("@ts_created", D.DateTimeValue(site.TsCreated)),
        ("@ecommerce", site.Ecommerce ? 1 : 0),
        ("@sitesearch", site.SiteSearch ? 1 : 0),
        ("@kw", site.SiteSearchKeywordParameters),
        ("@cat", site.SiteSearchCategoryParameters),
        ("@timezone", site.Timezone),
        ("@currency", site.Currency),
        ("@unknown", site.ExcludeUnknownUrls ? 1 : 0),
        ("@ips", site.ExcludedIps),
        ("@params", site.ExcludedParameters),
        ("@uas", site.ExcludedUserAgents),
        ("@refs", site.ExcludedReferrers),
        ("@group", site.Group),
        ("@type", site.Type),
        ("@fragment", site.KeepUrlFragment),
        ("@creator", site.CreatorLogin),
    ];

    private void WriteAliases(DbConnection connection, DbTransaction transaction, int idSite, IReadOnlyList<string> aliases)
    {
        foreach (var url in aliases)
        {
            connection.Exec(
                $"{D.InsertIgnore} INTO {D.Table("site_url")} (idsite, url) VALUES (@id, @url)",
                transaction,
                ("@id", idSite),
                ("@url", url));
        }
    }

    private Dictionary<int, Site> Snapshot() => _sites.Value;

    private Dictionary<int, Site> Load()
    {
        using var connection = _database.Open();
        var aliases = new Dictionary<int, List<string>>();
        // Matomo reads aliases in primary-key order (idsite, url) as InnoDB stores them.
        using (var command = connection.Command($"SELECT idsite, url FROM {D.Table("site_url")} ORDER BY idsite, url"))
        {
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                var id = Convert.ToInt32(reader.GetValue(0), System.Globalization.CultureInfo.InvariantCulture);
                if (!aliases.TryGetValue(id, out var list))
                {
                    aliases[id] = list = [];
                }

                list.Add(reader.GetString(1));
            }
        }

        var sites = new Dictionary<int, Site>();
        using (var command = connection.Command(
            $"""
            SELECT idsite, name, main_url, ts_created, ecommerce, sitesearch, sitesearch_keyword_parameters,
                sitesearch_category_parameters, timezone, currency, exclude_unknown_urls, excluded_ips, excluded_parameters,
                excluded_user_agents, excluded_referrers, {D.Quote("group")}, type, keep_url_fragment, creator_login
            FROM {D.Table("site")}
            """))
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                var id = reader.GetInt32OrNull(0)!.Value;
                sites[id] = new Site
                {
                    IdSite = id,
                    Name = reader.GetString(1),
                    MainUrl = reader.GetString(2),
                    TsCreated = reader.IsDBNull(3) ? DateTime.UnixEpoch : D.ReadDateTime(reader, 3),
                    Ecommerce = reader.GetInt32OrNull(4) == 1,
                    SiteSearch = reader.GetInt32OrNull(5) != 0,
                    SiteSearchKeywordParameters = reader.GetString(6),
                    SiteSearchCategoryParameters = reader.GetString(7),
                    Timezone = reader.GetString(8),
                    Currency = reader.GetString(9),
                    ExcludeUnknownUrls = reader.GetInt32OrNull(10) == 1,
                    ExcludedIps = reader.GetString(11),
                    ExcludedParameters = reader.GetString(12),
                    ExcludedUserAgents = reader.GetString(13),
                    ExcludedReferrers = reader.GetString(14),
                    Group = reader.GetString(15),
                    Type = reader.GetString(16),
                    KeepUrlFragment = reader.GetInt32OrNull(17) ?? 0,
                    CreatorLogin = reader.GetStringOrNull(18) ?? "",
                    AliasUrls = aliases.TryGetValue(id, out var list) ? list : [],
                };
            }
        }

        return sites;
    }
}
