using Makoto.Core.Plugins;
using Makoto.Plugins.Referrers.Tracking;
using Makoto.Tracking.Pipeline;
using Microsoft.Extensions.DependencyInjection;

namespace Makoto.Plugins.Referrers;

/// <summary>Where visits come from: direct entries and referring websites.</summary>
public sealed class ReferrersPlugin : IMakotoPlugin
{
    public string Name => "Referrers";

    public void Register(IServiceCollection services)
    {
        services.AddSingleton<ITrackingProcessor, ReferrerDetector>();
    }
}
