using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Makoto.Plugins.PrivacyManager;
using Makoto.Storage.Logs;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;

namespace Makoto.Cli;

/// <summary>
/// <c>makoto gdpr find|export|delete</c>: a data subject's visits by visitor id, User ID or IP (Matomo's
/// GDPR tools). <c>delete</c> removes the visits with their actions and conversions and marks the reports
/// that counted them for rebuilding. Exit codes: 0 done (also when nothing matches), 2 for a mistake in
/// the command line.
/// </summary>
internal static class GdprCommand
{
    public static Command Create(Option<string?> data)
    {
        var command = new Command("gdpr", "Find, export or delete the visits of a person (GDPR access and erasure requests).");
        command.Subcommands.Add(Subcommand(data, "find", "List the visits of a person.", (subjects, visits, _) =>
        {
            var table = new Table().AddColumns("site", "visit", "visitor id", "user id", "ip", "first action (UTC)", "last action (UTC)", "actions");
            foreach (var visit in visits)
            {
                table.AddRow(
                    visit.IdSite.ToString(CultureInfo.InvariantCulture),
                    visit.IdVisit.ToString(CultureInfo.InvariantCulture),
                    visit.VisitorId,
                    Markup.Escape(visit.UserId ?? "-"),
                    Ip(visit.Ip),
                    visit.FirstActionTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
                    visit.LastActionTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
                    visit.Actions.ToString(CultureInfo.InvariantCulture));
            }

            AnsiConsole.Write(table);
            AnsiConsole.MarkupLineInterpolated($"{visits.Count} visits.");
        }));

        var output = new Option<FileInfo?>("--output") { Description = "Write the JSON to this file instead of standard output." };
        var export = Subcommand(data, "export", "Export every row recorded in a person's visits as JSON (by log table).", (subjects, visits, result) =>
        {
            var rows = subjects.Export([.. visits.Select(v => v.IdVisit)]);
            var json = JsonSerializer.Serialize(rows, s_json);
            if (result.GetValue(output) is { } file)
            {
                File.WriteAllText(file.FullName, json);
                AnsiConsole.MarkupLineInterpolated($"Exported {visits.Count} visits to {file.FullName}.");
            }
            else
            {
                Console.Out.WriteLine(json);
            }
        });
        export.Options.Add(output);
        command.Subcommands.Add(export);

        command.Subcommands.Add(Subcommand(data, "delete", "Delete a person's visits, with their actions and conversions; the reports that counted them are rebuilt.", (subjects, visits, _) =>
        {
            if (visits.Count == 0)
            {
                AnsiConsole.MarkupLine("No visit matches: nothing deleted.");
                return;
            }

            var deletion = subjects.Delete([.. visits.Select(v => v.IdVisit)]);
            AnsiConsole.MarkupLineInterpolated(
                $"Deleted {visits.Count} visits ({string.Join(", ", deletion.RowsDeleted.Select(kv => $"{kv.Value} rows of {kv.Key}"))}); {deletion.ArchivesInvalidated} archives of {deletion.Days} days will be rebuilt without them.");
        }));
        return command;
    }

    private static readonly JsonSerializerOptions s_json = new() { WriteIndented = true };

    private static Command Subcommand(Option<string?> data, string name, string description, Action<DataSubjects, List<DataSubjectVisit>, ParseResult> run)
    {
        var site = new Option<string?>("--site") { Description = "Site ids, comma separated (default: all sites)." };
        var visitorId = new Option<string?>("--visitor-id") { Description = "The visitor id: 16 hexadecimal digits." };
        var userId = new Option<string?>("--user-id") { Description = "The User ID." };
        var ip = new Option<string?>("--ip") { Description = "The IP address (matched as stored, after IP anonymization)." };
        var command = new Command(name, description + " Criteria given together must all match.") { site, visitorId, userId, ip };
        command.SetAction(result =>
        {
            try
            {
                using var services = CliHost.Start(result.GetValue(data));
                var subjects = services.GetRequiredService<DataSubjects>();
                var query = subjects.Query(CliHost.Sites(result.GetValue(site)), result.GetValue(visitorId), result.GetValue(userId), result.GetValue(ip));
                run(subjects, subjects.Find(query), result);
                return 0;
            }
            catch (Exception error) when (error is CliException or ArgumentException)
            {
                AnsiConsole.MarkupLineInterpolated($"[red]{error.Message}[/]");
                return 2;
            }
        });
        return command;
    }

    private static string Ip(byte[] bytes) => bytes.Length is 4 or 16 ? new System.Net.IPAddress(bytes).ToString() : "-";
}
