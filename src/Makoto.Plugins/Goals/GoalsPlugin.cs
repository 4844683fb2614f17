using Makoto.Archiving;
using Makoto.Core.Plugins;
using Makoto.Plugins.Goals.Api;
using Makoto.Plugins.Goals.RecordBuilders;
using Makoto.Plugins.Goals.Tracking;
using Makoto.Reporting.Api;
using Makoto.Storage.Segments;
using Makoto.Tracking.Pipeline;
using Microsoft.Extensions.DependencyInjection;

namespace Makoto.Plugins.Goals;

/// <summary>
/// Goals and ecommerce: definitions (Goals.addGoal, getGoals, …), conversion detection, the goal and
/// product records and their reports (Goals.get, Goals.getItemsSku, …).
/// </summary>
public sealed class GoalsPlugin : IMakotoPlugin
{
    public string Name => "Goals";

    public void Register(IServiceCollection services)
    {
        services.AddSegments(GoalsSegments.All);
        services.AddSingleton<IApiModule, GoalsApi>();
        services.AddSingleton<IApiModule, GoalsReportsApi>();
        services.AddSingleton(GoalsReportMetadata.Definitions);
        services.AddSingleton<ITrackingProcessor, GoalDetector>();
        services.AddSingleton<IRecordBuilder, GoalsRecordBuilder>();
        services.AddSingleton<IRecordBuilder, ItemsRecordBuilder>();
    }
}
