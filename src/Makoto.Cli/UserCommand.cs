using System.CommandLine;
using Makoto.Plugins.UsersManager;
using Makoto.Storage.Sites;
using Makoto.Storage.Users;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;

namespace Makoto.Cli;

/// <summary>
/// <c>makoto user list|add|set-access|reset-password|token</c>: users and their access, with the rules of
/// UsersManager's API (<see cref="UserAdministration"/>); a way back in when the only super user's password
/// is lost. Exit codes: 0 done, 2 for a mistake.
/// </summary>
internal static class UserCommand
{
    public static Command Create(Option<string?> data)
    {
        var command = new Command("user", "List and create users, set their access, reset passwords, create tokens.");

        var list = new Command("list", "List the users with their access.");
        list.SetAction(result => SiteCommand.Run(result, data, services =>
        {
            var users = services.GetRequiredService<UserStore>();
            var table = new Table().AddColumns("login", "email", "super user", "access");
            foreach (var user in users.GetUsers())
            {
                var access = users.GetAccess(user.Login).OrderBy(kv => kv.Key).Select(kv => $"{kv.Key}:{kv.Value}");
                table.AddRow(Markup.Escape(user.Login), Markup.Escape(user.Email), user.SuperUser ? "yes" : "no", Markup.Escape(string.Join(" ", access)));
            }

            AnsiConsole.Write(table);
        }));
        command.Subcommands.Add(list);

        var addLogin = Login();
        var email = new Option<string>("--email") { Description = "The user's email.", Required = true };
        var password = Password();
        var superUser = new Option<bool>("--superuser") { Description = "Make the user a super user (every right on every site)." };
        var add = new Command("add", "Create a user.") { addLogin, email, password, superUser };
        add.SetAction(result => SiteCommand.Run(result, data, services =>
        {
            var login = result.GetValue(addLogin)!;
            services.GetRequiredService<UserAdministration>().AddUser(login, result.GetValue(password)!, result.GetValue(email)!, result.GetValue(superUser));
            AnsiConsole.MarkupLineInterpolated($"Created user {login}{(result.GetValue(superUser) ? " (super user)" : "")}.");
        }));
        command.Subcommands.Add(add);

        var accessLogin = Login();
        var access = new Option<string>("--access") { Description = "view, write, admin, or noaccess to remove access.", Required = true };
        var sites = new Option<string>("--site") { Description = "Site ids, comma separated, or all.", Required = true };
        var setAccess = new Command("set-access", "Give a user one access level on sites.") { accessLogin, access, sites };
        setAccess.SetAction(result => SiteCommand.Run(result, data, services =>
        {
            var ids = CliHost.Sites(result.GetValue(sites));
            var known = services.GetRequiredService<SiteStore>().GetAll().Select(s => s.IdSite).ToHashSet();
            if (ids?.FirstOrDefault(id => !known.Contains(id)) is { } unknown and > 0)
            {
                throw new CliException($"No site has the id {unknown}.");
            }

            IReadOnlyCollection<int> targets = ids is null ? known : ids;
            var login = result.GetValue(accessLogin)!;
            services.GetRequiredService<UserAdministration>().SetAccess(login, targets, result.GetValue(access)!);
            AnsiConsole.MarkupLineInterpolated($"{login} has {result.GetValue(access)} access to sites {string.Join(",", targets.Order())}.");
        }));
        command.Subcommands.Add(setAccess);

        var resetLogin = Login();
        var newPassword = Password();
        var reset = new Command("reset-password", "Set a new password for a user.") { resetLogin, newPassword };
        reset.SetAction(result => SiteCommand.Run(result, data, services =>
        {
            services.GetRequiredService<UserAdministration>().SetPassword(result.GetValue(resetLogin)!, result.GetValue(newPassword)!);
            AnsiConsole.MarkupLineInterpolated($"The password of {result.GetValue(resetLogin)} was changed.");
        }));
        command.Subcommands.Add(reset);

        var tokenLogin = Login();
        var description = new Option<string>("--description") { Description = "What the token is for.", DefaultValueFactory = _ => "makoto console" };
        var token = new Command("token", "Create a token_auth for a user and print it (it is shown only once).") { tokenLogin, description };
        token.SetAction(result => SiteCommand.Run(result, data, services =>
        {
            var login = result.GetValue(tokenLogin)!;
            if (services.GetRequiredService<UserStore>().GetUser(login) is null)
            {
                throw new CliException($"The user '{login}' doesn't exist.");
            }

            // The token alone on standard output, so that scripts can capture it.
            Console.Out.WriteLine(services.GetRequiredService<UserAdministration>().AddToken(login, result.GetValue(description)!));
        }));
        command.Subcommands.Add(token);
        return command;
    }

    private static Argument<string> Login() => new("login") { Description = "The user's login." };

    private static Option<string> Password() => new("--password")
    {
        Description = "The password (at least 6 characters); default: the MAKOTO_PASSWORD environment variable, which keeps it out of the shell history.",
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable("MAKOTO_PASSWORD") ?? "",
    };
}
