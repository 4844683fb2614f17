using Makoto.Core.Plugins;
using Makoto.Plugins.CoreHome.Tracking;
using Makoto.Storage.Segments;
using Makoto.Tracking.Pipeline;
using Microsoft.Extensions.DependencyInjection;

namespace Makoto.Plugins.CoreHome;

/// <summary>The core visit dimensions: the rec flag, the visitor's configuration and the fingerprint.</summary>
public sealed class CoreHomePlugin : IMakotoPlugin
{
    public string Name => "CoreHome";

    public void Register(IServiceCollection services)
    {
        services.AddSegments(CoreHomeSegments.All);
        services.AddSingleton<ITrackingProcessor, RecExclusion>();
        services.AddSingleton<ITrackingProcessor, Exclusions>();
        services.AddSingleton<ITrackingProcessor, VisitConfiguration>();
        services.AddSingleton<ITrackingProcessor, Fingerprint>();
    }
}
