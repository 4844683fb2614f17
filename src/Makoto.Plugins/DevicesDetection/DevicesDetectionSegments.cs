using Makoto.Core.Segments;
using Makoto.Plugins.DevicesDetection.Detection;
using Makoto.Storage.Segments;
using static Makoto.Storage.Segments.SegmentFactory;

namespace Makoto.Plugins.DevicesDetection;

/// <summary>
/// The segments of the visitor's device: browser, operating system, device type, brand and model. The
/// stored values are the device detector's short codes; the segments written with names
/// (<c>browserName</c>, <c>operatingSystemName</c>, <c>deviceBrand</c>) are compared by the code of the
/// name, as Matomo's <c>sqlFilterValue</c> / <c>sqlFilter</c> do.
/// </summary>
internal static class DevicesDetectionSegments
{
    private const string Settings = "Visitor settings";

    /// <summary>What Matomo compares for a browser or system name it does not know (the code of unknown clients).</summary>
    private const string UnknownCode = "UNK";

    public static SegmentDimension[] All { get; } =
    [
        Column(SegmentScope.Visit, "browserCode", "Browser code", Settings, "config_browser_name")
            with { AcceptedValues = "FF, IE, CH, SF, OP etc." },
        Column(SegmentScope.Visit, "browserName", "Browser", Settings, "config_browser_name", map: value => DeviceNames.Default.BrowserCode(value) ?? UnknownCode)
            with
            {
                AcceptedValues = "FireFox, Internet Explorer, Chrome, Safari, Opera etc.",
                SuggestedNames = () => DeviceNames.Default.Browsers,
            },
        Column(SegmentScope.Visit, "browserVersion", "Browser version", Settings, "config_browser_version"),
        Column(SegmentScope.Visit, "browserEngine", "Browser engine", Settings, "config_browser_engine"),
        Column(SegmentScope.Visit, "operatingSystemCode", "Operating system code", Settings, "config_os")
            with { AcceptedValues = "WIN, LIN, MAX, AND, IOS etc." },
        Column(SegmentScope.Visit, "operatingSystemName", "Operating system", Settings, "config_os", map: value => DeviceNames.Default.OsCode(value) ?? UnknownCode)
            with
            {
                AcceptedValues = "Windows, Linux, Mac, Android, iOS etc.",
                SuggestedNames = () => DeviceNames.Default.OperatingSystems,
            },
        Column(SegmentScope.Visit, "operatingSystemVersion", "Operating System Version", Settings, "config_os_version"),
        Column(SegmentScope.Visit, "deviceType", "Device type", Settings, "config_device_type", SegmentValueType.Number, DeviceTypeOf)
            with { SuggestedValues = Fixed([.. DeviceTypes.All.Select(type => DeviceTypes.Name(type))]) },
        Column(SegmentScope.Visit, "deviceBrand", "Device brand", Settings, "config_device_brand", map: BrandCodeOf)
            with { SuggestionLabel = stored => DeviceNames.Default.BrandName(stored as string) },
        Column(SegmentScope.Visit, "deviceModel", "Device model", Settings, "config_device_model"),
    ];

    /// <summary>A device type's name (as the device detector writes it) or number, as stored.</summary>
    private static object DeviceTypeOf(string value) =>
        DeviceTypes.FromName(value) is { } type ? (long)type : SegmentValues.Number(value);

    /// <summary>
    /// A brand's name as its stored code; "Unknown" (what the brand report shows for devices without a
    /// brand) as the empty code. Another name is an error, as in Matomo.
    /// </summary>
    private static object BrandCodeOf(string value)
    {
        var name = value.Trim();
        if (name == DeviceNames.UnknownLabel)
        {
            return "";
        }

        return DeviceNames.Default.BrandCode(name)
            ?? throw new SegmentException($"deviceBrand segment must be the name of a device brand (Apple, Samsung, Xiaomi…; API.getSegmentsMetadata lists them all), not '{value}'.");
    }
}
