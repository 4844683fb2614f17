using System.Collections.Frozen;
using System.Text.RegularExpressions;

namespace Makoto.Plugins.DevicesDetection.Detection;

public sealed partial class DeviceDetector
{
    /// <summary>Operating systems whose devices are Apple's.</summary>
    private static readonly FrozenSet<string> s_appleSystems = FrozenSet.Create(StringComparer.Ordinal, "iPadOS", "tvOS", "watchOS", "iOS", "Mac");

    /// <summary>Operating system families that make an otherwise unidentified device a desktop.</summary>
    private static readonly FrozenSet<string> s_desktopFamilies = FrozenSet.Create(StringComparer.Ordinal, "AmigaOS", "IBM", "GNU/Linux", "Mac", "Unix", "Windows", "BeOS", "Chrome OS");

    /// <summary>Browsers that only run on TVs.</summary>
    private static readonly FrozenSet<string> s_tvBrowsers = FrozenSet.Create(
        StringComparer.Ordinal,
        "Kylo", "Espial TV Browser", "LUJO TV Browser", "LogicUI TV Browser", "Open TV Browser", "Seraphic Sraf", "Opera Devices",
        "Crow Browser", "Vewd Browser", "TiviMate", "Quick Search TV", "QJY TV Browser", "TV Bro");

    /// <summary>
    /// The device: the device lists of the database, then the detector's derivation rules
    /// (<see cref="DeviceRules"/>). With a device model in the client hints, a User-Agent that Chrome
    /// reduced to "Android 10; K" gets its model back before the lists are tried.
    /// </summary>
    private DeviceResult ParseDevice(string ua, ClientHints? hints, OsResult os, ClientResult client)
    {
        var hintModel = hints?.Model ?? "";
        var deviceUa = ua;
        if (hintModel.Length > 0 && DeviceRules.ReducedAndroid.IsMatch(ua))
        {
            var androidVersion = hints!.PlatformVersion.Length > 0 ? hints.PlatformVersion : "10";
            deviceUa = DeviceRules.ReducedAndroidToken.Replace(ua, "Android " + androidVersion + "; " + hintModel.Replace("$", "$$", StringComparison.Ordinal), 1);
        }

        var device = new DeviceResult(null, "", "");
        if (hintModel.Length > 0 || !HasDesktopFragment(deviceUa))
        {
            device = MatchDeviceLists(deviceUa) ?? device;
        }

        var (type, brand, model) = device;
        if (model.Length == 0 && hintModel.Length > 0)
        {
            model = hintModel;
        }

        if (brand.Length == 0 && _db.VendorFragments.FirstMatch(ua) is { } fragment)
        {
            brand = fragment.Rule.Brand;
        }

        // A fake User-Agent: Apple devices run Apple's systems.
        if (brand == "Apple" && !s_appleSystems.Contains(os.Name))
        {
            (type, brand, model) = (null, "", "");
        }

        if (brand.Length == 0 && s_appleSystems.Contains(os.Name))
        {
            brand = "Apple";
        }

        type = DeviceRules.DeriveType(this, type, ua, os, client);
        return new DeviceResult(type, brand, model);
    }

    private DeviceResult? MatchDeviceLists(string ua)
    {
        if (DeviceRules.HbbTv.IsMatch(ua))
        {
            // HbbTV is a TV standard: the device is a TV even when no brand matches.
            var tv = MatchBrands(_db.Televisions, ua);
            return new DeviceResult(DeviceTypes.Tv, tv?.Brand ?? "", tv?.Model ?? "");
        }

        if (ua.Contains("FBMD/", StringComparison.OrdinalIgnoreCase) && MatchBrands(_db.Notebooks, ua) is { } notebook)
        {
            return notebook;
        }

        return MatchBrands(_db.Consoles, ua)
            ?? MatchBrands(_db.CarBrowsers, ua)
            ?? MatchBrands(_db.Cameras, ua)
            ?? MatchBrands(_db.PortableMediaPlayers, ua)
            ?? MatchBrands(_db.Mobiles, ua);
    }

    /// <summary>The first brand of the list whose pattern matches, with its device type and the first matching model.</summary>
    private static DeviceResult? MatchBrands(RuleList<BrandRule> list, string ua)
    {
        if (list.FirstMatch(ua) is not { } found)
        {
            return null;
        }

        var rule = found.Rule;
        var brand = rule.Brand == "Unknown" ? "" : rule.Brand;
        var type = rule.DeviceType;
        var model = rule.Model is null ? "" : VersionText.Model(rule.Model, found.Match);
        foreach (var candidate in rule.Models)
        {
            if (candidate.Pattern.Match(ua) is { } match)
            {
                model = VersionText.Model(candidate.Model, match);
                if (!string.IsNullOrEmpty(candidate.Brand))
                {
                    brand = candidate.Brand == "Unknown" ? "" : candidate.Brand;
                }

                type = candidate.DeviceType ?? type;
                break;
            }
        }

        return new DeviceResult(type, brand, model);
    }

    /// <summary>
    /// A plain desktop User-Agent ("Windows NT …" or "X11; Linux x86_64" without a mobile, tablet, TV or
    /// console token): the device lists are skipped, which is both faster and avoids false models.
    /// </summary>
    private static bool HasDesktopFragment(string ua) =>
        DeviceRules.DesktopFragment.IsMatch(ua) && !DeviceRules.NotDesktopFragment.IsMatch(ua);

    private bool UsesMobileOnlyBrowser(ClientResult client) =>
        client.Type == ClientType.Browser && client.Code.Length > 0 && _db.MobileOnlyBrowsers.Contains(client.Code);

    /// <summary>A desktop: a desktop operating system and no mobile-only browser.</summary>
    private bool IsDesktop(OsResult os, ClientResult client) =>
        os.Name.Length > 0 && !UsesMobileOnlyBrowser(client) && s_desktopFamilies.Contains(os.Family);

    /// <summary>The detector's notion of a mobile device (only used for the stored model "generic mobile").</summary>
    private bool IsMobile(OsResult os, ClientResult client, int? type, ClientHints? hints)
    {
        if (hints?.Mobile == true)
        {
            return true;
        }

        switch (type)
        {
            case DeviceTypes.FeaturePhone or DeviceTypes.Smartphone or DeviceTypes.Tablet or DeviceTypes.Phablet or DeviceTypes.Camera or DeviceTypes.PortableMediaPlayer:
                return true;
            case DeviceTypes.Tv or DeviceTypes.SmartDisplay or DeviceTypes.Console:
                return false;
        }

        if (UsesMobileOnlyBrowser(client))
        {
            return true;
        }

        return os.Name.Length > 0 && !IsDesktop(os, client);
    }

    /// <summary>The detector's rules that derive or correct the device type from the other findings.</summary>
    private static class DeviceRules
    {
        public static readonly UaPattern HbbTv = Pattern(@"HbbTV/([1-9]{1}(?:\.[0-9]{1}){1,2})");
        public static readonly UaPattern DesktopFragment = Pattern(@"(?:Windows (?:NT|IoT)|X11; Linux x86_64)");
        public static readonly UaPattern NotDesktopFragment = Pattern(
            @"CE-HTML| Mozilla/|Andr[o0]id|Tablet|Mobile|iPhone|Windows Phone|ricoh|OculusBrowser|PicoBrowser|Lenovo|compatible; MSIE|Trident/|Tesla/|XBOX|FBMD/|ARM; ?([^)]+)");

        public static readonly UaPattern ReducedAndroid = Pattern(@"Android 10[.\d]*; K(?: Build/|[;)])");
        public static readonly Regex ReducedAndroidToken = new(@"Android 10[.\d]*; K(?= Build/|[;)])", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, UaPattern.MatchTimeout);

        private static readonly UaPattern s_vr = Pattern(@"Android( [.0-9]+)?; Mobile VR;| VR ");
        private static readonly UaPattern s_chrome = Pattern(@"Chrome/[.0-9]*");
        private static readonly UaPattern s_mobile = Pattern(@"(?:Mobile|eliboM)");
        private static readonly UaPattern s_pad = Pattern(@"Pad/APad");
        private static readonly UaPattern s_androidTablet = Pattern(@"Android( [.0-9]+)?; Tablet;|Tablet(?! PC)|.*\-tablet$");
        private static readonly UaPattern s_operaTablet = Pattern(@"Opera Tablet");
        private static readonly UaPattern s_androidMobile = Pattern(@"Android( [.0-9]+)?; Mobile;|.*\-mobile$");
        private static readonly UaPattern s_touch = Pattern(@"Touch");
        private static readonly UaPattern s_puffinDesktop = Pattern(@"Puffin/(?:\d+[.\d]+)[LMW]D");
        private static readonly UaPattern s_puffinPhone = Pattern(@"Puffin/(?:\d+[.\d]+)[AIFLW]P");
        private static readonly UaPattern s_puffinTablet = Pattern(@"Puffin/(?:\d+[.\d]+)[AILW]T");
        private static readonly UaPattern s_operaTv = Pattern(@"Opera TV Store| OMI/");
        private static readonly UaPattern s_androidTv = Pattern(@"Andr0id|(?:Android(?: UHD)?|Google) TV|\(lite\) TV|BRAVIA| TV$");
        private static readonly UaPattern s_smartTv = Pattern(@"SmartTV|Tizen.+ TV .+$");
        private static readonly UaPattern s_tvToken = Pattern(@"\(TV;");
        private static readonly UaPattern s_desktopToken = Pattern(@"Desktop(?: (x(?:32|64)|WOW64))?;");

        public static int? DeriveType(DeviceDetector detector, int? type, string ua, OsResult os, ClientResult client)
        {
            if (type is null && s_vr.IsMatch(ua))
            {
                type = DeviceTypes.Wearable;
            }

            // Chrome on Android says "Mobile" on phones and not on tablets.
            if (type is null && os.Family == "Android" && s_chrome.IsMatch(ua))
            {
                type = s_mobile.IsMatch(ua) ? DeviceTypes.Smartphone : DeviceTypes.Tablet;
            }

            if (type == DeviceTypes.Smartphone && s_pad.IsMatch(ua))
            {
                type = DeviceTypes.Tablet;
            }

            if (type is null && (s_androidTablet.IsMatch(ua) || s_operaTablet.IsMatch(ua)))
            {
                type = DeviceTypes.Tablet;
            }

            if (type is null && s_androidMobile.IsMatch(ua))
            {
                type = DeviceTypes.Smartphone;
            }

            // Android before 2.0 ran on phones only, 3.x on tablets only.
            if (type is null && os.Name == "Android" && os.Version.Length > 0)
            {
                if (VersionText.Compare(os.Version, "2.0") < 0)
                {
                    type = DeviceTypes.Smartphone;
                }
                else if (VersionText.Compare(os.Version, "3.0") >= 0 && VersionText.Compare(os.Version, "4.0") < 0)
                {
                    type = DeviceTypes.Tablet;
                }
            }

            if (type == DeviceTypes.FeaturePhone && os.Family == "Android")
            {
                type = DeviceTypes.Smartphone;
            }

            if (type is null && os.Name == "Java ME")
            {
                type = DeviceTypes.FeaturePhone;
            }

            if (os.Name == "KaiOS")
            {
                type = DeviceTypes.FeaturePhone;
            }

            // Internet Explorer 10+ adds "Touch" on touch screens of Windows 8 and later; most are tablets.
            if (type is null && (os.Name == "Windows RT" || (os.Name == "Windows" && VersionText.Compare(os.Version, "8") >= 0)) && s_touch.IsMatch(ua))
            {
                type = DeviceTypes.Tablet;
            }

            if (type is null && s_puffinDesktop.IsMatch(ua))
            {
                type = DeviceTypes.Desktop;
            }

            if (type is null && s_puffinPhone.IsMatch(ua))
            {
                type = DeviceTypes.Smartphone;
            }

            if (type is null && s_puffinTablet.IsMatch(ua))
            {
                type = DeviceTypes.Tablet;
            }

            if (s_operaTv.IsMatch(ua) || os.Name == "Coolita OS")
            {
                type = DeviceTypes.Tv;
            }

            if (type is not (DeviceTypes.Tv or DeviceTypes.Peripheral) && s_androidTv.IsMatch(ua))
            {
                type = DeviceTypes.Tv;
            }

            if (type is null && s_smartTv.IsMatch(ua))
            {
                type = DeviceTypes.Tv;
            }

            if (s_tvBrowsers.Contains(client.Name))
            {
                type = DeviceTypes.Tv;
            }

            if (type is null && s_tvToken.IsMatch(ua))
            {
                type = DeviceTypes.Tv;
            }

            if (type != DeviceTypes.Desktop && ua.Contains("Desktop", StringComparison.Ordinal) && s_desktopToken.IsMatch(ua))
            {
                type = DeviceTypes.Desktop;
            }

            if (type is null && detector.IsDesktop(os, client))
            {
                type = DeviceTypes.Desktop;
            }

            return type;
        }

        private static UaPattern Pattern(string pattern) => new(pattern, compiled: true);
    }
}
