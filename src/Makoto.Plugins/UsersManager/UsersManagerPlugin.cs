using Makoto.Core.Plugins;
using Makoto.Plugins.UsersManager.Api;
using Makoto.Reporting.Api;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Makoto.Plugins.UsersManager;

/// <summary>Users, their access to sites, their token_auth values and invitations (UsersManager.*).</summary>
public sealed class UsersManagerPlugin : IMakotoPlugin
{
    public string Name => "UsersManager";

    public void Register(IServiceCollection services)
    {
        services.AddSingleton<UserAdministration>();
        services.TryAddSingleton<IInvitationMail, NoInvitationMail>();
        services.AddSingleton<UserInvitations>();
        services.AddHostedService<InvitationCleanupTask>();
        services.AddSingleton<IApiModule, UsersManagerApi>();
    }
}
