using Makoto.Core.Plugins;
using Makoto.Plugins.TwoFactorAuth.Api;
using Makoto.Reporting.Api;
using Microsoft.Extensions.DependencyInjection;

namespace Makoto.Plugins.TwoFactorAuth;

/// <summary>Two-factor authentication with time-based one-time passwords (Matomo's TwoFactorAuth plugin).</summary>
public sealed class TwoFactorAuthPlugin : IMakotoPlugin
{
    public string Name => "TwoFactorAuth";

    public void Register(IServiceCollection services)
    {
        services.AddSingleton<TwoFactorAuthentication>();
        services.AddSingleton<IApiModule, TwoFactorAuthApi>();
    }
}
