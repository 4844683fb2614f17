using System.CommandLine;
using System.Globalization;
using Makoto.Storage;
using Makoto.Storage.Archives;
using Makoto.Storage.Logs;
using Makoto.Storage.Sites;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;

namespace Makoto.Cli;

/// <summary><c>makoto status</c>: where the data is, the sites with their visits and last hit, and pending re-archiving.</summary>
internal static class StatusCommand
{
    public static Command Create(Option<string?> data)
    {
        var command = new Command("status", "Show the data folder, the sites and what is waiting to be archived.");
        command.SetAction(result =>
        {
            using var services = CliHost.Start(result.GetValue(data));
            var database = services.GetRequiredService<IDatabase>();
            var sites = services.GetRequiredService<SiteStore>().GetAll();
            var activity = services.GetRequiredService<LogReader>().SiteActivity();
            var invalidated = services.GetRequiredService<ArchiveStore>().InvalidatedDays();

            AnsiConsole.MarkupLineInterpolated($"Database: [bold]{database.Location}[/]");
            var table = new Table().AddColumns("site", "name", "timezone", "visits", "last hit (UTC)", "days to re-archive");
            foreach (var site in sites)
            {
                var (visits, last) = activity.GetValueOrDefault(site.IdSite);
                table.AddRow(
                    site.IdSite.ToString(CultureInfo.InvariantCulture),
                    Markup.Escape(site.Name),
                    Markup.Escape(site.Timezone),
                    visits.ToString("N0", CultureInfo.InvariantCulture),
                    last?.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) ?? "-",
                    invalidated.Count(d => d.IdSite == site.IdSite).ToString(CultureInfo.InvariantCulture));
            }

            AnsiConsole.Write(table);
            if (sites.Count == 0)
            {
                AnsiConsole.MarkupLine("No site yet: start the server and open it in a browser, or call SitesManager.addSite.");
            }

            return 0;
        });
        return command;
    }
}
