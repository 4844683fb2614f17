using System.Security.Cryptography;
using System.Text;

namespace Makoto.Storage.Users;

/// <summary>
/// How secrets are kept: passwords as bcrypt hashes (work factor 10); token_auth values as SHA-256
/// hashes (tokens are 128-bit random values, so a fast hash is safe and lets every request be
/// checked quickly).
/// </summary>
public static class Credentials
{
    public const string TokenHashAlgorithm = "sha256";
    private const int BcryptWorkFactor = 10;

    public static string HashPassword(string password) => BCrypt.Net.BCrypt.HashPassword(password, BcryptWorkFactor);

    /// <summary>
    /// True when <paramref name="password"/> matches <paramref name="hash"/>: a hash of Makoto's (bcrypt of the password)
    /// or one Matomo wrote into its user table (bcrypt of the password's MD5 in hex), so the users of an existing
    /// Matomo database keep their passwords. An empty hash (an invited user who has not chosen a password yet) matches nothing.
    /// </summary>
    public static bool VerifyPassword(string password, string hash) =>
        hash.Length > 0 && (Verify(password, hash) || Verify(Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes(password))), hash));

    private static bool Verify(string password, string hash)
    {
        try
        {
            return BCrypt.Net.BCrypt.Verify(password, hash);
        }
        catch (BCrypt.Net.SaltParseException)
        {
            return false;
        }
    }

    /// <summary>A new token_auth: 32 lower-case hex characters, as Matomo's.</summary>
    public static string NewToken() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    public static string HashToken(string token) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
}
