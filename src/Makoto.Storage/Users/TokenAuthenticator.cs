using System.Collections.Concurrent;
using Makoto.Core.Security;

namespace Makoto.Storage.Users;

/// <summary>
/// Resolves a token_auth to the user's access. Results are cached for a short time because every
/// authenticated tracking request and API call needs them; any change to users, tokens or access
/// calls <see cref="Invalidate"/>. Tokens are looked up by their stored hash (<see cref="TokenHashing"/>).
/// </summary>
public sealed class TokenAuthenticator(UserStore users, TimeProvider clock, TokenHashing? hashing = null)
{
    private readonly TokenHashing _hashing = hashing ?? new TokenHashing();

    private static readonly TimeSpan s_cacheLifetime = TimeSpan.FromSeconds(60);
    private readonly ConcurrentDictionary<string, (UserAccess? Access, DateTimeOffset CachedAt)> _cache = new(StringComparer.Ordinal);

    /// <summary>The access granted by <paramref name="token"/>, or null if the token is unknown or expired.</summary>
    public UserAccess? Authenticate(string? token)
    {
        if (string.IsNullOrEmpty(token) || token == "anonymous" || token.Length > 256)
        {
            return null;
        }

        var now = clock.GetUtcNow();
        if (_cache.TryGetValue(token, out var cached) && now - cached.CachedAt < s_cacheLifetime)
        {
            return cached.Access;
        }

        var access = Load(token, now.UtcDateTime);
        if (_cache.Count > 10_000)
        {
            _cache.Clear();
        }

        _cache[token] = (access, now);
        return access;
    }

    /// <summary>The access of a user by login (for sessions and tokens already resolved).</summary>
    public UserAccess? ForLogin(string login)
    {
        var user = users.GetUser(login);
        return user is null ? null : Build(user);
    }

    public void Invalidate() => _cache.Clear();

    private UserAccess? Load(string token, DateTime now)
    {
        TokenRecord? record = null;
        foreach (var hash in _hashing.Candidates(token))
        {
            if ((record = users.FindToken(hash)) is not null)
            {
                break;
            }
        }

        if (record is null || (record.DateExpired is { } expired && expired <= now))
        {
            return null;
        }

        var user = users.GetUser(record.Login);
        if (user is null)
        {
            return null;
        }

        if (record.LastUsed is null || now - record.LastUsed.Value > TimeSpan.FromMinutes(10))
        {
            users.TouchToken(record.Id, now);
        }

        return Build(user);
    }

    private UserAccess Build(UserRecord user)
    {
        var sites = new Dictionary<int, AccessLevel>();
        foreach (var (idSite, name) in users.GetAccess(user.Login))
        {
            if (UserAccess.TryParse(name, out var level))
            {
                sites[idSite] = level;
            }
        }

        return new UserAccess(user.Login, user.SuperUser, sites);
    }
}
