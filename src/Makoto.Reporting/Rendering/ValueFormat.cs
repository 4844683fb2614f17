using System.Globalization;

namespace Makoto.Reporting.Rendering;

/// <summary>How scalar values are written in every format, the way Matomo's PHP prints them.</summary>
public static class ValueFormat
{
    /// <summary>
    /// Numbers: integral values as integers (<c>384</c>, never <c>384.0</c>); other doubles in their
    /// shortest round-trip form (<c>239.96999999999997</c>), as PHP's json_encode does.
    /// </summary>
    public static string Number(double value)
    {
        if (double.IsNaN(value) || double.IsInfinity(value))
        {
            return "0";
        }

        if (value == Math.Floor(value) && Math.Abs(value) < 1e15)
        {
            return ((long)value).ToString(CultureInfo.InvariantCulture);
        }

        return value.ToString("R", CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// The text of a scalar for XML/CSV/TSV; null stays null. Doubles are written the way PHP turns a
    /// float into a string (14 significant digits): Matomo's XML and CSV show <c>418.34</c> where its
    /// JSON shows <c>418.34000000000003</c>.
    /// </summary>
    public static string? Text(object? value) => value switch
    {
        null => null,
        string s => s,
        bool b => b ? "1" : "0",
        int i => i.ToString(CultureInfo.InvariantCulture),
        long l => l.ToString(CultureInfo.InvariantCulture),
        double d => PhpText(d),
        float f => PhpText(f),
        decimal m => PhpText((double)m),
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture),
    };

    /// <summary>The text of a number in JSON: doubles in their shortest round-trip form (<see cref="Number"/>).</summary>
    public static string JsonNumber(object value) => value switch
    {
        double d => Number(d),
        float f => Number(f),
        decimal m => Number((double)m),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture)!,
    };

    /// <summary>
    /// A double as PHP's string conversion writes it (<c>precision=14</c>): integral values as
    /// integers, others with at most 14 significant digits, exponents as <c>1.0E-5</c>.
    /// </summary>
    public static string PhpText(double value)
    {
        if (double.IsNaN(value) || double.IsInfinity(value) || (value == Math.Floor(value) && Math.Abs(value) < 1e15))
        {
            return Number(value);
        }

        var text = value.ToString("G14", CultureInfo.InvariantCulture);
        var e = text.IndexOf('E', StringComparison.Ordinal);
        if (e < 0)
        {
            return text;
        }

        var mantissa = text[..e];
        var exponent = int.Parse(text[(e + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        return (mantissa.Contains('.', StringComparison.Ordinal) ? mantissa : mantissa + ".0")
            + (exponent < 0 ? "E-" : "E+") + Math.Abs(exponent).ToString(CultureInfo.InvariantCulture);
    }

    public static bool IsNumber(object? value) => value is int or long or double or float or decimal;
}
