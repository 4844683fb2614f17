using Makoto.Archiving;
using Makoto.Core.Plugins;
using Makoto.Plugins.PagePerformance.Api;
using Makoto.Plugins.PagePerformance.RecordBuilders;
using Makoto.Reporting.Api;
using Microsoft.Extensions.DependencyInjection;

namespace Makoto.Plugins.PagePerformance;

/// <summary>
/// Page load times sent by the trackers (<c>pf_net</c>, <c>pf_srv</c>, … stored in the <c>time_*</c>
/// columns): the site's averages (PagePerformance.get). The per-page averages are part of the Actions
/// page reports.
/// </summary>
public sealed class PagePerformancePlugin : IMakotoPlugin
{
    public string Name => "PagePerformance";

    public void Register(IServiceCollection services)
    {
        services.AddSingleton<IRecordBuilder, PerformanceTotalsRecordBuilder>();
        services.AddSingleton<IApiModule, PagePerformanceApi>();
        services.AddSingleton(PagePerformanceApi.Definitions);
    }
}
