using System.Text;
using Makoto.Reporting.Filters;
using Makoto.Reporting.Metrics;

namespace Makoto.Reporting.Tests.Filters;

/// <summary>PHP's rounding and natural order, and Matomo's metric formats, checked on values worked out by hand.</summary>
public class MetricArithmeticTests
{
    [Theory]
    [InlineData(0.285, 2, 0.29)] // stored as 0.28499999999999998: PHP pre-rounds to 15 digits
    [InlineData(1.005, 2, 1.01)]
    [InlineData(2.5, 0, 3)]
    [InlineData(-2.5, 0, -3)]
    [InlineData(0.33333333, 2, 0.33)]
    [InlineData(206.66666666666666, 0, 207)]
    public void Round_is_php_round(double value, int precision, double expected)
    {
        Assert.Equal(expected, ProcessedMetrics.Round(value, precision));
    }

    [Fact]
    public void Quotient_is_zero_without_a_denominator()
    {
        Assert.Equal(0, ProcessedMetrics.Quotient(5, 0, 2));
        Assert.Equal(0.29, ProcessedMetrics.Quotient(57, 200, 2)); // 0.285
    }

    [Theory]
    [InlineData(0.265, "26.5%")]
    [InlineData(0.2721, "27.21%")]
    [InlineData(0.29, "29%")]
    [InlineData(1, "100%")]
    [InlineData(0, "0%")]
    public void Percents_are_the_ratio_times_100(double ratio, string expected)
    {
        Assert.Equal(expected, ProcessedMetrics.PercentText(ratio));
    }

    [Theory]
    [InlineData(133, "00:02:13")]
    [InlineData(0, "00:00:00")]
    [InlineData(3725.5, "01:02:05.50")]
    [InlineData(360000, "100:00:00")]
    public void Durations_are_hours_minutes_seconds(double seconds, string expected)
    {
        Assert.Equal(expected, MetricFormatter.Duration(seconds));
    }

    [Theory]
    [InlineData(12.5, "€", "12.50 €")]
    [InlineData(3, "$", "$ 3")]
    [InlineData(1125.434, "£", "£ 1125.43")]
    [InlineData(7, "kr", "7 kr")]
    public void Money_has_two_decimals_unless_whole_and_the_symbol_on_the_currency_side(double amount, string symbol, string expected)
    {
        Assert.Equal(expected, MetricFormatter.Money(amount, symbol));
    }

    [Theory]
    [InlineData("bounce_rate", true)]
    [InlineData("bounce_rate_new", true)]
    [InlineData("conversion_rate", true)]
    [InlineData("conversion_rate_new_visit", true)]
    [InlineData("goal_1_conversion_rate", true)]
    [InlineData("exit_rate", true)]
    [InlineData("interaction_rate", true)]
    [InlineData("nb_visits_evolution", true)]
    [InlineData("avg_time_on_site", false)]
    [InlineData("nb_actions_per_visit", false)]
    [InlineData("revenue", false)]
    public void Format_metrics_bc_formats_matomos_rate_names(string name, bool formatted)
    {
        Assert.Equal(formatted, MetricFormatter.IsFormattedByDefault(name));
    }

    [Theory]
    [InlineData(null, MetricFormatting.PercentsOnly)]
    [InlineData("bc", MetricFormatting.PercentsOnly)]
    [InlineData("0", MetricFormatting.None)]
    [InlineData("1", MetricFormatting.All)]
    [InlineData("all", MetricFormatting.All)]
    public void Format_metrics_values(string? value, MetricFormatting expected)
    {
        Assert.Equal(expected, MetricFormatter.Parse(value));
    }

    [Theory]
    [InlineData("page2", "page10", -1)]
    [InlineData("Apple", "banana", -1)]
    [InlineData("apple", "APPLE", 0)]
    [InlineData(" Home", "About", 1)] // blanks are skipped
    [InlineData("/about", "blog", -1)]
    [InlineData("x01", "x1", -1)] // a run with a leading zero compares digit by digit
    [InlineData("007", "7", 0)] // leading zeros at the start are skipped
    [InlineData("a", "ab", -1)]
    [InlineData("", "a", -1)]
    public void Natural_order_is_phps(string a, string b, int expected)
    {
        Assert.Equal(expected, Math.Sign(NaturalOrder.Compare(Encoding.UTF8.GetBytes(a), Encoding.UTF8.GetBytes(b))));
        Assert.Equal(-expected, Math.Sign(NaturalOrder.Compare(Encoding.UTF8.GetBytes(b), Encoding.UTF8.GetBytes(a))));
    }
}
