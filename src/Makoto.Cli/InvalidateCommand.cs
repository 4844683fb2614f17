using System.CommandLine;
using Makoto.Archiving;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;

namespace Makoto.Cli;

/// <summary>
/// <c>makoto invalidate</c>: marks the archives of some days (and of the periods containing them) as
/// outdated, like Matomo's <c>core:invalidate-report-data</c>; the server's background archiver or the
/// next <c>makoto archive</c> rebuilds them.
/// </summary>
internal static class InvalidateCommand
{
    public static Command Create(Option<string?> data)
    {
        var site = new Option<string?>("--site") { Description = "Site ids, comma separated (default: all sites)." };
        var date = new Option<string>("--date")
        {
            Description = "The days: YYYY-MM-DD, FROM,TO, today, yesterday or lastN.",
            Required = true,
        };
        var command = new Command("invalidate", "Mark the archives of some days outdated so that they are rebuilt.") { site, date };
        command.SetAction(result =>
        {
            try
            {
                using var services = CliHost.Start(result.GetValue(data));
                var planner = services.GetRequiredService<ArchivePlanner>();
                var range = CliHost.Dates(result.GetValue(date)!, services.GetRequiredService<TimeProvider>());
                var marked = 0;
                var sites = 0;
                foreach (var target in planner.Sites(CliHost.Sites(result.GetValue(site))))
                {
                    marked += planner.Invalidate(target.IdSite, range.From, range.To);
                    sites++;
                }

                AnsiConsole.MarkupLineInterpolated($"Invalidated {marked} archives of {sites} sites from {range.From:yyyy-MM-dd} to {range.To:yyyy-MM-dd}; run [bold]makoto archive[/] or let the server rebuild them.");
                return 0;
            }
            catch (Exception error) when (error is CliException or KeyNotFoundException)
            {
                AnsiConsole.MarkupLineInterpolated($"[red]{error.Message}[/]");
                return 2;
            }
        });
        return command;
    }
}
