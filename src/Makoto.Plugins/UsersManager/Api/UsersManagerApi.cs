using System.Globalization;
using Makoto.Core.Security;
using Makoto.Reporting.Api;
using Makoto.Storage;
using Makoto.Storage.Sites;
using Makoto.Storage.Users;

namespace Makoto.Plugins.UsersManager.Api;

/// <summary>UsersManager's API (reporting-api.md §9): users, roles and capabilities per site, and app-specific tokens.</summary>
internal sealed class UsersManagerApi(
    UserStore users,
    UserAdministration administration,
    UserInvitations invitations,
    TokenAuthenticator tokens,
    SiteStore sites,
    TimeProvider clock) : IApiModule
{
    private const string Module = "UsersManager";

    public IEnumerable<ApiMethod> Methods()
    {
        yield return new ApiMethod(Module, "createAppSpecificTokenAuth", CreateToken)
        {
            ParameterNames = ["userLogin", "passwordConfirmation", "description", "expireDate", "expireHours"],
        };
        yield return new ApiMethod(Module, "addUser", AddUser) { ParameterNames = ["userLogin", "password", "email", "initialIdSite"] };
        yield return new ApiMethod(Module, "getUser", call =>
        {
            var login = call.Parameters.Require("userLogin");
            RequireSelfOrSuperUser(call, login);
            return ToPlain(users.GetUser(login) ?? throw UnknownUser(login));
        })
        {
            ParameterNames = ["userLogin"],
        };
        yield return new ApiMethod(Module, "getUsers", call =>
        {
            call.RequireSuperUser();
            return users.GetUsers().Select(u => (object?)ToPlain(u)).ToList();
        });
        yield return new ApiMethod(Module, "getUsersLogin", call =>
        {
            call.RequireSuperUser();
            return users.GetUsers().Select(u => (object?)u.Login).ToList();
        });
        yield return new ApiMethod(Module, "userExists", call =>
        {
            call.RequireSuperUser();
            return new ApiValue(users.GetUser(call.Parameters.Require("userLogin")) is not null);
        })
        {
            ParameterNames = ["userLogin"],
        };
        yield return new ApiMethod(Module, "hasSuperUserAccess", call => new ApiValue(call.Access.IsSuperUser));
        yield return new ApiMethod(Module, "setUserAccess", SetUserAccess) { ParameterNames = ["userLogin", "access", "idSites"] };
        yield return new ApiMethod(Module, "getAvailableRoles", call =>
        {
            RequireSomeAdminAccess(call);
            return s_roles.Select(r => (object?)new PlainObject { ["id"] = r.Id, ["name"] = r.Name, ["description"] = r.Description, ["helpUrl"] = r.HelpUrl })
                .ToList();
        });
        yield return new ApiMethod(Module, "getAvailableCapabilities", call =>
        {
            RequireSomeAdminAccess(call);
            return Capabilities.Describe();
        });
        yield return new ApiMethod(Module, "addCapabilities", AddCapabilities) { ParameterNames = ["userLogin", "capabilities", "idSites"] };
        yield return new ApiMethod(Module, "removeCapabilities", RemoveCapabilities) { ParameterNames = ["userLogin", "capabilities", "idSites"] };
        yield return new ApiMethod(Module, "getUsersSitesFromAccess", call =>
        {
            call.RequireSuperUser();
            var access = call.Parameters.Require("access");
            if (!s_roles.Any(r => r.Id == access))
            {
                throw new ApiException($"The parameter access must have one of the following values : [ {string.Join(", ", s_roles.Select(r => r.Id))} ]");
            }

            var result = new PlainObject();
            foreach (var user in users.GetUsers())
            {
                var idSites = users.GetAccess(user.Login).Where(a => a.Value == access).Select(a => a.Key).Order().Select(id => (object?)id).ToList();
                if (idSites.Count > 0)
                {
                    result[user.Login] = idSites;
                }
            }

            return result;
        })
        {
            ParameterNames = ["access"],
        };
        yield return new ApiMethod(Module, "getSitesAccessFromUser", call =>
        {
            call.RequireSuperUser();
            var login = call.Parameters.Require("userLogin");
            _ = users.GetUser(login) ?? throw UnknownUser(login);
            var result = new List<object?>();
            var capabilities = users.GetCapabilities(login);
            foreach (var (idSite, role) in users.GetAccess(login).OrderBy(a => a.Key))
            {
                result.Add(new PlainObject { ["site"] = idSite, ["access"] = role });
                foreach (var (_, capability) in capabilities.Where(c => c.IdSite == idSite))
                {
                    result.Add(new PlainObject { ["site"] = idSite, ["access"] = capability });
                }
            }

            return result;
        })
        {
            ParameterNames = ["userLogin"],
        };
        yield return new ApiMethod(Module, "updateUser", UpdateUser) { ParameterNames = ["userLogin", "password", "email", "passwordConfirmation"] };
        yield return new ApiMethod(Module, "setSuperUserAccess", SetSuperUserAccess)
        {
            ParameterNames = ["userLogin", "hasSuperUserAccess", "passwordConfirmation"],
        };
        yield return new ApiMethod(Module, "getUsersHavingSuperUserAccess", call =>
        {
            call.RequireSuperUser();
            return users.GetUsers().Where(u => u.SuperUser).Select(u => (object?)ToPlain(u)).ToList();
        });
        yield return new ApiMethod(Module, "userEmailExists", call =>
        {
            call.RequireSuperUser();
            return new ApiValue(users.GetUserByEmail(call.Parameters.Require("userEmail")) is not null);
        })
        {
            ParameterNames = ["userEmail"],
        };
        yield return new ApiMethod(Module, "getUserByEmail", call =>
        {
            call.RequireSuperUser();
            var email = call.Parameters.Require("userEmail");
            return ToPlain(users.GetUserByEmail(email) ?? throw new ApiException($"The user with email '{email}' doesn't exist."));
        })
        {
            ParameterNames = ["userEmail"],
        };
        yield return new ApiMethod(Module, "getUsersAccessFromSite", call =>
        {
            var site = call.RequireSite(AccessLevel.Admin);
            var result = new PlainObject();
            foreach (var (login, access) in users.GetUsersAccessFromSite(site.IdSite))
            {
                result[login] = access;
            }

            return result;
        })
        {
            ParameterNames = ["idSite"],
        };
        yield return new ApiMethod(Module, "getUsersWithSiteAccess", call =>
        {
            var site = call.RequireSite(AccessLevel.Admin);
            var access = call.Parameters.Require("access");
            var logins = users.GetUsersAccessFromSite(site.IdSite).Where(a => a.Value == access).Select(a => a.Key).ToHashSet(StringComparer.Ordinal);
            return users.GetUsers().Where(u => logins.Contains(u.Login)).Select(u => (object?)ToPlain(u)).ToList();
        })
        {
            ParameterNames = ["idSite", "access"],
        };
        yield return new ApiMethod(Module, "deleteUser", DeleteUser) { ParameterNames = ["userLogin", "passwordConfirmation"] };
        yield return new ApiMethod(Module, "inviteUser", InviteUser)
        {
            ParameterNames = ["userLogin", "email", "initialIdSite", "expiryInDays", "passwordConfirmation"],
        };
        yield return new ApiMethod(Module, "resendInvite", call =>
        {
            var user = PendingUserOfCaller(call);
            invitations.Resend(user.Login, ExpiryInDays(call), call.Access.Login);
            return ApiSuccess.Instance;
        })
        {
            ParameterNames = ["userLogin", "expiryInDays", "passwordConfirmation"],
        };
        yield return new ApiMethod(Module, "generateInviteLink", call =>
        {
            var user = PendingUserOfCaller(call);
            var token = invitations.NewLinkToken(user.Login, ExpiryInDays(call)) ?? throw UnknownUser(user.Login);
            return new ApiValue(UserInvitations.AcceptLink(invitations.PublicUrl ?? call.Parameters.ServerUrl, token));
        })
        {
            ParameterNames = ["userLogin", "expiryInDays", "passwordConfirmation"],
        };
    }

    /// <summary>
    /// Matomo's <c>deleteUser</c>: a super user deletes any user but the last super user; an administrator may delete
    /// only a pending user they invited (any other user is "unknown" to them, as in Matomo).
    /// </summary>
    private object DeleteUser(ApiCall call)
    {
        RequireSomeAdminAccess(call);
        var login = call.Parameters.Require("userLogin");
        if (login == "anonymous")
        {
            throw new ApiException(EditAnonymousMessage);
        }

        ConfirmPasswordInSession(call);
        var user = users.GetUser(login);
        if (user is null || (!call.Access.IsSuperUser && (!user.IsPending || user.InvitedBy != call.Access.Login)))
        {
            throw UnknownUser(login);
        }

        if (login == call.Access.Login)
        {
            throw new ApiException("You can't delete your own user.");
        }

        if (user.SuperUser && users.GetUsers().Count(u => u.SuperUser) <= 1)
        {
            throw new ApiException(
                $"Deleting user '{login}' is not possible. There has to be at least one user with Super User access. Please grant Super User access to another user first.");
        }

        users.DeleteUser(login);
        tokens.Invalidate();
        return ApiSuccess.Instance;
    }

    /// <summary>
    /// Matomo's <c>inviteUser</c>: an administrator of <c>initialIdSite</c> creates a pending user with view access to it;
    /// the invitation is emailed when email is set up, otherwise <c>generateInviteLink</c> gives a link to share.
    /// </summary>
    private object InviteUser(ApiCall call)
    {
        RequireSomeAdminAccess(call);
        ConfirmPasswordInSession(call);
        var login = call.Parameters.Require("userLogin");
        var email = call.Parameters.Require("email");
        var expiryInDays = ExpiryInDays(call);
        if (string.IsNullOrWhiteSpace(call["initialIdSite"]))
        {
            throw new ApiException("New users must be given access to a website, please set the 'initialIdSite' parameter.");
        }

        var idSite = call.Parameters.GetInt("initialIdSite")
            ?? throw new ApiException($"The parameter 'initialIdSite' must be a website id, but '{call["initialIdSite"]}' was given.");
        call.CheckSite(idSite, AccessLevel.Admin);
        try
        {
            invitations.Invite(login, email, idSite, expiryInDays, call.Access.Login);
        }
        catch (ArgumentException error)
        {
            throw new ApiException(error.Message);
        }

        return ApiSuccess.Instance;
    }

    /// <summary>
    /// The pending user of <c>userLogin</c> for <c>resendInvite</c> and <c>generateInviteLink</c>: any for a super user,
    /// only those they invited for an administrator.
    /// </summary>
    private UserRecord PendingUserOfCaller(ApiCall call)
    {
        RequireSomeAdminAccess(call);
        ConfirmPasswordInSession(call);
        var login = call.Parameters.Require("userLogin");
        var user = users.GetUser(login);
        if (user is null || !user.IsPending)
        {
            throw UnknownUser(login);
        }

        if (!call.Access.IsSuperUser && user.InvitedBy != call.Access.Login)
        {
            throw new ApiException($"You don't have permissions to resend invite for user {login}");
        }

        return user;
    }

    /// <summary><c>expiryInDays</c>: Matomo's default of 7 when not given.</summary>
    private static int ExpiryInDays(ApiCall call)
    {
        if (string.IsNullOrWhiteSpace(call["expiryInDays"]))
        {
            return UserInvitations.DefaultExpiryDays;
        }

        return call.Parameters.GetInt("expiryInDays") is { } days and > 0
            ? days
            : throw new ApiException($"The parameter 'expiryInDays' must be a number of days (1 or more), but '{call["expiryInDays"]}' was given.");
    }

    /// <summary>Matomo asks for the caller's password on these changes when the call comes from a UI session (<c>force_api_session=1</c>).</summary>
    private void ConfirmPasswordInSession(ApiCall call)
    {
        if (call.Parameters.GetBool("force_api_session"))
        {
            call.ConfirmCallerPassword(users.GetUser(call.Access.Login)?.PasswordHash);
        }
    }

    private const string EditAnonymousMessage =
        "The anonymous user cannot be edited or deleted. It is used by Matomo to define a user that has not logged in yet. For example, you can make your statistics public by granting the 'view' access to the 'anonymous' user.";

    /// <summary>
    /// Matomo's way for an app to get a token from a login and password: no token needed, the
    /// password confirms who is asking. Wrong passwords count towards the brute-force lock-out.
    /// </summary>
    private object CreateToken(ApiCall call)
    {
        var login = call.Parameters.Require("userLogin");
        var password = call.Parameters.Require("passwordConfirmation");
        var description = call.Parameters.Require("description");
        var user = users.GetUser(login);
        if (!call.VerifyPassword(password, user?.PasswordHash))
        {
            throw new ApiException("The current password you entered is not correct.");
        }

        DateTime? expires = null;
        if (call["expireDate"] is { Length: > 0 } expireDate)
        {
            expires = DateTime.TryParse(expireDate, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var date)
                ? date
                : throw new ApiException($"The expiry date \"{expireDate}\" is not a valid date.");
        }
        else if (call.Parameters.GetInt("expireHours") is > 0 and var hours)
        {
            expires = clock.GetUtcNow().UtcDateTime.AddHours(hours);
        }

        return new ApiValue(administration.AddToken(login, description, expires: expires));
    }

    private object AddUser(ApiCall call)
    {
        call.RequireSuperUser();
        var login = call.Parameters.Require("userLogin");
        try
        {
            administration.AddUser(login, call.Parameters.Require("password"), call.Parameters.Require("email"), superUser: false);
        }
        catch (ArgumentException error)
        {
            throw new ApiException(error.Message);
        }

        if (call.Parameters.GetInt("initialIdSite") is { } idSite)
        {
            call.CheckSite(idSite, AccessLevel.Admin);
            users.SetAccess(login, [idSite], "view");
            tokens.Invalidate();
        }

        return ApiSuccess.Instance;
    }

    /// <summary>
    /// Matomo's <c>setUserAccess</c>: one role (<c>view</c>, <c>write</c>, <c>admin</c>, or <c>noaccess</c> to take
    /// everything away) on sites the caller administers; <c>access[]</c> may also list capabilities to add.
    /// Capabilities the new role includes are dropped, as the role gives them already.
    /// </summary>
    private object SetUserAccess(ApiCall call)
    {
        var login = call.Parameters.Require("userLogin");
        var given = call.Parameters.GetArray("access");
        if (given.Count == 0)
        {
            throw new ApiException("Please specify a value for 'access'.");
        }

        var roles = given.Where(a => Capabilities.Find(a) is null).ToList();
        if (roles.Count != 1)
        {
            throw new ApiException("Exactly one role (noaccess, view, write or admin) must be given in 'access'; capabilities may be added to it.");
        }

        var role = roles[0];
        var capabilities = given.Where(a => a != role).Select(Capabilities.Require).ToList();
        var idSites = SitesWithAdminAccess(call);
        try
        {
            administration.SetAccess(login, idSites, role);
        }
        catch (ArgumentException error)
        {
            throw new ApiException(error.Message);
        }

        if (role != "noaccess")
        {
            users.RemoveCapabilities(login, idSites, Capabilities.All.Where(c => c.IncludedInRoles.Contains(role)).Select(c => c.Id));
            GiveCapabilities(login, idSites, capabilities);
        }

        return ApiSuccess.Instance;
    }

    /// <summary>
    /// Matomo's <c>addCapabilities</c>: capabilities on sites the caller administers, for a user who has a role
    /// there that does not include them already (other sites are skipped without error, as in Matomo).
    /// </summary>
    private object AddCapabilities(ApiCall call)
    {
        var (login, capabilities, idSites) = CapabilityCall(call);
        if (login == "anonymous")
        {
            throw new ApiException("The anonymous user cannot be given capabilities.");
        }

        GiveCapabilities(login, idSites, capabilities);
        return ApiSuccess.Instance;
    }

    private object RemoveCapabilities(ApiCall call)
    {
        var (login, capabilities, idSites) = CapabilityCall(call);
        users.RemoveCapabilities(login, idSites, capabilities.Select(c => c.Id));
        return ApiSuccess.Instance;
    }

    private (string Login, List<Capability> Capabilities, List<int> IdSites) CapabilityCall(ApiCall call)
    {
        var idSites = SitesWithAdminAccess(call);
        var login = call.Parameters.Require("userLogin");
        _ = users.GetUser(login) ?? throw UnknownUser(login);
        var capabilities = call.Parameters.GetArray("capabilities");
        if (capabilities.Count == 0)
        {
            throw new ApiException("Please specify a value for 'capabilities'.");
        }

        return (login, [.. capabilities.Select(Capabilities.Require)], idSites);
    }

    private void GiveCapabilities(string login, IReadOnlyList<int> idSites, IReadOnlyList<Capability> capabilities)
    {
        var roles = users.GetAccess(login);
        foreach (var capability in capabilities)
        {
            foreach (var idSite in idSites)
            {
                if (roles.TryGetValue(idSite, out var role) && !capability.IncludedInRoles.Contains(role))
                {
                    users.AddCapability(login, idSite, capability.Id);
                }
            }
        }
    }

    /// <summary><c>idSites</c> (a comma list, <c>idSites[]</c>, or <c>all</c>): each must be a site the caller administers.</summary>
    private List<int> SitesWithAdminAccess(ApiCall call)
    {
        var given = call.Parameters.GetArray("idSites");
        if (given.Count == 0)
        {
            throw new ApiException("Please specify a value for 'idSites'.");
        }

        if (given.Count == 1 && given[0].Trim() == "all")
        {
            return [.. sites.GetAll().Select(s => s.IdSite).Where(id => call.Access.Has(id, AccessLevel.Admin))];
        }

        var idSites = new List<int>();
        foreach (var part in given.SelectMany(g => g.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)))
        {
            if (!int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var idSite))
            {
                throw new ApiException($"The parameter 'idSites' must be a list of website ids, but '{part}' was given.");
            }

            call.CheckSite(idSite, AccessLevel.Admin);
            idSites.Add(idSite);
        }

        return idSites;
    }

    private static void RequireSomeAdminAccess(ApiCall call)
    {
        if (!call.Access.IsSuperUser && !call.Access.Sites.Values.Any(level => level >= AccessLevel.Admin))
        {
            throw new ApiException("You can't access this resource as it requires 'admin' access for at least one website.", call.Access.IsAnonymous ? 401 : 200);
        }
    }

    /// <summary>Matomo's roles with their help pages.</summary>
    private static readonly (string Id, string Name, string Description, string HelpUrl)[] s_roles =
    [
        ("view", "View", "A user with this role can see all the reports of the website.", "https://matomo.org/faq/general/faq_70/"),
        ("write", "Write", "A user with this role can see the reports and create and change things such as goals and segments.", "https://matomo.org/faq/general/faq_26910"),
        ("admin", "Admin", "A user with this role can change the website's settings and give other users access to it.", "https://matomo.org/faq/general/faq_69/"),
    ];

    /// <summary>
    /// Matomo's <c>updateUser</c>: the user or a super user changes the password or the email; the caller
    /// confirms with their own password (a wrong one counts towards the brute-force lock-out).
    /// </summary>
    private object UpdateUser(ApiCall call)
    {
        var login = call.Parameters.Require("userLogin");
        RequireSelfOrSuperUser(call, login);
        var user = users.GetUser(login) ?? throw UnknownUser(login);
        var password = call["password"] is { Length: > 0 } given ? given : null;
        var email = call["email"] is { Length: > 0 } newEmail && newEmail != user.Email ? newEmail : null;
        if (password is null && email is null)
        {
            return ApiSuccess.Instance;
        }

        call.ConfirmCallerPassword(users.GetUser(call.Access.Login)?.PasswordHash);
        if (password is not null && password.Length < UserAdministration.MinPasswordLength)
        {
            throw new ApiException($"The password must be at least {UserAdministration.MinPasswordLength} characters long.");
        }

        if (email is not null)
        {
            if (!UserAdministration.IsEmail(email))
            {
                throw new ApiException($"The email \"{email}\" doesn't have a valid format.");
            }

            if (users.GetUserByEmail(email) is not null)
            {
                throw new ApiException($"The email \"{email}\" is already used by another user.");
            }
        }

        users.UpdateUser(login, password is null ? null : Credentials.HashPassword(password), email, clock.GetUtcNow().UtcDateTime);
        if (email is not null && user.IsPending)
        {
            // As in Matomo: a pending user's new address gets a new invitation, and the old address's link stops working.
            invitations.Resend(login, UserInvitations.DefaultExpiryDays, call.Access.Login);
        }

        return ApiSuccess.Instance;
    }

    /// <summary>Matomo's <c>setSuperUserAccess</c>: super users only, confirmed with their password; one super user always remains.</summary>
    private object SetSuperUserAccess(ApiCall call)
    {
        call.RequireSuperUser();
        var login = call.Parameters.Require("userLogin");
        var superUser = call.Parameters.GetBool("hasSuperUserAccess");
        call.ConfirmCallerPassword(users.GetUser(call.Access.Login)?.PasswordHash);
        var user = users.GetUser(login) ?? throw UnknownUser(login);
        if (!superUser && user.SuperUser && users.GetUsers().Count(u => u.SuperUser) <= 1)
        {
            throw new ApiException("Removing the Super User access of this user is not possible: at least one Super User must remain.");
        }

        users.SetSuperUser(login, superUser);
        tokens.Invalidate();
        return ApiSuccess.Instance;
    }

    private static void RequireSelfOrSuperUser(ApiCall call, string login)
    {
        if (!call.Access.IsSuperUser && call.Access.Login != login)
        {
            throw new ApiException($"The user has to be either a Super User or the user '{login}' itself.");
        }
    }

    private static ApiException UnknownUser(string login) => new($"The user '{login}' doesn't exist.");

    /// <summary>
    /// A user as Matomo's API shows them, with <c>invite_status</c>: <c>active</c>, <c>expired</c>, or the whole days
    /// an invitation has left.
    /// </summary>
    private PlainObject ToPlain(UserRecord user) => new()
    {
        ["login"] = user.Login,
        ["email"] = user.Email,
        ["superuser_access"] = user.SuperUser ? 1 : 0,
        ["date_registered"] = SqlDates.FormatDateTime(user.DateRegistered),
        ["invited_by"] = user.InvitedBy,
        ["invite_expired_at"] = user.InviteExpiredAt is { } expires ? SqlDates.FormatDateTime(expires) : null,
        ["invite_status"] = InviteStatus(user),
    };

    private object InviteStatus(UserRecord user)
    {
        if (!user.IsPending || user.InviteExpiredAt is not { } expires)
        {
            return "active";
        }

        var left = expires - clock.GetUtcNow().UtcDateTime;
        return left <= TimeSpan.Zero ? "expired" : (int)Math.Floor(left.TotalDays);
    }
}
