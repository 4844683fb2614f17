using Makoto.Reporting.Rendering;

namespace Makoto.Reporting.Tests.Rendering;

/// <summary>
/// Numbers as Matomo prints them: JSON keeps the shortest round-trip form of a double (PHP's
/// json_encode), XML and CSV use PHP's float-to-string conversion with 14 significant digits.
/// </summary>
public class ValueFormatTests
{
    [Theory]
    [InlineData(239.96999999999997, "239.96999999999997")]
    [InlineData(0.41669999999999996, "0.41669999999999996")]
    [InlineData(384.0, "384")]
    [InlineData(-3.0, "-3")]
    [InlineData(2.5, "2.5")]
    public void Json_numbers_keep_every_digit_and_integral_doubles_are_integers(double value, string expected)
    {
        Assert.Equal(expected, ValueFormat.JsonNumber(value));
    }

    [Theory]
    [InlineData(239.96999999999997, "239.97")]
    [InlineData(418.34000000000003, "418.34")]
    [InlineData(129.39999999999998, "129.4")]
    [InlineData(1.7332999999999998, "1.7333")]
    [InlineData(384.0, "384")]
    [InlineData(-12.5, "-12.5")]
    [InlineData(0.0001, "0.0001")]
    [InlineData(0.00001, "1.0E-5")]
    [InlineData(1.5e20, "1.5E+20")]
    [InlineData(-2.25e-7, "-2.25E-7")]
    public void Text_of_a_double_is_php_string_conversion(double value, string expected)
    {
        Assert.Equal(expected, ValueFormat.Text(value));
    }

    [Fact]
    public void Text_of_other_scalars()
    {
        Assert.Null(ValueFormat.Text(null));
        Assert.Equal("1", ValueFormat.Text(true));
        Assert.Equal("0", ValueFormat.Text(false));
        Assert.Equal("10000000000", ValueFormat.Text(10_000_000_000L));
        Assert.Equal("2026-10-12", ValueFormat.Text(new DateOnly(2026, 10, 12)));
    }
}
