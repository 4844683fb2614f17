using System.Net;
using System.Security.Cryptography;
using System.Text;
using Makoto.Core.Sites;
using Makoto.Plugins.CoreHome.Tracking;
using Makoto.Storage.Options;
using Makoto.Storage.Sqlite;
using Makoto.Tracking.Pipeline;
using Makoto.Tracking.Requests;

namespace Makoto.Plugins.Tests.CoreHome;

/// <summary>
/// config_id (tracking-api.md §6.2): the first 8 bytes of the MD5 of OS, browser and version (or the raw
/// User-Agent when no device was detected), the plugin flags (with two constant zeros where Matomo had
/// Director and Gears), the IP, the cleaned browser languages, the salt, the day and the site.
/// </summary>
public sealed class FingerprintTests : IDisposable
{
    private const string Salt = "0123456789abcdef0123456789abcdef";

    private static readonly Site s_site = new()
    {
        IdSite = 7,
        Name = "Test",
        MainUrl = "http://example.org",
        TsCreated = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc),
    };

    private readonly string _folder = Path.Combine(Path.GetTempPath(), "makoto-fingerprint-" + Guid.NewGuid().ToString("N"));
    private readonly SqliteDatabase _database;
    private readonly Fingerprint _fingerprint;

    public FingerprintTests()
    {
        _database = new SqliteDatabase(_folder);
        _database.Migrate();
        var options = new OptionStore(_database);
        options.Set("makoto_fingerprint_salt", Salt);
        _fingerprint = new Fingerprint(options);
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public void A_detected_device_is_fingerprinted_by_os_browser_flags_ip_languages_salt_day_and_site()
    {
        var hit = Hit("Mozilla/5.0", "81.138.210.109", "de-DE,de;q=0.9");
        hit.Visit.ConfigOs = "WIN";
        hit.Visit.ConfigBrowserName = "CH";
        hit.Visit.ConfigBrowserVersion = "118.0";
        (hit.Visit.ConfigFlash, hit.Visit.ConfigJava, hit.Visit.ConfigQuicktime, hit.Visit.ConfigRealplayer) = (0, 1, 0, 0);
        (hit.Visit.ConfigPdf, hit.Visit.ConfigWindowsmedia, hit.Visit.ConfigSilverlight, hit.Visit.ConfigCookie) = (1, 0, 0, 1);
        _fingerprint.Process(hit);

        // 12 Oct 2026 is day 739,900 since 1 Jan 0001 (DateOnly.DayNumber): 2025 years of 365 days (739,125), 491 leap days, and 284 days of 2026.
        Assert.Equal(Md5Prefix("WINCH118.0" + "0100" + "0100" + "01" + "81.138.210.109" + "de-de,de" + Salt + "739900" + "7"), hit.ConfigId);
    }

    [Fact]
    public void Without_a_detected_device_the_user_agent_stands_in_and_unset_flags_add_nothing()
    {
        // A User-Agent longer than the stack buffer, with characters of several UTF-8 lengths.
        var userAgent = "Agent/1.0 (é ü 中文 😀) " + new string('x', 700);
        var hit = Hit(userAgent, "2001:db8::1", "");
        hit.Visit.ConfigCookie = 1;
        _fingerprint.Process(hit);

        Assert.Equal(Md5Prefix(userAgent + "0" + "0" + "1" + "2001:db8::1" + Salt + "739900" + "7"), hit.ConfigId);
    }

    private static byte[] Md5Prefix(string text) => MD5.HashData(Encoding.UTF8.GetBytes(text))[..8];

    private static HitContext Hit(string userAgent, string ip, string languages)
    {
        var values = new TrackingParameters();
        values.Set("idsite", "7");
        values.Set("rec", "1");
        return new HitContext(new TrackingRequest
        {
            Parameters = values,
            Site = s_site,
            Timestamp = new DateTime(2026, 10, 12, 10, 0, 0, DateTimeKind.Utc),
            Ip = IPAddress.Parse(ip),
            Rec = true,
            UserAgent = userAgent,
            BrowserLanguage = languages,
        });
    }
}
