using System.Globalization;

namespace Makoto.Storage.Users;

/// <summary>
/// A row of the <c>user</c> table. <see cref="PasswordHash"/> is a bcrypt hash (empty for an invited user who has not
/// accepted yet). An invited user is <see cref="IsPending"/> until they accept: their invitation (Matomo's
/// <c>invite_token</c> / <c>invite_link_token</c>) is good until <see cref="InviteExpiredAt"/>.
/// </summary>
public sealed record UserRecord(
    string Login,
    string PasswordHash,
    string Email,
    bool SuperUser,
    DateTime DateRegistered,
    string? InvitedBy = null,
    DateTime? InviteExpiredAt = null,
    bool IsPending = false);

/// <summary>A row of <c>user_token_auth</c>; the token itself is never stored, only its hash.</summary>
public sealed record TokenRecord(
    long Id,
    string Login,
    string Description,
    string Hash,
    string HashAlgorithm,
    DateTime DateCreated,
    DateTime? DateExpired,
    DateTime? LastUsed,
    bool SecureOnly);

/// <summary>The <c>user</c>, <c>user_token_auth</c> and <c>access</c> tables.</summary>
public sealed class UserStore(IDatabase database)
{
    private ISqlDialect D => database.Dialect;

    /// <summary>The columns <see cref="ReadUser"/> reads, in its order.</summary>
    private const string UserColumns =
        "login, password, email, superuser_access, date_registered, invited_by, invite_expired_at, CASE WHEN invite_token IS NULL THEN 0 ELSE 1 END";

    private string UserTable => D.Quote(D.Table("user"));

    public bool AnySuperUser()
    {
        using var connection = database.Open();
        return connection.Scalar($"SELECT 1 FROM {UserTable} WHERE superuser_access = 1 LIMIT 1") is not null;
    }

    public void AddUser(UserRecord user)
    {
        using var connection = database.Open();
        connection.Exec(
            $"""
            INSERT INTO {UserTable} (login, password, email, twofactor_secret, superuser_access, date_registered, ts_password_modified)
            VALUES (@login, @password, @email, '', @super, @registered, @registered)
            """,
            null,
            ("@login", user.Login),
            ("@password", user.PasswordHash),
            ("@email", user.Email),
            ("@super", user.SuperUser ? 1 : 0),
            ("@registered", D.DateTimeValue(user.DateRegistered)));
    }

    public UserRecord? GetUser(string login)
    {
        using var connection = database.Open();
        using var command = connection.Command(
            $"SELECT {UserColumns} FROM {UserTable} WHERE login = @login").With("@login", login);
        using var reader = command.ExecuteReader();
        return reader.Read() ? ReadUser(reader) : null;
    }

    public UserRecord? GetUserByEmail(string email)
    {
        using var connection = database.Open();
        using var command = connection.Command(
            $"SELECT {UserColumns} FROM {UserTable} WHERE email = @email").With("@email", email);
        using var reader = command.ExecuteReader();
        return reader.Read() ? ReadUser(reader) : null;
    }

    public IReadOnlyList<UserRecord> GetUsers()
    {
        using var connection = database.Open();
        using var command = connection.Command(
            $"SELECT {UserColumns} FROM {UserTable} WHERE login <> 'anonymous' ORDER BY login");
        using var reader = command.ExecuteReader();
        var users = new List<UserRecord>();
        while (reader.Read())
        {
            users.Add(ReadUser(reader));
        }

        return users;
    }

    public void UpdateUser(string login, string? passwordHash, string? email, DateTime now)
    {
        using var connection = database.Open();
        if (passwordHash is not null)
        {
            connection.Exec(
                $"UPDATE {UserTable} SET password = @p, ts_password_modified = @t WHERE login = @login",
                null,
                ("@p", passwordHash),
                ("@t", D.DateTimeValue(now)),
                ("@login", login));
        }

        if (email is not null)
        {
            connection.Exec($"UPDATE {UserTable} SET email = @e WHERE login = @login", null, ("@e", email), ("@login", login));
        }
    }

    public void SetSuperUser(string login, bool superUser)
    {
        using var connection = database.Open();
        connection.Exec(
            $"UPDATE {UserTable} SET superuser_access = @s WHERE login = @login",
            null,
            ("@s", superUser ? 1 : 0),
            ("@login", login));
    }

    public void DeleteUser(string login)
    {
        using var connection = database.Open();
        using var transaction = connection.BeginTransaction();
        connection.Exec($"DELETE FROM {UserTable} WHERE login = @login", transaction, ("@login", login));
        connection.Exec($"DELETE FROM {D.Table("user_token_auth")} WHERE login = @login", transaction, ("@login", login));
        connection.Exec($"DELETE FROM {D.Table("access")} WHERE login = @login", transaction, ("@login", login));
        connection.Exec($"DELETE FROM {D.Table("user_dashboard")} WHERE login = @login", transaction, ("@login", login));
        connection.Exec($"DELETE FROM {D.Table("twofactor_recovery_code")} WHERE login = @login", transaction, ("@login", login));
        transaction.Commit();
    }

    /// <summary>
    /// Adds an invited user (Matomo's pending user): no password, who invited them, and the hash of the invitation
    /// token good until <paramref name="expires"/>.
    /// </summary>
    public void AddInvitedUser(UserRecord user, string invitedBy, string tokenHash, DateTime expires)
    {
        using var connection = database.Open();
        connection.Exec(
            $"""
            INSERT INTO {UserTable} (login, password, email, twofactor_secret, superuser_access, date_registered, ts_password_modified,
                invited_by, invite_token, invite_expired_at)
            VALUES (@login, '', @email, '', 0, @registered, @registered, @by, @token, @expires)
            """,
            null,
            ("@login", user.Login),
            ("@email", user.Email),
            ("@registered", D.DateTimeValue(user.DateRegistered)),
            ("@by", invitedBy),
            ("@token", tokenHash),
            ("@expires", D.DateTimeValue(expires)));
    }

    /// <summary>
    /// Replaces the invitation token of a pending user (a new invitation email; the link of the previous one stops
    /// working) or, with <paramref name="linkToken"/>, the token of the shareable invitation link; both move the expiry.
    /// False when the user is not pending.
    /// </summary>
    public bool SetInviteToken(string login, string tokenHash, DateTime expires, bool linkToken)
    {
        using var connection = database.Open();
        var column = linkToken ? "invite_link_token" : "invite_token";
        return connection.Exec(
            $"UPDATE {UserTable} SET {column} = @token, invite_expired_at = @expires WHERE login = @login AND invite_token IS NOT NULL",
            null,
            ("@token", tokenHash),
            ("@expires", D.DateTimeValue(expires)),
            ("@login", login)) > 0;
    }

    /// <summary>The pending user whose invitation (emailed or shared link) has this token hash, expired or not.</summary>
    public UserRecord? FindByInviteToken(string tokenHash)
    {
        using var connection = database.Open();
        using var command = connection.Command(
            $"SELECT {UserColumns} FROM {UserTable} WHERE invite_token IS NOT NULL AND (invite_token = @token OR invite_link_token = @token)")
            .With("@token", tokenHash);
        using var reader = command.ExecuteReader();
        return reader.Read() ? ReadUser(reader) : null;
    }

    /// <summary>
    /// Makes a pending user an active one with their chosen password: the invitation tokens are cleared and the
    /// acceptance time is recorded (Matomo's <c>invite_accept_at</c>). False when the user is no longer pending.
    /// </summary>
    public bool AcceptInvite(string login, string passwordHash, DateTime now)
    {
        using var connection = database.Open();
        return connection.Exec(
            $"""
            UPDATE {UserTable} SET password = @p, ts_password_modified = @now, invite_token = NULL, invite_link_token = NULL,
                invite_accept_at = @now, invite_expired_at = NULL
            WHERE login = @login AND invite_token IS NOT NULL
            """,
            null,
            ("@p", passwordHash),
            ("@now", D.DateTimeValue(now)),
            ("@login", login)) > 0;
    }

    /// <summary>The pending users whose invitation expired before <paramref name="before"/>.</summary>
    public IReadOnlyList<string> GetExpiredInvites(DateTime before)
    {
        using var connection = database.Open();
        using var command = connection.Command(
            $"SELECT login FROM {UserTable} WHERE invite_token IS NOT NULL AND invite_expired_at IS NOT NULL AND invite_expired_at < @before ORDER BY login")
            .With("@before", D.DateTimeValue(before));
        using var reader = command.ExecuteReader();
        var logins = new List<string>();
        while (reader.Read())
        {
            logins.Add(reader.GetString(0));
        }

        return logins;
    }

    /// <summary>When the user's password was last set (null for users created before this was recorded).</summary>
    public DateTime? GetPasswordModified(string login)
    {
        using var connection = database.Open();
        using var command = connection.Command($"SELECT ts_password_modified FROM {UserTable} WHERE login = @login").With("@login", login);
        using var reader = command.ExecuteReader();
        return reader.Read() && !reader.IsDBNull(0) ? D.ReadDateTime(reader, 0) : null;
    }

    /// <summary>The user's two-factor (TOTP) secret in base32; empty when two-factor authentication is off.</summary>
    public string GetTwoFactorSecret(string login)
    {
        using var connection = database.Open();
        return connection.Scalar($"SELECT twofactor_secret FROM {UserTable} WHERE login = @login", null, ("@login", login)) as string ?? "";
    }

    /// <summary>
    /// Sets the two-factor secret and replaces the recovery codes (their hashes) in one transaction; an
    /// empty secret and no codes switch two-factor authentication off.
    /// </summary>
    public void SetTwoFactor(string login, string secret, IReadOnlyList<string> recoveryCodeHashes)
    {
        using var connection = database.Open();
        using var transaction = connection.BeginTransaction();
        connection.Exec($"UPDATE {UserTable} SET twofactor_secret = @s WHERE login = @login", transaction, ("@s", secret), ("@login", login));
        connection.Exec($"DELETE FROM {D.Table("twofactor_recovery_code")} WHERE login = @login", transaction, ("@login", login));
        foreach (var hash in recoveryCodeHashes)
        {
            connection.Exec(
                $"INSERT INTO {D.Table("twofactor_recovery_code")} (login, recovery_code) VALUES (@login, @code)",
                transaction,
                ("@login", login),
                ("@code", hash));
        }

        transaction.Commit();
    }

    /// <summary>Deletes one recovery code of the user by its hash; false when the user has no such code.</summary>
    public bool UseRecoveryCode(string login, string hash)
    {
        using var connection = database.Open();
        return connection.Exec(
            $"DELETE FROM {D.Table("twofactor_recovery_code")} WHERE login = @login AND recovery_code = @code",
            null,
            ("@login", login),
            ("@code", hash)) > 0;
    }

    public int CountRecoveryCodes(string login)
    {
        using var connection = database.Open();
        return Convert.ToInt32(
            connection.Scalar($"SELECT COUNT(*) FROM {D.Table("twofactor_recovery_code")} WHERE login = @login", null, ("@login", login)),
            CultureInfo.InvariantCulture);
    }

    public long AddToken(TokenRecord token)
    {
        using var connection = database.Open();
        connection.Exec(
            $"""
            INSERT INTO {D.Table("user_token_auth")} (login, description, password, hash_algo, system_token, date_created, date_expired, secure_only)
            VALUES (@login, @description, @hash, @algo, 0, @created, @expired, @secure)
            """,
            null,
            ("@login", token.Login),
            ("@description", token.Description),
            ("@hash", token.Hash),
            ("@algo", token.HashAlgorithm),
            ("@created", D.DateTimeValue(token.DateCreated)),
            ("@expired", token.DateExpired is { } e ? D.DateTimeValue(e) : null),
            ("@secure", token.SecureOnly ? 1 : 0));
        return Convert.ToInt64(connection.Scalar(D.LastInsertIdSql), CultureInfo.InvariantCulture);
    }

    public TokenRecord? FindToken(string hash)
    {
        using var connection = database.Open();
        using var command = connection.Command(
            $"""
            SELECT idusertokenauth, login, description, password, hash_algo, date_created, date_expired, last_used, secure_only
            FROM {D.Table("user_token_auth")} WHERE password = @hash
            """).With("@hash", hash);
        using var reader = command.ExecuteReader();
        return reader.Read() ? ReadToken(reader) : null;
    }

    public IReadOnlyList<TokenRecord> GetTokens(string login)
    {
        using var connection = database.Open();
        using var command = connection.Command(
            $"""
            SELECT idusertokenauth, login, description, password, hash_algo, date_created, date_expired, last_used, secure_only
            FROM {D.Table("user_token_auth")} WHERE login = @login ORDER BY idusertokenauth
            """).With("@login", login);
        using var reader = command.ExecuteReader();
        var tokens = new List<TokenRecord>();
        while (reader.Read())
        {
            tokens.Add(ReadToken(reader));
        }

        return tokens;
    }

    public bool DeleteToken(string login, long id)
    {
        using var connection = database.Open();
        return connection.Exec(
            $"DELETE FROM {D.Table("user_token_auth")} WHERE login = @login AND idusertokenauth = @id",
            null,
            ("@login", login),
            ("@id", id)) > 0;
    }

    public void TouchToken(long id, DateTime lastUsed)
    {
        using var connection = database.Open();
        connection.Exec(
            $"UPDATE {D.Table("user_token_auth")} SET last_used = @t WHERE idusertokenauth = @id",
            null,
            ("@t", D.DateTimeValue(lastUsed)),
            ("@id", id));
    }

    /// <summary>
    /// Sets one role (view, write, admin) for a user on sites, replacing the role they had there; their
    /// capabilities stay. <c>noaccess</c> removes the role and the capabilities, as in Matomo.
    /// </summary>
    public void SetAccess(string login, IEnumerable<int> idSites, string access)
    {
        using var connection = database.Open();
        using var transaction = connection.BeginTransaction();
        var onlyRoles = access == "noaccess" ? "" : $" AND access IN ({RoleList})";
        foreach (var idSite in idSites)
        {
            connection.Exec(
                $"DELETE FROM {D.Table("access")} WHERE login = @login AND idsite = @site{onlyRoles}",
                transaction,
                ("@login", login),
                ("@site", idSite));
            if (access != "noaccess")
            {
                InsertAccess(connection, transaction, login, idSite, access);
            }
        }

        transaction.Commit();
    }

    /// <summary>The user's role per site (view, write, admin).</summary>
    public IReadOnlyDictionary<int, string> GetAccess(string login)
    {
        using var connection = database.Open();
        using var command = connection.Command($"SELECT idsite, access FROM {D.Table("access")} WHERE login = @login AND access IN ({RoleList})")
            .With("@login", login);
        using var reader = command.ExecuteReader();
        var result = new Dictionary<int, string>();
        while (reader.Read())
        {
            result[reader.GetInt32OrNull(0)!.Value] = reader.GetString(1);
        }

        return result;
    }

    /// <summary>Login → role for one site.</summary>
    public IReadOnlyDictionary<string, string> GetUsersAccessFromSite(int idSite)
    {
        using var connection = database.Open();
        using var command = connection.Command(
            $"SELECT login, access FROM {D.Table("access")} WHERE idsite = @site AND access IN ({RoleList}) ORDER BY login").With("@site", idSite);
        using var reader = command.ExecuteReader();
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        while (reader.Read())
        {
            result[reader.GetString(0)] = reader.GetString(1);
        }

        return result;
    }

    /// <summary>
    /// The user's capabilities (Matomo stores them as access rows named after the capability, e.g.
    /// <c>tagmanager_write</c>), by site then in the order they were given.
    /// </summary>
    public IReadOnlyList<(int IdSite, string Capability)> GetCapabilities(string login)
    {
        using var connection = database.Open();
        using var command = connection.Command(
            $"SELECT idsite, access FROM {D.Table("access")} WHERE login = @login AND access NOT IN ({RoleList}) ORDER BY idsite, idaccess")
            .With("@login", login);
        using var reader = command.ExecuteReader();
        var result = new List<(int, string)>();
        while (reader.Read())
        {
            result.Add((reader.GetInt32OrNull(0)!.Value, reader.GetString(1)));
        }

        return result;
    }

    /// <summary>Gives a capability on a site (once: a capability the user already has there is not added twice).</summary>
    public void AddCapability(string login, int idSite, string capability)
    {
        using var connection = database.Open();
        using var transaction = connection.BeginTransaction();
        var exists = connection.Scalar(
            $"SELECT 1 FROM {D.Table("access")} WHERE login = @login AND idsite = @site AND access = @access",
            transaction,
            ("@login", login),
            ("@site", idSite),
            ("@access", capability)) is not null;
        if (!exists)
        {
            InsertAccess(connection, transaction, login, idSite, capability);
        }

        transaction.Commit();
    }

    /// <summary>Takes capabilities away on sites.</summary>
    public void RemoveCapabilities(string login, IEnumerable<int> idSites, IEnumerable<string> capabilities)
    {
        using var connection = database.Open();
        using var transaction = connection.BeginTransaction();
        foreach (var idSite in idSites)
        {
            foreach (var capability in capabilities)
            {
                connection.Exec(
                    $"DELETE FROM {D.Table("access")} WHERE login = @login AND idsite = @site AND access = @access",
                    transaction,
                    ("@login", login),
                    ("@site", idSite),
                    ("@access", capability));
            }
        }

        transaction.Commit();
    }

    private const string RoleList = "'view', 'write', 'admin'";

    private void InsertAccess(System.Data.Common.DbConnection connection, System.Data.Common.DbTransaction transaction, string login, int idSite, string access) =>
        connection.Exec(
            $"INSERT INTO {D.Table("access")} (login, idsite, access) VALUES (@login, @site, @access)",
            transaction,
            ("@login", login),
            ("@site", idSite),
            ("@access", access));

    public void DeleteAccessToSite(int idSite)
    {
        using var connection = database.Open();
        connection.Exec($"DELETE FROM {D.Table("access")} WHERE idsite = @site", null, ("@site", idSite));
    }

    private UserRecord ReadUser(System.Data.Common.DbDataReader reader) => new(
        reader.GetString(0),
        reader.GetString(1),
        reader.GetString(2),
        reader.GetInt32OrNull(3) == 1,
        reader.IsDBNull(4) ? DateTime.UnixEpoch : D.ReadDateTime(reader, 4),
        reader.IsDBNull(5) ? null : reader.GetString(5),
        reader.IsDBNull(6) ? null : D.ReadDateTime(reader, 6),
        reader.GetInt32OrNull(7) == 1);

    private TokenRecord ReadToken(System.Data.Common.DbDataReader reader) => new(
        reader.GetInt64(0),
        reader.GetString(1),
        reader.GetString(2),
        reader.GetString(3),
        reader.GetString(4),
        D.ReadDateTime(reader, 5),
        reader.IsDBNull(6) ? null : D.ReadDateTime(reader, 6),
        reader.IsDBNull(7) ? null : D.ReadDateTime(reader, 7),
        reader.GetInt32OrNull(8) == 1);
}
