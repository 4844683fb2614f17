using Makoto.Reporting.Api;
using Makoto.Reporting.Metrics;
using Makoto.Reporting.Rendering;
using Microsoft.Extensions.DependencyInjection;

namespace Makoto.Reporting;

public static class ReportingServices
{
    public static IServiceCollection AddMakotoReporting(this IServiceCollection services, SecurityOptions? security = null)
    {
        services.AddSingleton((security ?? new SecurityOptions()).BruteForce);
        services.AddSingleton<BruteForceGuard>();
        services.AddSingleton(CoreMetricDefinitions.Set);
        services.AddSingleton<MetricCatalog>();
        services.AddSingleton<IApiRenderer, JsonRenderer>();
        services.AddSingleton<IApiRenderer, XmlRenderer>();
        services.AddSingleton<IApiRenderer>(CsvRenderer.Csv);
        services.AddSingleton<IApiRenderer>(CsvRenderer.Tsv);
        services.AddSingleton<IApiRenderer, HtmlRenderer>();
        services.AddSingleton<IApiRenderer, RssRenderer>();
        services.AddSingleton<IApiRenderer, OriginalRenderer>();
        services.AddSingleton<ApiRegistry>();
        services.AddSingleton<ApiDispatcher>();
        return services;
    }
}
