using System.Net;
using Makoto.Core.Sites;
using Makoto.Storage.Archives;
using Makoto.Storage.Logs;
using Makoto.Storage.Sites;

namespace Makoto.Plugins.PrivacyManager;

/// <summary>What deleting data subjects removed: rows per log table, and the archives marked for rebuilding.</summary>
public sealed record DataSubjectDeletion(IReadOnlyDictionary<string, long> RowsDeleted, int ArchivesInvalidated, int Days);

/// <summary>
/// The GDPR tools (Matomo's PrivacyManager findDataSubjects, exportDataSubjects and deleteDataSubjects):
/// finding a person's visits by visitor id, User ID or IP, exporting every row recorded about them, and
/// deleting those rows. After a deletion the archives of every period that included the visits are
/// invalidated, so the reports are rebuilt from the remaining logs; shared by the API and the console.
/// </summary>
public sealed class DataSubjects(DataSubjectStore store, LogEraser eraser, ArchiveStore archives, SiteStore sites, PrivacySettings privacy)
{
    /// <summary>
    /// The query for these criteria. An IP is looked up as stored: with the bytes that IP anonymization
    /// zeroes when it tracked (the current setting) zeroed, so the full IP and its stored form both match.
    /// </summary>
    public DataSubjectQuery Query(IReadOnlyCollection<int>? idSites, string? visitorId, string? userId, string? ip)
    {
        byte[]? visitor = null;
        if (visitorId is not null)
        {
            if (visitorId.Length != 16 || !visitorId.All(char.IsAsciiHexDigit))
            {
                throw new ArgumentException($"'{visitorId}' is not a visitor id: it has 16 hexadecimal digits (e.g. 5e6f1c0d2a3b4c5d).");
            }

            visitor = Convert.FromHexString(visitorId);
        }

        byte[]? address = null;
        if (ip is not null)
        {
            address = IPAddress.TryParse(ip, out var parsed)
                ? IpAnonymizer.Anonymize(parsed, privacy.IpAnonymizationBytes)
                : throw new ArgumentException($"'{ip}' is not an IP address.");
        }

        if (visitor is null && string.IsNullOrEmpty(userId) && address is null)
        {
            throw new ArgumentException("Give a visitor id, a User ID or an IP to look for.");
        }

        return new DataSubjectQuery { IdSites = idSites, VisitorId = visitor, UserId = string.IsNullOrEmpty(userId) ? null : userId, Ip = address };
    }

    /// <summary>The matching visits, newest first.</summary>
    public List<DataSubjectVisit> Find(DataSubjectQuery query) => store.Find(query);

    /// <summary>
    /// The ids of the visits given as (site, visit) pairs that exist in that site (Matomo's API names visits by
    /// both); pairs that match no visit are left out.
    /// </summary>
    public List<long> Existing(IReadOnlyCollection<(int IdSite, long IdVisit)> visits)
    {
        var wanted = visits.ToHashSet();
        var existing = new List<long>();
        foreach (var (idVisit, idSite, _, _) in store.Spans([.. visits.Select(v => v.IdVisit)]))
        {
            if (wanted.Contains((idSite, idVisit)))
            {
                existing.Add(idVisit);
            }
        }

        return existing;
    }

    /// <summary>Every row recorded in these visits, by log table, with the action names they refer to.</summary>
    public SortedDictionary<string, List<SortedDictionary<string, object?>>> Export(IReadOnlyCollection<long> idVisits) => store.Export(idVisits);

    /// <summary>Deletes these visits with their actions and conversions and invalidates the reports that counted them.</summary>
    public DataSubjectDeletion Delete(IReadOnlyCollection<long> idVisits)
    {
        var days = new HashSet<(int IdSite, DateOnly Day)>();
        foreach (var (_, idSite, first, last) in store.Spans(idVisits))
        {
            var timeZone = sites.Get(idSite)?.TimeZone ?? TimeZoneInfo.Utc;
            for (var day = SiteTimeZones.LocalDate(first, timeZone); day <= SiteTimeZones.LocalDate(last, timeZone); day = day.AddDays(1))
            {
                days.Add((idSite, day));
            }
        }

        var rows = eraser.DeleteVisits(idVisits);
        var invalidated = 0;
        foreach (var (idSite, day) in days)
        {
            invalidated += archives.InvalidateContainingNow(idSite, day);
        }

        return new DataSubjectDeletion(rows, invalidated, days.Count);
    }
}
