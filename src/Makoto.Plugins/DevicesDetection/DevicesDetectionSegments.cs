using Makoto.Plugins.DevicesDetection.Detection;
using Makoto.Storage.Segments;
using static Makoto.Storage.Segments.SegmentFactory;

namespace Makoto.Plugins.DevicesDetection;

/// <summary>The segments of the visitor's device: browser, operating system, device type, brand and model.</summary>
internal static class DevicesDetectionSegments
{
    private const string Settings = "Visitor settings";

    public static SegmentDimension[] All { get; } =
    [
        Column(SegmentScope.Visit, "browserCode", "Browser code", Settings, "config_browser_name"),
        Column(SegmentScope.Visit, "browserVersion", "Browser version", Settings, "config_browser_version"),
        Column(SegmentScope.Visit, "browserEngine", "Browser engine", Settings, "config_browser_engine"),
        Column(SegmentScope.Visit, "operatingSystemCode", "Operating system code", Settings, "config_os"),
        Column(SegmentScope.Visit, "operatingSystemVersion", "Operating System Version", Settings, "config_os_version"),
        Column(SegmentScope.Visit, "deviceType", "Device type", Settings, "config_device_type", SegmentValueType.Number, DeviceTypeOf)
            with { SuggestedValues = [.. DeviceTypes.All.Select(type => DeviceTypes.Name(type))] },
        Column(SegmentScope.Visit, "deviceBrand", "Device brand", Settings, "config_device_brand"),
        Column(SegmentScope.Visit, "deviceModel", "Device model", Settings, "config_device_model"),
    ];

    /// <summary>A device type's name (as the device detector writes it) or number, as stored.</summary>
    private static object DeviceTypeOf(string value) =>
        DeviceTypes.FromName(value) is { } type ? (long)type : SegmentValues.Number(value);
}
