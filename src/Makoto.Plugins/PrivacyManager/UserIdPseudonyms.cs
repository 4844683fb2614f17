using System.Security.Cryptography;
using System.Text;
using Makoto.Storage.Options;

namespace Makoto.Plugins.PrivacyManager;

/// <summary>
/// The pseudonym of a User ID (Matomo's pseudo-anonymization): the SHA-1 of the User ID followed by this store's
/// salt, in hexadecimal — the same User ID always gets the same pseudonym, so a user's visits stay together. Used
/// while tracking (<c>PrivacyManager.anonymizeUserId</c>) and when anonymizing past data. The salt is Matomo's
/// <c>useridsalt</c> option, made on first use.
/// </summary>
public sealed class UserIdPseudonyms(OptionStore options)
{
    public const string SaltOption = "useridsalt";

    /// <summary>The option an earlier Makoto kept the salt under; its value is taken over so pseudonyms stay the same.</summary>
    private const string EarlierSaltOption = "makoto_user_id_salt";

    private string? _salt;

    public string Pseudonym(string userId) => Pseudonym(userId, Salt());

    /// <summary>The pseudonym function with the salt read (or made) now: for use inside another transaction, which must not wait for the option table.</summary>
    public Func<string, string> Pseudonymizer()
    {
        var salt = Salt();
        return userId => Pseudonym(userId, salt);
    }

    private static string Pseudonym(string userId, string salt) => Convert.ToHexStringLower(SHA1.HashData(Encoding.UTF8.GetBytes(userId + salt)));

    private string Salt() => _salt ??= options.GetOrCreate(
        SaltOption,
        () => options.Get(EarlierSaltOption) ?? Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(20)));
}
