using Makoto.Core.Plugins;
using Makoto.Plugins.Actions;
using Makoto.Plugins.API;
using Makoto.Plugins.CoreHome;
using Makoto.Plugins.CustomDimensions;
using Makoto.Plugins.DevicesDetection;
using Makoto.Plugins.Goals;
using Makoto.Plugins.PagePerformance;
using Makoto.Plugins.PrivacyManager;
using Makoto.Plugins.Referrers;
using Makoto.Plugins.SitesManager;
using Makoto.Plugins.UserCountry;
using Makoto.Plugins.UserLanguage;
using Makoto.Plugins.UsersManager;
using Makoto.Plugins.VisitsSummary;
using Microsoft.Extensions.DependencyInjection;

namespace Makoto.Plugins;

/// <summary>The default plugins and their registration.</summary>
public static class PluginCatalog
{
    /// <summary>
    /// The plugins that ship with Makoto, in registration order. A relative geolocation database path
    /// is resolved against <paramref name="dataFolder"/>.
    /// </summary>
    public static IReadOnlyList<IMakotoPlugin> Defaults(PrivacyOptions privacy, GeolocationOptions geolocation, string dataFolder) =>
    [
        new CoreHomePlugin(),
        new PrivacyManagerPlugin(privacy),
        new ActionsPlugin(),
        new PagePerformancePlugin(),
        new ReferrersPlugin(),
        new DevicesDetectionPlugin(),
        new UserCountryPlugin(geolocation, dataFolder),
        new UserLanguagePlugin(),
        new VisitsSummaryPlugin(),
        new GoalsPlugin(),
        new CustomDimensionsPlugin(),
        new SitesManagerPlugin(),
        new UsersManagerPlugin(),
        new ApiPlugin(),
    ];

    /// <summary>Registers the plugins, except those named in <paramref name="disabled"/>.</summary>
    public static IServiceCollection AddMakotoPlugins(this IServiceCollection services, IEnumerable<IMakotoPlugin> plugins, IReadOnlyCollection<string> disabled)
    {
        foreach (var plugin in plugins)
        {
            if (!disabled.Contains(plugin.Name, StringComparer.OrdinalIgnoreCase))
            {
                plugin.Register(services);
            }
        }

        return services;
    }
}
