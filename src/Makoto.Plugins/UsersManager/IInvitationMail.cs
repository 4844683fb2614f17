namespace Makoto.Plugins.UsersManager;

/// <summary>
/// How invitations reach people: the email server and the public address that links in emails point to.
/// The web host provides the real one (its SMTP settings and <c>Makoto:Ui:PublicUrl</c>); without it
/// <see cref="NoInvitationMail"/> says that nothing can be sent, and an invitation link is shared by hand
/// (<c>UsersManager.generateInviteLink</c>).
/// </summary>
public interface IInvitationMail
{
    /// <summary>The address people open Makoto at (<c>https://analytics.example.org</c>); null when not configured.</summary>
    string? PublicUrl { get; }

    /// <summary>Whether an email can be sent: an SMTP server and <see cref="PublicUrl"/> are configured.</summary>
    bool CanSend { get; }

    Task SendAsync(string to, string subject, string body, CancellationToken cancellationToken);
}

/// <summary>No email server: invitations are not emailed.</summary>
internal sealed class NoInvitationMail : IInvitationMail
{
    public string? PublicUrl => null;

    public bool CanSend => false;

    public Task SendAsync(string to, string subject, string body, CancellationToken cancellationToken) =>
        throw new InvalidOperationException("No SMTP server is configured (Makoto:Mail:Host and Makoto:Mail:From).");
}
