using Makoto.Archiving;
using Makoto.Core.Plugins;
using Makoto.Plugins.Actions.Api;
using Makoto.Plugins.Actions.RecordBuilders;
using Makoto.Plugins.Actions.Tracking;
using Makoto.Reporting.Api;
using Makoto.Storage.Segments;
using Makoto.Tracking.Pipeline;
using Microsoft.Extensions.DependencyInjection;

namespace Makoto.Plugins.Actions;

/// <summary>
/// Page views, site searches, downloads, outlinks, events and contents: which action a hit records,
/// and the reports of pages, titles, entry and exit pages, downloads, outlinks and site search.
/// </summary>
public sealed class ActionsPlugin : IMakotoPlugin
{
    public string Name => "Actions";

    public void Register(IServiceCollection services)
    {
        services.AddSegments(ActionsSegments.All);
        services.AddSingleton<ITrackingProcessor, ActionBuilder>();
        services.AddSingleton<IRecordBuilder, ActionsRecordBuilder>();
        services.AddSingleton<IApiModule, ActionsApi>();
        services.AddSingleton(ActionsReportMetadata.Definitions);
    }
}
