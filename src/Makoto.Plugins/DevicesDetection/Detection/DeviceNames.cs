using System.Collections.Frozen;

namespace Makoto.Plugins.DevicesDetection.Detection;

/// <summary>
/// The names behind the values stored in <c>log_visit</c> (short codes for operating systems, browsers
/// and brands; numbers for device and client types), and the labels Matomo's DevicesDetection reports
/// show for them (e.g. <c>WIN</c> + <c>10</c> → "Windows 10", <c>CH</c> → "Chrome", <c>AP</c> → "Apple",
/// 1 → "Smartphone").
/// </summary>
public sealed class DeviceNames
{
    /// <summary>The label Matomo shows for an unknown value.</summary>
    public const string UnknownLabel = "Unknown";

    private static readonly Lazy<DeviceNames> s_default = new(() => new DeviceNames(DeviceDatabase.Default));

    /// <summary>Operating system codes that older Matomo versions stored, and the codes reports read them as.</summary>
    private static readonly FrozenDictionary<string, string> s_legacyOsCodes = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["IPA"] = "IOS",
        ["IPH"] = "IOS",
        ["IPD"] = "IOS",
        ["WIU"] = "WII",
        ["3DS"] = "NDS",
        ["DSI"] = "NDS",
        ["PSV"] = "PSP",
        ["MAE"] = "SMG",
        ["W10"] = "WIN",
        ["W2K"] = "WIN",
        ["W31"] = "WIN",
        ["WI7"] = "WIN",
        ["WI8"] = "WIN",
        ["W81"] = "WIN",
        ["W95"] = "WIN",
        ["W98"] = "WIN",
        ["WME"] = "WIN",
        ["WNT"] = "WIN",
        ["WS3"] = "WIN",
        ["WVI"] = "WIN",
        ["WXP"] = "WIN",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>Matomo's display names of browser engines.</summary>
    private static readonly FrozenDictionary<string, string> s_engineLabels = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["Trident"] = "Trident (IE)",
        ["Gecko"] = "Gecko (Firefox)",
        ["KHTML"] = "KHTML (Konqueror)",
        ["Presto"] = "Presto (Opera)",
        ["WebKit"] = "WebKit (Safari)",
        ["Blink"] = "Blink (Chrome, Opera)",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    private readonly DeviceDatabase _db;

    internal DeviceNames(DeviceDatabase database)
    {
        _db = database;
    }

    /// <summary>The names of the embedded database.</summary>
    public static DeviceNames Default => s_default.Value;

    /// <summary>Every operating system: short code → name.</summary>
    public IReadOnlyDictionary<string, string> OperatingSystems => _db.OsNames;

    /// <summary>Every browser: short code → name.</summary>
    public IReadOnlyDictionary<string, string> Browsers => _db.BrowserNames;

    /// <summary>Every brand: short code → name.</summary>
    public IReadOnlyDictionary<string, string> Brands => _db.BrandNames;

    /// <summary>The operating system's name (e.g. <c>WIN</c> → "Windows", <c>IPA</c> → "iPadOS"), or null.</summary>
    public string? OsName(string? code) => code is not null && _db.OsNames.TryGetValue(code, out var name) ? name : null;

    /// <summary>The operating system's family (e.g. <c>UBT</c> → "GNU/Linux", <c>IPA</c> → "iOS"), or null.</summary>
    public string? OsFamily(string? code) => code is not null && _db.OsFamilies.TryGetValue(MapLegacyOs(code), out var family) ? family : null;

    /// <summary>The short code of an operating system name (any case), or null.</summary>
    public string? OsCode(string? name) => name is not null && _db.OsCodes.TryGetValue(name, out var code) ? code : null;

    /// <summary>The operating system families and their codes in the database's order (Matomo's <c>getOsFamilies</c> grouping).</summary>
    public IReadOnlyDictionary<string, string[]> OsFamilies() => _db.OsFamilyCodes;

    /// <summary>
    /// The label of Matomo's operating system family report for a stored <c>config_os</c>: "Bot" for
    /// <c>BOT</c>, "Console" for gaming consoles, "Unknown" when unknown.
    /// </summary>
    public string OsFamilyLabel(string? code)
    {
        if (code == "BOT")
        {
            return "Bot";
        }

        var family = OsFamily(code);
        return family switch
        {
            null or "" or "unknown" => UnknownLabel,
            "Gaming Console" => "Console",
            _ => family,
        };
    }

    /// <summary>
    /// The label of Matomo's operating system version report for stored <c>config_os</c> and
    /// <c>config_os_version</c>: name and version (e.g. "Windows 10", "Mac 10.15", "GNU/Linux"); iPadOS
    /// is shown as iOS, as Matomo does; "Bot" for bots, "Unknown" when unknown.
    /// </summary>
    public string OsVersionLabel(string? code, string? version)
    {
        if (string.IsNullOrEmpty(code))
        {
            return UnknownLabel;
        }

        if (code == "BOT")
        {
            return "Bot";
        }

        return OsName(MapLegacyOs(code)) is { } name ? (name + " " + version).Trim() : UnknownLabel;
    }

    /// <summary>
    /// <see cref="OsVersionLabel(string?, string?)"/> of an archived <c>code;version</c> label, read as
    /// Matomo reads it: the first three characters are the code, at most fifteen after the separator
    /// the version.
    /// </summary>
    public string OsVersionLabel(string archived)
    {
        if (archived.Length == 0 || archived == ";")
        {
            return UnknownLabel;
        }

        var code = archived.Length > 3 ? archived[..3] : archived;
        var version = archived.Length > 4 ? archived.Substring(4, Math.Min(15, archived.Length - 4)) : "";
        return OsVersionLabel(code, version);
    }

    /// <summary>The browser's name (e.g. <c>PS</c> → "Microsoft Edge"), or null.</summary>
    public string? BrowserName(string? code) => code is not null && _db.BrowserNames.TryGetValue(code, out var name) ? name : null;

    /// <summary>The browser's family (e.g. <c>CM</c> → "Chrome"), or null.</summary>
    public string? BrowserFamily(string? code) => code is not null && _db.BrowserFamilies.TryGetValue(code, out var family) ? family : null;

    /// <summary>The short code of a browser name as the database writes it (exact case), or null.</summary>
    public string? BrowserCodeOfName(string? name) =>
        name is not null && _db.BrowserCodes.TryGetValue(name, out var code) && _db.BrowserNames[code] == name ? code : null;

    /// <summary>The short code of a browser name, ignoring case (Matomo's <c>browserName</c> segment), or null.</summary>
    public string? BrowserCode(string? name) => name is not null && _db.BrowserCodes.TryGetValue(name, out var code) ? code : null;

    /// <summary>The browser families and their codes in the database's order (Matomo's <c>getBrowserFamilies</c> grouping).</summary>
    public IReadOnlyDictionary<string, string[]> BrowserFamilies() => _db.BrowserFamilyCodes;

    /// <summary>
    /// The label of Matomo's browser report for a stored <c>config_browser_name</c>: the name of the
    /// browser whose code the value starts with, the value itself for other clients (mobile apps,
    /// libraries…), "Unknown" for empty values and values containing <c>UNK</c>.
    /// </summary>
    public string BrowserLabel(string? stored)
    {
        if (string.IsNullOrEmpty(stored))
        {
            return UnknownLabel;
        }

        if (BrowserName(stored.Length > 2 ? stored[..2] : stored) is { } name)
        {
            return UpperFirst(name);
        }

        return stored.Length > 2 && !stored.Contains("UNK", StringComparison.Ordinal) ? stored : UnknownLabel;
    }

    /// <summary>
    /// The label of Matomo's browser version report for an archived <c>name;version</c> label (split at
    /// the last <c>;</c>): "Chrome 118.0", the client's own name and version for other clients, "Unknown" otherwise.
    /// </summary>
    public string BrowserVersionLabel(string archived)
    {
        var separator = archived.LastIndexOf(';');
        var code = separator < 0 ? "" : archived[..separator];
        var version = separator < 0 ? "" : archived[(separator + 1)..];
        if (code.Length > 0 && BrowserName(code) is { } name)
        {
            return (UpperFirst(name) + " " + version).Trim();
        }

        return code.Length > 2 && code != "UNK" ? (code + " " + version).Trim() : UnknownLabel;
    }

    /// <summary>The brand's name (e.g. <c>AP</c> → "Apple"), or null.</summary>
    public string? BrandName(string? code) => code is not null && _db.BrandNames.TryGetValue(code, out var name) ? name : null;

    /// <summary>The short code of a brand name (any case, older names included), or null.</summary>
    public string? BrandCode(string? name) => name is not null && _db.BrandCodes.TryGetValue(name, out var code) ? code : null;

    /// <summary>The label of Matomo's brand report: the brand's name, "Unknown" for an empty or unknown code.</summary>
    public string BrandLabel(string? code) => BrandName(code) is { } name ? UpperFirst(name) : UnknownLabel;

    /// <summary>The label of Matomo's device type report (e.g. 0 → "Desktop", 5 → "Tv").</summary>
    public string DeviceTypeLabel(int? type) => DeviceTypes.Label(type);

    /// <summary>
    /// The label of Matomo's device type report for an archived label: a type number (<c>"1"</c> →
    /// "Smartphone") or a type name (<c>"car browser"</c> → "Car browser"); "Unknown" otherwise.
    /// </summary>
    public string DeviceTypeLabel(string archived) =>
        DeviceTypes.Label(DeviceTypeNumber(archived) ?? DeviceTypes.FromName(archived));

    /// <summary>
    /// The label of Matomo's model report for stored <c>config_device_brand</c> and <c>config_device_model</c>:
    /// "Apple - iPhone"; "generic desktop" reads "Generic Desktop", "generic mobile" "Generic Mobile device".
    /// </summary>
    public string ModelLabel(string? brandCode, string? model)
    {
        var label = ModelName(model);
        return BrandName(brandCode) is not null ? BrandLabel(brandCode) + " - " + label : label;
    }

    /// <summary><see cref="ModelLabel(string?, string?)"/> of an archived <c>brand;model</c> label (split at the first <c>;</c>).</summary>
    public string ModelLabel(string archived)
    {
        var (brand, model) = SplitModel(archived);
        return ModelLabel(brand, model);
    }

    /// <summary>The brand code and model of an archived <c>brand;model</c> label; without a <c>;</c> the label is the model.</summary>
    public static (string Brand, string Model) SplitModel(string archived)
    {
        var separator = archived.IndexOf(';', StringComparison.Ordinal);
        return separator < 0 ? ("", archived) : (archived[..separator], archived[(separator + 1)..]);
    }

    /// <summary>
    /// The label of Matomo's browser engine report (e.g. "Blink" → "Blink (Chrome, Opera)"); the browser
    /// types of old Matomo versions (<c>ie</c>, <c>gecko</c>, <c>webkit</c>…) read as their engine.
    /// </summary>
    public string EngineLabel(string? engine)
    {
        engine = engine switch
        {
            "ie" => "Trident",
            "gecko" => "Gecko",
            "khtml" => "KHTML",
            "webkit" => "WebKit",
            "opera" => "Presto",
            "unknown" => "",
            _ => engine,
        };
        return string.IsNullOrEmpty(engine) ? UnknownLabel : s_engineLabels.GetValueOrDefault(engine, engine);
    }

    /// <summary>
    /// The name of a stored <c>config_device_model</c>: the model itself, "Generic Desktop" for
    /// "generic desktop", "Generic Mobile device" for "generic mobile", "Unknown" when empty.
    /// </summary>
    public static string ModelName(string? model)
    {
        if (string.IsNullOrEmpty(model))
        {
            return UnknownLabel;
        }

        if (model.StartsWith("generic ", StringComparison.Ordinal))
        {
            var kind = model["generic ".Length..];
            return kind == "mobile" ? "Generic Mobile device" : "Generic " + DeviceTypes.Label(DeviceTypes.FromName(kind));
        }

        return model;
    }

    /// <summary>The icon of a device type (<c>plugins/Morpheus/icons/dist/devices/smartphone.png</c>; <c>unknown.png</c> when unknown).</summary>
    public static string DeviceTypeIcon(int? type)
    {
        var name = DeviceTypes.Name(type);
        return "plugins/Morpheus/icons/dist/devices/" + (name.Length == 0 ? "unknown" : name.Replace(' ', '_')) + ".png";
    }

    /// <summary>The icon of a stored <c>config_os</c> (<c>plugins/Morpheus/icons/dist/os/WIN.png</c>; <c>UNK.png</c> when unknown).</summary>
    public string OsIcon(string? code) =>
        "plugins/Morpheus/icons/dist/os/" + (code is not null && OsName(MapLegacyOs(code)) is not null ? code : "UNK") + ".png";

    /// <summary>The icon of a stored <c>config_browser_name</c> (<c>plugins/Morpheus/icons/dist/browsers/CH.png</c>; <c>UNK.png</c> when unknown).</summary>
    public string BrowserIcon(string? code) =>
        "plugins/Morpheus/icons/dist/browsers/" + (BrowserName(code) is not null ? code : "UNK") + ".png";

    /// <summary>The label of a client type (<c>config_client_type</c>).</summary>
    public string ClientTypeLabel(int? type) => type switch
    {
        (int)ClientType.Browser => "Browser",
        (int)ClientType.Library => "Library",
        (int)ClientType.FeedReader => "Feed Reader",
        (int)ClientType.MediaPlayer => "Media Player",
        (int)ClientType.MobileApp => "Mobile App",
        (int)ClientType.Pim => "Personal Information Manager",
        _ => UnknownLabel,
    };

    /// <summary>The device type of an archived label holding its number (<c>"0"</c>–<c>"13"</c>), or null.</summary>
    public static int? DeviceTypeNumber(string archived) =>
        int.TryParse(archived, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var type)
            && type >= 0 && type < DeviceTypes.All.Count
            ? type
            : null;

    /// <summary>PHP's <c>ucfirst</c> (ASCII letters only).</summary>
    private static string UpperFirst(string text) =>
        text.Length > 0 && text[0] is >= 'a' and <= 'z' ? (char)(text[0] - 32) + text[1..] : text;

    /// <summary>The current code of an operating system code older Matomo versions stored (<c>WI7</c> → <c>WIN</c>), else the code.</summary>
    public static string MapLegacyOsCode(string code) => MapLegacyOs(code);

    private static string MapLegacyOs(string code) => s_legacyOsCodes.GetValueOrDefault(code, code);
}
