using Makoto.Archiving;
using Makoto.Plugins;
using Makoto.Plugins.PrivacyManager;
using Makoto.Plugins.UserCountry;
using Makoto.Reporting.Api;
using Makoto.Storage;
using Makoto.Tracking.Requests;
using Makoto.Web.Ui;

namespace Makoto.Web.Hosting;

/// <summary>
/// Makoto's settings: the <c>Makoto</c> section of appsettings.json, environment variables
/// (<c>Makoto__Tracker__VisitStandardLength=…</c>) or the command line (<c>--Makoto:Tracker:VisitStandardLength=…</c>).
/// </summary>
public sealed class MakotoOptions
{
    public const string Section = "Makoto";

    /// <summary>Where the database and other files live (<c>--data DIR</c>, <c>MAKOTO_DATA</c>); default <c>./data</c>.</summary>
    public string DataPath { get; set; } = "data";

    public StorageOptions Storage { get; set; } = new();

    public TrackerOptions Tracker { get; set; } = new();

    public ArchivingOptions Archiving { get; set; } = new();

    public PrivacyOptions Privacy { get; set; } = new();

    /// <summary>Geolocation: an optional MaxMind-format database (<c>Makoto:Geolocation:DatabasePath</c>).</summary>
    public GeolocationOptions Geolocation { get; set; } = new();

    /// <summary>API security: brute-force protection of token and password checks (<c>Makoto:Security:BruteForce</c>).</summary>
    public SecurityOptions Security { get; set; } = new();

    /// <summary>Plugins to switch off, and optional plugins to switch on (<c>Makoto:Plugins:Disabled</c>, <c>Makoto:Plugins:Enabled</c>).</summary>
    public PluginOptions Plugins { get; set; } = new();

    /// <summary>The web UI: public address, "remember me" length, live widget refresh (<c>Makoto:Ui</c>).</summary>
    public UiOptions Ui { get; set; } = new();

    /// <summary>The SMTP server for password reset emails (<c>Makoto:Mail</c>).</summary>
    public MailOptions Mail { get; set; } = new();

    /// <summary>Reverse proxies whose forwarded client address and scheme are believed (<c>Makoto:Proxy:TrustedProxies</c>).</summary>
    public ProxyOptions Proxy { get; set; } = new();
}
