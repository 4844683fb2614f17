using Makoto.Archiving;
using Makoto.Core.Plugins;
using Makoto.Plugins.VisitTime.Api;
using Makoto.Plugins.VisitTime.RecordBuilders;
using Makoto.Reporting.Api;
using Microsoft.Extensions.DependencyInjection;

namespace Makoto.Plugins.VisitTime;

/// <summary>When visits happen: by the visitor's local hour, by the site's hour and by day of week.</summary>
public sealed class VisitTimePlugin : IMakotoPlugin
{
    public string Name => "VisitTime";

    public void Register(IServiceCollection services)
    {
        services.AddSingleton<IRecordBuilder, VisitTimeRecordBuilder>();
        services.AddSingleton<IApiModule, VisitTimeApi>();
    }
}
