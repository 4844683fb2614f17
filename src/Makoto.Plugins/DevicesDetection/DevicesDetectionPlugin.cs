using Makoto.Archiving;
using Makoto.Core.Plugins;
using Makoto.Plugins.DevicesDetection.Api;
using Makoto.Plugins.DevicesDetection.Detection;
using Makoto.Plugins.DevicesDetection.RecordBuilders;
using Makoto.Plugins.DevicesDetection.Tracking;
using Makoto.Reporting.Api;
using Makoto.Storage.Segments;
using Makoto.Tracking.Pipeline;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Makoto.Plugins.DevicesDetection;

/// <summary>
/// The visitor's device: operating system, browser (or other client), device type, brand and model,
/// detected with Matomo's device detector database; bots are excluded here. Reports visits by each of them.
/// </summary>
public sealed class DevicesDetectionPlugin : IMakotoPlugin
{
    public string Name => "DevicesDetection";

    public void Register(IServiceCollection services)
    {
        services.AddSegments(DevicesDetectionSegments.All);
        services.AddSingleton(static provider =>
        {
            // The patterns compile on first use (about two thousand); compile them in the background at
            // start so the first tracking requests do not wait for it.
            var detector = new DeviceDetector();
            _ = Task.Run(detector.Warm);
            return detector;
        });
        services.TryAddSingleton(_ => DeviceNames.Default);
        services.AddSingleton<ITrackingProcessor, DeviceDetectionProcessor>();
        services.AddSingleton<IRecordBuilder, DevicesDetectionRecordBuilder>();
        services.AddSingleton<IApiModule, DevicesDetectionApi>();
    }
}
