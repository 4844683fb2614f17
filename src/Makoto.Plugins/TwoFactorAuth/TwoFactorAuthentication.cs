using System.Collections.Concurrent;
using System.Security.Cryptography;
using Makoto.Storage.Users;
using OtpNet;

namespace Makoto.Plugins.TwoFactorAuth;

/// <summary>
/// TOTP two-factor authentication as Matomo does it (RFC 6238: SHA-1, 6 digits, 30-second steps, the
/// secret in base32 in <c>user.twofactor_secret</c>), so authenticator apps set up for Matomo keep
/// working. A code is accepted one step before or after the current one and only once; recovery codes
/// (ten, single use) stand in for a lost phone and are kept as SHA-256 hashes.
/// </summary>
public sealed class TwoFactorAuthentication(UserStore users, TimeProvider clock)
{
    public const string Issuer = "Makoto";
    public const int RecoveryCodeCount = 10;

    private const string RecoveryAlphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";

    /// <summary>The last accepted time step per login, so a code cannot be replayed within its window.</summary>
    private readonly ConcurrentDictionary<string, long> _lastStep = new(StringComparer.Ordinal);

    public bool IsEnabled(string login) => users.GetTwoFactorSecret(login).Length > 0;

    public int RemainingRecoveryCodes(string login) => users.CountRecoveryCodes(login);

    /// <summary>A new random secret (160 bits) in base32 without padding, for the user to add to an app.</summary>
    public static string NewSecret() => Base32Encoding.ToString(KeyGeneration.GenerateRandomKey(20)).TrimEnd('=');

    /// <summary>The <c>otpauth://</c> address authenticator apps read (as text or from a QR code).</summary>
    public static string ProvisioningUri(string login, string secret) =>
        $"otpauth://totp/{Uri.EscapeDataString(Issuer)}:{Uri.EscapeDataString(login)}?secret={secret}&issuer={Uri.EscapeDataString(Issuer)}&algorithm=SHA1&digits=6&period=30";

    /// <summary>
    /// Switches two-factor authentication on with <paramref name="secret"/> once <paramref name="code"/>
    /// shows the app has it; returns the new recovery codes (shown once).
    /// </summary>
    public IReadOnlyList<string> Enable(string login, string secret, string code)
    {
        if (!TryVerifyTotp(login, secret, code))
        {
            throw new ArgumentException("The authentication code is not correct. Check the time of your phone and enter the code your app shows now.");
        }

        var codes = NewRecoveryCodes();
        users.SetTwoFactor(login, secret, [.. codes.Select(HashCode)]);
        return codes;
    }

    public void Disable(string login)
    {
        users.SetTwoFactor(login, "", []);
        _lastStep.TryRemove(login, out _);
    }

    /// <summary>Replaces the recovery codes of a user who has two-factor authentication on.</summary>
    public IReadOnlyList<string> RegenerateRecoveryCodes(string login)
    {
        var secret = users.GetTwoFactorSecret(login);
        if (secret.Length == 0)
        {
            throw new ArgumentException("Two-factor authentication is not enabled for this user.");
        }

        var codes = NewRecoveryCodes();
        users.SetTwoFactor(login, secret, [.. codes.Select(HashCode)]);
        return codes;
    }

    /// <summary>True when <paramref name="code"/> is the user's current TOTP code (not used before) or one of their recovery codes (used up).</summary>
    public bool Verify(string login, string code)
    {
        var secret = users.GetTwoFactorSecret(login);
        if (secret.Length == 0)
        {
            return false;
        }

        var trimmed = code.Replace(" ", "", StringComparison.Ordinal).Trim();
        if (trimmed.Length == 6 && trimmed.All(char.IsAsciiDigit))
        {
            return TryVerifyTotp(login, secret, trimmed);
        }

        return trimmed.Length > 0 && users.UseRecoveryCode(login, HashCode(trimmed));
    }

    private bool TryVerifyTotp(string login, string secret, string code)
    {
        byte[] key;
        try
        {
            key = Base32Encoding.ToBytes(secret);
        }
        catch (ArgumentException)
        {
            return false;
        }

        var totp = new Totp(key, step: 30, mode: OtpHashMode.Sha1, totpSize: 6);
        if (!totp.VerifyTotp(clock.GetUtcNow().UtcDateTime, code.Trim(), out var step, new VerificationWindow(previous: 1, future: 1)))
        {
            return false;
        }

        var accepted = false;
        _lastStep.AddOrUpdate(
            login,
            _ =>
            {
                accepted = true;
                return step;
            },
            (_, last) =>
            {
                accepted = step > last;
                return accepted ? step : last;
            });
        return accepted;
    }

    private static List<string> NewRecoveryCodes()
    {
        var codes = new List<string>(RecoveryCodeCount);
        for (var i = 0; i < RecoveryCodeCount; i++)
        {
            codes.Add(RandomNumberGenerator.GetString(RecoveryAlphabet, 4) + "-" + RandomNumberGenerator.GetString(RecoveryAlphabet, 4) + "-" + RandomNumberGenerator.GetString(RecoveryAlphabet, 4));
        }

        return codes;
    }

    /// <summary>Recovery codes are compared without case and dashes.</summary>
    private static string HashCode(string code) =>
        Credentials.HashToken(code.Replace("-", "", StringComparison.Ordinal).ToUpperInvariant());
}
