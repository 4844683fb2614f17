using Makoto.Storage.Options;

namespace Makoto.Plugins.PrivacyManager;

/// <summary>
/// PrivacyManager's settings kept in the store under Matomo's option names, so the API
/// (<c>PrivacyManager.setAnonymizeIpSettings</c>, <c>setDeleteLogsSettings</c>...), <c>makoto config</c> and an
/// existing Matomo database agree: IP anonymization and Do Not Track (their defaults from <see cref="PrivacyOptions"/>), the
/// scheduled deletion of old raw logs and of old reports. Read through <see cref="StoredSettings"/>.
/// </summary>
public sealed class PrivacySettings(StoredSettings settings)
{
    public const string IpAnonymizerEnabled = "PrivacyManager.ipAnonymizerEnabled";
    public const string IpAddressMaskLength = "PrivacyManager.ipAddressMaskLength";
    public const string UseAnonymizedIpForVisitEnrichment = "PrivacyManager.useAnonymizedIpForVisitEnrichment";
    public const string DoNotTrackEnabled = "PrivacyManager.doNotTrackEnabled";
    public const string AnonymizeUserIdSetting = "PrivacyManager.anonymizeUserId";
    public const string AnonymizeOrderIdSetting = "PrivacyManager.anonymizeOrderId";
    public const string AnonymizeReferrerSetting = "PrivacyManager.anonymizeReferrer";
    public const string ForceCookielessTrackingSetting = "PrivacyManager.forceCookielessTracking";
    public const string DeleteLogsEnable = "delete_logs_enable";
    public const string DeleteLogsOlderThan = "delete_logs_older_than";
    public const string DeleteLogsScheduleLowestInterval = "delete_logs_schedule_lowest_interval";
    public const string DeleteReportsEnable = "delete_reports_enable";
    public const string DeleteReportsOlderThan = "delete_reports_older_than";
    public const string KeepBasicMetrics = "delete_reports_keep_basic_metrics";
    public const string KeepDayReports = "delete_reports_keep_day_reports";
    public const string KeepWeekReports = "delete_reports_keep_week_reports";
    public const string KeepMonthReports = "delete_reports_keep_month_reports";
    public const string KeepYearReports = "delete_reports_keep_year_reports";
    public const string KeepRangeReports = "delete_reports_keep_range_reports";
    public const string KeepSegmentReports = "delete_reports_keep_segment_reports";

    /// <summary>The declarations, with Matomo's defaults; IP anonymization's default is the configured one.</summary>
    public static IEnumerable<StoredSetting> Declarations(PrivacyOptions options)
    {
        yield return new StoredSetting(IpAnonymizerEnabled, "1 stores visitor IPs with their last bytes zeroed.", options.IpAnonymizationBytes > 0 ? "1" : "0", StoredSetting.Flag);
        yield return new StoredSetting(IpAddressMaskLength, "Bytes of the IP zeroed when anonymization is on: 1, 2 or 3 (IPv6 keeps 64, 48 or 24 bits).", options.IpAnonymizationBytes > 0 ? options.IpAnonymizationBytes.ToString(System.Globalization.CultureInfo.InvariantCulture) : "2", StoredSetting.Number(1, 3));
        yield return new StoredSetting(UseAnonymizedIpForVisitEnrichment, "1 geolocates visitors by the anonymized IP instead of the full one (less precise locations).", "0", StoredSetting.Flag);
        yield return new StoredSetting(DoNotTrackEnabled, "1 does not track visitors whose browser sends Do Not Track (DNT: 1).", options.HonorDoNotTrack ? "1" : "0", StoredSetting.Flag);
        yield return new StoredSetting(AnonymizeUserIdSetting, "1 stores a pseudonym of the User ID (salted SHA-1, the same for the same User ID) instead of the User ID.", "0", StoredSetting.Flag);
        yield return new StoredSetting(AnonymizeOrderIdSetting, "1 stores a random hash instead of the ecommerce order id.", "0", StoredSetting.Flag);
        yield return new StoredSetting(AnonymizeReferrerSetting, "How much of the referrer is kept: '' all, exclude_query (no query), exclude_path (the host only), exclude_all (no URL, no website name).", "", ReferrerOption);
        yield return new StoredSetting(ForceCookielessTrackingSetting, "1 serves a matomo.js that makes every tracker run without cookies.", "0", StoredSetting.Flag);
        yield return new StoredSetting(DeleteLogsEnable, "1 deletes raw logs older than delete_logs_older_than days regularly (reports are kept).", "0", StoredSetting.Flag);
        yield return new StoredSetting(DeleteLogsOlderThan, "Days of raw logs kept when the regular deletion is on.", "180", StoredSetting.Number(1, 100_000));
        yield return new StoredSetting(DeleteLogsScheduleLowestInterval, "Days between two regular deletions (of logs and of reports): 1, 7 or 30.", "7", ScheduleInterval);
        yield return new StoredSetting(DeleteReportsEnable, "1 deletes reports older than delete_reports_older_than months regularly.", "0", StoredSetting.Flag);
        yield return new StoredSetting(DeleteReportsOlderThan, "Months of reports kept when the regular report deletion is on (at least 2).", "12", StoredSetting.Number(2, 10_000));
        yield return new StoredSetting(KeepBasicMetrics, "1 keeps the basic metrics (visits, actions, conversions...) of deleted reports.", "1", StoredSetting.Flag);
        yield return new StoredSetting(KeepDayReports, "1 keeps the reports of days.", "0", StoredSetting.Flag);
        yield return new StoredSetting(KeepWeekReports, "1 keeps the reports of weeks.", "0", StoredSetting.Flag);
        yield return new StoredSetting(KeepMonthReports, "1 keeps the reports of months.", "1", StoredSetting.Flag);
        yield return new StoredSetting(KeepYearReports, "1 keeps the reports of years.", "1", StoredSetting.Flag);
        yield return new StoredSetting(KeepRangeReports, "1 keeps the reports of date ranges.", "0", StoredSetting.Flag);
        yield return new StoredSetting(KeepSegmentReports, "1 keeps the reports of segments.", "0", StoredSetting.Flag);
    }

    /// <summary>The values of <c>PrivacyManager.anonymizeReferrer</c>, as Matomo's ReferrerAnonymizer.</summary>
    public static readonly IReadOnlyList<string> ReferrerOptions = ["", "exclude_query", "exclude_path", "exclude_all"];

    private static string ReferrerOption(string value) => ReferrerOptions.Contains(value.Trim())
        ? value.Trim()
        : throw new ArgumentException($"'{value}' is not allowed: give '' (keep the referrer), exclude_query, exclude_path or exclude_all.");

    private static string ScheduleInterval(string value) => value.Trim() is "1" or "7" or "30"
        ? value.Trim()
        : throw new ArgumentException($"'{value}' is not allowed: give 1, 7 or 30 days.");

    /// <summary>Bytes of the IP zeroed before storing: 0 when anonymization is off.</summary>
    public int IpAnonymizationBytes => settings.GetFlag(IpAnonymizerEnabled) ? settings.GetInt(IpAddressMaskLength) : 0;

    /// <summary>True when geolocation uses the anonymized IP (when anonymization is on), as Matomo's setting of that name.</summary>
    public bool EnrichesWithAnonymizedIp => settings.GetFlag(UseAnonymizedIpForVisitEnrichment);

    /// <summary>True when hits of browsers that send Do Not Track are excluded (stored setting, else <c>Makoto:Privacy:HonorDoNotTrack</c>).</summary>
    public bool HonorsDoNotTrack => settings.GetFlag(DoNotTrackEnabled);
    /// <summary>The mask length setting (1 to 3) whether anonymization is on or not; anonymizing past data uses it (at least 2).</summary>
    public int IpMaskLength => settings.GetInt(IpAddressMaskLength);

    public bool AnonymizeUserId => settings.GetFlag(AnonymizeUserIdSetting);

    public bool AnonymizeOrderId => settings.GetFlag(AnonymizeOrderIdSetting);

    /// <summary>One of <see cref="ReferrerOptions"/>.</summary>
    public string AnonymizeReferrer => settings.Get(AnonymizeReferrerSetting);

    public bool ForceCookielessTracking => settings.GetFlag(ForceCookielessTrackingSetting);

    public bool DeleteLogsEnabled => settings.GetFlag(DeleteLogsEnable);

    public int DeleteLogsOlderThanDays => settings.GetInt(DeleteLogsOlderThan);

    public int ScheduleIntervalDays => settings.GetInt(DeleteLogsScheduleLowestInterval);

    public bool DeleteReportsEnabled => settings.GetFlag(DeleteReportsEnable);

    public int DeleteReportsOlderThanMonths => settings.GetInt(DeleteReportsOlderThan);

    /// <summary>What a report purge keeps, from the settings.</summary>
    public ReportPurgeRules ReportPurgeRules => new()
    {
        OlderThanMonths = DeleteReportsOlderThanMonths,
        KeepBasicMetrics = settings.GetFlag(KeepBasicMetrics),
        KeepDay = settings.GetFlag(KeepDayReports),
        KeepWeek = settings.GetFlag(KeepWeekReports),
        KeepMonth = settings.GetFlag(KeepMonthReports),
        KeepYear = settings.GetFlag(KeepYearReports),
        KeepRange = settings.GetFlag(KeepRangeReports),
        KeepSegments = settings.GetFlag(KeepSegmentReports),
    };

    /// <summary>Stores several settings, each checked first, none stored when one is wrong.</summary>
    public void Set(params (string Name, string Value)[] values)
    {
        foreach (var (name, value) in values)
        {
            settings.Find(name).Check(value);
        }

        foreach (var (name, value) in values)
        {
            settings.Set(name, value);
        }
    }
}
