using Makoto.Core.Plugins;
using Makoto.Plugins.Actions;
using Makoto.Plugins.API;
using Makoto.Plugins.Contents;
using Makoto.Plugins.CoreAdminHome;
using Makoto.Plugins.CoreHome;
using Makoto.Plugins.CustomDimensions;
using Makoto.Plugins.CustomVariables;
using Makoto.Plugins.Dashboard;
using Makoto.Plugins.DevicePlugins;
using Makoto.Plugins.DevicesDetection;
using Makoto.Plugins.Events;
using Makoto.Plugins.Goals;
using Makoto.Plugins.MultiSites;
using Makoto.Plugins.Live;
using Makoto.Plugins.PagePerformance;
using Makoto.Plugins.PrivacyManager;
using Makoto.Plugins.Referrers;
using Makoto.Plugins.Resolution;
using Makoto.Plugins.SegmentEditor;
using Makoto.Plugins.SitesManager;
using Makoto.Plugins.TwoFactorAuth;
using Makoto.Plugins.UserCountry;
using Makoto.Plugins.UserId;
using Makoto.Plugins.UserLanguage;
using Makoto.Plugins.UsersManager;
using Makoto.Plugins.VisitFrequency;
using Makoto.Plugins.VisitorInterest;
using Makoto.Plugins.VisitsSummary;
using Makoto.Plugins.VisitTime;
using Microsoft.Extensions.DependencyInjection;

namespace Makoto.Plugins;

/// <summary>The plugins that ship with Makoto and which of them run (<see cref="PluginOptions"/>).</summary>
public static class PluginCatalog
{
    /// <summary>
    /// The plugins that ship with Makoto, in registration order, the optional ones (off by default)
    /// included. A relative geolocation database path is resolved against <paramref name="dataFolder"/>.
    /// </summary>
    public static IReadOnlyList<IMakotoPlugin> Defaults(PrivacyOptions privacy, GeolocationOptions geolocation, string dataFolder) =>
    [
        new CoreHomePlugin(),
        new PrivacyManagerPlugin(privacy),
        new ActionsPlugin(),
        new PagePerformancePlugin(),
        new ReferrersPlugin(),
        new DevicesDetectionPlugin(),
        new ResolutionPlugin(),
        new DevicePluginsPlugin(),
        new UserCountryPlugin(geolocation, dataFolder),
        new UserLanguagePlugin(),
        new UserIdPlugin(),
        new VisitTimePlugin(),
        new VisitorInterestPlugin(),
        new VisitsSummaryPlugin(),
        new VisitFrequencyPlugin(),
        new GoalsPlugin(),
        new MultiSitesPlugin(),
        new EventsPlugin(),
        new ContentsPlugin(),
        new CustomDimensionsPlugin(),
        new CustomVariablesPlugin(),
        new LivePlugin(),
        new SitesManagerPlugin(),
        new UsersManagerPlugin(),
        new TwoFactorAuthPlugin(),
        new DashboardPlugin(),
        new ApiPlugin(),
        new SegmentEditorPlugin(),
        new CoreAdminHomePlugin(),
    ];

    /// <summary>
    /// Registers the plugins that <paramref name="options"/> leaves on: those enabled by default and not
    /// named in <see cref="PluginOptions.Disabled"/>, and the optional ones named in
    /// <see cref="PluginOptions.Enabled"/>. A name that is no plugin, or is in both lists, stops the start
    /// with a message saying what to change.
    /// </summary>
    public static IServiceCollection AddMakotoPlugins(this IServiceCollection services, IReadOnlyList<IMakotoPlugin> plugins, PluginOptions options)
    {
        foreach (var plugin in Enabled(plugins, options))
        {
            plugin.Register(services);
        }

        return services;
    }

    /// <summary>The plugins <paramref name="options"/> switches on, in registration order.</summary>
    public static IReadOnlyList<IMakotoPlugin> Enabled(IReadOnlyList<IMakotoPlugin> plugins, PluginOptions options)
    {
        var known = new HashSet<string>(plugins.Select(p => p.Name), StringComparer.OrdinalIgnoreCase);
        Check(options.Enabled, "Enabled", known);
        Check(options.Disabled, "Disabled", known);
        var enabled = new HashSet<string>(options.Enabled, StringComparer.OrdinalIgnoreCase);
        var disabled = new HashSet<string>(options.Disabled, StringComparer.OrdinalIgnoreCase);
        if (enabled.Intersect(disabled, StringComparer.OrdinalIgnoreCase).FirstOrDefault() is { } both)
        {
            throw new InvalidOperationException(
                $"The plugin {both} is named in both Makoto:Plugins:Enabled and Makoto:Plugins:Disabled; remove it from one of them.");
        }

        var result = new List<IMakotoPlugin>();
        foreach (var plugin in plugins)
        {
            if (enabled.Contains(plugin.Name) || (plugin.EnabledByDefault && !disabled.Contains(plugin.Name)))
            {
                result.Add(plugin);
            }
        }

        return result;
    }

    private static void Check(string[] names, string setting, HashSet<string> known)
    {
        foreach (var name in names)
        {
            if (!known.Contains(name))
            {
                throw new InvalidOperationException(
                    $"Makoto:Plugins:{setting} names '{name}', which is not a Makoto plugin. The plugins are: {string.Join(", ", known.Order(StringComparer.Ordinal))}.");
            }
        }
    }
}
