using System.Globalization;

namespace Makoto.Plugins.DevicesDetection.Detection;

public sealed partial class DeviceDetector
{
    /// <summary>
    /// The operating system: the first matching pattern of the database; client hints, when they name a
    /// platform, win over the User-Agent (they are not frozen: Windows 11 and current macOS versions are
    /// only visible there), except that a more specific system of the same family in the User-Agent
    /// (Ubuntu for "Linux", Fire OS for "Android") keeps its name, and the User-Agent's version fills in
    /// when the hints have none.
    /// </summary>
    private OsResult ParseOperatingSystem(string ua, ClientHints? hints)
    {
        var fromUa = OsResult.None;
        if (_db.OperatingSystems.FirstMatch(ua) is { } found)
        {
            var name = VersionText.Fill(found.Rule.Name, found.Match);
            var version = VersionText.Version(found.Rule.Version, found.Match);
            fromUa = MakeOs(name, version);
        }

        var fromHints = hints is null ? OsResult.None : OsFromHints(hints);
        if (fromHints.Name.Length == 0)
        {
            return fromUa;
        }

        var result = fromHints;
        if (result.Version.Length == 0 && fromUa.Name.Length > 0 && fromUa.Family == result.Family)
        {
            result = result with { Version = fromUa.Version };
        }

        if (fromUa.Name.Length > 0 && fromUa.Family == result.Name && fromUa.Name != result.Name)
        {
            result = MakeOs(fromUa.Name, result.Version);
        }

        return result;
    }

    private OsResult MakeOs(string name, string version)
    {
        if (_db.OsCodes.TryGetValue(name, out var code))
        {
            return new OsResult(_db.OsNames[code], code, version, _db.OsFamilies.GetValueOrDefault(code, ""));
        }

        // A system the name table does not know: Matomo stores UNK as its code.
        return new OsResult(name, "", version, "");
    }

    private OsResult OsFromHints(ClientHints hints)
    {
        var platform = hints.Platform;
        if (platform.Length == 0)
        {
            return OsResult.None;
        }

        var name = platform.ToUpperInvariant() switch
        {
            "MACOS" or "MAC OS" or "MAC OS X" => "Mac",
            "LINUX" => "GNU/Linux",
            "CHROME OS" or "CHROMEOS" or "CHROMIUM OS" => "Chrome OS",
            _ => platform,
        };
        if (!_db.OsCodes.TryGetValue(name, out _) && !_db.OsCodes.TryGetValue(name.Replace(" ", "", StringComparison.Ordinal), out _))
        {
            return OsResult.None;
        }

        var version = hints.PlatformVersion;
        var parts = version.Split('.');
        var major = parts.Length > 0 && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var m) ? m : -1;
        if (string.Equals(name, "Windows", StringComparison.OrdinalIgnoreCase))
        {
            // Microsoft's documented mapping of Sec-CH-UA-Platform-Version on Windows: 0.1 = 7,
            // 0.2 = 8, 0.3 = 8.1, 1–10 = Windows 10, 13 and later = Windows 11.
            var minor = parts.Length > 1 && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 0;
            version = major switch
            {
                0 => minor switch { 1 => "7", 2 => "8", 3 => "8.1", _ => "" },
                > 0 and < 11 => "10",
                > 10 => "11",
                _ => "",
            };
        }
        else if (major == 0)
        {
            version = "";
        }

        return MakeOs(name, VersionText.Truncate(version.Replace('_', '.')));
    }
}
