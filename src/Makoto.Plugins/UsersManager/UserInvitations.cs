using Makoto.Storage.Sites;
using Makoto.Storage.Users;
using Microsoft.Extensions.Logging;

namespace Makoto.Plugins.UsersManager;

/// <summary>
/// Matomo's user invitations: an administrator invites a user by login and email with view access to one site;
/// the user exists at once but has no password (a pending user) until they open the invitation link, choose a
/// password and accept — or decline, which deletes them. An invitation is good for a number of days; an expired
/// one can be sent again, and <see cref="RemoveExpired"/> deletes the pending users whose invitation expired more
/// than <see cref="RemovedAfterExpiry"/> ago, as Matomo's daily task does. Only hashes of the tokens are stored. With
/// email set up, the invitation is emailed and the inviter hears when it is accepted or declined.
/// </summary>
public sealed partial class UserInvitations(
    UserStore users,
    UserAdministration administration,
    SiteStore sites,
    IInvitationMail mail,
    TokenHashing hashing,
    TimeProvider clock,
    ILogger<UserInvitations> logger)
{
    /// <summary>Matomo's <c>default_invite_user_token_expiry_days</c>.</summary>
    public const int DefaultExpiryDays = 7;

    /// <summary>How long an expired invitation stays (so it can be sent again) before its pending user is deleted.</summary>
    public static readonly TimeSpan RemovedAfterExpiry = TimeSpan.FromDays(3);

    private static readonly TimeSpan s_sendTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Whether invitations are emailed (an SMTP server and the public address are configured).</summary>
    public bool CanEmail => mail.CanSend;

    /// <summary>The configured public address for links, or null (then links are built from the request's address).</summary>
    public string? PublicUrl => mail.PublicUrl;

    /// <summary>
    /// Creates the pending user with view access to <paramref name="idSite"/> and emails the invitation when email is
    /// set up. Throws <see cref="ArgumentException"/> with Matomo's rules for the login and the email.
    /// </summary>
    public void Invite(string login, string email, int idSite, int expiryInDays, string invitedBy)
    {
        administration.CheckNewUser(login, email);
        var token = Credentials.NewToken();
        var now = clock.GetUtcNow().UtcDateTime;
        users.AddInvitedUser(new UserRecord(login, "", email, false, now), invitedBy, hashing.Hash(token), now.AddDays(expiryInDays));
        administration.SetAccess(login, [idSite], "view");
        LogInvited(login, invitedBy);
        SendInvitation(login, token, expiryInDays, invitedBy);
    }

    /// <summary>A new invitation token, emailed (the previous email's link stops working); false when the user is not pending.</summary>
    public bool Resend(string login, int expiryInDays, string sentBy)
    {
        var token = Credentials.NewToken();
        if (!users.SetInviteToken(login, hashing.Hash(token), clock.GetUtcNow().UtcDateTime.AddDays(expiryInDays), linkToken: false))
        {
            return false;
        }

        SendInvitation(login, token, expiryInDays, sentBy);
        return true;
    }

    /// <summary>
    /// A new token for an invitation link to share by hand (Matomo's <c>invite_link_token</c>; the emailed link stays
    /// good); null when the user is not pending.
    /// </summary>
    public string? NewLinkToken(string login, int expiryInDays)
    {
        var token = Credentials.NewToken();
        return users.SetInviteToken(login, hashing.Hash(token), clock.GetUtcNow().UtcDateTime.AddDays(expiryInDays), linkToken: true)
            ? token
            : null;
    }

    /// <summary>The pending user an invitation token is for; null when the token is unknown, used or expired.</summary>
    public UserRecord? Find(string token)
    {
        if (string.IsNullOrEmpty(token))
        {
            return null;
        }

        // Hashed as Matomo hashes it when its salt is configured, so invitations pending in a Matomo database work too.
        UserRecord? user = null;
        foreach (var candidate in hashing.Candidates(token))
        {
            user ??= users.FindByInviteToken(candidate);
        }

        return user is null || (user.InviteExpiredAt is { } expires && expires < clock.GetUtcNow().UtcDateTime) ? null : user;
    }

    /// <summary>
    /// Accepts the invitation with the password the user chose: they become an active user who can log in. Null when the
    /// token is not (or no longer) good; throws <see cref="ArgumentException"/> for a password Matomo's rules refuse.
    /// </summary>
    public string? Accept(string token, string password)
    {
        var user = Find(token);
        if (user is null)
        {
            return null;
        }

        UserAdministration.ValidatePassword(password);
        if (!users.AcceptInvite(user.Login, Credentials.HashPassword(password), clock.GetUtcNow().UtcDateTime))
        {
            return null;
        }

        LogAccepted(user.Login);
        NotifyInviter(user, "accepted");
        return user.Login;
    }

    /// <summary>Declines the invitation: the pending user is deleted. Null when the token is not (or no longer) good.</summary>
    public string? Decline(string token)
    {
        var user = Find(token);
        if (user is null)
        {
            return null;
        }

        users.DeleteUser(user.Login);
        LogDeclined(user.Login);
        NotifyInviter(user, "declined");
        return user.Login;
    }

    /// <summary>Deletes the pending users whose invitation expired more than <see cref="RemovedAfterExpiry"/> ago; returns how many.</summary>
    public int RemoveExpired()
    {
        var expired = users.GetExpiredInvites(clock.GetUtcNow().UtcDateTime - RemovedAfterExpiry);
        foreach (var login in expired)
        {
            users.DeleteUser(login);
            LogRemoved(login);
        }

        return expired.Count;
    }

    /// <summary>Matomo's invitation link (<c>index.php?module=Login&amp;action=acceptInvitation&amp;token=…</c>) under <paramref name="baseUrl"/>.</summary>
    public static string AcceptLink(string baseUrl, string token) =>
        baseUrl.TrimEnd('/') + "/index.php?module=Login&action=acceptInvitation&token=" + Uri.EscapeDataString(token);

    /// <summary>Matomo's link to decline an invitation.</summary>
    public static string DeclineLink(string baseUrl, string token) =>
        baseUrl.TrimEnd('/') + "/index.php?module=Login&action=declineInvitation&token=" + Uri.EscapeDataString(token);

    /// <summary>Emails the invitation when email is set up (errors are logged, as Matomo's <c>safeSend</c>: the user stays invited).</summary>
    private void SendInvitation(string login, string token, int expiryInDays, string invitedBy)
    {
        var user = users.GetUser(login);
        if (user is null)
        {
            return;
        }

        if (!mail.CanSend || mail.PublicUrl is not { } publicUrl)
        {
            LogNotEmailed(login);
            return;
        }

        var site = users.GetAccess(login).Keys.Order().Select(sites.Get).FirstOrDefault(s => s is not null);
        var body = $"""
            Hello {login},

            {invitedBy} invited you to Makoto to see the analytics of {site?.Name ?? "a website"}.
            To accept, open this link and choose your password:

            {AcceptLink(publicUrl, token)}

            The invitation expires in {expiryInDays} days. If you do not want this account, decline the invitation:

            {DeclineLink(publicUrl, token)}
            """;
        if (TrySend(user.Email, $"{invitedBy} invited you to Makoto", body))
        {
            LogEmailed(login);
        }
    }

    /// <summary>As Matomo does, the user who sent the invitation hears that it was accepted or declined (when email is set up).</summary>
    private void NotifyInviter(UserRecord invited, string outcome)
    {
        if (!mail.CanSend || invited.InvitedBy is not { } inviter || users.GetUser(inviter) is not { } sender)
        {
            return;
        }

        var body = $"""
            Hello {sender.Login},

            {invited.Login} ({invited.Email}) {outcome} your invitation to Makoto.
            """;
        TrySend(sender.Email, $"{invited.Login} {outcome} your invitation", body);
    }

    /// <summary>Sends one email; a failure is logged and not passed on (Matomo's <c>safeSend</c>).</summary>
    private bool TrySend(string to, string subject, string body)
    {
        try
        {
            using var timeout = new CancellationTokenSource(s_sendTimeout);
            mail.SendAsync(to, subject, body, timeout.Token).GetAwaiter().GetResult();
            return true;
        }
        catch (Exception error) when (error is not OutOfMemoryException)
        {
            LogSendFailed(error, to);
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "The user '{Login}' was invited by '{InvitedBy}'.")]
    private partial void LogInvited(string login, string invitedBy);

    [LoggerMessage(Level = LogLevel.Information, Message = "The invitation of '{Login}' was emailed.")]
    private partial void LogEmailed(string login);

    [LoggerMessage(Level = LogLevel.Information, Message = "The invitation of '{Login}' was not emailed: no SMTP server or public address is configured; share a link from UsersManager.generateInviteLink.")]
    private partial void LogNotEmailed(string login);

    [LoggerMessage(Level = LogLevel.Warning, Message = "An invitation email to {Address} could not be sent.")]
    private partial void LogSendFailed(Exception error, string address);

    [LoggerMessage(Level = LogLevel.Information, Message = "The user '{Login}' accepted their invitation.")]
    private partial void LogAccepted(string login);

    [LoggerMessage(Level = LogLevel.Information, Message = "The user '{Login}' declined their invitation and was deleted.")]
    private partial void LogDeclined(string login);

    [LoggerMessage(Level = LogLevel.Information, Message = "The pending user '{Login}' was deleted: their invitation expired.")]
    private partial void LogRemoved(string login);
}
