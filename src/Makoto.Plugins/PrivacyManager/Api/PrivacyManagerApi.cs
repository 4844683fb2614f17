using System.Globalization;
using Makoto.Core.Security;
using Makoto.Reporting.Api;
using Makoto.Storage.Users;

namespace Makoto.Plugins.PrivacyManager.Api;

/// <summary>
/// PrivacyManager's API (Matomo 5's method names and parameters): the GDPR tools (find, export and delete
/// data subjects), anonymizing past raw data, and the settings of IP anonymization and of the regular
/// deletion of old logs and reports, with a purge on demand. <c>getScheduledDataAnonymizations</c> is Makoto's: it
/// answers the list of anonymizations Matomo shows on its privacy page. The work is done by the same services as the
/// console's <c>gdpr</c>, <c>anonymize</c>, <c>delete-logs</c>, <c>purge-reports</c> and <c>config</c>.
/// </summary>
internal sealed class PrivacyManagerApi(
    DataSubjects subjects,
    PastDataAnonymizer anonymizer,
    Makoto.Storage.Logs.RawDataAnonymizer rawData,
    PrivacySettings settings,
    DataPurgeTask purge,
    Makoto.Storage.Sites.SiteStore sites,
    UserStore users) : IApiModule
{
    private const string Module = "PrivacyManager";

    /// <summary>The columns of Live.getLastVisitsDetails that findDataSubjects keeps, as Matomo.</summary>
    private static readonly HashSet<string> s_subjectColumns =
    [
        "lastActionDateTime", "idVisit", "idSite", "siteName", "visitorId", "visitIp", "userId", "deviceType", "deviceModel",
        "deviceTypeIcon", "operatingSystem", "operatingSystemIcon", "browser", "browserFamilyDescription", "browserIcon",
        "country", "region", "countryFlag",
    ];

    public IEnumerable<ApiMethod> Methods()
    {
        yield return new ApiMethod(Module, "findDataSubjects", FindDataSubjects) { ParameterNames = ["idSite", "segment"] };
        yield return new ApiMethod(Module, "exportDataSubjects", call => Export(call)) { ParameterNames = ["visits"] };
        yield return new ApiMethod(Module, "deleteDataSubjects", Delete) { ParameterNames = ["visits"] };
        yield return new ApiMethod(Module, "anonymizeSomeRawData", AnonymizeSomeRawData)
        {
            ParameterNames = ["idSites", "date", "anonymizeIp", "anonymizeLocation", "anonymizeUserId", "unsetVisitColumns", "unsetLinkVisitActionColumns", "passwordConfirmation"],
        };
        yield return new ApiMethod(Module, "getAvailableVisitColumnsToAnonymize", call => AvailableColumns(call, "log_visit"));
        yield return new ApiMethod(Module, "getAvailableLinkVisitActionColumnsToAnonymize", call => AvailableColumns(call, "log_link_visit_action"));
        yield return new ApiMethod(Module, "getScheduledDataAnonymizations", ScheduledDataAnonymizations);
        yield return new ApiMethod(Module, "setAnonymizeIpSettings", SetAnonymizeIpSettings)
        {
            ParameterNames = ["anonymizeIPEnable", "maskLength", "useAnonymizedIpForVisitEnrichment", "anonymizeUserId", "anonymizeOrderId", "anonymizeReferrer", "forceCookielessTracking", "randomizeConfigId"],
        };
        yield return new ApiMethod(Module, "activateDoNotTrack", call => SetDoNotTrack(call, true));
        yield return new ApiMethod(Module, "deactivateDoNotTrack", call => SetDoNotTrack(call, false));
        yield return new ApiMethod(Module, "setDeleteLogsSettings", SetDeleteLogsSettings)
        {
            ParameterNames = ["enableDeleteLogs", "deleteLogsOlderThan", "passwordConfirmation"],
        };
        yield return new ApiMethod(Module, "setDeleteReportsSettings", SetDeleteReportsSettings)
        {
            ParameterNames = ["enableDeleteReports", "deleteReportsOlderThan", "keepBasic", "keepDay", "keepWeek", "keepMonth", "keepYear", "keepRange", "keepSegments", "passwordConfirmation"],
        };
        yield return new ApiMethod(Module, "setScheduleReportDeletionSettings", SetScheduleReportDeletionSettings)
        {
            ParameterNames = ["deleteLowestInterval", "passwordConfirmation"],
        };
        yield return new ApiMethod(Module, "executeDataPurge", ExecuteDataPurge) { ParameterNames = ["passwordConfirmation"] };
    }

    /// <summary>The visits of a segment over all time (Live.getLastVisitsDetails, at most 401), with the columns that identify a person.</summary>
    private object FindDataSubjects(ApiCall call)
    {
        RequireSomeAdminAccess(call);
        var idSite = call.Parameters.Require("idSite");
        var segment = call.Parameters.Require("segment");
        var result = call.Dispatcher.Run(
            call.Parameters.With(
            [
                new("method", "Live.getLastVisitsDetails"),
                new("idSite", idSite),
                new("segment", segment),
                new("period", "range"),
                new("date", "1998-01-01,today"),
                new("filter_limit", "401"),
                new("filter_offset", "0"),
                new("doNotFetchActions", "1"),
            ]),
            call.Access);
        var rows = new List<object?>();
        if (result is System.Collections.IEnumerable visits)
        {
            foreach (var visit in visits)
            {
                if (visit is PlainObject details)
                {
                    var kept = new PlainObject();
                    foreach (var (name, value) in details)
                    {
                        if (s_subjectColumns.Contains(name))
                        {
                            kept[name] = value;
                        }
                    }

                    rows.Add(kept);
                }
            }
        }

        return rows;
    }

    private PlainObject Export(ApiCall call)
    {
        var visits = Visits(call);
        var export = subjects.Export(subjects.Existing(visits));
        // Matomo lists the tables in reverse name order (log_visit first).
        var result = new PlainObject();
        foreach (var (table, rows) in export.Reverse())
        {
            result[table] = rows.Select(row =>
            {
                var plain = new PlainObject();
                foreach (var (name, value) in row)
                {
                    plain[name] = value;
                }

                return (object?)plain;
            }).ToList();
        }

        return result;
    }

    /// <summary>Deletes the visits and answers the rows deleted per log table (log_visit first), as Matomo.</summary>
    private object Delete(ApiCall call)
    {
        var visits = Visits(call);
        var deletion = subjects.Delete(subjects.Existing(visits));
        var result = new PlainObject();
        foreach (var table in deletion.RowsDeleted.Keys.OrderDescending(StringComparer.Ordinal))
        {
            result[table] = deletion.RowsDeleted[table];
        }

        return result;
    }

    /// <summary>
    /// The <c>visits</c> parameter (<c>visits[0][idsite]=1&amp;visits[0][idvisit]=5</c>...), each visit's site needing
    /// admin access, as Matomo's VisitsDataSubject validation.
    /// </summary>
    private static List<(int IdSite, long IdVisit)> Visits(ApiCall call)
    {
        RequireSomeAdminAccess(call);
        var visits = new List<(int, long)>();
        for (var i = 0; ; i++)
        {
            var prefix = "visits[" + i.ToString(CultureInfo.InvariantCulture) + "]";
            var idSite = call[prefix + "[idsite]"];
            var idVisit = call[prefix + "[idvisit]"];
            if (idSite is null && idVisit is null)
            {
                break;
            }

            if (!int.TryParse(idSite, NumberStyles.None, CultureInfo.InvariantCulture, out var site) || site <= 0)
            {
                throw new ApiException($"The visit at position {i} needs an 'idsite': the id of its website.");
            }

            if (!long.TryParse(idVisit, NumberStyles.None, CultureInfo.InvariantCulture, out var visit) || visit <= 0)
            {
                throw new ApiException($"The visit at position {i} needs an 'idvisit': the id of the visit.");
            }

            if (!call.Access.Has(site, AccessLevel.Admin))
            {
                throw new ApiException($"You can't access this resource as it requires 'admin' access for the website id = {site}.");
            }

            visits.Add((site, visit));
        }

        return visits.Count > 0
            ? visits
            : throw new ApiException("No list of visits given: pass visits[0][idsite] and visits[0][idvisit] (the idSite and idVisit findDataSubjects returns).");
    }

    /// <summary>
    /// Stores a request to anonymize past raw data, run by the scheduled task within the hour (as Matomo's next cron
    /// run); answers like Matomo's void method. The request and what it did are listed by getScheduledDataAnonymizations.
    /// </summary>
    private object AnonymizeSomeRawData(ApiCall call)
    {
        call.RequireSuperUser();
        call.ConfirmCallerPassword(users.GetUser(call.Access.Login)?.PasswordHash);
        var idSitesText = call["idSites"];
        List<int>? idSites = null;
        if (!string.IsNullOrEmpty(idSitesText) && idSitesText != "all")
        {
            idSites = [];
            foreach (var part in idSitesText.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                idSites.Add(int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var id)
                    ? id
                    : throw new ApiException($"The website id '{part}' does not exist."));
            }
        }

        var (from, to) = DateRange(call.Parameters.Require("date"));
        Settings(() => anonymizer.Schedule(
            call.Access.Login ?? "",
            idSites,
            from,
            to,
            call.Parameters.GetBool("anonymizeIp"),
            call.Parameters.GetBool("anonymizeLocation"),
            call.Parameters.GetBool("anonymizeUserId"),
            Columns(call, "unsetVisitColumns"),
            Columns(call, "unsetLinkVisitActionColumns"),
            startedNow: false));
        return ApiSuccess.Instance;
    }

    private static List<string> Columns(ApiCall call, string name) =>
        [.. call.Parameters.GetArray(name).SelectMany(c => c.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))];

    /// <summary>The columns of a log table that anonymizeSomeRawData can unset, with the value they get, by name (Matomo's shape).</summary>
    private object AvailableColumns(ApiCall call, string table)
    {
        call.RequireSuperUser();
        return rawData.UnsettableColumns(table)
            .Select(column => (object?)new PlainObject { ["column_name"] = column.Key, ["default_value"] = column.Value })
            .ToList();
    }

    /// <summary>Every stored anonymization of past raw data, oldest first, as Matomo keeps them (its privacy page lists them).</summary>
    private object ScheduledDataAnonymizations(ApiCall call)
    {
        call.RequireSuperUser();
        var list = new List<object?>();
        foreach (var entry in anonymizer.All())
        {
            list.Add(new PlainObject
            {
                ["idlogdata_anonymization"] = entry.Id,
                ["idsites"] = entry.IdSites?.Select(id => (object?)id).ToList(),
                ["date_start"] = SqlTime(entry.DateStart),
                ["date_end"] = SqlTime(entry.DateEnd),
                ["anonymize_ip"] = entry.AnonymizeIp,
                ["anonymize_location"] = entry.AnonymizeLocation,
                ["anonymize_userid"] = entry.AnonymizeUserId,
                ["unset_visit_columns"] = entry.UnsetVisitColumns.Select(c => (object?)c).ToList(),
                ["unset_link_visit_action_columns"] = entry.UnsetLinkVisitActionColumns.Select(c => (object?)c).ToList(),
                ["output"] = entry.Output,
                ["scheduled_date"] = SqlTime(entry.ScheduledDate),
                ["job_start_date"] = SqlTime(entry.JobStartDate),
                ["job_finish_date"] = SqlTime(entry.JobFinishDate),
                ["requester"] = entry.Requester,
                ["sites"] = entry.IdSites is null
                    ? new List<object?> { "All Websites" }
                    : entry.IdSites.Select(id => (object?)(sites.Get(id)?.Name ?? "Site ID: " + id.ToString(CultureInfo.InvariantCulture))).ToList(),
            });
        }

        return list;
    }

    private static string? SqlTime(DateTime? time) => time?.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);

    /// <summary>A date or <c>FROM,TO</c> (YYYY-MM-DD), as anonymizeSomeRawData takes.</summary>
    private static (DateOnly From, DateOnly To) DateRange(string text)
    {
        var parts = text.Split(',', StringSplitOptions.TrimEntries);
        if (parts.Length is 1 or 2
            && DateOnly.TryParseExact(parts[0], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var from)
            && DateOnly.TryParseExact(parts[^1], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var to)
            && from <= to)
        {
            return (from, to);
        }

        throw new ApiException($"The date '{text}' is not valid: give YYYY-MM-DD or YYYY-MM-DD,YYYY-MM-DD (start before end).");
    }

    /// <summary>
    /// The IP anonymization and tracking privacy settings, as Matomo 5.0 sets them: the switch only for '1' or '0', the
    /// mask length, the enrichment IP and the referrer option (an unknown one is '') always, the User ID, order id and
    /// cookieless switches only when given.
    /// </summary>
    private object SetAnonymizeIpSettings(ApiCall call)
    {
        call.RequireSuperUser();
        if (call.Parameters.GetBool("randomizeConfigId"))
        {
            throw new ApiException("Makoto does not support 'randomizeConfigId' (Matomo 5.0 has no such setting either): the configuration id is the fingerprint of the visitor's configuration.");
        }

        call.Parameters.Require("useAnonymizedIpForVisitEnrichment");
        var referrer = call["anonymizeReferrer"] ?? "";
        var changes = new List<(string, string)>
        {
            (PrivacySettings.IpAddressMaskLength, call.Parameters.Require("maskLength")),
            (PrivacySettings.UseAnonymizedIpForVisitEnrichment, call.Parameters.GetBool("useAnonymizedIpForVisitEnrichment") ? "1" : "0"),
            (PrivacySettings.AnonymizeReferrerSetting, PrivacySettings.ReferrerOptions.Contains(referrer) ? referrer : ""),
        };
        // Matomo changes the switch only for '1' or '0'; other values leave it as it is.
        if (call["anonymizeIPEnable"] is "1" or "0")
        {
            changes.Add((PrivacySettings.IpAnonymizerEnabled, call["anonymizeIPEnable"]!));
        }

        foreach (var (parameter, setting) in new[]
        {
            ("anonymizeUserId", PrivacySettings.AnonymizeUserIdSetting),
            ("anonymizeOrderId", PrivacySettings.AnonymizeOrderIdSetting),
            ("forceCookielessTracking", PrivacySettings.ForceCookielessTrackingSetting),
        })
        {
            if (call[parameter] is not null)
            {
                changes.Add((setting, call.Parameters.GetBool(parameter) ? "1" : "0"));
            }
        }

        Settings(() => settings.Set([.. changes]));
        return new ApiValue(true);
    }

    /// <summary>Switches the respect of the browsers' Do Not Track on or off for the next hits, as Matomo's methods of that name.</summary>
    private object SetDoNotTrack(ApiCall call, bool enabled)
    {
        call.RequireSuperUser();
        settings.Set((PrivacySettings.DoNotTrackEnabled, enabled ? "1" : "0"));
        return new ApiValue(true);
    }

    private object SetDeleteLogsSettings(ApiCall call)
    {
        call.RequireSuperUser();
        call.ConfirmCallerPassword(users.GetUser(call.Access.Login)?.PasswordHash);
        var olderThan = Math.Max(1, call.Parameters.GetInt("deleteLogsOlderThan") ?? 180);
        Settings(() => settings.Set(
            (PrivacySettings.DeleteLogsEnable, call.Parameters.GetBool("enableDeleteLogs") ? "1" : "0"),
            (PrivacySettings.DeleteLogsOlderThan, olderThan.ToString(CultureInfo.InvariantCulture))));
        return new ApiValue(true);
    }

    private object SetDeleteReportsSettings(ApiCall call)
    {
        call.RequireSuperUser();
        call.ConfirmCallerPassword(users.GetUser(call.Access.Login)?.PasswordHash);
        var olderThan = Math.Max(2, call.Parameters.GetInt("deleteReportsOlderThan") ?? 3);
        string Flag(string name) => call.Parameters.GetBool(name) ? "1" : "0";
        Settings(() => settings.Set(
            (PrivacySettings.DeleteReportsEnable, Flag("enableDeleteReports")),
            (PrivacySettings.DeleteReportsOlderThan, olderThan.ToString(CultureInfo.InvariantCulture)),
            (PrivacySettings.KeepBasicMetrics, Flag("keepBasic")),
            (PrivacySettings.KeepDayReports, Flag("keepDay")),
            (PrivacySettings.KeepWeekReports, Flag("keepWeek")),
            (PrivacySettings.KeepMonthReports, Flag("keepMonth")),
            (PrivacySettings.KeepYearReports, Flag("keepYear")),
            (PrivacySettings.KeepRangeReports, Flag("keepRange")),
            (PrivacySettings.KeepSegmentReports, Flag("keepSegments"))));
        return new ApiValue(true);
    }

    private object SetScheduleReportDeletionSettings(ApiCall call)
    {
        call.RequireSuperUser();
        call.ConfirmCallerPassword(users.GetUser(call.Access.Login)?.PasswordHash);
        Settings(() => settings.Set((PrivacySettings.DeleteLogsScheduleLowestInterval, call["deleteLowestInterval"] ?? "7")));
        return new ApiValue(true);
    }

    /// <summary>Runs the deletions that are switched on now, whatever the schedule, as Matomo's "purge now".</summary>
    private object ExecuteDataPurge(ApiCall call)
    {
        call.ConfirmCallerPassword(users.GetUser(call.Access.Login)?.PasswordHash);
        call.RequireSuperUser();
        purge.RunNow();
        return ApiSuccess.Instance;
    }

    private static void Settings(Action change)
    {
        try
        {
            change();
        }
        catch (ArgumentException error)
        {
            throw new ApiException(error.Message);
        }
    }

    private static void RequireSomeAdminAccess(ApiCall call)
    {
        if (!call.Access.IsSuperUser && !call.Access.Sites.Values.Any(level => level >= AccessLevel.Admin))
        {
            throw new ApiException("You can't access this resource as it requires 'admin' access for at least one website.", call.Access.IsAnonymous ? 401 : 200);
        }
    }
}
