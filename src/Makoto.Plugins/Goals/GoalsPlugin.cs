using Makoto.Core.Plugins;
using Makoto.Plugins.Goals.Api;
using Makoto.Reporting.Api;
using Microsoft.Extensions.DependencyInjection;

namespace Makoto.Plugins.Goals;

/// <summary>Goal definitions (Goals.addGoal, getGoals, …).</summary>
public sealed class GoalsPlugin : IMakotoPlugin
{
    public string Name => "Goals";

    public void Register(IServiceCollection services)
    {
        services.AddSingleton<IApiModule, GoalsApi>();
    }
}
