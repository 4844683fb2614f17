using System.CommandLine;

namespace Makoto.Cli;

/// <summary>The commands of <c>makoto</c>.</summary>
internal static class MakotoCli
{
    public static RootCommand CreateRootCommand()
    {
        var data = new Option<string?>("--data")
        {
            Description = "The data folder (default: MAKOTO_DATA, then Makoto:DataPath of appsettings.json, then ./data).",
            Recursive = true,
        };

        var root = new RootCommand("makoto — the Makoto console. It works on the same data folder as the server, which may be running.");
        root.Options.Add(data);
        root.Subcommands.Add(ArchiveCommand.Create(data));
        root.Subcommands.Add(InvalidateCommand.Create(data));
        root.Subcommands.Add(StatusCommand.Create(data));
        root.Subcommands.Add(ImportLogsCommand.Create(data));
        root.Subcommands.Add(GenerateVisitsCommand.Create(data));
        root.Subcommands.Add(GdprCommand.Create(data));
        root.Subcommands.Add(RetentionCommands.DeleteLogs(data));
        root.Subcommands.Add(RetentionCommands.Anonymize(data));
        root.Subcommands.Add(RetentionCommands.Anonymizations(data));
        root.Subcommands.Add(RetentionCommands.PurgeReports(data));
        root.Subcommands.Add(BackupCommand.Create(data));
        root.Subcommands.Add(SiteCommand.Create(data));
        root.Subcommands.Add(UserCommand.Create(data));
        root.Subcommands.Add(GoalCommand.Create(data));
        root.Subcommands.Add(ConfigCommand.Create(data));
        return root;
    }
}
