using Makoto.Storage.Users;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;

namespace Makoto.Web.Ui.Account;

/// <summary>
/// Checks an open UI connection's session every minute: a user who was deleted or changed their
/// password elsewhere is logged out of the pages that are open too.
/// </summary>
internal sealed class SessionRevalidator(ILoggerFactory loggerFactory, UserStore users) : RevalidatingServerAuthenticationStateProvider(loggerFactory)
{
    protected override TimeSpan RevalidationInterval => TimeSpan.FromMinutes(1);

    protected override Task<bool> ValidateAuthenticationStateAsync(AuthenticationState authenticationState, CancellationToken cancellationToken) =>
        Task.FromResult(Session.IsStillValid(authenticationState.User, users));
}
