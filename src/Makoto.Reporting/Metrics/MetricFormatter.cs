using System.Globalization;
using System.Text.RegularExpressions;
using Makoto.Reporting.Rendering;

namespace Makoto.Reporting.Metrics;

/// <summary>What <c>format_metrics</c> asks for.</summary>
public enum MetricFormatting
{
    /// <summary><c>format_metrics=0</c>: raw numbers, rates as fractions.</summary>
    None,

    /// <summary><c>format_metrics=bc</c> (the default): only Matomo's rate metrics, as percent strings.</summary>
    PercentsOnly,

    /// <summary><c>format_metrics=1</c> (or any other value): every typed metric formatted.</summary>
    All,
}

/// <summary>
/// Writes metric values the way Matomo's metrics formatter does for <c>format_metrics</c>: percents
/// from fractions, durations as <c>HH:MM:SS</c>, money with the site's currency symbol.
/// </summary>
public static partial class MetricFormatter
{
    /// <summary><c>format_metrics</c> as Matomo reads it: <c>0</c> formats nothing, absent or <c>bc</c> only rates, anything else all.</summary>
    public static MetricFormatting Parse(string? formatMetrics) => formatMetrics switch
    {
        "0" => MetricFormatting.None,
        null or "" or "bc" => MetricFormatting.PercentsOnly,
        _ => MetricFormatting.All,
    };

    /// <summary>
    /// Whether <c>format_metrics=bc</c> formats the metric <paramref name="name"/>. Matomo joins its list
    /// of rate names into one regular expression whose anchors bind to the first and last names only,
    /// so <c>conversion_rate_new_visit</c> and <c>goal_1_conversion_rate</c> are formatted too; the
    /// same expression is used here.
    /// </summary>
    public static bool IsFormattedByDefault(string name) => BcMetricsRegex().IsMatch(name);

    /// <summary>The formatted value, or <paramref name="value"/> itself when it is not a number or the type has no format.</summary>
    public static object? Format(object? value, MetricType type, string currencySymbol)
    {
        if (!ValueFormat.IsNumber(value))
        {
            return value;
        }

        var number = Convert.ToDouble(value, CultureInfo.InvariantCulture);
        return type switch
        {
            MetricType.Percent => ProcessedMetrics.PercentText(number),
            MetricType.Duration => Duration(number),
            MetricType.Money => Money(number, currencySymbol),
            _ => value,
        };
    }

    /// <summary>Seconds as <c>HH:MM:SS</c>, with <c>.cc</c> hundredths when there are any (Matomo's pretty time).</summary>
    public static string Duration(double seconds)
    {
        var negative = seconds < 0;
        seconds = Math.Abs(seconds);
        var hours = Math.Floor(seconds / 3600);
        var minutes = Math.Floor((seconds - (hours * 3600)) / 60);
        var rest = Math.Floor(seconds - (hours * 3600) - (minutes * 60));
        var text = string.Create(CultureInfo.InvariantCulture, $"{hours:00}:{minutes:00}:{rest:00}");
        var hundredths = (long)(seconds * 100) % 100;
        if (hundredths != 0)
        {
            text += string.Create(CultureInfo.InvariantCulture, $".{hundredths:00}");
        }

        return negative ? "-" + text : text;
    }

    /// <summary>
    /// An amount with its currency symbol: integral amounts without decimals, others with two; the
    /// symbol before the amount (<c>$ 12.50</c>), except €, kr and zł which follow it (<c>12.50 €</c>).
    /// </summary>
    public static string Money(double amount, string currencySymbol)
    {
        var rounded = Math.Round(amount);
        var text = amount == rounded
            ? ValueFormat.Number(rounded)
            : amount.ToString("0.00", CultureInfo.InvariantCulture);
        return currencySymbol is "€" or "kr" or "zł" ? text + " " + currencySymbol : currencySymbol + " " + text;
    }

    [GeneratedRegex("^bounce_rate|conversion_rate|abandoned_rate|interaction_rate|exit_rate|bounce_rate_returning|nb_visits_percentage|(?:.*_evolution)|(?:step_.*_rate)|(?:funnel_.*_rate)|(?:form_.*_rate)|(?:field_.*_rate)|(?:Referrers.*_percent)$", RegexOptions.CultureInvariant)]
    private static partial Regex BcMetricsRegex();
}
