using Makoto.Core.Plugins;
using Makoto.Plugins.Actions.Tracking;
using Makoto.Tracking.Pipeline;
using Microsoft.Extensions.DependencyInjection;

namespace Makoto.Plugins.Actions;

/// <summary>Page views, site searches, downloads, outlinks, events and contents: which action a hit records.</summary>
public sealed class ActionsPlugin : IMakotoPlugin
{
    public string Name => "Actions";

    public void Register(IServiceCollection services)
    {
        services.AddSingleton<ITrackingProcessor, ActionBuilder>();
    }
}
