using Makoto.Tracking.Pipeline;
using Makoto.Tracking.Requests;
using Makoto.Tracking.Writer;
using Microsoft.Extensions.DependencyInjection;

namespace Makoto.Tracking;

public static class TrackingServices
{
    public static IServiceCollection AddMakotoTracking(this IServiceCollection services, TrackerOptions options)
    {
        services.AddSingleton(options);
        services.AddSingleton<TrackingMetrics>();
        services.AddSingleton<TrackingRequestReader>();
        services.AddSingleton<Urls.UrlNormalizer>();
        services.AddSingleton<TrackingPipeline>();
        services.AddSingleton<TrackingWriter>();
        services.AddSingleton<TrackingService>();
        return services;
    }
}
