using Makoto.Plugins.UsersManager;

namespace Makoto.Web.Ui.Account;

/// <summary>Invitations go out through the SMTP server of the password reset emails, with links to <see cref="UiOptions.PublicUrl"/>.</summary>
internal sealed class InvitationMail(IMailSender mail, UiOptions options) : IInvitationMail
{
    public string? PublicUrl => Uri.TryCreate(options.PublicUrl, UriKind.Absolute, out _) ? options.PublicUrl : null;

    public bool CanSend => mail.IsConfigured && PublicUrl is not null;

    public Task SendAsync(string to, string subject, string body, CancellationToken cancellationToken) =>
        mail.SendAsync(to, subject, body, cancellationToken);
}
