using System.Globalization;

namespace Makoto.Storage.Logs;

/// <summary>What to anonymize in the raw logs of a time range (Matomo's anonymizeSomeRawData).</summary>
public sealed record RawDataAnonymization
{
    /// <summary>Sites; null for every site.</summary>
    public IReadOnlyCollection<int>? IdSites { get; init; }

    /// <summary>Visits whose last action is in [From, To) (UTC).</summary>
    public required DateTime FromUtc { get; init; }

    public required DateTime ToUtc { get; init; }

    /// <summary>Rewrites a stored IP (4 or 16 bytes); null leaves IPs alone.</summary>
    public Func<byte[], byte[]>? MaskIp { get; init; }

    /// <summary>Clears the city, region and coordinates (the country is kept).</summary>
    public bool Location { get; init; }

    /// <summary>Clears what identifies the device beyond its family: browser and OS versions, device brand and model.</summary>
    public bool UserAgent { get; init; }

    /// <summary>Replaces each User ID by a pseudonym (the same for the same User ID); null leaves User IDs alone.</summary>
    public Func<string, string>? PseudonymizeUserId { get; init; }
}

/// <summary>Rewrites privacy-relevant columns of past visits and conversions, a few thousand visits per transaction.</summary>
public sealed class RawDataAnonymizer(IDatabase database)
{
    private const int VisitsPerTransaction = 2000;

    private ISqlDialect D => database.Dialect;

    /// <summary>Applies <paramref name="request"/>; returns the number of visits rewritten.</summary>
    public long Anonymize(RawDataAnonymization request, IProgress<long>? progress = null, CancellationToken cancellation = default)
    {
        if (request.MaskIp is null && !request.Location && !request.UserAgent && request.PseudonymizeUserId is null)
        {
            throw new ArgumentException("Say what to anonymize: the IP, the location, the user agent or the User ID.");
        }

        var sites = request.IdSites is { Count: > 0 } some ? some.ToList() : [];
        var siteFilter = sites.Count == 0
            ? ""
            : " AND idsite IN (" + string.Join(", ", sites.Select((_, i) => "@s" + i.ToString(CultureInfo.InvariantCulture))) + ")";

        long done = 0;
        long after = 0;
        using var connection = database.Open();
        while (true)
        {
            cancellation.ThrowIfCancellationRequested();
            using var transaction = connection.BeginTransaction();
            var batch = new List<(long IdVisit, byte[] Ip, string? UserId)>();
            using (var select = connection.Command(
                $"""
                SELECT idvisit, location_ip, user_id FROM {D.Table("log_visit")}
                WHERE idvisit > @after AND visit_last_action_time >= @from AND visit_last_action_time < @to{siteFilter}
                ORDER BY idvisit LIMIT {VisitsPerTransaction}
                """,
                transaction).With("@after", after).With("@from", D.DateTimeValue(request.FromUtc)).With("@to", D.DateTimeValue(request.ToUtc)))
            {
                for (var i = 0; i < sites.Count; i++)
                {
                    select.With("@s" + i.ToString(CultureInfo.InvariantCulture), sites[i]);
                }

                using var reader = select.ExecuteReader();
                while (reader.Read())
                {
                    batch.Add((reader.GetInt64(0), reader.GetBytesOrNull(1) ?? [], reader.GetStringOrNull(2)));
                }
            }

            if (batch.Count == 0)
            {
                transaction.Commit();
                return done;
            }

            using var visit = connection.Command(VisitUpdate(request), transaction);
            var id = visit.Param("@id");
            var ip = visit.Param("@ip");
            var user = visit.Param("@user");
            using var conversion = connection.Command(ConversionUpdate(request), transaction);
            var conversionId = conversion.Param("@id");
            foreach (var (idVisit, storedIp, userId) in batch)
            {
                id.Value = idVisit;
                ip.Value = request.MaskIp is { } mask && storedIp.Length > 0 ? mask(storedIp) : storedIp;
                user.Value = userId is null ? DBNull.Value : request.PseudonymizeUserId is { } pseudonym ? pseudonym(userId) : userId;
                visit.ExecuteNonQuery();
                if (request.Location || request.UserAgent)
                {
                    conversionId.Value = idVisit;
                    conversion.ExecuteNonQuery();
                }
            }

            transaction.Commit();
            after = batch[^1].IdVisit;
            done += batch.Count;
            progress?.Report(done);
        }
    }

    private string VisitUpdate(RawDataAnonymization request)
    {
        var set = new List<string> { "location_ip = @ip", "user_id = @user" };
        if (request.Location)
        {
            set.Add("location_city = NULL, location_region = NULL, location_latitude = NULL, location_longitude = NULL");
        }

        if (request.UserAgent)
        {
            set.Add("config_browser_version = NULL, config_os_version = NULL, config_device_brand = NULL, config_device_model = NULL");
        }

        return $"UPDATE {D.Table("log_visit")} SET {string.Join(", ", set)} WHERE idvisit = @id";
    }

    private string ConversionUpdate(RawDataAnonymization request)
    {
        var set = new List<string>();
        if (request.Location)
        {
            set.Add("location_city = NULL, location_region = NULL, location_latitude = NULL, location_longitude = NULL");
        }

        if (request.UserAgent)
        {
            set.Add("config_device_brand = NULL, config_device_model = NULL");
        }

        return set.Count == 0
            ? "SELECT @id"
            : $"UPDATE {D.Table("log_conversion")} SET {string.Join(", ", set)} WHERE idvisit = @id";
    }
}
