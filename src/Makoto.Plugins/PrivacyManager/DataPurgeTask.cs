using System.Globalization;
using Makoto.Storage.Options;
using Makoto.Storage.Sites;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Makoto.Plugins.PrivacyManager;

/// <summary>
/// The server's scheduled data purge (Matomo's PrivacyManager scheduled task): every hour it checks whether
/// the regular deletion of old raw logs (<c>delete_logs_enable</c>) or of old reports
/// (<c>delete_reports_enable</c>) is due — at most once every <c>delete_logs_schedule_lowest_interval</c>
/// days, remembered in the store under Matomo's option names — and runs it; and it runs the anonymizations of
/// past raw data that wait (scheduled with <c>PrivacyManager.anonymizeSomeRawData</c>), as Matomo's hourly task.
/// </summary>
public sealed partial class DataPurgeTask(
    PrivacySettings settings,
    LogRetention retention,
    ReportPurger reports,
    PastDataAnonymizer anonymizer,
    SiteStore sites,
    OptionStore options,
    TimeProvider clock,
    ILogger<DataPurgeTask> logger) : BackgroundService
{
    public const string LastLogsDeletionOption = "lastDelete_piwik_logs";
    public const string LastReportsDeletionOption = "lastDelete_piwik_reports";

    private static readonly TimeSpan s_checkInterval = TimeSpan.FromHours(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        using var timer = new PeriodicTimer(s_checkInterval, clock);
        do
        {
            try
            {
                RunDue(stoppingToken);
            }
            catch (Exception error) when (error is not OperationCanceledException)
            {
                LogFailed(error);
            }

            try
            {
                anonymizer.RunScheduled(stoppingToken);
            }
            catch (Exception error) when (error is not OperationCanceledException)
            {
                LogAnonymizationFailed(error);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    /// <summary>Runs the purges that are on and due; returns the visits and archive rows deleted.</summary>
    public (long Visits, long ArchiveRows) RunDue(CancellationToken cancellation = default) => Run(onlyWhenDue: true, cancellation);

    /// <summary>Runs the purges that are on now, whatever the schedule (Matomo's "purge now"); returns the visits and archive rows deleted.</summary>
    public (long Visits, long ArchiveRows) RunNow(CancellationToken cancellation = default) => Run(onlyWhenDue: false, cancellation);

    private (long Visits, long ArchiveRows) Run(bool onlyWhenDue, CancellationToken cancellation)
    {
        long visits = 0;
        long rows = 0;
        if (settings.DeleteLogsEnabled && (!onlyWhenDue || Due(LastLogsDeletionOption)))
        {
            var cutoff = retention.Cutoff(settings.DeleteLogsOlderThanDays);
            foreach (var site in sites.GetAll())
            {
                visits += retention.DeleteBefore(site.IdSite, cutoff, cancellation: cancellation);
            }

            MarkDone(LastLogsDeletionOption);
            LogLogsDeleted(visits, cutoff);
        }

        if (settings.DeleteReportsEnabled && (!onlyWhenDue || Due(LastReportsDeletionOption)))
        {
            rows = reports.Purge(settings.ReportPurgeRules);
            MarkDone(LastReportsDeletionOption);
            LogReportsDeleted(rows);
        }

        return (visits, rows);
    }

    private bool Due(string option)
    {
        var last = options.Get(option);
        return last is null
            || !long.TryParse(last, NumberStyles.Integer, CultureInfo.InvariantCulture, out var seconds)
            || clock.GetUtcNow() - DateTimeOffset.FromUnixTimeSeconds(seconds) >= TimeSpan.FromDays(settings.ScheduleIntervalDays);
    }

    private void MarkDone(string option) =>
        options.Set(option, clock.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture));

    [LoggerMessage(Level = LogLevel.Information, Message = "Scheduled deletion of old raw logs: {Visits} visits that ended before {Cutoff:u} deleted (reports kept)")]
    private partial void LogLogsDeleted(long visits, DateTime cutoff);

    [LoggerMessage(Level = LogLevel.Information, Message = "Scheduled deletion of old reports: {Rows} archive rows deleted")]
    private partial void LogReportsDeleted(long rows);

    [LoggerMessage(Level = LogLevel.Error, Message = "A scheduled anonymization of past raw data failed; its output in the list of anonymizations says where")]
    private partial void LogAnonymizationFailed(Exception error);

    [LoggerMessage(Level = LogLevel.Error, Message = "Scheduled data purge failed; it is tried again within the hour")]
    private partial void LogFailed(Exception error);
}
