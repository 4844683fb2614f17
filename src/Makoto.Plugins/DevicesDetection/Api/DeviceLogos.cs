using Makoto.Plugins.DevicesDetection.Detection;

namespace Makoto.Plugins.DevicesDetection.Api;

/// <summary>
/// The <c>logo</c> metadata of the DevicesDetection reports: paths of Matomo's icon set
/// (<c>plugins/Morpheus/icons/dist/...</c>) chosen as Matomo chooses them — by short code, else by the
/// first code of the family, else the unknown icon.
/// </summary>
/// <remarks>
/// Matomo also checks that the icon file exists in its installation; Makoto has no icon files and
/// assumes one exists for every operating system, browser and brand the device database knows
/// (docs/differences.md, DevicesDetection).
/// </remarks>
internal static class DeviceLogos
{
    private const string OsPath = "plugins/Morpheus/icons/dist/os/";
    private const string BrowserPath = "plugins/Morpheus/icons/dist/browsers/";
    private const string Unknown = "UNK";

    /// <summary>The icon of a device type label (<c>"1"</c> → smartphone.png); unknown.png for anything else.</summary>
    public static string DeviceType(string archived) =>
        "plugins/Morpheus/icons/dist/devices/"
        + (DeviceNames.DeviceTypeNumber(archived) is { } type ? DeviceTypes.Name(type).Replace(' ', '_') : "unknown")
        + ".png";

    /// <summary>The icon of a brand name: the name with characters other than letters, digits, <c>_</c> and <c>-</c> replaced by <c>_</c>.</summary>
    public static string Brand(string name)
    {
        var file = new System.Text.StringBuilder(name.Length);
        var replacing = false;
        foreach (var c in name)
        {
            if (c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9') or '_' or '-')
            {
                file.Append(c);
                replacing = false;
            }
            else if (!replacing)
            {
                file.Append('_');
                replacing = true;
            }
        }

        return "plugins/Morpheus/icons/dist/brand/" + file + ".png";
    }

    /// <summary>
    /// The icon of an operating system given by short code, name or a label starting with the code
    /// (<c>IPA;17.0</c>): the code's icon, else the icon of the first code of its family, else UNK.
    /// </summary>
    public static string Os(DeviceNames names, string value)
    {
        var code = DeviceNames.MapLegacyOsCode(value);
        if (code.Length > 3)
        {
            code = names.OsCode(code) is { } named && names.OsName(named) == code ? named : code[..3];
        }

        if (code.Length > 0 && names.OsName(code) is not null)
        {
            return OsPath + code + ".png";
        }

        var family = names.OsFamilyLabel(code);
        return names.OsFamilies().TryGetValue(family, out var codes) && codes.Length > 0 ? OsPath + codes[0] + ".png" : OsPath + Unknown + ".png";
    }

    /// <summary>The icon of an operating system family label ("Windows"): the icon of the family's first code.</summary>
    public static string OsFamily(DeviceNames names, string family) =>
        names.OsFamilies().TryGetValue(family, out var codes) && codes.Length > 0 ? Os(names, codes[0]) : Os(names, family);

    /// <summary>
    /// The icon of a browser given by short code, name or a label starting with the code
    /// (<c>CH;118.0</c>): the code's icon, else the icon of the first code of its family, else UNK.
    /// </summary>
    public static string Browser(DeviceNames names, string value)
    {
        var code = value;
        if (code.Length > 2)
        {
            code = names.BrowserCodeOfName(code) ?? code[..2];
        }

        if (code.Length == 0)
        {
            return BrowserPath + Unknown + ".png";
        }

        if (names.BrowserName(code) is not null)
        {
            return BrowserPath + code + ".png";
        }

        return names.BrowserFamily(code) is { } family && names.BrowserFamilies().TryGetValue(family, out var codes) && codes.Length > 0
            ? BrowserPath + codes[0] + ".png"
            : BrowserPath + Unknown + ".png";
    }

    /// <summary>The icon of a browser report label: a browser name's icon, or a family's first browser's icon.</summary>
    public static string BrowserFamily(DeviceNames names, string label)
    {
        if (label.Length > 0 && names.BrowserCodeOfName(label) is not null)
        {
            return Browser(names, label);
        }

        return label.Length > 0 && names.BrowserFamilies().TryGetValue(label, out var codes) && codes.Length > 0
            ? Browser(names, codes[0])
            : Browser(names, label);
    }
}
