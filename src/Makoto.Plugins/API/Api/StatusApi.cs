using Makoto.Reporting.Api;
using Makoto.Storage;
using Makoto.Tracking;

namespace Makoto.Plugins.API.Api;

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
                ["tracking_store_failed"] = metrics.StoreFailed,
                ["tracking_queue_depth"] = metrics.Queued,
                ["tracking_commits"] = metrics.Commits,
                ["tracking_commit_ms_average"] = metrics.Commits == 0 ? 0 : Math.Round(metrics.CommitMicrosTotal / 1000.0 / metrics.Commits, 3),
            };
        });
    }
}
