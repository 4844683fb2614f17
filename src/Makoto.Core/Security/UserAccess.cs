namespace Makoto.Core.Security;

/// <summary>Matomo's access levels, in increasing order.</summary>
public enum AccessLevel
{
    None = 0,
    View = 1,
    Write = 2,
    Admin = 3,
    SuperUser = 4,
}

/// <summary>Who is calling and what they may see or change, resolved from a token or a session.</summary>
public sealed class UserAccess
{
    public UserAccess(string login, bool isSuperUser, IReadOnlyDictionary<int, AccessLevel> sites)
    {
        Login = login;
        IsSuperUser = isSuperUser;
        Sites = sites;
    }

    /// <summary>The anonymous user with no access (anonymous view access is off by default).</summary>
    public static UserAccess Anonymous { get; } = new("anonymous", false, new Dictionary<int, AccessLevel>());

    public string Login { get; }

    public bool IsSuperUser { get; }

    public bool IsAnonymous => Login == "anonymous";

    /// <summary>Explicit per-site access; a super user has access to every site regardless.</summary>
    public IReadOnlyDictionary<int, AccessLevel> Sites { get; }

    public AccessLevel LevelFor(int idSite) =>
        IsSuperUser ? AccessLevel.SuperUser : Sites.GetValueOrDefault(idSite, AccessLevel.None);

    public bool Has(int idSite, AccessLevel level) => LevelFor(idSite) >= level;

    public static string Name(AccessLevel level) => level switch
    {
        AccessLevel.View => "view",
        AccessLevel.Write => "write",
        AccessLevel.Admin => "admin",
        AccessLevel.SuperUser => "superuser",
        _ => "noaccess",
    };

    public static bool TryParse(string? name, out AccessLevel level)
    {
        switch (name)
        {
            case "view": level = AccessLevel.View; return true;
            case "write": level = AccessLevel.Write; return true;
            case "admin": level = AccessLevel.Admin; return true;
            case "noaccess": level = AccessLevel.None; return true;
            default: level = AccessLevel.None; return false;
        }
    }
}
