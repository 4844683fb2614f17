using Makoto.Core.Plugins;
using Makoto.Reporting.Api;
using Microsoft.Extensions.DependencyInjection;

namespace Makoto.Plugins.API;

/// <summary>The meta API (<c>API.*</c>): version, and later report metadata and bulk requests.</summary>
public sealed class ApiPlugin : IMakotoPlugin
{
    /// <summary>The Matomo version whose protocols Makoto speaks; clients use it to pick features.</summary>
    public const string CompatibleMatomoVersion = "5.0.2";

    public string Name => "API";

    public void Register(IServiceCollection services)
    {
        services.AddSingleton<IApiModule, MetaApi>();
    }
}

internal sealed class MetaApi : IApiModule
{
    public IEnumerable<ApiMethod> Methods()
    {
        yield return new ApiMethod("API", "getMatomoVersion", Version);
        yield return new ApiMethod("API", "getPiwikVersion", Version);
    }

    /// <summary>Like Matomo, the version is only shown to a user with access to some site.</summary>
    private static object Version(ApiCall call)
    {
        if (!call.Access.IsSuperUser && call.Access.Sites.Count == 0)
        {
            throw new ApiException("You can't access this resource as it requires 'view' access for at least one website.", call.Access.IsAnonymous ? 401 : 200);
        }

        return new ApiValue(ApiPlugin.CompatibleMatomoVersion);
    }
}
