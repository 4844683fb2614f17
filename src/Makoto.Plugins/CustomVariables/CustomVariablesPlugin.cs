using Makoto.Archiving;
using Makoto.Core.Plugins;
using Makoto.Plugins.CustomVariables.Api;
using Makoto.Plugins.CustomVariables.RecordBuilders;
using Makoto.Plugins.CustomVariables.Tracking;
using Makoto.Reporting.Api;
using Makoto.Storage.Segments;
using Makoto.Tracking.Pipeline;
using Microsoft.Extensions.DependencyInjection;

namespace Makoto.Plugins.CustomVariables;

/// <summary>
/// Custom variables (Matomo's plugin-CustomVariables, not part of Matomo 5's core): the <c>_cvar</c> and
/// <c>cvar</c> tracking parameters and the reports by variable name and value. Off by default, as in
/// Matomo 5; <c>Makoto:Plugins:Enabled</c> switches it on.
/// </summary>
public sealed class CustomVariablesPlugin : IMakotoPlugin
{
    public string Name => "CustomVariables";

    public bool EnabledByDefault => false;

    public void Register(IServiceCollection services)
    {
        services.AddSegments(CustomVariablesSegments.All);
        services.AddSingleton<ITrackingProcessor, CustomVariablesProcessor>();
        services.AddSingleton<IRecordBuilder, CustomVariablesRecordBuilder>();
        services.AddSingleton<IApiModule, CustomVariablesApi>();
    }
}
