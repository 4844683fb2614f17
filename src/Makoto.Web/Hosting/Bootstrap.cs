using Makoto.Plugins.UsersManager;
using Makoto.Storage.Users;

namespace Makoto.Web.Hosting;

/// <summary>
/// First start: when the database has no super user and <c>MAKOTO_INIT_LOGIN</c>,
/// <c>MAKOTO_INIT_PASSWORD</c> and <c>MAKOTO_INIT_EMAIL</c> are set, that user is created (for containers
/// and CI), with <c>MAKOTO_INIT_TOKEN</c> registered as a token_auth when given. The values are read from
/// the configuration, so environment variables and <c>--MAKOTO_INIT_LOGIN=…</c> arguments both work.
/// Otherwise the setup form at <c>/</c> creates it.
/// </summary>
public sealed partial class Bootstrap(UserStore users, UserAdministration administration, ILogger<Bootstrap> logger)
{
    public bool IsSetUp => users.AnySuperUser();

    public void Run(Func<string, string?> setting)
    {
        if (users.AnySuperUser())
        {
            return;
        }

        var login = setting("MAKOTO_INIT_LOGIN");
        var password = setting("MAKOTO_INIT_PASSWORD");
        var email = setting("MAKOTO_INIT_EMAIL");
        if (string.IsNullOrEmpty(login) && string.IsNullOrEmpty(password) && string.IsNullOrEmpty(email))
        {
            LogAwaitingSetup();
            return;
        }

        if (string.IsNullOrEmpty(login) || string.IsNullOrEmpty(password) || string.IsNullOrEmpty(email))
        {
            throw new InvalidOperationException(
                "MAKOTO_INIT_LOGIN, MAKOTO_INIT_PASSWORD and MAKOTO_INIT_EMAIL must all be set to create the first super user; some are missing.");
        }

        try
        {
            administration.AddUser(login, password, email, superUser: true);
            var token = setting("MAKOTO_INIT_TOKEN");
            if (!string.IsNullOrEmpty(token))
            {
                administration.AddToken(login, "MAKOTO_INIT_TOKEN", token);
            }
        }
        catch (ArgumentException error)
        {
            throw new InvalidOperationException($"The first super user could not be created from MAKOTO_INIT_*: {error.Message}", error);
        }

        LogCreated(login);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Created the super user '{Login}' from MAKOTO_INIT_LOGIN.")]
    private partial void LogCreated(string login);

    [LoggerMessage(Level = LogLevel.Warning, Message = "No super user exists yet: open the server's address in a browser to create one, or set MAKOTO_INIT_LOGIN, MAKOTO_INIT_PASSWORD and MAKOTO_INIT_EMAIL.")]
    private partial void LogAwaitingSetup();
}
