using System.Collections.Frozen;
using System.Reflection;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Makoto.Plugins.DevicesDetection.Detection;

/// <summary>A bot: its pattern, name and category (e.g. "Search bot").</summary>
internal sealed record BotRule(UaPattern Pattern, string Name, string Category);

/// <summary>An operating system pattern; the name and version are templates (<c>$1</c>…).</summary>
internal sealed record OsRule(UaPattern Pattern, string Name, string Version);

/// <summary>A client pattern (browser, mobile app, library…); browsers may name their engine, by version.</summary>
internal sealed record ClientRule(UaPattern Pattern, string Name, string Version, string EngineDefault, IReadOnlyList<KeyValuePair<string, string>> EngineByVersion);

/// <summary>A model pattern inside a brand; it may change the brand and the device type.</summary>
internal sealed record ModelRule(UaPattern Pattern, string Model, int? DeviceType, string? Brand);

/// <summary>A brand pattern of a device list: the brand, its device type, and a model template or model patterns.</summary>
internal sealed record BrandRule(UaPattern Pattern, string Brand, int? DeviceType, string? Model, IReadOnlyList<ModelRule> Models);

/// <summary>A list of patterns tried in order; the first that matches wins.</summary>
internal sealed class RuleList<T>(IReadOnlyList<T> rules, Func<T, UaPattern> pattern)
{
    public IReadOnlyList<T> Rules { get; } = rules;

    /// <summary>The first rule whose pattern matches, with its match.</summary>
    public (T Rule, Match Match)? FirstMatch(string userAgent)
    {
        for (var i = 0; i < Rules.Count; i++)
        {
            var rule = Rules[i];
            var match = pattern(rule).Match(userAgent);
            if (match is not null)
            {
                return (rule, match);
            }
        }

        return null;
    }

    public void Warm()
    {
        foreach (var rule in Rules)
        {
            pattern(rule).EnsureCreated();
        }
    }
}

/// <summary>
/// The regex database and name tables of Matomo's device detector, read from the JSON files of the
/// npm package <c>device-detector-js</c> that the build embeds (see <c>Data/README.md</c>), plus the
/// brand short codes (<c>Data/brands.json</c>) and Makoto's own additions (<see cref="Supplement"/>).
/// Loaded once; immutable and shared by all threads.
/// </summary>
internal sealed class DeviceDatabase
{
    internal const string ResourcePrefix = "Makoto.Plugins.DevicesDetection.Data/";

    private static readonly Lazy<DeviceDatabase> s_default = new(() => Load(typeof(DeviceDatabase).Assembly));

    private DeviceDatabase()
    {
    }

    /// <summary>The database embedded in this assembly.</summary>
    public static DeviceDatabase Default => s_default.Value;

    public required RuleList<BotRule> Bots { get; init; }

    public required RuleList<OsRule> OperatingSystems { get; init; }

    /// <summary>Client lists in the order the detector tries them (feed readers first, libraries last).</summary>
    public required IReadOnlyList<(ClientType Type, RuleList<ClientRule> Rules)> Clients { get; init; }

    /// <summary>The browser list of <see cref="Clients"/>.</summary>
    public required RuleList<ClientRule> Browsers { get; init; }

    /// <summary>Browser engines, by pattern, for browsers whose rule names none.</summary>
    public required RuleList<ClientRule> Engines { get; init; }

    public required RuleList<BrandRule> Televisions { get; init; }

    public required RuleList<BrandRule> Notebooks { get; init; }

    public required RuleList<BrandRule> Consoles { get; init; }

    public required RuleList<BrandRule> CarBrowsers { get; init; }

    public required RuleList<BrandRule> Cameras { get; init; }

    public required RuleList<BrandRule> PortableMediaPlayers { get; init; }

    public required RuleList<BrandRule> Mobiles { get; init; }

    /// <summary>Brand by vendor fragment (e.g. <c>MDDR</c> in old Dell IE User-Agents).</summary>
    public required RuleList<BrandRule> VendorFragments { get; init; }

    /// <summary>Operating system short code → name (e.g. <c>WIN</c> → Windows).</summary>
    public required FrozenDictionary<string, string> OsNames { get; init; }

    /// <summary>Operating system name (any case) → short code.</summary>
    public required FrozenDictionary<string, string> OsCodes { get; init; }

    /// <summary>Operating system short code → family (e.g. <c>UBT</c> → GNU/Linux).</summary>
    public required FrozenDictionary<string, string> OsFamilies { get; init; }

    /// <summary>Operating system family → its short codes, in the database's order (the first one stands for the family).</summary>
    public required FrozenDictionary<string, string[]> OsFamilyCodes { get; init; }

    /// <summary>Browser short code → name (e.g. <c>PS</c> → Microsoft Edge).</summary>
    public required FrozenDictionary<string, string> BrowserNames { get; init; }

    /// <summary>Browser name (any case) → short code.</summary>
    public required FrozenDictionary<string, string> BrowserCodes { get; init; }

    /// <summary>Browser short code → family (e.g. <c>CM</c> → Chrome).</summary>
    public required FrozenDictionary<string, string> BrowserFamilies { get; init; }

    /// <summary>Browser family → its short codes, in the database's order (the first one stands for the family).</summary>
    public required FrozenDictionary<string, string[]> BrowserFamilyCodes { get; init; }

    /// <summary>Short codes of browsers that exist only on mobile devices.</summary>
    public required FrozenSet<string> MobileOnlyBrowsers { get; init; }

    /// <summary>Brand short code → name (e.g. <c>AP</c> → Apple).</summary>
    public required FrozenDictionary<string, string> BrandNames { get; init; }

    /// <summary>Brand name (any case, including older names) → short code.</summary>
    public required FrozenDictionary<string, string> BrandCodes { get; init; }

    /// <summary>Compiles every pattern that is tried on most User-Agents (start-up warm-up).</summary>
    public void Warm()
    {
        Bots.Warm();
        OperatingSystems.Warm();
        foreach (var (_, rules) in Clients)
        {
            rules.Warm();
        }

        Consoles.Warm();
        CarBrowsers.Warm();
        Cameras.Warm();
        PortableMediaPlayers.Warm();
        Mobiles.Warm();
        VendorFragments.Warm();
    }

    /// <summary>Every pattern of the database, for tests that check that all of them compile.</summary>
    public IEnumerable<UaPattern> AllPatterns()
    {
        foreach (var rule in Bots.Rules)
        {
            yield return rule.Pattern;
        }

        foreach (var rule in OperatingSystems.Rules)
        {
            yield return rule.Pattern;
        }

        foreach (var (_, list) in Clients)
        {
            foreach (var rule in list.Rules)
            {
                yield return rule.Pattern;
            }
        }

        foreach (var rule in Engines.Rules)
        {
            yield return rule.Pattern;
        }

        foreach (var list in new[] { Televisions, Notebooks, Consoles, CarBrowsers, Cameras, PortableMediaPlayers, Mobiles, VendorFragments })
        {
            foreach (var brand in list.Rules)
            {
                yield return brand.Pattern;
                foreach (var model in brand.Models)
                {
                    yield return model.Pattern;
                }
            }
        }
    }

    internal static DeviceDatabase Load(Assembly assembly)
    {
        JsonElement Read(string name)
        {
            using var stream = assembly.GetManifestResourceStream(ResourcePrefix + name)
                ?? throw new InvalidOperationException(
                    $"The device detection data '{name}' is not embedded in {assembly.GetName().Name}. The build installs it with npm "
                    + "(src/Makoto.Plugins/DevicesDetection/Data); see the build output for npm errors.");
            using var document = JsonDocument.Parse(stream);
            return document.RootElement.Clone();
        }

        var osTable = Read("tables/operating-system.json");
        var osNames = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var os in osTable.GetProperty("operatingSystem").EnumerateObject())
        {
            osNames[os.Name] = os.Value.GetString()!;
        }

        var osFamilies = new Dictionary<string, string>(StringComparer.Ordinal);
        var osFamilyCodes = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var family in osTable.GetProperty("osFamilies").EnumerateObject())
        {
            var codes = osFamilyCodes[family.Name] = [];
            foreach (var code in family.Value.EnumerateArray())
            {
                osFamilies[code.GetString()!] = family.Name;
                codes.Add(code.GetString()!);
            }
        }

        foreach (var (code, name, family) in Supplement.OperatingSystems)
        {
            osNames.TryAdd(code, name);
            if (osFamilies.TryAdd(code, family))
            {
                osFamilyCodes[family].Add(code);
            }
        }

        var browserNames = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var browser in Read("tables/available-browsers.json").EnumerateObject())
        {
            browserNames[browser.Name] = browser.Value.GetString()!;
        }

        var browserFamilies = new Dictionary<string, string>(StringComparer.Ordinal);
        var browserFamilyCodes = new Dictionary<string, string[]>(StringComparer.Ordinal);
        foreach (var family in Read("tables/browser-families.json").EnumerateObject())
        {
            var codes = family.Value.EnumerateArray().Select(code => code.GetString()!).ToArray();
            browserFamilyCodes[family.Name] = codes;
            foreach (var code in codes)
            {
                browserFamilies.TryAdd(code, family.Name);
            }
        }

        var mobileOnly = Read("tables/mobile-only-browsers.json").EnumerateArray().Select(e => e.GetString()!).ToFrozenSet(StringComparer.Ordinal);

        var brands = Read("brands.json");
        var brandNames = new Dictionary<string, string>(StringComparer.Ordinal);
        var brandCodes = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var brand in brands.GetProperty("codes").EnumerateObject())
        {
            brandNames[brand.Name] = brand.Value.GetString()!;
            brandCodes[brand.Value.GetString()!] = brand.Name;
        }

        foreach (var alias in brands.GetProperty("aliases").EnumerateObject())
        {
            brandCodes.TryAdd(alias.Name, alias.Value.GetString()!);
        }

        var browsers = new RuleList<ClientRule>(ReadClients(Read("regexes/client/browsers.json"), true), r => r.Pattern);
        return new DeviceDatabase
        {
            Bots = new(ReadBots(Read("regexes/bots.json")), r => r.Pattern),
            OperatingSystems = new(ReadOperatingSystems(Read("regexes/oss.json")), r => r.Pattern),
            Clients =
            [
                (ClientType.FeedReader, new(ReadClients(Read("regexes/client/feed_readers.json"), true), r => r.Pattern)),
                (ClientType.MobileApp, new(ReadClients(Read("regexes/client/mobile_apps.json"), true), r => r.Pattern)),
                (ClientType.MediaPlayer, new(ReadClients(Read("regexes/client/mediaplayers.json"), true), r => r.Pattern)),
                (ClientType.Pim, new(ReadClients(Read("regexes/client/pim.json"), true), r => r.Pattern)),
                (ClientType.Browser, browsers),
                (ClientType.Library, new(ReadClients(Read("regexes/client/libraries.json"), true), r => r.Pattern)),
            ],
            Browsers = browsers,
            Engines = new(ReadClients(Read("regexes/client/browser_engine.json"), false), r => r.Pattern),
            Televisions = new(ReadBrands(Read("regexes/device/televisions.json"), false), r => r.Pattern),
            Notebooks = new(ReadBrands(Read("regexes/device/notebooks.json"), false), r => r.Pattern),
            Consoles = new(ReadBrands(Read("regexes/device/consoles.json"), true), r => r.Pattern),
            CarBrowsers = new(ReadBrands(Read("regexes/device/car_browsers.json"), true), r => r.Pattern),
            Cameras = new(ReadBrands(Read("regexes/device/cameras.json"), true), r => r.Pattern),
            PortableMediaPlayers = new(ReadBrands(Read("regexes/device/portable_media_player.json"), true), r => r.Pattern),
            Mobiles = new([.. SupplementMobiles(), .. ReadBrands(Read("regexes/device/mobiles.json"), true)], r => r.Pattern),
            VendorFragments = new(ReadVendorFragments(Read("regexes/vendorfragments.json")), r => r.Pattern),
            OsNames = osNames.ToFrozenDictionary(StringComparer.Ordinal),
            OsCodes = osNames.GroupBy(p => p.Value, StringComparer.OrdinalIgnoreCase).ToFrozenDictionary(g => g.Key, g => g.First().Key, StringComparer.OrdinalIgnoreCase),
            OsFamilies = osFamilies.ToFrozenDictionary(StringComparer.Ordinal),
            OsFamilyCodes = osFamilyCodes.ToFrozenDictionary(p => p.Key, p => p.Value.ToArray(), StringComparer.Ordinal),
            BrowserNames = browserNames.ToFrozenDictionary(StringComparer.Ordinal),
            BrowserCodes = browserNames.GroupBy(p => p.Value, StringComparer.OrdinalIgnoreCase).ToFrozenDictionary(g => g.Key, g => g.First().Key, StringComparer.OrdinalIgnoreCase),
            BrowserFamilies = browserFamilies.ToFrozenDictionary(StringComparer.Ordinal),
            BrowserFamilyCodes = browserFamilyCodes.ToFrozenDictionary(StringComparer.Ordinal),
            MobileOnlyBrowsers = mobileOnly,
            BrandNames = brandNames.ToFrozenDictionary(StringComparer.Ordinal),
            BrandCodes = brandCodes.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase),
        };
    }

    private static string Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString()! : "";

    private static List<BotRule> ReadBots(JsonElement root) =>
        [.. root.EnumerateArray().Select(e => new BotRule(new UaPattern(Text(e, "regex"), compiled: true), Text(e, "name"), Text(e, "category")))];

    private static List<OsRule> ReadOperatingSystems(JsonElement root)
    {
        var rules = new List<OsRule>();
        foreach (var (pattern, name, version) in Supplement.OperatingSystemRules)
        {
            rules.Add(new OsRule(new UaPattern(pattern, compiled: true), name, version));
        }

        rules.AddRange(root.EnumerateArray().Select(e => new OsRule(new UaPattern(Text(e, "regex"), compiled: true), Text(e, "name"), Text(e, "version"))));
        return rules;
    }

    private static List<ClientRule> ReadClients(JsonElement root, bool compiled)
    {
        var rules = new List<ClientRule>();
        foreach (var e in root.EnumerateArray())
        {
            var engineDefault = "";
            var byVersion = new List<KeyValuePair<string, string>>();
            if (e.TryGetProperty("engine", out var engine) && engine.ValueKind == JsonValueKind.Object)
            {
                engineDefault = Text(engine, "default");
                if (engine.TryGetProperty("versions", out var versions) && versions.ValueKind == JsonValueKind.Object)
                {
                    foreach (var v in versions.EnumerateObject())
                    {
                        byVersion.Add(new(v.Name, v.Value.GetString() ?? ""));
                    }
                }
            }

            rules.Add(new ClientRule(new UaPattern(Text(e, "regex"), compiled), Text(e, "name"), Text(e, "version"), engineDefault, byVersion));
        }

        return rules;
    }

    private static List<BrandRule> ReadBrands(JsonElement root, bool compiled)
    {
        var rules = new List<BrandRule>();
        foreach (var brand in root.EnumerateObject())
        {
            var e = brand.Value;
            var models = new List<ModelRule>();
            if (e.TryGetProperty("models", out var list) && list.ValueKind == JsonValueKind.Array)
            {
                foreach (var m in list.EnumerateArray())
                {
                    models.Add(new ModelRule(
                        new UaPattern(Text(m, "regex"), compiled: false),
                        Text(m, "model"),
                        DeviceTypes.FromName(Text(m, "device")),
                        m.TryGetProperty("brand", out var b) ? b.GetString() : null));
                }
            }

            rules.Add(new BrandRule(
                new UaPattern(Text(e, "regex"), compiled),
                brand.Name,
                DeviceTypes.FromName(Text(e, "device")),
                e.TryGetProperty("model", out var model) ? model.GetString() : null,
                models));
        }

        return rules;
    }

    private static IEnumerable<BrandRule> SupplementMobiles() =>
        Supplement.Mobiles.Select(m => new BrandRule(
            new UaPattern(m.Pattern, compiled: true),
            m.Brand,
            DeviceTypes.FromName(m.Device),
            null,
            [.. m.Models.Select(x => new ModelRule(new UaPattern(x.Pattern, compiled: false), x.Model, DeviceTypes.FromName(x.Device), null))]));

    private static List<BrandRule> ReadVendorFragments(JsonElement root)
    {
        var rules = new List<BrandRule>();
        foreach (var brand in root.EnumerateObject())
        {
            foreach (var fragment in brand.Value.EnumerateArray())
            {
                // The detector anchors vendor fragments at the end of a token: "MDDR;" or "MDDR)".
                rules.Add(new BrandRule(new UaPattern(fragment.GetString() + "[^a-z0-9]+", compiled: true), brand.Name, null, null, []));
            }
        }

        return rules;
    }
}
