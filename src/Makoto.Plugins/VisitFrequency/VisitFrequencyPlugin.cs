using Makoto.Core.Plugins;
using Makoto.Plugins.VisitFrequency.Api;
using Makoto.Reporting.Api;
using Microsoft.Extensions.DependencyInjection;

namespace Makoto.Plugins.VisitFrequency;

/// <summary>
/// New and returning visits side by side: the VisitsSummary metrics of the segments of new and of
/// returning visitors. It archives nothing of its own.
/// </summary>
public sealed class VisitFrequencyPlugin : IMakotoPlugin
{
    public string Name => "VisitFrequency";

    public void Register(IServiceCollection services)
    {
        services.AddSingleton<IApiModule, VisitFrequencyApi>();
        services.AddSingleton(VisitFrequencyApi.Definitions);
    }
}
