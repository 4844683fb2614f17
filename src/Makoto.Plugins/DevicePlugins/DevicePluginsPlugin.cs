using Makoto.Archiving;
using Makoto.Core.Plugins;
using Makoto.Plugins.DevicePlugins.Api;
using Makoto.Plugins.DevicePlugins.RecordBuilders;
using Makoto.Reporting.Api;
using Microsoft.Extensions.DependencyInjection;

namespace Makoto.Plugins.DevicePlugins;

/// <summary>The browser features the JavaScript tracker reports (PDF viewer, Java, cookies…): visits with each.</summary>
public sealed class DevicePluginsPlugin : IMakotoPlugin
{
    public string Name => "DevicePlugins";

    public void Register(IServiceCollection services)
    {
        services.AddSingleton<IRecordBuilder, DevicePluginsRecordBuilder>();
        services.AddSingleton<IApiModule, DevicePluginsApi>();
    }
}
