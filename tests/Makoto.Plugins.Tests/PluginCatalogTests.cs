using Makoto.Core.Plugins;
using Microsoft.Extensions.DependencyInjection;

namespace Makoto.Plugins.Tests;

public class PluginCatalogTests
{
    private static readonly IMakotoPlugin[] s_plugins = [new Plugin("Referrers", true), new Plugin("Events", true), new Plugin("CustomVariables", false)];

    [Fact]
    public void By_default_every_plugin_runs_except_the_optional_ones()
    {
        Assert.Equal(["Referrers", "Events"], Names(new PluginOptions()));
    }

    [Fact]
    public void Optional_plugins_are_switched_on_and_others_off_by_name_in_any_case()
    {
        Assert.Equal(["Events", "CustomVariables"], Names(new PluginOptions { Enabled = ["customvariables"], Disabled = ["REFERRERS"] }));
    }

    [Fact]
    public void A_name_that_is_no_plugin_or_in_both_lists_stops_the_start()
    {
        var unknown = Assert.Throws<InvalidOperationException>(() => Names(new PluginOptions { Enabled = ["CustomVariable"] }));
        Assert.Equal(
            "Makoto:Plugins:Enabled names 'CustomVariable', which is not a Makoto plugin. The plugins are: CustomVariables, Events, Referrers.",
            unknown.Message);
        var both = Assert.Throws<InvalidOperationException>(() => Names(new PluginOptions { Enabled = ["Events"], Disabled = ["events"] }));
        Assert.Contains("both Makoto:Plugins:Enabled and Makoto:Plugins:Disabled", both.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Only_the_plugins_switched_on_register_their_parts()
    {
        var services = new ServiceCollection();
        services.AddMakotoPlugins(s_plugins, new PluginOptions { Disabled = ["Events"] });
        Assert.Equal(["Referrers"], services.Select(s => s.ImplementationInstance).OfType<string>());
    }

    [Fact]
    public void Custom_variables_ship_off_by_default()
    {
        var plugins = PluginCatalog.Defaults(new Makoto.Plugins.PrivacyManager.PrivacyOptions(), new Makoto.Plugins.UserCountry.GeolocationOptions(), Path.GetTempPath());
        Assert.False(Assert.Single(plugins, p => p.Name == "CustomVariables").EnabledByDefault);
        Assert.DoesNotContain(PluginCatalog.Enabled(plugins, new PluginOptions()), p => p.Name == "CustomVariables");
    }

    private static List<string> Names(PluginOptions options) => [.. PluginCatalog.Enabled(s_plugins, options).Select(p => p.Name)];

    private sealed class Plugin(string name, bool enabledByDefault) : IMakotoPlugin
    {
        public string Name => name;

        public bool EnabledByDefault => enabledByDefault;

        public void Register(IServiceCollection services) => services.AddSingleton(name);
    }
}
