using System.Net;
using System.Net.Mail;

namespace Makoto.Web.Ui.Account;

/// <summary>Sends one plain-text email.</summary>
public interface IMailSender
{
    bool IsConfigured { get; }

    Task SendAsync(string to, string subject, string body, CancellationToken cancellationToken);
}

/// <summary>Sends through the SMTP server of <see cref="MailOptions"/>.</summary>
internal sealed class SmtpMailSender(MailOptions options) : IMailSender
{
    public bool IsConfigured => options.IsConfigured;

    public async Task SendAsync(string to, string subject, string body, CancellationToken cancellationToken)
    {
        if (!options.IsConfigured)
        {
            throw new InvalidOperationException("No SMTP server is configured (Makoto:Mail:Host and Makoto:Mail:From).");
        }

        using var client = new SmtpClient(options.Host, options.Port)
        {
            EnableSsl = options.UseTls,
            DeliveryMethod = SmtpDeliveryMethod.Network,
        };
        if (options.UserName.Length > 0)
        {
            client.Credentials = new NetworkCredential(options.UserName, options.Password);
        }

        using var message = new MailMessage(options.From, to, subject, body);
        await client.SendMailAsync(message, cancellationToken);
    }
}
