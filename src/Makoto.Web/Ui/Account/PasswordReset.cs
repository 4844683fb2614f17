using System.Security.Cryptography;
using System.Text;
using Makoto.Plugins.UsersManager;
using Makoto.Storage.Users;
using Microsoft.AspNetCore.DataProtection;

namespace Makoto.Web.Ui.Account;

/// <summary>
/// "Forgot your password?": a link valid for <see cref="LinkLifetime"/> is emailed to the user. The link
/// carries an encrypted, signed token naming the user and a fingerprint of their current password hash,
/// so it stops working once the password is changed (it is good for one reset) and nothing is stored.
/// The answer never says whether an account exists.
/// </summary>
public sealed partial class PasswordReset(
    IDataProtectionProvider protection,
    UserStore users,
    UserAdministration administration,
    IMailSender mail,
    UiOptions options,
    ILogger<PasswordReset> logger)
{
    public static readonly TimeSpan LinkLifetime = TimeSpan.FromHours(24);

    private readonly ITimeLimitedDataProtector _protector = protection.CreateProtector("Makoto.PasswordReset.v1").ToTimeLimitedDataProtector();

    /// <summary>Whether reset emails can be sent: an SMTP server and the public address are configured.</summary>
    public bool IsAvailable => mail.IsConfigured && Uri.TryCreate(options.PublicUrl, UriKind.Absolute, out _);

    /// <summary>Emails a reset link to the user named by <paramref name="loginOrEmail"/>, if there is one.</summary>
    public async Task RequestAsync(string loginOrEmail, CancellationToken cancellationToken)
    {
        if (!IsAvailable)
        {
            throw new InvalidOperationException("Password reset by email needs Makoto:Mail:Host, Makoto:Mail:From and Makoto:Ui:PublicUrl.");
        }

        var key = loginOrEmail.Trim();
        var user = users.GetUser(key) ?? users.GetUserByEmail(key);
        if (user is null || user.Login == "anonymous")
        {
            LogUnknown(key);
            return;
        }

        var token = _protector.Protect(user.Login + "\n" + Fingerprint(user.PasswordHash), LinkLifetime);
        var link = options.PublicUrl.TrimEnd('/') + "/login/reset?token=" + Uri.EscapeDataString(token);
        var body = $"""
            Hello {user.Login},

            Someone asked to reset the password of your Makoto account. To choose a new password, open this link
            within {LinkLifetime.TotalHours:0} hours:

            {link}

            If you did not ask for this, ignore this email; your password stays as it is.
            """;
        await mail.SendAsync(user.Email, "Makoto: reset your password", body, cancellationToken);
        LogSent(user.Login);
    }

    /// <summary>The login a reset token is for, or null when it is invalid, expired or already used.</summary>
    public string? Validate(string token)
    {
        string payload;
        try
        {
            payload = _protector.Unprotect(token);
        }
        catch (CryptographicException)
        {
            return null;
        }

        var newline = payload.IndexOf('\n', StringComparison.Ordinal);
        if (newline <= 0)
        {
            return null;
        }

        var login = payload[..newline];
        var user = users.GetUser(login);
        return user is not null && payload[(newline + 1)..] == Fingerprint(user.PasswordHash) ? login : null;
    }

    /// <summary>Sets the new password when the token is valid; false when it is not.</summary>
    public bool Reset(string token, string newPassword)
    {
        var login = Validate(token);
        if (login is null)
        {
            return false;
        }

        administration.ChangePassword(login, newPassword);
        LogReset(login);
        return true;
    }

    private static string Fingerprint(string passwordHash) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(passwordHash)))[..16];

    [LoggerMessage(Level = LogLevel.Information, Message = "A password reset was asked for '{Key}', which is no user; no email was sent.")]
    private partial void LogUnknown(string key);

    [LoggerMessage(Level = LogLevel.Information, Message = "A password reset link was emailed to the user '{Login}'.")]
    private partial void LogSent(string login);

    [LoggerMessage(Level = LogLevel.Information, Message = "The user '{Login}' set a new password with a reset link.")]
    private partial void LogReset(string login);
}
