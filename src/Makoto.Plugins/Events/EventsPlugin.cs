using Makoto.Archiving;
using Makoto.Core.Plugins;
using Makoto.Plugins.Events.Api;
using Makoto.Plugins.Events.RecordBuilders;
using Makoto.Reporting.Api;
using Makoto.Storage.Segments;
using Microsoft.Extensions.DependencyInjection;

namespace Makoto.Plugins.Events;

/// <summary>Event reports: categories, actions and names, each with either other dimension as subtables.</summary>
public sealed class EventsPlugin : IMakotoPlugin
{
    public string Name => "Events";

    public void Register(IServiceCollection services)
    {
        services.AddSegments(EventsSegments.All);
        services.AddSingleton<IRecordBuilder, EventsRecordBuilder>();
        services.AddSingleton<IApiModule, EventsApi>();
        services.AddSingleton(EventsApi.Definitions);
    }
}
