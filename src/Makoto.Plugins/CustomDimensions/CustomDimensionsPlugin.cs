using Makoto.Archiving;
using Makoto.Core.Plugins;
using Makoto.Plugins.CustomDimensions.Api;
using Makoto.Plugins.CustomDimensions.RecordBuilders;
using Makoto.Plugins.CustomDimensions.Tracking;
using Makoto.Reporting.Api;
using Makoto.Storage.Segments;
using Makoto.Tracking.Pipeline;
using Microsoft.Extensions.DependencyInjection;

namespace Makoto.Plugins.CustomDimensions;

/// <summary>Custom dimensions: their configuration per site, the <c>dimensionN</c> tracking parameters and one report per active dimension.</summary>
public sealed class CustomDimensionsPlugin : IMakotoPlugin
{
    public string Name => "CustomDimensions";

    public void Register(IServiceCollection services)
    {
        services.AddSingleton<ISegmentDimensionSource, CustomDimensionSegments>();
        services.AddSingleton<ITrackingProcessor, CustomDimensionValues>();
        services.AddSingleton<IApiModule, CustomDimensionsApi>();
        services.AddSingleton<IRecordBuilder, CustomDimensionsRecordBuilder>();
        services.AddSingleton<IApiModule, CustomDimensionReportApi>();
    }
}
