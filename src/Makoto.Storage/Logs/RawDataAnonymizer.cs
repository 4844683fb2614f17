using System.Globalization;

namespace Makoto.Storage.Logs;

/// <summary>What to anonymize in the raw logs of a time range (Matomo's anonymizeSomeRawData).</summary>
public sealed record RawDataAnonymization
{
    /// <summary>Sites; null for every site.</summary>
    public IReadOnlyCollection<int>? IdSites { get; init; }

    /// <summary>Visits whose last action, and actions and conversions whose time, is in [From, To) (UTC).</summary>
    public required DateTime FromUtc { get; init; }

    public required DateTime ToUtc { get; init; }

    /// <summary>Rewrites a stored IP (4 or 16 bytes); null leaves IPs alone.</summary>
    public Func<byte[], byte[]>? MaskIp { get; init; }

    /// <summary>Clears the city, region and coordinates (the country is kept).</summary>
    public bool Location { get; init; }

    /// <summary>Replaces each User ID by a pseudonym (the same for the same User ID); null leaves User IDs alone.</summary>
    public Func<string, string>? PseudonymizeUserId { get; init; }

    /// <summary>
    /// <c>log_visit</c> columns set back to their default value (<see cref="RawDataAnonymizer.UnsettableColumns"/>);
    /// the same columns of <c>log_conversion</c> too, where that table has them.
    /// </summary>
    public IReadOnlyList<string> UnsetVisitColumns { get; init; } = [];

    /// <summary><c>log_link_visit_action</c> columns set back to their default value.</summary>
    public IReadOnlyList<string> UnsetLinkVisitActionColumns { get; init; } = [];
}

/// <summary>
/// What an anonymization changed: rows per step, and per site the UTC time span of the rows it changed (for
/// invalidating the reports that counted them).
/// </summary>
public sealed class RawDataAnonymizationResult
{
    /// <summary>Visits whose IP, location or User ID was rewritten.</summary>
    public long VisitsAnonymized { get; set; }

    public long VisitRowsUnset { get; set; }

    public long ConversionRowsUnset { get; set; }

    public long ActionRowsUnset { get; set; }

    /// <summary>Per site, the first and last UTC time of the rows changed.</summary>
    public Dictionary<int, (DateTime FirstUtc, DateTime LastUtc)> Spans { get; } = [];

    internal void Touch(int idSite, DateTime first, DateTime last) =>
        Spans[idSite] = Spans.TryGetValue(idSite, out var span)
            ? (first < span.FirstUtc ? first : span.FirstUtc, last > span.LastUtc ? last : span.LastUtc)
            : (first, last);
}

/// <summary>
/// Rewrites privacy-relevant columns of past visits and conversions, a few thousand visits per transaction, and
/// sets chosen log columns back to their default value (Matomo's LogDataAnonymizer).
/// </summary>
public sealed class RawDataAnonymizer(IDatabase database)
{
    private const int VisitsPerTransaction = 2000;

    /// <summary>Columns never unset: identities, times and keys (Matomo's list).</summary>
    private static readonly HashSet<string> s_neverUnset = new(StringComparer.OrdinalIgnoreCase)
    {
        "idvisit", "idvisitor", "idsite", "visit_last_action_time", "config_id", "location_ip", "idlink_va", "server_time", "idgoal", "buster", "idorder",
    };

    private ISqlDialect D => database.Dialect;

    /// <summary>
    /// The columns of a log table (<c>log_visit</c>, <c>log_link_visit_action</c>, <c>log_conversion</c>) that can be
    /// set back to a default, with that default (null for NULL): every column that may be NULL or has a declared
    /// default, except identities, times and keys. Read from the table itself, so added columns (custom
    /// dimensions, custom variables) are included.
    /// </summary>
    public SortedDictionary<string, string?> UnsettableColumns(string table)
    {
        var columns = new SortedDictionary<string, string?>(StringComparer.Ordinal);
        using var connection = database.Open();
        using var command = connection.Command(D.ListColumnsSql).With("@table", D.Table(table));
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            var name = reader.GetString(0);
            var nullable = Convert.ToInt64(reader.GetValue(1), CultureInfo.InvariantCulture) == 1;
            var declared = DefaultValue(reader.IsDBNull(2) ? null : Convert.ToString(reader.GetValue(2), CultureInfo.InvariantCulture));
            if (s_neverUnset.Contains(name) || (!nullable && declared is null))
            {
                continue;
            }

            columns[name] = declared;
        }

        return columns;
    }

    /// <summary>Throws an <see cref="ArgumentException"/> naming the allowed columns when one of <paramref name="columns"/> cannot be unset.</summary>
    public void CheckColumns(string table, IEnumerable<string> columns)
    {
        var allowed = UnsettableColumns(table);
        foreach (var column in columns)
        {
            if (!allowed.ContainsKey(column))
            {
                throw new ArgumentException($"The column \"{column}\" does not exist in {table} or cannot be unset. Use one of {string.Join(", ", allowed.Keys)}.");
            }
        }
    }

    /// <summary>A declared default as a value: SQL text without its quotes; null for none or NULL.</summary>
    private static string? DefaultValue(string? declared)
    {
        if (declared is null || declared.Equals("NULL", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        return declared.Length >= 2 && declared[0] == '\'' && declared[^1] == '\''
            ? declared[1..^1].Replace("''", "'", StringComparison.Ordinal)
            : declared;
    }

    /// <summary>Applies <paramref name="request"/>.</summary>
    public RawDataAnonymizationResult Anonymize(RawDataAnonymization request, IProgress<long>? progress = null, CancellationToken cancellation = default)
    {
        if (request.MaskIp is null && !request.Location && request.PseudonymizeUserId is null
            && request.UnsetVisitColumns.Count == 0 && request.UnsetLinkVisitActionColumns.Count == 0)
        {
            throw new ArgumentException("Nothing is selected to be anonymized: the IP, the location, the User ID or columns to unset.");
        }

        CheckColumns("log_visit", request.UnsetVisitColumns);
        CheckColumns("log_link_visit_action", request.UnsetLinkVisitActionColumns);
        var result = new RawDataAnonymizationResult();
        if (request.MaskIp is not null || request.Location || request.PseudonymizeUserId is not null)
        {
            AnonymizeVisits(request, result, progress, cancellation);
        }

        if (request.UnsetVisitColumns.Count > 0)
        {
            result.VisitRowsUnset = Unset("log_visit", "visit_last_action_time", request, request.UnsetVisitColumns, result);
            var conversionColumns = UnsettableColumns("log_conversion");
            var inConversions = request.UnsetVisitColumns.Where(conversionColumns.ContainsKey).ToList();
            result.ConversionRowsUnset = Unset("log_conversion", "server_time", request, inConversions, result);
        }

        if (request.UnsetLinkVisitActionColumns.Count > 0)
        {
            result.ActionRowsUnset = Unset("log_link_visit_action", "server_time", request, request.UnsetLinkVisitActionColumns, result);
        }

        return result;
    }

    private void AnonymizeVisits(RawDataAnonymization request, RawDataAnonymizationResult result, IProgress<long>? progress, CancellationToken cancellation)
    {
        var (siteFilter, sites) = SiteFilter(request);
        long after = 0;
        using var connection = database.Open();
        while (true)
        {
            cancellation.ThrowIfCancellationRequested();
            using var transaction = connection.BeginTransaction();
            var batch = new List<(long IdVisit, int IdSite, byte[] Ip, string? UserId, DateTime First, DateTime Last)>();
            using (var select = connection.Command(
                $"""
                SELECT idvisit, idsite, location_ip, user_id, visit_first_action_time, visit_last_action_time FROM {D.Table("log_visit")}
                WHERE idvisit > @after AND visit_last_action_time >= @from AND visit_last_action_time < @to{siteFilter}
                ORDER BY idvisit LIMIT {VisitsPerTransaction}
                """,
                transaction).With("@after", after).With("@from", D.DateTimeValue(request.FromUtc)).With("@to", D.DateTimeValue(request.ToUtc)))
            {
                AddSites(select, sites);
                using var reader = select.ExecuteReader();
                while (reader.Read())
                {
                    batch.Add((reader.GetInt64(0), (int)reader.GetInt64(1), reader.GetBytesOrNull(2) ?? [], reader.GetStringOrNull(3), D.ReadDateTime(reader, 4), D.ReadDateTime(reader, 5)));
                }
            }

            if (batch.Count == 0)
            {
                transaction.Commit();
                return;
            }

            using var visit = connection.Command(VisitUpdate(request), transaction);
            var id = visit.Param("@id");
            var ip = visit.Param("@ip");
            var user = visit.Param("@user");
            using var conversion = connection.Command(
                $"UPDATE {D.Table("log_conversion")} SET location_city = NULL, location_region = NULL, location_latitude = NULL, location_longitude = NULL WHERE idvisit = @id",
                transaction);
            var conversionId = conversion.Param("@id");
            foreach (var (idVisit, idSite, storedIp, userId, first, last) in batch)
            {
                id.Value = idVisit;
                ip.Value = request.MaskIp is { } mask && storedIp.Length > 0 ? mask(storedIp) : storedIp;
                user.Value = userId is null ? DBNull.Value : request.PseudonymizeUserId is { } pseudonym ? pseudonym(userId) : userId;
                visit.ExecuteNonQuery();
                if (request.Location)
                {
                    conversionId.Value = idVisit;
                    conversion.ExecuteNonQuery();
                }

                result.Touch(idSite, first, last);
            }

            transaction.Commit();
            after = batch[^1].IdVisit;
            result.VisitsAnonymized += batch.Count;
            progress?.Report(result.VisitsAnonymized);
        }
    }

    private string VisitUpdate(RawDataAnonymization request)
    {
        var set = new List<string> { "location_ip = @ip", "user_id = @user" };
        if (request.Location)
        {
            set.Add("location_city = NULL, location_region = NULL, location_latitude = NULL, location_longitude = NULL");
        }

        return $"UPDATE {D.Table("log_visit")} SET {string.Join(", ", set)} WHERE idvisit = @id";
    }

    /// <summary>Sets <paramref name="columns"/> of the table's rows in the range back to their defaults; returns the rows changed.</summary>
    private long Unset(string table, string timeColumn, RawDataAnonymization request, IReadOnlyList<string> columns, RawDataAnonymizationResult result)
    {
        if (columns.Count == 0)
        {
            return 0;
        }

        var defaults = UnsettableColumns(table);
        var (siteFilter, sites) = SiteFilter(request);
        var where = $"{timeColumn} >= @from AND {timeColumn} < @to{siteFilter}";
        using var connection = database.Open();
        using var transaction = connection.BeginTransaction();
        using (var spans = connection.Command($"SELECT idsite, MIN({timeColumn}), MAX({timeColumn}) FROM {D.Table(table)} WHERE {where} GROUP BY idsite", transaction))
        {
            spans.With("@from", D.DateTimeValue(request.FromUtc)).With("@to", D.DateTimeValue(request.ToUtc));
            AddSites(spans, sites);
            using var reader = spans.ExecuteReader();
            while (reader.Read())
            {
                result.Touch((int)reader.GetInt64(0), D.ReadDateTime(reader, 1), D.ReadDateTime(reader, 2));
            }
        }

        var set = string.Join(", ", columns.Select((column, i) => $"{column} = @v{i.ToString(CultureInfo.InvariantCulture)}"));
        using var update = connection.Command($"UPDATE {D.Table(table)} SET {set} WHERE {where}", transaction);
        for (var i = 0; i < columns.Count; i++)
        {
            update.With("@v" + i.ToString(CultureInfo.InvariantCulture), (object?)defaults[columns[i]] ?? DBNull.Value);
        }

        update.With("@from", D.DateTimeValue(request.FromUtc)).With("@to", D.DateTimeValue(request.ToUtc));
        AddSites(update, sites);
        var changed = update.ExecuteNonQuery();
        transaction.Commit();
        return changed;
    }

    private static (string Filter, List<int> Sites) SiteFilter(RawDataAnonymization request)
    {
        var sites = request.IdSites is { Count: > 0 } some ? some.ToList() : [];
        var filter = sites.Count == 0
            ? ""
            : " AND idsite IN (" + string.Join(", ", sites.Select((_, i) => "@s" + i.ToString(CultureInfo.InvariantCulture))) + ")";
        return (filter, sites);
    }

    private static void AddSites(System.Data.Common.DbCommand command, List<int> sites)
    {
        for (var i = 0; i < sites.Count; i++)
        {
            command.With("@s" + i.ToString(CultureInfo.InvariantCulture), sites[i]);
        }
    }
}
