namespace Makoto.Plugins.DevicesDetection.Detection;

/// <summary>
/// What the detector found for one User-Agent (and its client hints), and the values Matomo stores for
/// it in <c>log_visit</c>. Immutable: detections are cached and shared between threads.
/// </summary>
public sealed class DeviceInfo
{
    /// <summary>What Matomo stores when nothing is known (empty User-Agent, no letters in it).</summary>
    public static DeviceInfo Unknown { get; } = Nothing("", "", isBot: false);

    /// <summary>A known bot: its name and category, and nothing else detected (as Matomo stores bots).</summary>
    public static DeviceInfo Bot(string name, string category) => Nothing(name, category, isBot: true);

    private static DeviceInfo Nothing(string botName, string botCategory, bool isBot) => new()
    {
        IsBot = isBot,
        BotName = botName,
        BotCategory = botCategory,
        OsCode = "",
        OsName = "",
        OsVersion = "",
        OsFamily = "",
        ClientType = ClientType.None,
        ClientName = "",
        BrowserCode = "",
        ClientVersion = "",
        BrowserEngine = "",
        DeviceType = null,
        BrandName = "",
        BrandCode = "",
        Model = "",
        IsMobile = false,
        ConfigBrowserName = "UNK",
        ConfigDeviceModel = "",
    };

    /// <summary>True when the User-Agent is a known bot; nothing else is then detected.</summary>
    public bool IsBot { get; init; }

    public string BotName { get; init; } = "";

    /// <summary>The bot's category in the database, e.g. "Search bot", "Crawler", "Site Monitor".</summary>
    public string BotCategory { get; init; } = "";

    /// <summary>Matomo's operating system short code (e.g. <c>WIN</c>, <c>IOS</c>, <c>AND</c>); empty when unknown.</summary>
    public required string OsCode { get; init; }

    public required string OsName { get; init; }

    /// <summary>The version as Matomo shows it (e.g. "10", "11", "XP", "17.0", "10.15"); may be empty.</summary>
    public required string OsVersion { get; init; }

    /// <summary>The operating system family (e.g. "Windows", "GNU/Linux", "iOS"); empty when unknown.</summary>
    public required string OsFamily { get; init; }

    public required ClientType ClientType { get; init; }

    /// <summary>The client's name (e.g. "Chrome Mobile", "Facebook", "curl"); empty when unknown.</summary>
    public required string ClientName { get; init; }

    /// <summary>The browser short code (e.g. <c>CH</c>, <c>PS</c>); empty for other client types.</summary>
    public required string BrowserCode { get; init; }

    /// <summary>The client's version, at most <c>major.minor</c>; may be empty.</summary>
    public required string ClientVersion { get; init; }

    /// <summary>The browser engine (e.g. Blink, WebKit, Gecko, Trident); empty for other client types.</summary>
    public required string BrowserEngine { get; init; }

    /// <summary>One of <see cref="DeviceTypes"/>, or null when unknown.</summary>
    public required int? DeviceType { get; init; }

    public required string BrandName { get; init; }

    /// <summary>The brand short code that Matomo stores (e.g. <c>AP</c> for Apple); empty when unknown.</summary>
    public required string BrandCode { get; init; }

    /// <summary>The model (e.g. "iPhone", "Pixel 8"); empty when unknown.</summary>
    public required string Model { get; init; }

    /// <summary>The device detector's notion of a mobile device (used for <c>generic mobile</c>).</summary>
    public required bool IsMobile { get; init; }

    /// <summary><c>config_os</c>: the short code, <c>BOT</c> for bots, <c>UNK</c> when unknown.</summary>
    public string ConfigOs => IsBot ? "BOT" : OsCode.Length > 0 ? OsCode : "UNK";

    /// <summary><c>config_os_version</c>: the version; <c>UNK</c> when no operating system was detected (as the detector answers).</summary>
    public string ConfigOsVersion => IsBot || OsName.Length == 0 ? "UNK" : OsVersion;

    /// <summary>
    /// <c>config_browser_name</c>: the browser short code for browsers, the client's name for other
    /// clients (mobile apps, libraries…), <c>UNK</c> when no client was detected.
    /// </summary>
    public required string ConfigBrowserName { get; init; }

    /// <summary><c>config_browser_version</c>: the client's version (at most 20 characters) or empty.</summary>
    public string ConfigBrowserVersion => ClientVersion.Length > 20 ? ClientVersion[..20] : ClientVersion;

    /// <summary><c>config_browser_engine</c>: the browser engine or empty.</summary>
    public string ConfigBrowserEngine => BrowserEngine;

    /// <summary><c>config_client_type</c>: 1–6, or null when no client was detected.</summary>
    public int? ConfigClientType => ClientType == ClientType.None ? null : (int)ClientType;

    /// <summary><c>config_device_type</c>.</summary>
    public int? ConfigDeviceType => DeviceType;

    /// <summary><c>config_device_brand</c>: the brand short code, or empty.</summary>
    public string ConfigDeviceBrand => BrandCode;

    /// <summary>
    /// <c>config_device_model</c>: the model; without one, <c>generic &lt;device type&gt;</c> (e.g.
    /// "generic desktop"), <c>generic mobile</c> for an unidentified mobile device, else empty.
    /// </summary>
    public required string ConfigDeviceModel { get; init; }
}
