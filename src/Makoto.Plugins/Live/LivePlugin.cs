using Makoto.Core.Plugins;
using Makoto.Plugins.Live.Api;
using Makoto.Plugins.Live.VisitorLog;
using Makoto.Reporting.Api;
using Microsoft.Extensions.DependencyInjection;

namespace Makoto.Plugins.Live;

/// <summary>
/// The visitor log and real-time counters (Matomo's Live plugin): visits with all their actions,
/// read straight from the log tables, without archives.
/// </summary>
public sealed class LivePlugin : IMakotoPlugin
{
    public string Name => "Live";

    public void Register(IServiceCollection services)
    {
        services.AddSingleton<VisitorLogBuilder>();
        services.AddSingleton<VisitorProfileBuilder>();
        services.AddSingleton<IApiModule, LiveApi>();
    }
}
