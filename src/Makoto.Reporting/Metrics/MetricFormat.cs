using System.Globalization;

namespace Makoto.Reporting.Metrics;

/// <summary>
/// Matomo's English display forms of durations and money (its Formatter and NumberFormatter), used
/// wherever the API returns a value "pretty": <c>1 min 41s</c>, <c>€1.50</c>.
/// </summary>
public static class MetricFormat
{
    private const double SecondsPerYear = 86400 * 365.25;

    /// <summary>
    /// A duration as a sentence: <c>42s</c>, <c>1 min 41s</c>, <c>2 hours 5 min</c>, <c>3 days 4 hours</c>,
    /// <c>1 years 2 days</c>; fractions of a second with up to two decimals (<c>1.5s</c>).
    /// </summary>
    public static string Duration(double seconds)
    {
        var sign = "";
        if (seconds < 0)
        {
            seconds = -seconds;
            sign = "-";
        }

        var years = Math.Floor(seconds / SecondsPerYear);
        var days = Math.Floor((seconds - (years * SecondsPerYear)) / 86400);

        // As in Matomo, hours and below are counted from the seconds minus the days only.
        var minusDays = seconds - (days * 86400);
        var hours = Math.Floor(minusDays / 3600);
        var minusHours = minusDays - (hours * 3600);
        var minutes = Math.Floor(minusHours / 60);
        var rest = minusHours - (minutes * 60);
        var precision = rest is > 0 and < 0.01 ? 3 : 2;
        var restText = Math.Round(rest, precision, MidpointRounding.AwayFromZero).ToString("0.###", CultureInfo.InvariantCulture);

        var text = years > 0 ? $"{Whole(years)} years {Whole(days)} days"
            : days > 0 ? $"{Whole(days)} days {Whole(hours)} hours"
            : hours > 0 ? $"{Whole(hours)} hours {Whole(minutes)} min"
            : minutes > 0 ? $"{Whole(minutes)} min {restText}s"
            : $"{restText}s";
        return sign + text;
    }

    /// <summary>
    /// An amount of money in English notation with the currency symbol in front: whole amounts
    /// without decimals (<c>€3</c>), others with two (<c>€1.50</c>), thousands grouped (<c>$1,234.50</c>).
    /// </summary>
    public static string Money(double value, string symbol)
    {
        var whole = value == Math.Round(value);
        var text = Math.Abs(value).ToString(whole ? "#,##0" : "#,##0.00", CultureInfo.InvariantCulture);
        return (value < 0 ? "-" : "") + symbol + text;
    }

    private static string Whole(double value) => value.ToString("0", CultureInfo.InvariantCulture);
}
