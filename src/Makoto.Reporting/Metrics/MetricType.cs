namespace Makoto.Reporting.Metrics;

/// <summary>What a metric's number means, which decides how <c>format_metrics</c> writes it.</summary>
public enum MetricType
{
    /// <summary>A count or an average: written as it is in every mode.</summary>
    Number,

    /// <summary>A fraction (0.42): <c>"42%"</c> unless <c>format_metrics=0</c>.</summary>
    Percent,

    /// <summary>Seconds: <c>"00:02:13"</c> with <c>format_metrics=1</c>.</summary>
    Duration,

    /// <summary>An amount in the site's currency: <c>"12.50 €"</c>, <c>"$ 3"</c> with <c>format_metrics=1</c>.</summary>
    Money,
}
