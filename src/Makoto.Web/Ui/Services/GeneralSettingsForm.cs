using System.Globalization;
using Makoto.Archiving;
using Makoto.Plugins.PrivacyManager;
using Makoto.Storage.Options;

namespace Makoto.Web.Ui.Services;

/// <summary>
/// What Administration → General settings edits: the archiving time to live, IP anonymization, Do Not Track and data retention,
/// loaded from the settings in effect and turned into the parameters of the CoreAdminHome and PrivacyManager APIs. Values are checked with
/// the stored settings' own checks before anything is saved, so a wrong one is named with what is allowed.
/// </summary>
public sealed class GeneralSettingsForm
{
    public int TodayArchiveTtlSeconds { get; set; }

    public bool AnonymizeIp { get; set; }

    /// <summary>Bytes zeroed when <see cref="AnonymizeIp"/> is on: 1, 2 or 3.</summary>
    public int MaskLength { get; set; } = 2;

    public bool UseAnonymizedIpForEnrichment { get; set; }

    /// <summary>
    /// The referrer anonymization in effect, not edited on this page but sent back with the IP settings: the API
    /// method sets all of them and would otherwise reset it.
    /// </summary>
    public string AnonymizeReferrer { get; set; } = "";

    public bool HonorDoNotTrack { get; set; }

    public bool DeleteLogs { get; set; }

    public int DeleteLogsOlderThanDays { get; set; }

    /// <summary>Days between two regular deletions: 1, 7 or 30.</summary>
    public int DeletionIntervalDays { get; set; } = 7;

    public bool DeleteReports { get; set; }

    public int DeleteReportsOlderThanMonths { get; set; }

    public bool KeepBasicMetrics { get; set; }

    public bool KeepDayReports { get; set; }

    public bool KeepWeekReports { get; set; }

    public bool KeepMonthReports { get; set; }

    public bool KeepYearReports { get; set; }

    public bool KeepRangeReports { get; set; }

    public bool KeepSegmentReports { get; set; }

    /// <summary>The super user's password, which the API asks for before changing the deletion of data.</summary>
    public string Password { get; set; } = "";

    /// <summary>The form filled with the settings in effect (stored values, else their defaults).</summary>
    public static GeneralSettingsForm From(StoredSettings settings) => new()
    {
        TodayArchiveTtlSeconds = settings.GetInt(ArchivingSettings.TodayArchiveTimeToLive),
        AnonymizeIp = settings.GetFlag(PrivacySettings.IpAnonymizerEnabled),
        MaskLength = settings.GetInt(PrivacySettings.IpAddressMaskLength),
        UseAnonymizedIpForEnrichment = settings.GetFlag(PrivacySettings.UseAnonymizedIpForVisitEnrichment),
        AnonymizeReferrer = settings.Get(PrivacySettings.AnonymizeReferrerSetting),
        HonorDoNotTrack = settings.GetFlag(PrivacySettings.DoNotTrackEnabled),
        DeleteLogs = settings.GetFlag(PrivacySettings.DeleteLogsEnable),
        DeleteLogsOlderThanDays = settings.GetInt(PrivacySettings.DeleteLogsOlderThan),
        DeletionIntervalDays = settings.GetInt(PrivacySettings.DeleteLogsScheduleLowestInterval),
        DeleteReports = settings.GetFlag(PrivacySettings.DeleteReportsEnable),
        DeleteReportsOlderThanMonths = settings.GetInt(PrivacySettings.DeleteReportsOlderThan),
        KeepBasicMetrics = settings.GetFlag(PrivacySettings.KeepBasicMetrics),
        KeepDayReports = settings.GetFlag(PrivacySettings.KeepDayReports),
        KeepWeekReports = settings.GetFlag(PrivacySettings.KeepWeekReports),
        KeepMonthReports = settings.GetFlag(PrivacySettings.KeepMonthReports),
        KeepYearReports = settings.GetFlag(PrivacySettings.KeepYearReports),
        KeepRangeReports = settings.GetFlag(PrivacySettings.KeepRangeReports),
        KeepSegmentReports = settings.GetFlag(PrivacySettings.KeepSegmentReports),
    };

    /// <summary>The archiving value checked as <c>makoto config set</c> checks it; null when allowed, else what to change.</summary>
    public string? CheckArchiving(StoredSettings settings) =>
        Check(settings, ArchivingSettings.TodayArchiveTimeToLive, "Rebuild the reports of today at most every (seconds)", TodayArchiveTtlSeconds);

    /// <summary>The anonymization values checked; null when allowed, else what to change.</summary>
    public string? CheckAnonymization(StoredSettings settings) =>
        Check(settings, PrivacySettings.IpAddressMaskLength, "Bytes of the IP anonymized", MaskLength);

    /// <summary>The retention values and the password checked; null when allowed, else what to change.</summary>
    public string? CheckRetention(StoredSettings settings) =>
        Check(settings, PrivacySettings.DeleteLogsOlderThan, "Delete raw data older than (days)", DeleteLogsOlderThanDays)
        ?? Check(settings, PrivacySettings.DeleteLogsScheduleLowestInterval, "Run the deletions every (days)", DeletionIntervalDays)
        ?? Check(settings, PrivacySettings.DeleteReportsOlderThan, "Delete reports older than (months)", DeleteReportsOlderThanMonths)
        ?? (string.IsNullOrEmpty(Password) ? "Enter your password to confirm the change of the data deletion settings." : null);

    /// <summary>The parameters of <c>CoreAdminHome.setArchiveSettings</c> (reports are always built when viewed in Makoto).</summary>
    public (string Name, string? Value)[] ArchiveParameters() =>
    [
        ("enableBrowserTriggerArchiving", "1"),
        ("todayArchiveTimeToLive", Text(TodayArchiveTtlSeconds)),
    ];

    /// <summary>The parameters of <c>PrivacyManager.setAnonymizeIpSettings</c>.</summary>
    public (string Name, string? Value)[] AnonymizeIpParameters() =>
    [
        ("anonymizeIPEnable", Flag(AnonymizeIp)),
        ("maskLength", Text(MaskLength)),
        ("useAnonymizedIpForVisitEnrichment", Flag(UseAnonymizedIpForEnrichment)),
        ("anonymizeReferrer", AnonymizeReferrer),
    ];

    /// <summary>The PrivacyManager method that stores <see cref="HonorDoNotTrack"/>.</summary>
    public string DoNotTrackMethod => HonorDoNotTrack ? "PrivacyManager.activateDoNotTrack" : "PrivacyManager.deactivateDoNotTrack";

    /// <summary>The parameters of <c>PrivacyManager.setDeleteLogsSettings</c>.</summary>
    public (string Name, string? Value)[] DeleteLogsParameters() =>
    [
        ("enableDeleteLogs", Flag(DeleteLogs)),
        ("deleteLogsOlderThan", Text(DeleteLogsOlderThanDays)),
        ("passwordConfirmation", Password),
    ];

    /// <summary>The parameters of <c>PrivacyManager.setScheduleReportDeletionSettings</c>.</summary>
    public (string Name, string? Value)[] ScheduleParameters() =>
    [
        ("deleteLowestInterval", Text(DeletionIntervalDays)),
        ("passwordConfirmation", Password),
    ];

    /// <summary>The parameters of <c>PrivacyManager.setDeleteReportsSettings</c>.</summary>
    public (string Name, string? Value)[] DeleteReportsParameters() =>
    [
        ("enableDeleteReports", Flag(DeleteReports)),
        ("deleteReportsOlderThan", Text(DeleteReportsOlderThanMonths)),
        ("keepBasic", Flag(KeepBasicMetrics)),
        ("keepDay", Flag(KeepDayReports)),
        ("keepWeek", Flag(KeepWeekReports)),
        ("keepMonth", Flag(KeepMonthReports)),
        ("keepYear", Flag(KeepYearReports)),
        ("keepRange", Flag(KeepRangeReports)),
        ("keepSegments", Flag(KeepSegmentReports)),
        ("passwordConfirmation", Password),
    ];

    private static string? Check(StoredSettings settings, string name, string label, int value)
    {
        try
        {
            settings.Find(name).Check(Text(value));
            return null;
        }
        catch (ArgumentException error)
        {
            return $"{label}: {error.Message}";
        }
    }

    private static string Flag(bool value) => value ? "1" : "0";

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);
}
