using System.CommandLine;
using System.Globalization;
using Makoto.Plugins.PrivacyManager;
using Makoto.Storage.Sites;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;

namespace Makoto.Cli;

/// <summary>
/// <c>makoto delete-logs</c> (raw logs older than N days, reports kept) and <c>makoto anonymize</c>
/// (IP bytes, location and device details of past visits), Matomo's PrivacyManager tools for stored data.
/// </summary>
internal static class RetentionCommands
{
    public static Command DeleteLogs(Option<string?> data)
    {
        var site = new Option<string?>("--site") { Description = "Site ids, comma separated (default: all sites)." };
        var olderThan = new Option<int>("--older-than")
        {
            Description = "Delete the visits that ended more than this many days ago (before the start of that day, UTC).",
            Required = true,
        };
        var command = new Command("delete-logs", "Delete raw logs older than some days; reports already built are kept and never rebuilt from the missing logs.") { site, olderThan };
        command.SetAction((result, cancellation) =>
        {
            try
            {
                using var services = CliHost.Start(result.GetValue(data));
                var retention = services.GetRequiredService<LogRetention>();
                var cutoff = retention.Cutoff(result.GetValue(olderThan));
                var ids = CliHost.Sites(result.GetValue(site));
                var sites = services.GetRequiredService<SiteStore>().GetAll().Where(s => ids is null || ids.Contains(s.IdSite)).ToList();
                if (ids is not null && sites.Count != ids.Count)
                {
                    throw new CliException($"No site has the id {ids.First(id => sites.All(s => s.IdSite != id))}.");
                }

                long total = 0;
                foreach (var target in sites)
                {
                    var deleted = retention.DeleteBefore(target.IdSite, cutoff, cancellation: cancellation);
                    total += deleted;
                    AnsiConsole.MarkupLineInterpolated($"site {target.IdSite} ({target.Name}): {deleted:N0} visits deleted");
                }

                AnsiConsole.MarkupLineInterpolated($"Deleted {total:N0} visits that ended before {cutoff:yyyy-MM-dd HH:mm:ss} UTC.");
                return Task.FromResult(0);
            }
            catch (Exception error) when (error is CliException or ArgumentException)
            {
                AnsiConsole.MarkupLineInterpolated($"[red]{error.Message}[/]");
                return Task.FromResult(2);
            }
        });
        return command;
    }

    public static Command Anonymize(Option<string?> data)
    {
        var site = new Option<string?>("--site") { Description = "Site ids, comma separated (default: all sites)." };
        var date = new Option<string>("--date")
        {
            Description = "The visits that ended on these days (UTC): YYYY-MM-DD, FROM,TO, today, yesterday or lastN.",
            Required = true,
        };
        var ipBytes = new Option<int>("--ip-bytes") { Description = "Zero this many trailing bytes of stored IPs (1 to 3; 0 leaves IPs as they are)." };
        var location = new Option<bool>("--location") { Description = "Clear the city, region and coordinates (the country is kept)." };
        var userAgent = new Option<bool>("--user-agent") { Description = "Clear browser and OS versions, device brand and model." };
        var userId = new Option<bool>("--user-id") { Description = "Replace User IDs by a pseudonym (a salted SHA-1: the same User ID gets the same pseudonym)." };
        var command = new Command("anonymize", "Anonymize the raw data of past visits (Matomo's anonymizeSomeRawData).") { site, date, ipBytes, location, userAgent, userId };
        command.SetAction((result, cancellation) =>
        {
            try
            {
                var bytes = result.GetValue(ipBytes);
                if (bytes is < 0 or > 3)
                {
                    throw new CliException("--ip-bytes is 1, 2 or 3 (or 0 to leave IPs as they are).");
                }

                if (bytes == 0 && !result.GetValue(location) && !result.GetValue(userAgent) && !result.GetValue(userId))
                {
                    throw new CliException("Say what to anonymize: --ip-bytes N, --location, --user-agent and/or --user-id.");
                }

                using var services = CliHost.Start(result.GetValue(data));
                var (from, to) = CliHost.Dates(result.GetValue(date)!, services.GetRequiredService<TimeProvider>());
                var anonymizer = services.GetRequiredService<PastDataAnonymizer>();
                var request = anonymizer.Request(
                    CliHost.Sites(result.GetValue(site)), from, to, bytes, result.GetValue(location), result.GetValue(userAgent), result.GetValue(userId));
                var visits = anonymizer.Anonymize(request, cancellation: cancellation);
                AnsiConsole.MarkupLineInterpolated($"Anonymized {visits.ToString("N0", CultureInfo.InvariantCulture)} visits from {from:yyyy-MM-dd} to {to:yyyy-MM-dd}.");
                return Task.FromResult(0);
            }
            catch (Exception error) when (error is CliException or ArgumentException)
            {
                AnsiConsole.MarkupLineInterpolated($"[red]{error.Message}[/]");
                return Task.FromResult(2);
            }
        });
        return command;
    }

    public static Command PurgeReports(Option<string?> data)
    {
        var olderThan = new Option<int?>("--older-than") { Description = "Delete the reports of months before the current one and the N before it (default: the setting delete_reports_older_than, 12; at least 2)." };
        var keep = new Option<string?>("--keep")
        {
            Description = "What to keep, comma separated: basic (visits, actions, conversions...), day, week, month, year, range, segments; 'none' keeps nothing. Default: the delete_reports_keep_* settings (basic, month, year).",
        };
        var command = new Command("purge-reports", "Delete old reports (Matomo's delete old reports). While the raw logs remain, a deleted report is built again when asked for.") { olderThan, keep };
        command.SetAction((result, cancellation) =>
        {
            try
            {
                using var services = CliHost.Start(result.GetValue(data));
                var rules = services.GetRequiredService<PrivacySettings>().ReportPurgeRules;
                if (result.GetValue(olderThan) is { } months)
                {
                    rules = rules with { OlderThanMonths = months };
                }

                if (result.GetValue(keep) is { } kept)
                {
                    rules = Keep(rules, kept);
                }

                var purger = services.GetRequiredService<ReportPurger>();
                var firstKept = purger.FirstKeptMonth(rules.OlderThanMonths);
                var rows = purger.Purge(rules);
                AnsiConsole.MarkupLineInterpolated($"Deleted {rows.ToString("N0", CultureInfo.InvariantCulture)} archive rows of periods that start before {firstKept:yyyy-MM-dd}.");
                return Task.FromResult(0);
            }
            catch (Exception error) when (error is CliException or ArgumentException)
            {
                AnsiConsole.MarkupLineInterpolated($"[red]{error.Message}[/]");
                return Task.FromResult(2);
            }
        });
        return command;
    }

    private static ReportPurgeRules Keep(ReportPurgeRules rules, string text)
    {
        var kept = text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet(StringComparer.Ordinal);
        var known = new[] { "none", "basic", "day", "week", "month", "year", "range", "segments" };
        if (kept.FirstOrDefault(k => !known.Contains(k)) is { } unknown)
        {
            throw new CliException($"--keep '{unknown}' is not known: use basic, day, week, month, year, range, segments or none.");
        }

        return rules with
        {
            KeepBasicMetrics = kept.Contains("basic"),
            KeepDay = kept.Contains("day"),
            KeepWeek = kept.Contains("week"),
            KeepMonth = kept.Contains("month"),
            KeepYear = kept.Contains("year"),
            KeepRange = kept.Contains("range"),
            KeepSegments = kept.Contains("segments"),
        };
    }
}
