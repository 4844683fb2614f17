using Microsoft.Extensions.DependencyInjection;

namespace Makoto.Core.Plugins;

/// <summary>
/// A plugin: one vertical slice of a feature (tracking processors, record builders, API methods,
/// UI parts), registered with the dependency-injection container. Plugins are named as in Matomo
/// (VisitsSummary, Actions, Referrers, …) so Matomo users find things where they expect them.
/// </summary>
public interface IMakotoPlugin
{
    /// <summary>Matomo's plugin name, e.g. <c>VisitsSummary</c>.</summary>
    string Name { get; }

    /// <summary>
    /// False for optional plugins that Matomo 5 does not ship in its core (CustomVariables): they run only
    /// when configuration switches them on, so that by default Makoto answers as Matomo 5 does.
    /// </summary>
    bool EnabledByDefault => true;

    /// <summary>Registers the plugin's parts.</summary>
    void Register(IServiceCollection services);
}
