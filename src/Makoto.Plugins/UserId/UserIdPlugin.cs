using Makoto.Archiving;
using Makoto.Core.Plugins;
using Makoto.Plugins.UserId.Api;
using Makoto.Plugins.UserId.RecordBuilders;
using Makoto.Reporting.Api;
using Microsoft.Extensions.DependencyInjection;

namespace Makoto.Plugins.UserId;

/// <summary>The users report: visits of logged-in users by User ID.</summary>
public sealed class UserIdPlugin : IMakotoPlugin
{
    public string Name => "UserId";

    public void Register(IServiceCollection services)
    {
        services.AddSingleton<IRecordBuilder, UserIdRecordBuilder>();
        services.AddSingleton<IApiModule, UserIdApi>();
    }
}
