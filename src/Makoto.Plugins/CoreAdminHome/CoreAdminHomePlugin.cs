using Makoto.Core.Plugins;
using Makoto.Plugins.CoreAdminHome.Api;
using Makoto.Reporting.Api;
using Microsoft.Extensions.DependencyInjection;

namespace Makoto.Plugins.CoreAdminHome;

/// <summary>The general settings of the administration that are not a plugin's own: for now, the archiving settings.</summary>
public sealed class CoreAdminHomePlugin : IMakotoPlugin
{
    public string Name => "CoreAdminHome";

    public void Register(IServiceCollection services) => services.AddSingleton<IApiModule, CoreAdminHomeApi>();
}
