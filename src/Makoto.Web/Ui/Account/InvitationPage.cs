using Makoto.Plugins.UsersManager;
using Makoto.Storage.Users;

namespace Makoto.Web.Ui.Account;

/// <summary>
/// What the invitation pages share: finding the pending user of a token, where an unknown token counts as a
/// failed login attempt of the caller's address (as in Matomo), so tokens cannot be guessed.
/// </summary>
internal static class InvitationPage
{
    public static (UserRecord? User, bool Blocked) Find(UserInvitations invitations, LoginThrottle throttle, HttpContext context, string token)
    {
        var address = context.Connection.RemoteIpAddress;
        if (throttle.IsBlocked(address))
        {
            return (null, true);
        }

        var user = invitations.Find(token);
        if (user is null)
        {
            throttle.RecordFailure(address, "invitation");
        }

        return (user, false);
    }
}
