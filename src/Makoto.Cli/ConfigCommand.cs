using System.CommandLine;
using Makoto.Storage.Options;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;

namespace Makoto.Cli;

/// <summary>
/// <c>makoto config get|set|reset</c>: the settings the running server reads from the store (SitesManager's
/// global settings, IP anonymization, the scheduled deletion of old logs and reports), under Matomo's option
/// names. A running server sees a change within seconds. Settings of appsettings.json are not here: they are
/// read at start (docs/configuration.md). Exit codes: 0 done, 2 for an unknown name or a value not allowed.
/// </summary>
internal static class ConfigCommand
{
    public static Command Create(Option<string?> data)
    {
        var command = new Command("config", "Read and change the settings the server keeps in its store.");

        var getName = new Argument<string?>("name") { Description = "A setting; without it every setting is listed.", Arity = ArgumentArity.ZeroOrOne };
        var get = new Command("get", "Print a setting's value (or list every setting with its value, default and meaning).") { getName };
        get.SetAction(result => SiteCommand.Run(result, data, services =>
        {
            var settings = services.GetRequiredService<StoredSettings>();
            if (result.GetValue(getName) is { } name)
            {
                settings.Find(name);
                Console.Out.WriteLine(settings.Get(name));
                return;
            }

            var table = new Table().AddColumns("name", "value", "default", "meaning");
            foreach (var setting in settings.All)
            {
                var stored = settings.Stored(setting.Name);
                table.AddRow(
                    Markup.Escape(setting.Name),
                    stored is null ? "[grey](default)[/]" : Markup.Escape(stored),
                    Markup.Escape(setting.Default),
                    Markup.Escape(setting.Description));
            }

            AnsiConsole.Write(table);
        }));
        command.Subcommands.Add(get);

        var setName = new Argument<string>("name") { Description = "The setting." };
        var setValue = new Argument<string>("value") { Description = "Its new value." };
        var set = new Command("set", "Change a setting; the value is checked with the rules of the API that sets it.") { setName, setValue };
        set.SetAction(result => SiteCommand.Run(result, data, services =>
        {
            var name = result.GetValue(setName)!;
            var stored = services.GetRequiredService<StoredSettings>().Set(name, result.GetValue(setValue)!);
            AnsiConsole.MarkupLineInterpolated($"{name} = {stored}");
        }));
        command.Subcommands.Add(set);

        var resetName = new Argument<string>("name") { Description = "The setting." };
        var reset = new Command("reset", "Forget a setting's value: its default applies again.") { resetName };
        reset.SetAction(result => SiteCommand.Run(result, data, services =>
        {
            var name = result.GetValue(resetName)!;
            var settings = services.GetRequiredService<StoredSettings>();
            settings.Reset(name);
            AnsiConsole.MarkupLineInterpolated($"{name} = {settings.Get(name)} (default)");
        }));
        command.Subcommands.Add(reset);
        return command;
    }
}
