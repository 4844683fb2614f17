using Makoto.Core.Plugins;
using Makoto.Plugins.Dashboard.Api;
using Makoto.Reporting.Api;
using Microsoft.Extensions.DependencyInjection;

namespace Makoto.Plugins.Dashboard;

/// <summary>Each user's dashboards of widgets (Matomo's Dashboard plugin): layouts kept in <c>user_dashboard</c>.</summary>
public sealed class DashboardPlugin : IMakotoPlugin
{
    public string Name => "Dashboard";

    public void Register(IServiceCollection services)
    {
        services.AddSingleton<DashboardLayouts>();
        services.AddSingleton<IApiModule, DashboardApi>();
    }
}
