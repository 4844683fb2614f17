using System.Security.Cryptography;
using System.Text;

namespace Makoto.Storage.Users;

/// <summary>
/// How token_auth values are kept in <c>user_token_auth.password</c>. Without Matomo's salt, Makoto's own way: the
/// SHA-256 of the token (<see cref="Credentials.HashToken"/>, <c>hash_algo</c> <c>sha256</c>). With the salt of the
/// Matomo installation whose database Makoto uses (<c>Makoto:Storage:MatomoSalt</c>, the <c>salt</c> of
/// <c>[General]</c> in Matomo's <c>config/config.ini.php</c>), Matomo 4/5's way: the SHA-512 of the token followed by
/// the salt, in lower-case hex, <c>hash_algo</c> <c>sha512</c> — so the tokens Matomo issued work in Makoto and the
/// tokens Makoto issues work in Matomo.
/// </summary>
public sealed class TokenHashing
{
    /// <summary>Matomo 4/5's <c>hash_algo</c> of token_auth rows.</summary>
    public const string MatomoAlgorithm = "sha512";

    private readonly string? _matomoSalt;

    /// <summary>Makoto's own hashing (no Matomo salt), or Matomo's when <paramref name="matomoSalt"/> is not empty.</summary>
    public TokenHashing(string? matomoSalt = null)
    {
        _matomoSalt = string.IsNullOrEmpty(matomoSalt) ? null : matomoSalt;
    }

    /// <summary>The <c>hash_algo</c> of the tokens created now.</summary>
    public string Algorithm => _matomoSalt is null ? Credentials.TokenHashAlgorithm : MatomoAlgorithm;

    /// <summary>How a token created now is stored.</summary>
    public string Hash(string token) => _matomoSalt is null ? Credentials.HashToken(token) : MatomoHash(token, _matomoSalt);

    /// <summary>
    /// The stored forms a presented token is looked up by: the current way first, then (with Matomo's salt) Makoto's
    /// own, so the tokens Makoto created before the salt was configured keep working.
    /// </summary>
    public string[] Candidates(string token) =>
        _matomoSalt is null ? [Credentials.HashToken(token)] : [MatomoHash(token, _matomoSalt), Credentials.HashToken(token)];

    private static string MatomoHash(string token, string salt) =>
        Convert.ToHexStringLower(SHA512.HashData(Encoding.UTF8.GetBytes(token + salt)));
}
