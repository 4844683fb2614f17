using System.CommandLine;
using System.Globalization;
using Makoto.Plugins.SitesManager;
using Makoto.Storage.Sites;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;

namespace Makoto.Cli;

/// <summary>
/// <c>makoto site list|add|update|delete</c>: websites, with the same rules as SitesManager's API
/// (<see cref="SiteAdministration"/>). Exit codes: 0 done, 2 for a mistake (unknown site, invalid setting).
/// </summary>
internal static class SiteCommand
{
    public static Command Create(Option<string?> data)
    {
        var command = new Command("site", "List, create, change and delete websites.");

        var list = new Command("list", "List the websites.");
        list.SetAction(result => Run(result, data, services =>
        {
            var table = new Table().AddColumns("id", "name", "urls", "timezone", "currency", "ecommerce", "created (UTC)");
            foreach (var site in services.GetRequiredService<SiteStore>().GetAll())
            {
                table.AddRow(
                    site.IdSite.ToString(CultureInfo.InvariantCulture),
                    Markup.Escape(site.Name),
                    Markup.Escape(string.Join(" ", [site.MainUrl, .. site.AliasUrls])),
                    Markup.Escape(site.Timezone),
                    site.Currency,
                    site.Ecommerce ? "yes" : "no",
                    site.TsCreated.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            }

            AnsiConsole.Write(table);
        }));
        command.Subcommands.Add(list);

        var add = new Command("add", "Create a website and print its id.");
        var settings = SettingOptions(add);
        add.SetAction(result => Run(result, data, services =>
        {
            var values = settings(result);
            if (values.Name is null || values.Urls is null)
            {
                throw new CliException("A new site needs --name and at least one --url.");
            }

            var id = services.GetRequiredService<SiteAdministration>().Add(values, "makoto");
            AnsiConsole.MarkupLineInterpolated($"Created site {id} ({values.Name}).");
        }));
        command.Subcommands.Add(add);

        var update = new Command("update", "Change settings of a website; settings not given stay as they are.");
        var updateId = new Argument<int>("id") { Description = "The site id." };
        update.Arguments.Add(updateId);
        var changes = SettingOptions(update);
        update.SetAction(result => Run(result, data, services =>
        {
            var site = services.GetRequiredService<SiteAdministration>().Update(result.GetValue(updateId), changes(result));
            AnsiConsole.MarkupLineInterpolated($"Updated site {site.IdSite} ({site.Name}).");
        }));
        command.Subcommands.Add(update);

        var delete = new Command("delete", "Delete a website with its goals, access rights, reports and raw logs.");
        var deleteId = new Argument<int>("id") { Description = "The site id." };
        var yes = new Option<bool>("--yes") { Description = "Confirm: the site's data cannot be recovered (except from a backup)." };
        delete.Arguments.Add(deleteId);
        delete.Options.Add(yes);
        delete.SetAction(result => Run(result, data, services =>
        {
            if (!result.GetValue(yes))
            {
                throw new CliException("Deleting a site deletes all its data; add --yes to confirm.");
            }

            var id = result.GetValue(deleteId);
            var rows = services.GetRequiredService<SiteAdministration>().Delete(id);
            AnsiConsole.MarkupLineInterpolated($"Deleted site {id} and {rows:N0} rows of its raw logs.");
        }));
        command.Subcommands.Add(delete);
        return command;
    }

    /// <summary>Adds the site setting options to <paramref name="command"/> and returns how to read them.</summary>
    private static Func<ParseResult, SiteSettings> SettingOptions(Command command)
    {
        var name = new Option<string?>("--name") { Description = "The site's name." };
        var urls = new Option<string[]>("--url") { Description = "A URL of the site: the main URL first, then aliases. Repeatable.", Arity = ArgumentArity.ZeroOrMore };
        var timezone = new Option<string?>("--timezone") { Description = "Timezone (e.g. Europe/Paris, UTC, UTC+2)." };
        var currency = new Option<string?>("--currency") { Description = "Currency code (e.g. EUR)." };
        var ecommerce = new Option<bool?>("--ecommerce") { Description = "Ecommerce reports on (true) or off (false)." };
        var excludedIps = new Option<string?>("--excluded-ips") { Description = "IPs or ranges not tracked, comma separated." };
        var excludedParameters = new Option<string?>("--excluded-parameters") { Description = "URL query parameters removed, comma separated." };
        var startDate = new Option<string?>("--start-date") { Description = "The first day with data, YYYY-MM-DD (reports start there)." };
        foreach (var option in new Option[] { name, urls, timezone, currency, ecommerce, excludedIps, excludedParameters, startDate })
        {
            command.Options.Add(option);
        }

        return result => new SiteSettings
        {
            Name = result.GetValue(name),
            Urls = result.GetValue(urls) is { Length: > 0 } given ? given : null,
            Timezone = result.GetValue(timezone),
            Currency = result.GetValue(currency),
            Ecommerce = result.GetValue(ecommerce),
            ExcludedIps = result.GetValue(excludedIps),
            ExcludedParameters = result.GetValue(excludedParameters),
            StartDate = result.GetValue(startDate) is { } text
                ? DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)
                    ? day
                    : throw new CliException($"--start-date '{text}' is not a date: use YYYY-MM-DD.")
                : null,
        };
    }

    /// <summary>Runs an administration action on the store: 0 when done, 2 with the message of a broken rule.</summary>
    internal static int Run(ParseResult result, Option<string?> data, Action<IServiceProvider> action)
    {
        try
        {
            using var services = CliHost.Start(result.GetValue(data));
            action(services);
            return 0;
        }
        catch (Exception error) when (error is CliException or ArgumentException or KeyNotFoundException)
        {
            AnsiConsole.MarkupLineInterpolated($"[red]{error.Message}[/]");
            return 2;
        }
    }
}
