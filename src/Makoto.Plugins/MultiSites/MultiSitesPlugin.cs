using Makoto.Core.Plugins;
using Makoto.Plugins.MultiSites.Api;
using Makoto.Reporting.Api;
using Microsoft.Extensions.DependencyInjection;

namespace Makoto.Plugins.MultiSites;

/// <summary>The "All websites" numbers: visits, page views and revenue of every site, with their evolution.</summary>
public sealed class MultiSitesPlugin : IMakotoPlugin
{
    public string Name => "MultiSites";

    public void Register(IServiceCollection services)
    {
        services.AddSingleton<IApiModule, MultiSitesApi>();
        services.AddSingleton(MultiSitesApi.Definitions);
    }
}
