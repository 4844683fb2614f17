using System.Collections.Frozen;

namespace Makoto.Plugins.DevicesDetection.Detection;

public sealed partial class DeviceDetector
{
    /// <summary>Client-hint brand names that differ from the database's browser names.</summary>
    private static readonly FrozenDictionary<string, string> s_hintBrowserNames = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["Google Chrome"] = "Chrome",
        ["Edge"] = "Microsoft Edge",
        ["Samsung Internet"] = "Samsung Browser",
        ["YaBrowser"] = "Yandex Browser",
        ["Yandex"] = "Yandex Browser",
        ["Android WebView"] = "Chrome Webview",
        ["HeadlessChrome"] = "Headless Chrome",
        ["DuckDuckGo"] = "DuckDuckGo Privacy Browser",
        ["Whale"] = "Whale Browser",
        ["Opera Mobile"] = "Opera Mobile",
    }.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// The client: the first list (feed readers, mobile apps, media players, PIMs, browsers, libraries)
    /// with a matching pattern. At the browser stage, client hints name the browser and its full version
    /// when they know it, with the User-Agent refining them (Chrome Mobile rather than Chrome, a
    /// Chromium-based browser rather than "Chromium", the engine).
    /// </summary>
    private ClientResult ParseClient(string ua, ClientHints? hints)
    {
        foreach (var (type, list) in _db.Clients)
        {
            if (type == ClientType.Browser)
            {
                var browser = ParseBrowser(ua, hints);
                if (browser.Type != ClientType.None)
                {
                    return browser;
                }

                continue;
            }

            if (list.FirstMatch(ua) is { } found)
            {
                return new ClientResult(type, VersionText.Fill(found.Rule.Name, found.Match), "", VersionText.Version(found.Rule.Version, found.Match), "");
            }
        }

        return ClientResult.None;
    }

    private ClientResult ParseBrowser(string ua, ClientHints? hints)
    {
        var fromUa = ClientResult.None;
        if (_db.Browsers.FirstMatch(ua) is { } found)
        {
            var name = VersionText.Fill(found.Rule.Name, found.Match);
            var uaVersion = VersionText.Version(found.Rule.Version, found.Match);
            var code = _db.BrowserCodes.GetValueOrDefault(name, "");
            if (code.Length > 0)
            {
                name = _db.BrowserNames[code];
            }

            fromUa = new ClientResult(ClientType.Browser, name, code, uaVersion, Engine(found.Rule, uaVersion, ua));
        }

        var fromHints = hints is null ? ClientResult.None : BrowserFromHints(hints);
        if (fromHints.Name.Length == 0 || fromHints.Version.Length == 0)
        {
            return fromUa;
        }

        var result = fromHints;
        var engine = "";
        if (result.Name is "Chromium" or "Chrome Webview" && fromUa.Name.Length > 0 && fromUa.Code is not ("CR" or "CV" or "AN"))
        {
            result = fromUa;
        }

        if (result.Name + " Mobile" == fromUa.Name)
        {
            result = result with { Name = fromUa.Name, Code = fromUa.Code };
        }

        if (result.Name == fromUa.Name
            || (fromUa.Code.Length > 0 && _db.BrowserFamilies.GetValueOrDefault(result.Code) is { } family && family == _db.BrowserFamilies.GetValueOrDefault(fromUa.Code)))
        {
            engine = fromUa.Engine;
        }

        // A User-Agent version that extends the hints' one (118.0 → 118.0.5993) is kept.
        var version = result.Version;
        if (fromUa.Version.Length > 0 && fromUa.Version.StartsWith(version, StringComparison.Ordinal) && VersionText.Compare(version, fromUa.Version) < 0)
        {
            version = fromUa.Version;
        }

        if (engine.Length == 0)
        {
            engine = EngineFromPatterns(ua);
        }

        return result with { Type = ClientType.Browser, Version = version, Engine = engine };
    }

    /// <summary>The browser named by the hints: the first known brand that is not "Chromium" (or "Microsoft Edge", which Edge's WebView also lists); otherwise the last known one.</summary>
    private ClientResult BrowserFromHints(ClientHints hints)
    {
        var result = ClientResult.None;
        foreach (var (brand, version) in hints.Brands)
        {
            var name = s_hintBrowserNames.GetValueOrDefault(brand, brand);
            if (!_db.BrowserCodes.TryGetValue(name, out var code) && !_db.BrowserCodes.TryGetValue(name + " Browser", out code))
            {
                continue;
            }

            result = new ClientResult(ClientType.Browser, _db.BrowserNames[code], code, VersionText.Truncate(version.Replace('_', '.')), "");
            if (result.Name is not ("Chromium" or "Microsoft Edge"))
            {
                break;
            }
        }

        return result;
    }

    /// <summary>The engine a browser pattern names for this version, else the first engine pattern that matches.</summary>
    private string Engine(ClientRule rule, string version, string ua)
    {
        var engine = rule.EngineDefault;
        foreach (var (from, name) in rule.EngineByVersion)
        {
            if (VersionText.Compare(version, from) >= 0)
            {
                engine = name;
            }
        }

        return engine.Length > 0 ? engine : EngineFromPatterns(ua);
    }

    private string EngineFromPatterns(string ua) => _db.Engines.FirstMatch(ua) is { } found ? found.Rule.Name : "";
}
