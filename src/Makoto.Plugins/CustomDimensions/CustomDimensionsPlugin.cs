using Makoto.Core.Plugins;
using Makoto.Plugins.CustomDimensions.Api;
using Makoto.Plugins.CustomDimensions.Tracking;
using Makoto.Reporting.Api;
using Makoto.Tracking.Pipeline;
using Microsoft.Extensions.DependencyInjection;

namespace Makoto.Plugins.CustomDimensions;

/// <summary>Custom dimensions: their configuration per site and the <c>dimensionN</c> tracking parameters.</summary>
public sealed class CustomDimensionsPlugin : IMakotoPlugin
{
    public string Name => "CustomDimensions";

    public void Register(IServiceCollection services)
    {
        services.AddSingleton<ITrackingProcessor, CustomDimensionValues>();
        services.AddSingleton<IApiModule, CustomDimensionsApi>();
    }
}
