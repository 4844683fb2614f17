using System.Net.Mail;
using Makoto.Core.Security;
using Makoto.Storage.Users;

namespace Makoto.Plugins.UsersManager;

/// <summary>
/// Creating users and tokens with Matomo's rules; shared by the API, the first-run setup and the
/// <c>MAKOTO_INIT_*</c> bootstrap so the rules exist once.
/// </summary>
public sealed class UserAdministration(UserStore users, TokenAuthenticator tokens, TokenHashing hashing, TimeProvider clock)
{
    /// <summary>The shortest password accepted.</summary>
    public const int MinPasswordLength = 6;

    public void AddUser(string login, string password, string email, bool superUser)
    {
        ValidatePassword(password);
        CheckNewUser(login, email);
        users.AddUser(new UserRecord(login, Credentials.HashPassword(password), email, superUser, clock.GetUtcNow().UtcDateTime));
        tokens.Invalidate();
    }

    /// <summary>Matomo's rules for a new user (added or invited): a valid login and email, neither in use.</summary>
    public void CheckNewUser(string login, string email)
    {
        ValidateLogin(login);
        ValidateEmail(email);
        if (users.GetUser(login) is not null)
        {
            throw new ArgumentException($"Username '{login}' already exists.");
        }

        if (users.GetUserByEmail(email) is not null)
        {
            throw new ArgumentException($"The email \"{email}\" is already used by another user.");
        }
    }

    /// <summary>The user when <paramref name="password"/> is theirs, otherwise null.</summary>
    public UserRecord? CheckPassword(string login, string password)
    {
        var user = users.GetUser(login);
        return user is not null && Credentials.VerifyPassword(password, user.PasswordHash) ? user : null;
    }

    /// <summary>Sets a new password (Matomo's rules); sessions opened before the change end (see <see cref="UserStore.GetPasswordModified"/>).</summary>
    public void ChangePassword(string login, string newPassword)
    {
        ValidatePassword(newPassword);
        _ = users.GetUser(login) ?? throw new ArgumentException($"The user '{login}' doesn't exist.");
        users.UpdateUser(login, Credentials.HashPassword(newPassword), email: null, clock.GetUtcNow().UtcDateTime);
        tokens.Invalidate();
    }

    public void ChangeEmail(string login, string email)
    {
        ValidateEmail(email);
        var owner = users.GetUserByEmail(email);
        if (owner is not null && owner.Login != login)
        {
            throw new ArgumentException($"The email \"{email}\" is already used by another user.");
        }

        users.UpdateUser(login, passwordHash: null, email, clock.GetUtcNow().UtcDateTime);
    }

    /// <summary>Registers <paramref name="token"/> (or a new random one) for the user and returns it.</summary>
    public string AddToken(string login, string description, string? token = null, DateTime? expires = null)
    {
        token ??= Credentials.NewToken();
        if (token.Length is < 16 or > 100)
        {
            throw new ArgumentException("A token_auth must be between 16 and 100 characters long.");
        }

        users.AddToken(new TokenRecord(0, login, description, hashing.Hash(token), hashing.Algorithm, clock.GetUtcNow().UtcDateTime, expires, null, false));
        tokens.Invalidate();
        return token;
    }

    /// <summary>The user's tokens (descriptions and dates; the tokens themselves are never stored), oldest first.</summary>
    public IReadOnlyList<TokenRecord> Tokens(string login) => users.GetTokens(login);

    /// <summary>Deletes one of the user's tokens: requests carrying it are refused from now on. False when the user has no such token.</summary>
    public bool DeleteToken(string login, long idToken)
    {
        if (!users.DeleteToken(login, idToken))
        {
            return false;
        }

        tokens.Invalidate();
        return true;
    }

    /// <summary>
    /// Gives the user one access level (<c>view</c>, <c>write</c>, <c>admin</c>) on these sites, or removes it
    /// (<c>noaccess</c>), with Matomo's rules. Throws <see cref="ArgumentException"/> for an unknown level,
    /// user or a level the anonymous user cannot have.
    /// </summary>
    public void SetAccess(string login, IReadOnlyCollection<int> idSites, string access)
    {
        if (!UserAccess.TryParse(access, out _))
        {
            throw new ArgumentException($"The parameter access must have one of the following values : [ noaccess, view, write, admin ]. '{access}' was given.");
        }

        if (users.GetUser(login) is null)
        {
            throw new ArgumentException($"The user '{login}' doesn't exist.");
        }

        if (login == "anonymous" && access is not ("view" or "noaccess"))
        {
            throw new ArgumentException("The anonymous user can only be given 'view' access.");
        }

        users.SetAccess(login, idSites, access);
        tokens.Invalidate();
    }

    /// <summary>Sets a new password (Matomo's length rule); the user's sessions and tokens stay valid.</summary>
    public void SetPassword(string login, string password)
    {
        if (password.Length < MinPasswordLength)
        {
            throw new ArgumentException($"The password must be at least {MinPasswordLength} characters long.");
        }

        if (users.GetUser(login) is null)
        {
            throw new ArgumentException($"The user '{login}' doesn't exist.");
        }

        users.UpdateUser(login, Credentials.HashPassword(password), null, clock.GetUtcNow().UtcDateTime);
        tokens.Invalidate();
    }

    public static void ValidateLogin(string login)
    {
        if (login.Length is < 2 or > 100 || !login.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.' or '@'))
        {
            throw new ArgumentException(
                "The login must be between 2 and 100 characters long and contain only letters, numbers, or the characters '_' or '-' or '.' or '@'.");
        }
    }

    public static void ValidatePassword(string password)
    {
        if (password.Length < MinPasswordLength)
        {
            throw new ArgumentException($"The password must be at least {MinPasswordLength} characters long.");
        }
    }

    public static void ValidateEmail(string email)
    {
        if (!IsEmail(email))
        {
            throw new ArgumentException($"The email \"{email}\" doesn't have a valid format.");
        }
    }

    public static bool IsEmail(string email) => MailAddress.TryCreate(email, out var address) && address.Address == email && email.Contains('.', StringComparison.Ordinal);
}
