namespace Makoto.Tracking.Pipeline;

/// <summary>Runs the registered request processors in order; stops at the first exclusion.</summary>
public sealed class TrackingPipeline
{
    private readonly ITrackingProcessor[] _steps;

    public TrackingPipeline(IEnumerable<ITrackingProcessor> processors)
    {
        _steps = [.. processors.OrderBy(p => p.Order).ThenBy(p => p.Name, StringComparer.Ordinal)];
    }

    public IReadOnlyList<ITrackingProcessor> Steps => _steps;

    public void Run(HitContext hit)
    {
        if (hit.Debug is { } log)
        {
            RunLogged(hit, log);
            return;
        }

        foreach (var step in _steps)
        {
            step.Process(hit);
            if (hit.IsExcluded)
            {
                return;
            }
        }
    }

    private void RunLogged(HitContext hit, TrackingDebugLog log)
    {
        foreach (var step in _steps)
        {
            log.Add($"Executing request processor '{step.Name}'");
            step.Process(hit);
            if (hit.IsExcluded)
            {
                break;
            }
        }

        log.AddEnrichment(hit);
    }
}
