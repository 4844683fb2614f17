using Makoto.Archiving;
using Makoto.Core.Plugins;
using Makoto.Plugins.Referrers.Api;
using Makoto.Plugins.Referrers.RecordBuilders;
using Makoto.Plugins.Referrers.Tracking;
using Makoto.Reporting.Api;
using Makoto.Storage.Segments;
using Makoto.Storage.Sites;
using Makoto.Tracking.Pipeline;
using Makoto.Tracking.Requests;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Makoto.Plugins.Referrers;

/// <summary>
/// Where visits come from: direct entries, search engines, websites, social networks and campaigns
/// (tracking-api.md §7), the referrer conversions are credited to, and their reports
/// (metrics-and-archiving.md §4, reporting-api.md §7).
/// </summary>
public sealed class ReferrersPlugin : IMakotoPlugin
{
    public string Name => "Referrers";

    public void Register(IServiceCollection services)
    {
        services.AddSegments(ReferrersSegments.All);
        services.TryAddSingleton(new ReferrerOptions());
        services.AddSingleton(_ => ReferrerDefinitions.Default);
        services.AddSingleton<IReferrerEnvironment>(provider => new StoreReferrerEnvironment(
            provider.GetRequiredService<SiteStore>(),
            provider.GetRequiredService<GlobalSiteSettings>()));
        services.AddSingleton(provider => new ReferrerClassifier(
            provider.GetRequiredService<ReferrerDefinitions>(),
            provider.GetRequiredService<IReferrerEnvironment>(),
            provider.GetRequiredService<TrackerOptions>()));
        services.AddSingleton(provider => new ReferrerAttribution(provider.GetRequiredService<ReferrerClassifier>()));
        services.AddSingleton<ITrackingProcessor>(provider => new ReferrerDetector(
            provider.GetRequiredService<ReferrerClassifier>(),
            provider.GetRequiredService<ReferrerAttribution>(),
            provider.GetRequiredService<ReferrerOptions>()));
        services.AddSingleton<IRecordBuilder, ReferrersRecordBuilder>();
        services.AddSingleton<IApiModule, ReferrersApi>();
        services.AddSingleton(ReferrersReportMetadata.Definitions);
    }
}
