using System.CommandLine;
using Makoto.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;

namespace Makoto.Cli;

/// <summary>
/// <c>makoto backup FILE</c>: a consistent copy of the SQLite store taken with SQLite's online backup, safe
/// while the server runs (tracking goes on during the copy). The copy is written beside its destination
/// and moved into place once complete and checked, so a failed backup never leaves a half-written file.
/// </summary>
internal static class BackupCommand
{
    public static Command Create(Option<string?> data)
    {
        var file = new Argument<FileInfo>("file") { Description = "The backup file to write (a SQLite database)." };
        var overwrite = new Option<bool>("--overwrite") { Description = "Replace the file if it exists." };
        var command = new Command("backup", "Copy the database to a file while the server may be running (SQLite online backup).") { file, overwrite };
        command.SetAction(result =>
        {
            var target = result.GetValue(file)!;
            if (target.Exists && !result.GetValue(overwrite))
            {
                AnsiConsole.MarkupLineInterpolated($"[red]{target.FullName} exists; give --overwrite to replace it.[/]");
                return 2;
            }

            using var services = CliHost.Start(result.GetValue(data));
            using var source = services.GetRequiredService<IDatabase>().Open();
            if (source is not SqliteConnection sqlite)
            {
                AnsiConsole.MarkupLine("[red]makoto backup copies SQLite stores; back up other databases with their own tools.[/]");
                return 2;
            }

            Directory.CreateDirectory(target.DirectoryName!);
            var partial = target.FullName + ".partial";
            File.Delete(partial);
            using (var destination = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = partial, Pooling = false }.ToString()))
            {
                destination.Open();
                sqlite.BackupDatabase(destination);
                using var check = destination.CreateCommand();
                check.CommandText = "PRAGMA journal_mode = DELETE; PRAGMA quick_check;";
                using var reader = check.ExecuteReader();
                reader.NextResult();
                if (!reader.Read() || reader.GetString(0) != "ok")
                {
                    AnsiConsole.MarkupLine("[red]The copy failed SQLite's check; nothing was written.[/]");
                    return 1;
                }
            }

            File.Move(partial, target.FullName, overwrite: true);
            AnsiConsole.MarkupLineInterpolated($"Backed up {services.GetRequiredService<IDatabase>().Location} to {target.FullName} ({new FileInfo(target.FullName).Length / 1e6:F1} MB).");
            return 0;
        });
        return command;
    }
}
