using Makoto.Archiving;
using Makoto.Plugins.PrivacyManager;
using Makoto.Storage.Options;
using Makoto.Storage.Sqlite;
using Makoto.Web.Ui.Services;

namespace Makoto.Ui.Tests.Components;

public sealed class GeneralSettingsFormTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "makoto-general-settings-" + Guid.NewGuid().ToString("N"));
    private readonly SqliteDatabase _database;
    private readonly StoredSettings _settings;

    public GeneralSettingsFormTests()
    {
        _database = new SqliteDatabase(_folder);
        _database.Migrate();
        _settings = new StoredSettings(
            [.. PrivacySettings.Declarations(new PrivacyOptions { IpAnonymizationBytes = 2 }), ArchivingSettings.Declaration(new ArchivingOptions { TodayArchiveTtlSeconds = 10 })],
            new OptionStore(_database),
            TimeProvider.System);
    }

    public void Dispose()
    {
        _database.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public void The_form_opens_with_the_settings_in_effect_defaults_and_stored_values()
    {
        _settings.Set(PrivacySettings.DeleteLogsEnable, "1");
        _settings.Set(PrivacySettings.DeleteLogsOlderThan, "90");
        _settings.Set(ArchivingSettings.TodayArchiveTimeToLive, "300");

        var form = GeneralSettingsForm.From(_settings);
        Assert.Equal(300, form.TodayArchiveTtlSeconds);
        // Configured default: 2 bytes, on; Matomo's defaults for the rest.
        Assert.True(form.AnonymizeIp);
        Assert.Equal(2, form.MaskLength);
        Assert.False(form.UseAnonymizedIpForEnrichment);
        Assert.False(form.HonorDoNotTrack);
        Assert.Equal("PrivacyManager.deactivateDoNotTrack", form.DoNotTrackMethod);
        Assert.True(form.DeleteLogs);
        Assert.Equal(90, form.DeleteLogsOlderThanDays);
        Assert.Equal(7, form.DeletionIntervalDays);
        Assert.False(form.DeleteReports);
        Assert.Equal(12, form.DeleteReportsOlderThanMonths);
        Assert.True(form.KeepBasicMetrics);
        Assert.False(form.KeepDayReports);
        Assert.True(form.KeepMonthReports);
        Assert.True(form.KeepYearReports);
        Assert.Equal("", form.Password);
    }

    [Fact]
    public void The_anonymization_is_sent_with_the_api_parameter_names()
    {
        var form = new GeneralSettingsForm { AnonymizeIp = true, MaskLength = 3, UseAnonymizedIpForEnrichment = true };
        Assert.Null(form.CheckAnonymization(_settings));
        Assert.Equal([("anonymizeIPEnable", "1"), ("maskLength", "3"), ("useAnonymizedIpForVisitEnrichment", "1"), ("anonymizeReferrer", "")], form.AnonymizeIpParameters());

        // The referrer option is not on the page; saving sends the stored one back so the API does not reset it.
        _settings.Set(PrivacySettings.AnonymizeReferrerSetting, "exclude_path");
        Assert.Contains(("anonymizeReferrer", "exclude_path"), GeneralSettingsForm.From(_settings).AnonymizeIpParameters());

        form.HonorDoNotTrack = true;
        Assert.Equal("PrivacyManager.activateDoNotTrack", form.DoNotTrackMethod);

        form.AnonymizeIp = false;
        form.MaskLength = 4;
        Assert.Equal("Bytes of the IP anonymized: '4' is not allowed: give a whole number from 1 to 3.", form.CheckAnonymization(_settings));
    }

    [Fact]
    public void Retention_values_are_checked_field_by_field_and_need_the_password()
    {
        var form = GeneralSettingsForm.From(_settings);
        form.DeleteLogs = true;
        form.DeleteLogsOlderThanDays = 0;
        Assert.Equal("Delete raw data older than (days): '0' is not allowed: give a whole number from 1 to 100000.", form.CheckRetention(_settings));

        form.DeleteLogsOlderThanDays = 30;
        form.DeletionIntervalDays = 14;
        Assert.Equal("Run the deletions every (days): '14' is not allowed: give 1, 7 or 30 days.", form.CheckRetention(_settings));

        form.DeletionIntervalDays = 1;
        form.DeleteReportsOlderThanMonths = 1;
        Assert.Equal("Delete reports older than (months): '1' is not allowed: give a whole number from 2 to 10000.", form.CheckRetention(_settings));

        form.DeleteReportsOlderThanMonths = 6;
        Assert.Equal("Enter your password to confirm the change of the data deletion settings.", form.CheckRetention(_settings));

        form.Password = "secret";
        Assert.Null(form.CheckRetention(_settings));
        Assert.Equal([("enableDeleteLogs", "1"), ("deleteLogsOlderThan", "30"), ("passwordConfirmation", "secret")], form.DeleteLogsParameters());
        Assert.Equal([("deleteLowestInterval", "1"), ("passwordConfirmation", "secret")], form.ScheduleParameters());
        Assert.Equal(
            [
                ("enableDeleteReports", "0"), ("deleteReportsOlderThan", "6"), ("keepBasic", "1"), ("keepDay", "0"), ("keepWeek", "0"),
                ("keepMonth", "1"), ("keepYear", "1"), ("keepRange", "0"), ("keepSegments", "0"), ("passwordConfirmation", "secret"),
            ],
            form.DeleteReportsParameters());

        // Checking stores nothing.
        Assert.Null(_settings.Stored(PrivacySettings.DeleteLogsOlderThan));
    }

    [Fact]
    public void The_archiving_time_to_live_is_one_second_to_a_day()
    {
        var form = GeneralSettingsForm.From(_settings);
        Assert.Equal(10, form.TodayArchiveTtlSeconds);
        form.TodayArchiveTtlSeconds = 0;
        Assert.Equal("Rebuild the reports of today at most every (seconds): '0' is not allowed: give a whole number from 1 to 86400.", form.CheckArchiving(_settings));
        form.TodayArchiveTtlSeconds = 900;
        Assert.Null(form.CheckArchiving(_settings));
        Assert.Equal([("enableBrowserTriggerArchiving", "1"), ("todayArchiveTimeToLive", "900")], form.ArchiveParameters());
    }
}
