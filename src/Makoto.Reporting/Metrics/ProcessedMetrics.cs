namespace Makoto.Reporting.Metrics;

/// <summary>
/// The arithmetic of processed metrics (metrics-and-archiving.md §2): safe quotients rounded as PHP's
/// round() does (half away from zero), and Matomo's percent strings.
/// </summary>
public static class ProcessedMetrics
{
    /// <summary><paramref name="numerator"/> / <paramref name="denominator"/> rounded to <paramref name="precision"/> decimals; 0 when dividing by 0.</summary>
    public static double Quotient(double numerator, double denominator, int precision) =>
        denominator == 0 ? 0 : Math.Round(numerator / denominator, precision, MidpointRounding.AwayFromZero);

    /// <summary>
    /// A rate as Matomo shows it by default: the ratio rounded to <paramref name="precision"/> decimals,
    /// times 100, with a percent sign (0.265 → <c>26.5%</c>).
    /// </summary>
    public static string PercentText(double ratio, int precision) =>
        Rendering.ValueFormat.Number(Math.Round(ratio * 100, Math.Max(0, precision - 2), MidpointRounding.AwayFromZero)) + "%";
}
