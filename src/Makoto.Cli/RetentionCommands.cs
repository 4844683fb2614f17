using System.CommandLine;
using System.Globalization;
using Makoto.Plugins.PrivacyManager;
using Makoto.Storage.Sites;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;

namespace Makoto.Cli;

/// <summary>
/// <c>makoto delete-logs</c> (raw logs older than N days, reports kept) and <c>makoto anonymize</c>
/// (IP bytes, location, User IDs and chosen columns of past visits) with <c>makoto anonymizations</c> (their list),
/// <c>makoto purge-reports</c>: Matomo's PrivacyManager tools for stored data.
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

    /// <summary>The log_visit columns that <c>--user-agent</c> unsets: what identifies the device beyond its family.</summary>
    private static readonly string[] s_userAgentColumns = ["config_browser_version", "config_os_version", "config_device_brand", "config_device_model"];

    public static Command Anonymize(Option<string?> data)
    {
        var site = new Option<string?>("--site") { Description = "Site ids, comma separated (default: all sites)." };
        var date = new Option<string>("--date")
        {
            Description = "The rows of these days (UTC): YYYY-MM-DD, FROM,TO, today, yesterday or lastN.",
            Required = true,
        };
        var ip = new Option<bool>("--ip") { Description = "Zero the trailing bytes of stored IPs: the IP mask length setting, at least 2." };
        var location = new Option<bool>("--location") { Description = "Clear the city, region and coordinates (the country is kept)." };
        var userAgent = new Option<bool>("--user-agent") { Description = "Unset browser and OS versions, device brand and model (" + string.Join(", ", s_userAgentColumns) + ")." };
        var userId = new Option<bool>("--user-id") { Description = "Replace User IDs by a pseudonym (a salted SHA-1: the same User ID gets the same pseudonym)." };
        var visitColumns = new Option<string?>("--unset-visit-columns")
        {
            Description = "log_visit columns set back to their default, comma separated (also in log_conversion where it has them). `makoto anonymizations --columns` lists them.",
        };
        var actionColumns = new Option<string?>("--unset-link-visit-action-columns") { Description = "log_link_visit_action columns set back to their default, comma separated." };
        var command = new Command(
            "anonymize",
            "Anonymize the raw data of past visits now (Matomo's privacymanager:anonymize-some-raw-data); the reports of the days changed are built again. The run is kept in the list of anonymizations (`makoto anonymizations`).")
        {
            site, date, ip, location, userAgent, userId, visitColumns, actionColumns,
        };
        command.SetAction((result, cancellation) =>
        {
            try
            {
                List<string> unsetVisit = [.. Split(result.GetValue(visitColumns))];
                if (result.GetValue(userAgent))
                {
                    unsetVisit.AddRange(s_userAgentColumns.Where(c => !unsetVisit.Contains(c)));
                }

                if (!result.GetValue(ip) && !result.GetValue(location) && !result.GetValue(userId) && unsetVisit.Count == 0 && string.IsNullOrEmpty(result.GetValue(actionColumns)))
                {
                    throw new CliException("Say what to anonymize: --ip, --location, --user-id, --user-agent and/or --unset-visit-columns / --unset-link-visit-action-columns.");
                }

                using var services = CliHost.Start(result.GetValue(data));
                var (from, to) = CliHost.Dates(result.GetValue(date)!, services.GetRequiredService<TimeProvider>());
                var anonymizer = services.GetRequiredService<PastDataAnonymizer>();
                var id = anonymizer.Schedule(
                    "Command line",
                    CliHost.Sites(result.GetValue(site))?.Order().ToList(),
                    from,
                    to,
                    result.GetValue(ip),
                    result.GetValue(location),
                    result.GetValue(userId),
                    unsetVisit,
                    [.. Split(result.GetValue(actionColumns))],
                    startedNow: true);
                anonymizer.Run(id, line => AnsiConsole.WriteLine(line), cancellation);
                AnsiConsole.MarkupLineInterpolated($"Done (anonymization {id}) for {from:yyyy-MM-dd} to {to:yyyy-MM-dd}.");
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

    public static Command Anonymizations(Option<string?> data)
    {
        var columns = new Option<bool>("--columns") { Description = "List the columns that --unset-visit-columns and --unset-link-visit-action-columns accept, with the value they get." };
        var command = new Command("anonymizations", "List the anonymizations of past raw data (waiting, running and done) with what each did.") { columns };
        command.SetAction(result =>
        {
            using var services = CliHost.Start(result.GetValue(data));
            if (result.GetValue(columns))
            {
                var raw = services.GetRequiredService<Makoto.Storage.Logs.RawDataAnonymizer>();
                foreach (var table in new[] { "log_visit", "log_link_visit_action" })
                {
                    AnsiConsole.WriteLine(table + ":");
                    foreach (var (name, value) in raw.UnsettableColumns(table))
                    {
                        AnsiConsole.WriteLine($"  {name} = {value ?? "NULL"}");
                    }
                }

                return 0;
            }

            foreach (var entry in services.GetRequiredService<PastDataAnonymizer>().All())
            {
                var what = new List<string>();
                if (entry.AnonymizeIp)
                {
                    what.Add("IP");
                }

                if (entry.AnonymizeLocation)
                {
                    what.Add("location");
                }

                if (entry.AnonymizeUserId)
                {
                    what.Add("User ID");
                }

                what.AddRange(entry.UnsetVisitColumns.Select(c => "log_visit." + c));
                what.AddRange(entry.UnsetLinkVisitActionColumns.Select(c => "log_link_visit_action." + c));
                var state = entry.JobFinishDate is { } finished ? $"done {finished:yyyy-MM-dd HH:mm:ss}"
                    : entry.JobStartDate is { } started ? $"running since {started:yyyy-MM-dd HH:mm:ss}"
                    : "waiting for the scheduled task";
                var sites = entry.IdSites is null ? "all sites" : "sites " + string.Join(",", entry.IdSites);
                AnsiConsole.WriteLine(string.Create(
                    CultureInfo.InvariantCulture,
                    $"#{entry.Id} {entry.DateStart:yyyy-MM-dd} to {entry.DateEnd:yyyy-MM-dd}, {sites}: {string.Join(", ", what)}; by {entry.Requester}; {state}"));
                foreach (var line in (entry.Output ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries))
                {
                    AnsiConsole.WriteLine("    " + line);
                }
            }

            return 0;
        });
        return command;
    }

    private static string[] Split(string? text) => (text ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

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
