using Makoto.Archiving;
using Makoto.Core.Plugins;
using Makoto.Plugins.VisitorInterest.Api;
using Makoto.Plugins.VisitorInterest.RecordBuilders;
using Makoto.Reporting.Api;
using Microsoft.Extensions.DependencyInjection;

namespace Makoto.Plugins.VisitorInterest;

/// <summary>Engagement: visits by duration, by actions, by visit number and by days since the last visit.</summary>
public sealed class VisitorInterestPlugin : IMakotoPlugin
{
    public string Name => "VisitorInterest";

    public void Register(IServiceCollection services)
    {
        services.AddSingleton<IRecordBuilder, VisitorInterestRecordBuilder>();
        services.AddSingleton<IApiModule, VisitorInterestApi>();
    }
}
