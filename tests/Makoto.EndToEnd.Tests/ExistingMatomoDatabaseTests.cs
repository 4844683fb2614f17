using System.Net;
using System.Text.Json;
using Makoto.Tests.Shared;

namespace Makoto.EndToEnd.Tests;

/// <summary>
/// Makoto pointed at a Matomo 5 installation's MariaDB database: Matomo's own schema (<c>matomo-5-schema.sql</c>,
/// written from the spec, not by Makoto) with a site, a goal and log rows inserted as Matomo's tracker writes them.
/// Makoto archives and serves the reports from those rows (values worked out by hand below), then takes over
/// tracking into the same tables. Matomo's super user signs in with the password Matomo hashed: Makoto creates no
/// user of its own in a database that has one.
/// </summary>
/// <remarks>
/// On 2024-03-14 (site in UTC): visit 1 (France) views / at 10:00 and /contact at 10:02, converting goal 1
/// ("contact" in the URL, revenue 10); visit 2 (Germany) views / at 15:00 and leaves. Visit 3 views / on the 13th.
/// </remarks>
public sealed class ExistingMatomoDatabaseTests : IAsyncLifetime
{
    private const string Day = "2024-03-14";
    private const string MatomoPassword = "matomo-secret";

    private string _token = "";

    private MySqlTestDatabase _database = null!;
    private TestServer _server = null!;

    public async ValueTask InitializeAsync()
    {
        _database = MySqlTestDatabase.Create();
        MatomoDatabase.CreateSchema(_database);

        // Matomo keeps password_hash(md5(password)): bcrypt, PHP's "$2y$" variant, of the password's MD5 in hex.
        var md5 = Convert.ToHexStringLower(System.Security.Cryptography.MD5.HashData(System.Text.Encoding.UTF8.GetBytes(MatomoPassword)));
        var hash = BCrypt.Net.BCrypt.HashPassword(md5, BCrypt.Net.BCrypt.GenerateSalt(10, 'y'));
        Assert.StartsWith("$2y$10$", hash, StringComparison.Ordinal);
        _database.Run(
            $"INSERT INTO matomo_user (login, password, email, superuser_access, date_registered) VALUES ('matomo-admin', '{hash}', 'admin@shop.example.org', 1, '2024-01-01 00:00:00')");
        _database.Run(
            """
            INSERT INTO matomo_site (idsite, name, main_url, ts_created, ecommerce, sitesearch, sitesearch_keyword_parameters,
              sitesearch_category_parameters, timezone, currency, exclude_unknown_urls, excluded_ips, excluded_parameters,
              excluded_user_agents, excluded_referrers, `group`, `type`, keep_url_fragment, creator_login)
              VALUES (1, 'Matomo shop', 'https://shop.example.org', '2024-01-01 00:00:00', 0, 1, '', '', 'UTC', 'EUR', 0, '', '', '', '', '', 'website', 0, 'anonymous');
            INSERT INTO matomo_site_url (idsite, url) VALUES (1, 'https://shop.example.org');
            INSERT INTO matomo_goal (idsite, idgoal, name, description, match_attribute, pattern, pattern_type, case_sensitive,
              allow_multiple, revenue, deleted, event_value_as_revenue)
              VALUES (1, 1, 'Contact page', '', 'url', 'contact', 'contains', 0, 0, 10, 0, 0);

            INSERT INTO matomo_log_action (idaction, name, hash, type, url_prefix) VALUES
              (1, 'shop.example.org/', CRC32('shop.example.org/'), 1, 2),
              (2, 'Home', CRC32('Home'), 4, NULL),
              (3, 'shop.example.org/contact', CRC32('shop.example.org/contact'), 1, 2),
              (4, 'Contact', CRC32('Contact'), 4, NULL);

            INSERT INTO matomo_log_visit (idvisit, idsite, idvisitor, visit_last_action_time, config_id, location_ip, profilable,
              visit_first_action_time, visit_goal_buyer, visit_goal_converted, visitor_returning, visitor_seconds_since_first,
              visitor_count_visits, visit_entry_idaction_name, visit_entry_idaction_url, visit_exit_idaction_name,
              visit_exit_idaction_url, visit_total_actions, visit_total_interactions, visit_total_searches, referer_keyword,
              referer_name, referer_type, referer_url, location_browser_lang, config_browser_name, config_os, visit_total_events,
              visitor_localtime, visitor_seconds_since_last, config_resolution, config_cookie, visit_total_time, location_country)
            VALUES
              (1, 1, UNHEX('aaaaaaaaaaaaaaaa'), '2024-03-14 10:02:00', UNHEX('1111111111111111'), INET6_ATON('203.0.113.1'), 1,
               '2024-03-14 10:00:00', 0, 1, 0, 0, 1, 2, 1, 4, 3, 2, 2, 0, NULL, NULL, 1, NULL, 'fr-fr', 'FF', 'LIN', 0,
               '11:00:00', 0, '1920x1080', 1, 120, 'fr'),
              (2, 1, UNHEX('bbbbbbbbbbbbbbbb'), '2024-03-14 15:00:00', UNHEX('2222222222222222'), INET6_ATON('203.0.113.2'), 1,
               '2024-03-14 15:00:00', 0, 0, 0, 0, 1, 2, 1, 2, 1, 1, 1, 0, NULL, NULL, 1, NULL, 'de-de', 'CH', 'WIN', 0,
               '16:00:00', 0, '1280x720', 1, 0, 'de'),
              (3, 1, UNHEX('cccccccccccccccc'), '2024-03-13 12:00:00', UNHEX('3333333333333333'), INET6_ATON('203.0.113.3'), 1,
               '2024-03-13 12:00:00', 0, 0, 0, 0, 1, 2, 1, 2, 1, 1, 1, 0, NULL, NULL, 1, NULL, 'de-de', 'CH', 'WIN', 0,
               '13:00:00', 0, '1280x720', 1, 0, 'de');

            INSERT INTO matomo_log_link_visit_action (idlink_va, idsite, idvisitor, idvisit, idaction_url_ref, idaction_name_ref,
              pageview_position, server_time, idpageview, idaction_name, idaction_url, time_spent_ref_action)
            VALUES
              (1, 1, UNHEX('aaaaaaaaaaaaaaaa'), 1, 0, 0, 1, '2024-03-14 10:00:00', 'aaaaa1', 2, 1, 0),
              (2, 1, UNHEX('aaaaaaaaaaaaaaaa'), 1, 1, 2, 2, '2024-03-14 10:02:00', 'aaaaa2', 4, 3, 120),
              (3, 1, UNHEX('bbbbbbbbbbbbbbbb'), 2, 0, 0, 1, '2024-03-14 15:00:00', 'bbbbb1', 2, 1, 0),
              (4, 1, UNHEX('cccccccccccccccc'), 3, 0, 0, 1, '2024-03-13 12:00:00', 'ccccc1', 2, 1, 0);

            INSERT INTO matomo_log_conversion (idvisit, idsite, idvisitor, server_time, idaction_url, idlink_va, idgoal, buster,
              url, revenue, pageviews_before, visitor_returning, visitor_count_visits, referer_type, location_country)
            VALUES (1, 1, UNHEX('aaaaaaaaaaaaaaaa'), '2024-03-14 10:02:00', 3, 2, 1, 0, 'https://shop.example.org/contact', 10, 2,
              0, 1, 1, 'fr');
            """);
        _server = await TestServer.StartOnMySqlAsync(_database.ConnectionString, MatomoDatabase.Prefix, "--Makoto:Archiving:BackgroundIntervalSeconds=0");

        // Matomo's super user gets a token with the password it has in Matomo.
        var created = await Json(
            $"method=UsersManager.createAppSpecificTokenAuth&userLogin=matomo-admin&passwordConfirmation={MatomoPassword}&description=makoto");
        _token = created.GetProperty("value").GetString()!;
    }

    private async Task<JsonElement> Json(string query)
    {
        var body = await _server.Http.GetStringAsync($"/index.php?module=API&format=json&{query}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        _database?.Dispose();
    }

    private Task<JsonElement> Api(string query) => Json($"token_auth={_token}&{query}");

    [Fact]
    public async Task Reports_from_Matomos_rows_match_the_hand_computed_values()
    {
        var summary = await Api($"method=VisitsSummary.get&idSite=1&period=day&date={Day}");
        Assert.Equal(2, summary.GetProperty("nb_visits").GetInt32());
        Assert.Equal(2, summary.GetProperty("nb_uniq_visitors").GetInt32());
        Assert.Equal(3, summary.GetProperty("nb_actions").GetInt32());
        Assert.Equal(1, summary.GetProperty("bounce_count").GetInt32());
        Assert.Equal(120, summary.GetProperty("sum_visit_length").GetInt32());
        Assert.Equal(2, summary.GetProperty("max_actions").GetInt32());
        Assert.Equal(1, summary.GetProperty("nb_visits_converted").GetInt32());

        // The month adds visit 3 of the 13th.
        var month = await Api($"method=VisitsSummary.get&idSite=1&period=month&date={Day}");
        Assert.Equal(3, month.GetProperty("nb_visits").GetInt32());
        Assert.Equal(4, month.GetProperty("nb_actions").GetInt32());

        var actions = await Api($"method=Actions.get&idSite=1&period=day&date={Day}");
        Assert.Equal(3, actions.GetProperty("nb_pageviews").GetInt32());
        Assert.Equal(3, actions.GetProperty("nb_uniq_pageviews").GetInt32());

        var goal = await Api($"method=Goals.get&idSite=1&period=day&date={Day}&idGoal=1");
        Assert.Equal(1, goal.GetProperty("nb_conversions").GetInt32());
        Assert.Equal(10, goal.GetProperty("revenue").GetDouble());

        var countries = await Api($"method=UserCountry.getCountry&idSite=1&period=day&date={Day}");
        Assert.Equal(
            [("de", 1), ("fr", 1)],
            countries.EnumerateArray().Select(c => (c.GetProperty("code").GetString(), c.GetProperty("nb_visits").GetInt32())).Order());

        var visits = await Api($"method=Live.getLastVisitsDetails&idSite=1&period=day&date={Day}");
        Assert.Equal([2, 1], visits.EnumerateArray().Select(v => v.GetProperty("idVisit").GetInt32()));
        // Visit 1: its two page views and, as Matomo lists it, the goal conversion between them.
        Assert.Equal(
            ["action", "action", "goal"],
            visits[1].GetProperty("actionDetails").EnumerateArray().Select(a => a.GetProperty("type").GetString()).Order());
    }

    [Fact]
    public async Task Makoto_creates_no_user_of_its_own_beside_Matomos_super_user()
    {
        Assert.Equal(["anonymous", "matomo-admin"], LogTables.Query(_server, "SELECT login FROM user ORDER BY login").Select(r => (string)r["login"]!));
        var wrong = await Json("method=UsersManager.createAppSpecificTokenAuth&userLogin=matomo-admin&passwordConfirmation=wrong&description=x");
        Assert.Equal("error", wrong.GetProperty("result").GetString());
        var sites = await Api("method=SitesManager.getSitesWithAtLeastViewAccess");
        Assert.Equal("Matomo shop", Assert.Single(sites.EnumerateArray()).GetProperty("name").GetString());
    }

    [Fact]
    public async Task Makoto_takes_over_tracking_into_Matomos_tables()
    {
        Assert.Equal(2, (await Api($"method=VisitsSummary.get&idSite=1&period=day&date={Day}")).GetProperty("nb_visits").GetInt32());

        // A new visitor on the 14th at 18:00 UTC views /contact: a late hit into an archived day.
        var cdt = new DateTimeOffset(2024, 3, 14, 18, 0, 0, TimeSpan.Zero).ToUnixTimeSeconds();
        var status = await _server.TrackAsync(
            $"idsite=1&rec=1&_id=dddddddddddddddd&cip=203.0.113.4&ua=Mozilla%2F5.0&cdt={cdt}&token_auth={_token}" +
            "&url=https%3A%2F%2Fshop.example.org%2Fcontact&action_name=Contact");
        Assert.Equal(HttpStatusCode.OK, status);

        // Into Matomo's own tables: visit 4, its action pointing at Matomo's existing log_action row, a conversion of goal 1.
        var visit = Assert.Single(LogTables.Query(_server, "SELECT idvisit, hex(idvisitor) AS visitor FROM log_visit WHERE idvisit > 3"));
        Assert.Equal(4L, visit["idvisit"]);
        Assert.Equal("DDDDDDDDDDDDDDDD", visit["visitor"]);
        Assert.Equal(3L, LogTables.Scalar(_server, "SELECT idaction_url FROM log_link_visit_action WHERE idvisit = 4"));
        Assert.Equal(4L, LogTables.Scalar(_server, "SELECT COUNT(*) FROM log_action"));
        Assert.Equal(1L, LogTables.Scalar(_server, "SELECT COUNT(*) FROM log_conversion WHERE idvisit = 4 AND idgoal = 1"));

        var summary = await Api($"method=VisitsSummary.get&idSite=1&period=day&date={Day}");
        Assert.Equal(3, summary.GetProperty("nb_visits").GetInt32());
        Assert.Equal(4, summary.GetProperty("nb_actions").GetInt32());
        Assert.Equal(2, summary.GetProperty("bounce_count").GetInt32());
        var goal = await Api($"method=Goals.get&idSite=1&period=day&date={Day}&idGoal=1");
        Assert.Equal(2, goal.GetProperty("nb_conversions").GetInt32());
        Assert.Equal(20, goal.GetProperty("revenue").GetDouble());
        Assert.Equal(4, (await Api($"method=VisitsSummary.get&idSite=1&period=month&date={Day}")).GetProperty("nb_visits").GetInt32());
    }
}
