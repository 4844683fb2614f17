using Makoto.Reporting.Metrics;

namespace Makoto.Reporting.Tests.Metrics;

/// <summary>Matomo's English pretty durations and money amounts.</summary>
public class MetricFormatTests
{
    [Theory]
    [InlineData(0, "0s")]
    [InlineData(42, "42s")]
    [InlineData(101, "1 min 41s")]
    [InlineData(158, "2 min 38s")]
    [InlineData(3600, "1 hours 0 min")]
    [InlineData(7322, "2 hours 2 min")]
    [InlineData(90000, "1 days 1 hours")]
    [InlineData(1.5, "1.5s")]
    [InlineData(-42, "-42s")]
    public void Duration_as_a_sentence(double seconds, string expected)
    {
        Assert.Equal(expected, MetricFormat.Duration(seconds));
    }

    [Theory]
    [InlineData(3, "€3")]
    [InlineData(1.5, "€1.50")]
    [InlineData(44.7, "€44.70")]
    [InlineData(1234.5, "€1,234.50")]
    [InlineData(-2, "-€2")]
    public void Money_whole_amounts_without_decimals(double value, string expected)
    {
        Assert.Equal(expected, MetricFormat.Money(value, "€"));
    }
}
