using Makoto.Core.Plugins;
using Makoto.Reporting.Api;
using Makoto.Storage;
using Makoto.Tracking;
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
        services.AddSingleton<IApiModule, StatusApi>();
        services.AddSingleton<IApiModule, SegmentsMetadataApi>();
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

/// <summary><c>Makoto.getStatus</c>: the state of this server for operators (super user only).</summary>
internal sealed class StatusApi(TrackingMetrics metrics, IDatabase database) : IApiModule
{
    public IEnumerable<ApiMethod> Methods()
    {
        yield return new ApiMethod("Makoto", "getStatus", call =>
        {
            call.RequireSuperUser();
            var invalid = new PlainObject();
            foreach (var (reason, count) in metrics.Invalid.OrderBy(kv => kv.Key, StringComparer.Ordinal))
            {
                invalid[reason] = count;
            }

            var excluded = new PlainObject();
            foreach (var (reason, count) in metrics.Excluded.OrderBy(kv => kv.Key, StringComparer.Ordinal))
            {
                excluded[reason] = count;
            }

            return new PlainObject
            {
                ["version"] = typeof(StatusApi).Assembly.GetName().Version?.ToString(),
                ["database"] = database.Location,
                ["database_bytes"] = File.Exists(database.Location) ? new FileInfo(database.Location).Length : null,
                ["tracking_received"] = metrics.Received,
                ["tracking_committed"] = metrics.Committed,
                ["tracking_invalid"] = invalid,
                ["tracking_excluded"] = excluded,
                ["tracking_pings_ignored"] = metrics.Ignored,
                ["tracking_rejected_queue_full"] = metrics.RejectedQueueFull,
                ["tracking_queue_depth"] = metrics.Queued,
                ["tracking_commits"] = metrics.Commits,
                ["tracking_commit_ms_average"] = metrics.Commits == 0 ? 0 : Math.Round(metrics.CommitMicrosTotal / 1000.0 / metrics.Commits, 3),
            };
        });
    }
}
