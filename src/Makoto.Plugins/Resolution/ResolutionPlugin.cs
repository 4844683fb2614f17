using Makoto.Archiving;
using Makoto.Core.Plugins;
using Makoto.Plugins.DevicesDetection.Detection;
using Makoto.Plugins.Resolution.Api;
using Makoto.Plugins.Resolution.RecordBuilders;
using Makoto.Reporting.Api;
using Makoto.Storage.Segments;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Makoto.Plugins.Resolution;

/// <summary>The visitors' screen resolutions, alone and with operating system and browser (the configuration).</summary>
public sealed class ResolutionPlugin : IMakotoPlugin
{
    public string Name => "Resolution";

    public void Register(IServiceCollection services)
    {
        services.AddSegments(ResolutionSegments.All);
        // The configuration labels name operating systems and browsers as DevicesDetection does.
        services.TryAddSingleton(_ => DeviceNames.Default);
        services.AddSingleton<IRecordBuilder, ResolutionRecordBuilder>();
        services.AddSingleton<IApiModule, ResolutionApi>();
    }
}
