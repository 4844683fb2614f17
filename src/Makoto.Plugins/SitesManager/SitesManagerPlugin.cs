using Makoto.Core.Plugins;
using Makoto.Plugins.SitesManager.Api;
using Makoto.Reporting.Api;
using Microsoft.Extensions.DependencyInjection;

namespace Makoto.Plugins.SitesManager;

/// <summary>Websites: creation, settings and URLs (SitesManager.*).</summary>
public sealed class SitesManagerPlugin : IMakotoPlugin
{
    public string Name => "SitesManager";

    public void Register(IServiceCollection services)
    {
        services.AddSingleton<SiteAdministration>();
        services.AddSingleton<IApiModule, SitesManagerApi>();
        foreach (var setting in GlobalSettingDeclarations.All())
        {
            services.AddSingleton(setting);
        }
    }
}
