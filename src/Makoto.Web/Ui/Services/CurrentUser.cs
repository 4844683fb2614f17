using System.Security.Claims;
using Makoto.Core.Security;
using Makoto.Storage.Users;
using Makoto.Web.Ui.Account;
using Microsoft.AspNetCore.Components.Authorization;

namespace Makoto.Web.Ui.Services;

/// <summary>The logged-in user of a UI connection: login, access per site (read fresh on each call) and session token.</summary>
public sealed class CurrentUser(AuthenticationStateProvider authentication, TokenAuthenticator tokens)
{
    public async Task<ClaimsPrincipal> PrincipalAsync() => (await authentication.GetAuthenticationStateAsync()).User;

    /// <summary>The user's access; anonymous when nobody is logged in or the user no longer exists.</summary>
    public async Task<UserAccess> AccessAsync()
    {
        var login = (await PrincipalAsync()).Identity?.Name;
        return string.IsNullOrEmpty(login) ? UserAccess.Anonymous : tokens.ForLogin(login) ?? UserAccess.Anonymous;
    }

    /// <summary>The session token that export links pass as <c>token_auth</c> with <c>force_api_session=1</c>.</summary>
    public async Task<string> ApiTokenAsync() => (await PrincipalAsync()).FindFirst(Session.ApiTokenClaim)?.Value ?? "";
}
