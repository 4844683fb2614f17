namespace Makoto.Plugins.DevicesDetection.Detection;

/// <summary>
/// Matomo's device types, the values of <c>log_visit.config_device_type</c> (the device detector's
/// <c>DEVICE_TYPE_*</c> constants), with the detector's names (used in segments, e.g.
/// <c>deviceType==car browser</c>, and in <c>config_device_model</c> as <c>generic &lt;name&gt;</c>)
/// and the English labels of Matomo's reports.
/// </summary>
public static class DeviceTypes
{
    public const int Desktop = 0;
    public const int Smartphone = 1;
    public const int Tablet = 2;
    public const int FeaturePhone = 3;
    public const int Console = 4;
    public const int Tv = 5;
    public const int CarBrowser = 6;
    public const int SmartDisplay = 7;
    public const int Camera = 8;
    public const int PortableMediaPlayer = 9;
    public const int Phablet = 10;
    public const int SmartSpeaker = 11;
    public const int Wearable = 12;
    public const int Peripheral = 13;

    private static readonly string[] s_names =
    [
        "desktop", "smartphone", "tablet", "feature phone", "console", "tv", "car browser", "smart display",
        "camera", "portable media player", "phablet", "smart speaker", "wearable", "peripheral",
    ];

    private static readonly string[] s_labels =
    [
        "Desktop", "Smartphone", "Tablet", "Feature phone", "Console", "Tv", "Car browser", "Smart display",
        "Camera", "Portable media player", "Phablet", "Smart speaker", "Wearable", "Peripheral",
    ];

    /// <summary>Every device type, in numeric order.</summary>
    public static IReadOnlyList<int> All { get; } = [.. Enumerable.Range(0, s_names.Length)];

    /// <summary>The detector's name of a type (e.g. "car browser"), or "" for an unknown type.</summary>
    public static string Name(int? type) => type is >= 0 and < 14 ? s_names[type.Value] : "";

    /// <summary>The report label (e.g. "Car browser"), or "Unknown".</summary>
    public static string Label(int? type) => type is >= 0 and < 14 ? s_labels[type.Value] : "Unknown";

    /// <summary>The type for a detector name (any case), or null.</summary>
    public static int? FromName(string? name)
    {
        if (string.IsNullOrEmpty(name))
        {
            return null;
        }

        for (var i = 0; i < s_names.Length; i++)
        {
            if (string.Equals(s_names[i], name, StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }

        return null;
    }
}

/// <summary>
/// The kinds of client the detector knows; the numbers are Matomo's values of
/// <c>log_visit.config_client_type</c> (1 browser, 2 library, 3 feed reader, 4 media player, 5 mobile app, 6 PIM).
/// </summary>
public enum ClientType
{
    None = 0,
    Browser = 1,
    Library = 2,
    FeedReader = 3,
    MediaPlayer = 4,
    MobileApp = 5,
    Pim = 6,
}
