using System.Globalization;
using Makoto.Reporting.Rendering;

namespace Makoto.Reporting.Metrics;

/// <summary>
/// The arithmetic of processed metrics (metrics-and-archiving.md §2): safe quotients rounded as PHP's
/// round() does, and Matomo's percent strings.
/// </summary>
public static class ProcessedMetrics
{
    /// <summary><paramref name="numerator"/> / <paramref name="denominator"/> rounded to <paramref name="precision"/> decimals; 0 when dividing by 0.</summary>
    public static double Quotient(double numerator, double denominator, int precision) =>
        denominator == 0 || numerator == 0 ? 0 : Round(numerator / denominator, precision);

    /// <summary>
    /// PHP's round(): half away from zero after rounding the value to 15 significant digits first, so
    /// that 0.285 (stored as 0.28499999999999998) rounds to 0.29 as in Matomo, not to 0.28.
    /// </summary>
    public static double Round(double value, int precision)
    {
        if (double.IsNaN(value) || double.IsInfinity(value) || value == 0 || Math.Abs(value) >= 1e15)
        {
            return value;
        }

        var preRounded = decimal.Parse(value.ToString("G15", CultureInfo.InvariantCulture), NumberStyles.Float, CultureInfo.InvariantCulture);
        return (double)Math.Round(preRounded, Math.Clamp(precision, 0, 15), MidpointRounding.AwayFromZero);
    }

    /// <summary>
    /// A rate as Matomo shows it: the ratio times 100 written as PHP writes a float, with a percent
    /// sign (0.265 → <c>26.5%</c>, 0.2721 → <c>27.21%</c>).
    /// </summary>
    public static string PercentText(double ratio) => ValueFormat.PhpText(ratio * 100) + "%";

    /// <summary>The ratio rounded to <paramref name="precision"/> decimals, as a percent string (<see cref="PercentText(double)"/>).</summary>
    public static string PercentText(double ratio, int precision) => PercentText(Round(ratio, precision));
}
