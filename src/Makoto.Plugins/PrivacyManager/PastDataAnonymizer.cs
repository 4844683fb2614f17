using System.Globalization;
using System.Net;
using Makoto.Core.Sites;
using Makoto.Storage.Archives;
using Makoto.Storage.Logs;
using Makoto.Storage.Sites;

namespace Makoto.Plugins.PrivacyManager;

/// <summary>
/// Anonymizing the raw data of past visits (Matomo's anonymizeSomeRawData and its scheduled task), shared by the
/// API, the scheduled task and <c>makoto anonymize</c>. A request is stored first (Matomo's list of
/// anonymizations); the API's requests wait for the scheduled task, the console runs its own at once. Running
/// one: stored IPs lose the bytes of the current mask length (at least 2), the city, region and coordinates are
/// cleared (the country stays), User IDs become their pseudonym (<see cref="UserIdPseudonyms"/>), and chosen log
/// columns are set back to their default; then the archives of the days whose rows changed are invalidated, so
/// the reports are built again from the anonymized rows.
/// </summary>
public sealed class PastDataAnonymizer(
    RawDataAnonymizer anonymizer,
    LogDataAnonymizationStore entries,
    UserIdPseudonyms pseudonyms,
    PrivacySettings settings,
    ArchiveStore archives,
    SiteStore sites)
{
    /// <summary>Runs of the scheduled task that start entries, at most, per call (as Matomo's safety limit).</summary>
    private const int MaxEntriesPerRun = 100;

    /// <summary>
    /// Checks and stores a request for the UTC days <paramref name="from"/> to <paramref name="to"/>; returns its id.
    /// <paramref name="startedNow"/> marks it started (the caller runs it at once with <see cref="Run"/>).
    /// </summary>
    /// <exception cref="ArgumentException">Nothing to do, an unknown site, or a column that cannot be unset.</exception>
    public long Schedule(
        string requester,
        IReadOnlyList<int>? idSites,
        DateOnly from,
        DateOnly to,
        bool ip,
        bool location,
        bool userId,
        IReadOnlyList<string> unsetVisitColumns,
        IReadOnlyList<string> unsetLinkVisitActionColumns,
        bool startedNow)
    {
        if (from > to)
        {
            throw new ArgumentException($"The start date {from:yyyy-MM-dd} is after the end date {to:yyyy-MM-dd}.");
        }

        anonymizer.CheckColumns("log_visit", unsetVisitColumns);
        anonymizer.CheckColumns("log_link_visit_action", unsetLinkVisitActionColumns);
        if (!ip && !location && !userId && unsetVisitColumns.Count == 0 && unsetLinkVisitActionColumns.Count == 0)
        {
            throw new ArgumentException("Nothing is selected to be anonymized: choose the IP, the location, the User ID or columns to unset.");
        }

        foreach (var idSite in idSites ?? [])
        {
            if (sites.Get(idSite) is null)
            {
                throw new ArgumentException($"The website id '{idSite}' does not exist.");
            }
        }

        return entries.Schedule(
            new LogDataAnonymization
            {
                IdSites = idSites is { Count: > 0 } ? idSites : null,
                DateStart = from.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc),
                DateEnd = to.ToDateTime(new TimeOnly(23, 59, 59), DateTimeKind.Utc),
                AnonymizeIp = ip,
                AnonymizeLocation = location,
                AnonymizeUserId = userId,
                UnsetVisitColumns = unsetVisitColumns,
                UnsetLinkVisitActionColumns = unsetLinkVisitActionColumns,
                Requester = requester,
            },
            startedNow);
    }

    /// <summary>The stored requests, oldest first.</summary>
    public List<LogDataAnonymization> All() => entries.All();

    /// <summary>Runs the requests waiting for the scheduled task, oldest first; returns how many ran.</summary>
    public int RunScheduled(CancellationToken cancellation = default)
    {
        var ran = 0;
        while (ran < MaxEntriesPerRun && entries.ClaimNext() is { } entry)
        {
            cancellation.ThrowIfCancellationRequested();
            Execute(entry, null, cancellation);
            ran++;
        }

        return ran;
    }

    /// <summary>Runs a stored request now (the console's), each line of its output also given to <paramref name="output"/>.</summary>
    public RawDataAnonymizationResult Run(long id, Action<string>? output = null, CancellationToken cancellation = default) =>
        Execute(entries.Get(id) ?? throw new ArgumentException($"There is no anonymization {id}."), output, cancellation);

    private RawDataAnonymizationResult Execute(LogDataAnonymization entry, Action<string>? output, CancellationToken cancellation)
    {
        void Say(string line)
        {
            entries.AppendOutput(entry.Id, line);
            output?.Invoke(line);
        }

        Say(entry.IdSites is null ? "Sites: all." : "Sites: " + string.Join(", ", entry.IdSites) + ".");
        Say(string.Create(CultureInfo.InvariantCulture, $"Rows from {entry.DateStart:yyyy-MM-dd HH:mm:ss} to {entry.DateEnd:yyyy-MM-dd HH:mm:ss} (UTC)."));
        var ipBytes = Math.Max(2, settings.IpMaskLength);
        var request = new RawDataAnonymization
        {
            IdSites = entry.IdSites,
            FromUtc = entry.DateStart,
            ToUtc = entry.DateEnd.AddSeconds(1),
            MaskIp = entry.AnonymizeIp ? stored => stored.Length is 4 or 16 ? IpAnonymizer.Anonymize(new IPAddress(stored), ipBytes) : stored : null,
            Location = entry.AnonymizeLocation,
            PseudonymizeUserId = entry.AnonymizeUserId ? pseudonyms.Pseudonymizer() : null,
            UnsetVisitColumns = entry.UnsetVisitColumns,
            UnsetLinkVisitActionColumns = entry.UnsetLinkVisitActionColumns,
        };

        RawDataAnonymizationResult result;
        try
        {
            result = anonymizer.Anonymize(request, cancellation: cancellation);
        }
        catch (Exception error) when (error is ArgumentException or System.Data.Common.DbException)
        {
            Say("Failed: " + error.Message);
            entries.Finish(entry.Id);
            throw;
        }

        if (entry.AnonymizeIp || entry.AnonymizeLocation || entry.AnonymizeUserId)
        {
            Say(string.Create(CultureInfo.InvariantCulture, $"Visits whose IP, location or User ID was anonymized: {result.VisitsAnonymized}."));
        }

        if (entry.UnsetVisitColumns.Count > 0)
        {
            Say(string.Create(CultureInfo.InvariantCulture, $"log_visit rows whose {string.Join(", ", entry.UnsetVisitColumns)} were unset: {result.VisitRowsUnset}."));
            Say(string.Create(CultureInfo.InvariantCulture, $"log_conversion rows unset (the columns it has): {result.ConversionRowsUnset}."));
        }

        if (entry.UnsetLinkVisitActionColumns.Count > 0)
        {
            Say(string.Create(CultureInfo.InvariantCulture, $"log_link_visit_action rows whose {string.Join(", ", entry.UnsetLinkVisitActionColumns)} were unset: {result.ActionRowsUnset}."));
        }

        var invalidated = 0;
        foreach (var (idSite, (first, last)) in result.Spans)
        {
            var timeZone = sites.Get(idSite)?.TimeZone ?? TimeZoneInfo.Utc;
            invalidated += archives.InvalidateOverlappingNow(idSite, SiteTimeZones.LocalDate(first, timeZone), SiteTimeZones.LocalDate(last, timeZone));
        }

        Say(string.Create(CultureInfo.InvariantCulture, $"Archives invalidated, to be built again from the anonymized rows: {invalidated}."));
        entries.Finish(entry.Id);
        return result;
    }
}
