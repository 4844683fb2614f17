using Makoto.Core.Plugins;
using Makoto.Plugins.API.Api;
using Makoto.Reporting.Api;
using Microsoft.Extensions.DependencyInjection;

namespace Makoto.Plugins.API;

/// <summary>
/// The meta API (<c>API.*</c>): version, report metadata, processed reports, row evolution, the merged
/// main metrics, bulk requests; and <c>Makoto.getStatus</c> for operators.
/// </summary>
public sealed class ApiPlugin : IMakotoPlugin
{
    /// <summary>The Matomo version whose protocols Makoto speaks; clients use it to pick features.</summary>
    public const string CompatibleMatomoVersion = "5.0.2";

    public string Name => "API";

    public void Register(IServiceCollection services)
    {
        services.AddSingleton<IApiModule, MetaApi>();
        services.AddSingleton<IApiModule, ReportMetadataApi>();
        services.AddSingleton<IApiModule, RowEvolutionApi>();
        services.AddSingleton<IApiModule, StatusApi>();
        services.AddSingleton<IApiModule, SegmentsMetadataApi>();
    }
}
