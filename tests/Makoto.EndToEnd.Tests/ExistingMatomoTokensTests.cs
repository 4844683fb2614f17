using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Makoto.Tests.Shared;

namespace Makoto.EndToEnd.Tests;

/// <summary>
/// The token_auth values of an existing Matomo 4/5 database: Matomo keeps each as the SHA-512, in lower-case hex, of
/// the token followed by the <c>[General] salt</c> of its <c>config.ini.php</c> (<c>hash_algo</c> <c>sha512</c>). With
/// that salt in <c>Makoto:Storage:MatomoSalt</c>, Makoto accepts the tokens Matomo issued and stores the ones it
/// issues the same way; without it, Matomo's tokens are unknown to Makoto.
/// </summary>
public sealed class ExistingMatomoTokensTests : IDisposable
{
    private const string Salt = "a1b2c3d4e5f60718293a4b5c6d7e8f90";
    private const string MatomoToken = "5f4dcc3b5aa765d61d8327deb882cf99";
    private const string MatomoPassword = "matomo-secret";

    /// <summary>sha512(MatomoToken + Salt), computed with coreutils' <c>printf '%s' … | sha512sum</c>.</summary>
    private const string MatomoTokenHash =
        "1180a36d99f50bf31e5aa574d3f336d3b9e3dbea530268ae3f1c7e1ff3a3b16df5e2d0cb28b05b8fe148c244089aea0ce927ea63dd27ea50d4f1e8930a5284bd";

    private readonly MySqlTestDatabase _database;

    public ExistingMatomoTokensTests()
    {
        _database = MySqlTestDatabase.Create();
        MatomoDatabase.CreateSchema(_database);
        var md5 = Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes(MatomoPassword)));
        var password = BCrypt.Net.BCrypt.HashPassword(md5, BCrypt.Net.BCrypt.GenerateSalt(10, 'y'));
        _database.Run(
            $"""
            INSERT INTO matomo_user (login, password, email, superuser_access, date_registered)
              VALUES ('matomo-admin', '{password}', 'admin@shop.example.org', 1, '2024-01-01 00:00:00');
            INSERT INTO matomo_user_token_auth (login, description, password, hash_algo, system_token, date_created, date_expired, secure_only)
              VALUES ('matomo-admin', 'issued by Matomo', '{MatomoTokenHash}', 'sha512', 0, '2024-01-02 00:00:00', NULL, 0);
            INSERT INTO matomo_site (idsite, name, main_url, ts_created, ecommerce, sitesearch, sitesearch_keyword_parameters,
              sitesearch_category_parameters, timezone, currency, exclude_unknown_urls, excluded_ips, excluded_parameters,
              excluded_user_agents, excluded_referrers, `group`, `type`, keep_url_fragment, creator_login)
              VALUES (1, 'Matomo shop', 'https://shop.example.org', '2024-01-01 00:00:00', 0, 1, '', '', 'UTC', 'EUR', 0, '', '', '', '', '', 'website', 0, 'anonymous');
            """);
    }

    public void Dispose() => _database.Dispose();

    [Fact]
    public void The_documented_formula_gives_the_hash_Matomo_stores()
    {
        Assert.Equal(MatomoTokenHash, Convert.ToHexStringLower(SHA512.HashData(Encoding.UTF8.GetBytes(MatomoToken + Salt))));
    }

    [Fact]
    public async Task With_Matomos_salt_Matomos_tokens_work_and_Makotos_tokens_are_stored_as_Matomo_stores_them()
    {
        await using var server = await TestServer.StartOnMySqlAsync(
            _database.ConnectionString, MatomoDatabase.Prefix, "--Makoto:Archiving:BackgroundIntervalSeconds=0", $"--Makoto:Storage:MatomoSalt={Salt}");

        var sites = await Json(server, $"method=SitesManager.getSitesWithAtLeastViewAccess&token_auth={MatomoToken}");
        Assert.Equal("Matomo shop", Assert.Single(sites.EnumerateArray()).GetProperty("name").GetString());

        var created = await Json(
            server, $"method=UsersManager.createAppSpecificTokenAuth&userLogin=matomo-admin&passwordConfirmation={MatomoPassword}&description=by-makoto");
        var token = created.GetProperty("value").GetString()!;
        var row = Assert.Single(LogTables.Query(server, "SELECT password, hash_algo FROM user_token_auth WHERE description = 'by-makoto'"));
        Assert.Equal(Convert.ToHexStringLower(SHA512.HashData(Encoding.UTF8.GetBytes(token + Salt))), row["password"]);
        Assert.Equal("sha512", row["hash_algo"]);
        sites = await Json(server, $"method=SitesManager.getSitesWithAtLeastViewAccess&token_auth={token}");
        Assert.Single(sites.EnumerateArray());
    }

    [Fact]
    public async Task With_Matomos_salt_an_invitation_pending_in_Matomos_database_is_accepted_at_its_link()
    {
        // Matomo keeps an invitation's token hashed like a token_auth; MatomoToken serves as the invitation token here.
        _database.Run(
            $"""
            INSERT INTO matomo_user (login, password, email, superuser_access, date_registered, invited_by, invite_token, invite_expired_at)
              VALUES ('invited', '', 'invited@shop.example.org', 0, '2024-01-03 00:00:00', 'matomo-admin', '{MatomoTokenHash}', '2037-01-01 00:00:00');
            """);
        await using var server = await TestServer.StartOnMySqlAsync(
            _database.ConnectionString, MatomoDatabase.Prefix, "--Makoto:Archiving:BackgroundIntervalSeconds=0", $"--Makoto:Storage:MatomoSalt={Salt}");

        var invitations = server.Services.GetRequiredService<Makoto.Plugins.UsersManager.UserInvitations>();
        Assert.Equal("invited", invitations.Accept(MatomoToken, "invited-password"));
        var row = Assert.Single(LogTables.Query(server, "SELECT invite_token, password FROM user WHERE login = 'invited'"));
        Assert.Null(row["invite_token"]);
        Assert.NotEqual("", row["password"]);
    }

    [Fact]
    public async Task Without_Matomos_salt_Matomos_tokens_are_refused()
    {
        await using var server = await TestServer.StartOnMySqlAsync(
            _database.ConnectionString, MatomoDatabase.Prefix, "--Makoto:Archiving:BackgroundIntervalSeconds=0");
        var response = await server.Http.GetAsync(
            $"/index.php?module=API&format=json&method=SitesManager.getSitesWithAtLeastViewAccess&token_auth={MatomoToken}");
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, response.StatusCode);
        var answer = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("error", answer.GetProperty("result").GetString());
    }

    private static async Task<JsonElement> Json(TestServer server, string query)
    {
        var body = await server.Http.GetStringAsync($"/index.php?module=API&format=json&{query}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }
}
