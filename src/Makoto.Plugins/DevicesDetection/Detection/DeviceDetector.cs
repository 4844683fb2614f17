namespace Makoto.Plugins.DevicesDetection.Detection;

/// <summary>
/// Detects the bot, operating system, client (browser, mobile app, library…), device type, brand and model
/// of a User-Agent with client hints, over the regex database of Matomo's device detector, and derives
/// what Matomo stores in <c>log_visit</c>. Thread-safe; recent results are cached.
/// </summary>
/// <remarks>
/// The order follows the detector's documented behaviour: a bot stops everything; then the operating
/// system, the client (feed readers, mobile apps, media players, PIMs, browsers, libraries, in that
/// order; the first list with a match wins) and the device (TV, notebook, console, car browser, camera,
/// portable media player, mobile lists; then the derivation rules in <see cref="DeviceRules"/>).
/// Within a list the first pattern that matches wins.
/// </remarks>
public sealed partial class DeviceDetector
{
    /// <summary>User-Agents are cut to this length before detection (no real one is longer).</summary>
    public const int MaxUserAgentLength = 2048;

    /// <summary>The default number of cached detections.</summary>
    public const int DefaultCacheCapacity = 20_000;

    private const string HeaderHintsPrefix = "\u0001h:";

    private readonly DeviceDatabase _db;
    private readonly DetectionCache _cache;

    /// <summary>A detector over the embedded database, with the default cache size.</summary>
    public DeviceDetector()
        : this(DefaultCacheCapacity)
    {
    }

    public DeviceDetector(int cacheCapacity)
        : this(DeviceDatabase.Default, cacheCapacity)
    {
    }

    internal DeviceDetector(DeviceDatabase database, int cacheCapacity)
    {
        _db = database;
        _cache = new DetectionCache(cacheCapacity);
    }

    /// <summary>The names and families behind the short codes.</summary>
    public DeviceNames Names => DeviceNames.Default;

    internal DeviceDatabase Database => _db;

    internal int CachedCount => _cache.Count;

    /// <summary>
    /// Detects a User-Agent with the tracker's <c>uadata</c> client hints (JSON, may be null). Cached by
    /// the exact pair, so the cached path does not parse the JSON again.
    /// </summary>
    public DeviceInfo Detect(string? userAgent, string? uadata)
    {
        userAgent ??= "";
        if (string.IsNullOrWhiteSpace(uadata))
        {
            uadata = null;
        }

        if (_cache.TryGet(userAgent, uadata, out var cached))
        {
            return cached;
        }

        return DetectAndCache(userAgent, uadata);
    }

    /// <summary>Detects a User-Agent with client hints read from headers (<see cref="ClientHints.FromHeaders"/>).</summary>
    public DeviceInfo Detect(string? userAgent, ClientHints? hints)
    {
        userAgent ??= "";
        var key = hints is null ? null : HeaderHintsPrefix + hints.ToCacheKey();
        if (_cache.TryGet(userAgent, key, out var cached))
        {
            return cached;
        }

        var timeouts = UaPattern.TimeoutsOnThisThread;
        var info = DetectUncached(userAgent, hints);
        CacheUnlessTimedOut(userAgent, key, info, timeouts);
        return info;
    }

    /// <summary>Detects without the cache.</summary>
    public DeviceInfo DetectUncached(string? userAgent, ClientHints? hints)
    {
        var ua = userAgent ?? "";
        if (ua.Length > MaxUserAgentLength)
        {
            ua = ua[..MaxUserAgentLength];
        }

        if ((ua.Length == 0 || !ua.AsSpan().ContainsAnyInRange('a', 'z') && !ua.AsSpan().ContainsAnyInRange('A', 'Z')) && hints is null)
        {
            return DeviceInfo.Unknown;
        }

        var bot = _db.Bots.FirstMatch(ua);
        if (bot is { } found)
        {
            return DeviceInfo.Bot(VersionText.Fill(found.Rule.Name, found.Match), found.Rule.Category);
        }

        var os = ParseOperatingSystem(ua, hints);
        var client = ParseClient(ua, hints);
        var device = ParseDevice(ua, hints, os, client);
        return Build(os, client, device, hints);
    }

    /// <summary>Compiles the patterns tried on most User-Agents, so the first requests do not pay for it.</summary>
    public void Warm() => _db.Warm();

    private DeviceInfo DetectAndCache(string userAgent, string? uadata)
    {
        var timeouts = UaPattern.TimeoutsOnThisThread;
        var info = DetectUncached(userAgent, ClientHints.FromJson(uadata));
        CacheUnlessTimedOut(userAgent, uadata, info, timeouts);
        return info;
    }

    /// <summary>
    /// Caches a detection unless one of its matches timed out: on a busy machine a match can be stalled
    /// past the timeout, and such a result (often "unknown device") must not stick to the User-Agent.
    /// </summary>
    private void CacheUnlessTimedOut(string userAgent, string? key, DeviceInfo info, int timeoutsBefore)
    {
        if (UaPattern.TimeoutsOnThisThread == timeoutsBefore)
        {
            _cache.Add(userAgent, key, info);
        }
    }

    private DeviceInfo Build(OsResult os, ClientResult client, DeviceResult device, ClientHints? hints)
    {
        var brandCode = device.Brand.Length == 0 ? "" : _db.BrandCodes.GetValueOrDefault(device.Brand, "");
        var isMobile = IsMobile(os, client, device.Type, hints);
        var browserName = client.Code.Length > 0 ? client.Code : client.Name.Length > 0 ? client.Name : "UNK";
        if (browserName.Length > 40)
        {
            browserName = browserName[..40];
        }

        var model = device.Model.Length > 0 ? device.Model
            : device.Type is not null ? "generic " + DeviceTypes.Name(device.Type)
            : isMobile ? "generic mobile"
            : "";
        if (model.Length > 100)
        {
            model = model[..100];
        }

        return new DeviceInfo
        {
            OsCode = os.Code,
            OsName = os.Name,
            OsVersion = os.Version,
            OsFamily = os.Family,
            ClientType = client.Type,
            ClientName = client.Name,
            BrowserCode = client.Code,
            ClientVersion = client.Version,
            BrowserEngine = client.Engine,
            DeviceType = device.Type,
            BrandName = device.Brand,
            BrandCode = brandCode,
            Model = device.Model,
            IsMobile = isMobile,
            ConfigBrowserName = browserName,
            ConfigDeviceModel = model,
        };
    }

    private readonly record struct OsResult(string Name, string Code, string Version, string Family)
    {
        public static OsResult None { get; } = new("", "", "", "");
    }

    private readonly record struct ClientResult(ClientType Type, string Name, string Code, string Version, string Engine)
    {
        public static ClientResult None { get; } = new(ClientType.None, "", "", "", "");
    }

    private readonly record struct DeviceResult(int? Type, string Brand, string Model);
}
