using Makoto.Tracking.Pipeline;
using Makoto.Tracking.Requests;
using Makoto.Tracking.Visits;
using Makoto.Tracking.Writer;
using Microsoft.Extensions.Logging;

namespace Makoto.Tracking;

/// <summary>The result of one tracking call (a single request or a bulk).</summary>
public sealed class TrackingOutcome
{
    /// <summary>Requests counted as tracked (recorded, excluded, or ignored pings), as Matomo counts them.</summary>
    public int Tracked { get; set; }

    public int Invalid => InvalidIndices.Count;

    /// <summary>Indices of the requests that could not be used, in request order.</summary>
    public List<int> InvalidIndices { get; } = [];

    /// <summary>Why each invalid request was rejected (same order as <see cref="InvalidIndices"/>).</summary>
    public List<string> Messages { get; } = [];

    /// <summary>True if some request carried a valid token_auth (bulk responses then list invalid indices).</summary>
    public bool Authenticated { get; set; }

    /// <summary>True when the writer's queue was full: nothing was stored and the tracker should retry later.</summary>
    public bool QueueFull { get; set; }

    /// <summary>True when the store could not commit the hits: nothing was stored and the tracker should retry later.</summary>
    public bool StoreFailed { get; set; }

    /// <summary>The debug log of the processing, when debug was asked for by an authorized caller; else null.</summary>
    public string? DebugLog { get; set; }
}

/// <summary>
/// The tracking API's entry point: validates each request, runs the enrichment pipeline, hands the
/// hits to the group-commit writer and returns once they are committed.
/// </summary>
public sealed partial class TrackingService(
    TrackingRequestReader reader,
    TrackingPipeline pipeline,
    TrackingWriter writer,
    TrackingMetrics metrics,
    TimeProvider clock,
    ILogger<TrackingService> logger)
{
    /// <summary>
    /// Validates, enriches and records <paramref name="requests"/>; returns once their hits are committed.
    /// With <paramref name="debug"/>, requests whose token_auth has write access to their site get a
    /// debug log of their processing in <see cref="TrackingOutcome.DebugLog"/>.
    /// </summary>
    public async Task<TrackingOutcome> TrackAsync(
        IReadOnlyList<TrackingParameters> requests,
        TrackingClient client,
        string? bulkToken,
        bool debug = false,
        CancellationToken cancellationToken = default)
    {
        var outcome = new TrackingOutcome();
        metrics.AddReceived(requests.Count);
        var received = clock.GetUtcNow().UtcDateTime;
        var hits = new List<HitContext>(requests.Count);
        var indices = new List<int>(requests.Count);
        TrackingDebugLog?[]? logs = debug ? new TrackingDebugLog?[requests.Count] : null;
        for (var i = 0; i < requests.Count; i++)
        {
            HitContext hit;
            var log = logs is not null && reader.IsAuthorizedForDebug(requests[i], bulkToken) ? logs[i] = new TrackingDebugLog() : null;
            try
            {
                var request = reader.Read(requests[i], client, bulkToken, received);
                outcome.Authenticated |= request.IsAuthenticated;
                hit = new HitContext(request) { Debug = log };
                log?.AddRequest(request);
                pipeline.Run(hit);
            }
            catch (TrackingRequestException invalid)
            {
                log?.Add($"The request is invalid ({invalid.Reason}): {invalid.Message}");
                AddInvalid(outcome, i, invalid.Reason, invalid.Message);
                continue;
            }
            catch (Exception error) when (error is FormatException or ArgumentException or OverflowException or InvalidOperationException)
            {
                LogProcessorFailed(error);
                log?.Add("The request could not be processed: " + error.Message);
                AddInvalid(outcome, i, "processing_error", "The request could not be processed: " + error.Message);
                continue;
            }

            if (hit.IsExcluded)
            {
                metrics.AddExcluded(hit.ExcludedBy!);
            }

            hits.Add(hit);
            indices.Add(i);
        }

        if (hits.Count == 0)
        {
            outcome.DebugLog = Join(logs);
            return outcome;
        }

        var job = new WriteJob(hits);
        if (!writer.TryEnqueue(job))
        {
            metrics.AddRejectedQueueFull(hits.Count);
            outcome.QueueFull = true;
            return outcome;
        }

        try
        {
            await job.Completion.WaitAsync(cancellationToken);
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            // The writer logged why its batch could not be committed; the tracker gets a 503 to retry.
            metrics.AddStoreFailed(hits.Count);
            outcome.StoreFailed = true;
            return outcome;
        }

        for (var k = 0; k < hits.Count; k++)
        {
            var log = hits[k].Debug;
            switch (job.Results[k])
            {
                case HitResult.Invalid:
                    var error = job.Errors![k];
                    outcome.InvalidIndices.Add(indices[k]);
                    outcome.Messages.Add(error.Message);
                    log?.Add($"The hit was rejected while recording ({error.Reason}): {error.Message}");
                    break;
                case HitResult.Ignored:
                    metrics.AddIgnored();
                    outcome.Tracked++;
                    log?.Add("The ping would have started a new visit: it was ignored, nothing was written.");
                    break;
                case HitResult.Excluded:
                    outcome.Tracked++;
                    break;
                default:
                    outcome.Tracked++;
                    log?.Add("Committed.");
                    break;
            }
        }

        outcome.DebugLog = Join(logs);

        if (outcome.InvalidIndices.Count > 1)
        {
            SortInvalid(outcome);
        }

        return outcome;
    }

    private static string? Join(TrackingDebugLog?[]? logs)
    {
        if (logs is null)
        {
            return null;
        }

        string? text = null;
        foreach (var log in logs)
        {
            if (log is not null)
            {
                text += log.ToString();
            }
        }

        return text;
    }

    private void AddInvalid(TrackingOutcome outcome, int index, string reason, string message)
    {
        metrics.AddInvalid(reason);
        outcome.InvalidIndices.Add(index);
        outcome.Messages.Add(message);
    }

    private static void SortInvalid(TrackingOutcome outcome)
    {
        var pairs = new List<(int Index, string Message)>(outcome.InvalidIndices.Count);
        for (var i = 0; i < outcome.InvalidIndices.Count; i++)
        {
            pairs.Add((outcome.InvalidIndices[i], outcome.Messages[i]));
        }

        pairs.Sort((a, b) => a.Index.CompareTo(b.Index));
        outcome.InvalidIndices.Clear();
        outcome.Messages.Clear();
        foreach (var (index, message) in pairs)
        {
            outcome.InvalidIndices.Add(index);
            outcome.Messages.Add(message);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "A tracking request processor failed on a request; the request was rejected as invalid and nothing of it was stored.")]
    private partial void LogProcessorFailed(Exception error);
}
