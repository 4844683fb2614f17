using Makoto.Archiving;
using Makoto.Core.Plugins;
using Makoto.Plugins.VisitsSummary.Api;
using Makoto.Plugins.VisitsSummary.RecordBuilders;
using Makoto.Reporting.Api;
using Microsoft.Extensions.DependencyInjection;

namespace Makoto.Plugins.VisitsSummary;

/// <summary>The core visit metrics: visits, unique visitors, actions, bounces, time on site.</summary>
public sealed class VisitsSummaryPlugin : IMakotoPlugin
{
    public string Name => "VisitsSummary";

    public void Register(IServiceCollection services)
    {
        services.AddSingleton<IRecordBuilder, VisitsSummaryRecordBuilder>();
        services.AddSingleton<IApiModule, VisitsSummaryApi>();
    }
}
