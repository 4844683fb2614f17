using Makoto.Core.Plugins;
using Makoto.Plugins.UsersManager.Api;
using Makoto.Reporting.Api;
using Microsoft.Extensions.DependencyInjection;

namespace Makoto.Plugins.UsersManager;

/// <summary>Users, their access to sites and their token_auth values (UsersManager.*).</summary>
public sealed class UsersManagerPlugin : IMakotoPlugin
{
    public string Name => "UsersManager";

    public void Register(IServiceCollection services)
    {
        services.AddSingleton<UserAdministration>();
        services.AddSingleton<IApiModule, UsersManagerApi>();
    }
}
