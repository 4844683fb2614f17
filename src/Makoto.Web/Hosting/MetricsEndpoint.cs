using Makoto.Tracking;

namespace Makoto.Web.Hosting;

/// <summary><c>/metrics</c>: the tracking counters in Prometheus' text format, for scrapers.</summary>
public static class MetricsEndpoint
{
    public static void Map(IEndpointRouteBuilder app) =>
        app.MapGet("/metrics", (TrackingMetrics metrics) => Results.Text(metrics.ToPrometheus(), "text/plain; version=0.0.4; charset=utf-8"));
}
