using Makoto.Archiving;
using Makoto.Core.Plugins;
using Makoto.Plugins.Contents.Api;
using Makoto.Plugins.Contents.RecordBuilders;
using Makoto.Reporting.Api;
using Makoto.Storage.Segments;
using Microsoft.Extensions.DependencyInjection;

namespace Makoto.Plugins.Contents;

/// <summary>Content tracking reports: impressions and interactions by content name and by content piece.</summary>
public sealed class ContentsPlugin : IMakotoPlugin
{
    public string Name => "Contents";

    public void Register(IServiceCollection services)
    {
        services.AddSegments(ContentsSegments.All);
        services.AddSingleton<IRecordBuilder, ContentsRecordBuilder>();
        services.AddSingleton<IApiModule, ContentsApi>();
        services.AddSingleton(ContentsApi.Definitions);
    }
}
