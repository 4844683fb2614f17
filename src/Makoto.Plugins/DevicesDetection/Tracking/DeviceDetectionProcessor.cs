using Makoto.Plugins.DevicesDetection.Detection;
using Makoto.Tracking.Pipeline;

namespace Makoto.Plugins.DevicesDetection.Tracking;

/// <summary>
/// Detects the visitor's device from the User-Agent (<c>ua</c> or the header) and the client hints, and fills the <c>config_os*</c>, <c>config_browser*</c>, <c>config_client_type</c> and
/// <c>config_device*</c> visit columns with the values Matomo stores. Bots — by User-Agent or by the
/// crawler IP ranges — are excluded with reason "bot" unless the request says <c>bots=1</c>
/// (tracking-api.md §5 rule 1); a bot that is kept is stored with the operating system <c>BOT</c>.
/// The client hints are the tracker's <c>uadata</c> parameter when it is sent (not empty), otherwise the
/// request's <c>Sec-CH-UA*</c> headers, as in Matomo's <c>Request::getClientHints()</c>.
/// </summary>
internal sealed class DeviceDetectionProcessor(DeviceDetector detector) : ITrackingProcessor
{
    public string Name => "devices-detection";

    public int Order => TrackingStage.Device;

    public void Process(HitContext hit)
    {
        var request = hit.Request;
        var uadata = request["uadata"];
        // Client hints come from headers only when the request has some of the headers tracking keeps (most hits
        // have none: no hints to read, and no delegate or lists made for them).
        var info = string.IsNullOrEmpty(uadata) && request.Client.Headers.Count > 0 && ClientHints.FromHeaders(request.Client.Header) is { } headerHints
            ? detector.Detect(request.UserAgent, headerHints)
            : detector.Detect(request.UserAgent, uadata);
        if (!AllowsBots(request["bots"]) && (info.IsBot || BotIpRanges.Contains(request.Ip)))
        {
            hit.Exclude("bot");
            return;
        }

        var visit = hit.Visit;
        visit.ConfigOs = info.ConfigOs;
        visit.ConfigOsVersion = info.ConfigOsVersion;
        visit.ConfigBrowserName = info.ConfigBrowserName;
        visit.ConfigBrowserVersion = info.ConfigBrowserVersion;
        visit.ConfigBrowserEngine = info.ConfigBrowserEngine;
        visit.ConfigClientType = info.ConfigClientType;
        visit.ConfigDeviceType = info.ConfigDeviceType;
        visit.ConfigDeviceBrand = info.ConfigDeviceBrand;
        visit.ConfigDeviceModel = info.ConfigDeviceModel;
    }

    /// <summary><c>bots</c> as Matomo reads it: an integer, non-zero keeps bots.</summary>
    private static bool AllowsBots(string? value) =>
        !string.IsNullOrEmpty(value) && int.TryParse(value, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var number) && number != 0;
}
