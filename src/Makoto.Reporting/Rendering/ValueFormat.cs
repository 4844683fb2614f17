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

    /// <summary>The text of a scalar for XML/CSV/TSV; null stays null.</summary>
    public static string? Text(object? value) => value switch
    {
        null => null,
        string s => s,
        bool b => b ? "1" : "0",
        int i => i.ToString(CultureInfo.InvariantCulture),
        long l => l.ToString(CultureInfo.InvariantCulture),
        double d => Number(d),
        float f => Number(f),
        decimal m => Number((double)m),
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture),
    };

    public static bool IsNumber(object? value) => value is int or long or double or float or decimal;
}
