using Makoto.Reporting.Api;
using Makoto.Reporting.Rendering;
using Microsoft.Extensions.DependencyInjection;

namespace Makoto.Reporting;

public static class ReportingServices
{
    public static IServiceCollection AddMakotoReporting(this IServiceCollection services)
    {
        services.AddSingleton<IApiRenderer, JsonRenderer>();
        services.AddSingleton<IApiRenderer, XmlRenderer>();
        services.AddSingleton<IApiRenderer>(CsvRenderer.Csv);
        services.AddSingleton<IApiRenderer>(CsvRenderer.Tsv);
        services.AddSingleton<ApiRegistry>();
        services.AddSingleton<ApiDispatcher>();
        return services;
    }
}
