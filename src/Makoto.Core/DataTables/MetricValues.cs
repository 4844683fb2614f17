using System.Globalization;

namespace Makoto.Core.DataTables;

/// <summary>
/// Arithmetic on report values the way Matomo's PHP does it. A value is a <see cref="long"/>, a
/// <see cref="double"/>, a numeric <see cref="string"/> or null. Numeric strings exist because Matomo keeps
/// the values of a day's report row exactly as MySQL returned them until the row is summed with
/// another one: <c>SUM()</c> columns arrive as decimal strings (<c>"89"</c>), <c>COUNT()</c> and
/// <c>MAX()</c> as integers, and the API prints them so. Any arithmetic turns them into numbers.
/// </summary>
public static class MetricValues
{
    /// <summary>PHP's <c>a + b</c> for numbers and numeric strings; null counts as 0.</summary>
    public static object Add(object? a, object? b)
    {
        if (TryInteger(a, out var x) && TryInteger(b, out var y))
        {
            return x + y;
        }

        return ToDouble(a) + ToDouble(b);
    }

    /// <summary>The larger value, keeping its type (PHP's <c>max</c> on numbers); null loses.</summary>
    public static object? Max(object? a, object? b) =>
        a is null ? Numeric(b) : b is null ? Numeric(a) : ToDouble(b) > ToDouble(a) ? Numeric(b) : Numeric(a);

    /// <summary>The smaller value, keeping its type; null loses.</summary>
    public static object? Min(object? a, object? b) =>
        a is null ? Numeric(b) : b is null ? Numeric(a) : ToDouble(b) < ToDouble(a) ? Numeric(b) : Numeric(a);

    /// <summary>The value as a number (numeric strings parsed; anything else 0).</summary>
    public static double ToDouble(object? value) => value switch
    {
        null => 0,
        long l => l,
        int i => i,
        double d => d,
        float f => f,
        decimal m => (double)m,
        string s when double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) => parsed,
        _ => 0,
    };

    /// <summary>The value as a number of its own kind: integers stay <see cref="long"/>, the rest <see cref="double"/>.</summary>
    public static object Numeric(object? value) => TryInteger(value, out var integer) ? integer : (object)ToDouble(value);

    /// <summary>True for values a report can sum (numbers and numeric strings).</summary>
    public static bool IsNumeric(object? value) => value switch
    {
        long or int or double or float or decimal => true,
        string s => double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out _),
        _ => false,
    };

    /// <summary>A decimal string as MySQL returns a <c>SUM()</c> of integers (<c>"89"</c>).</summary>
    public static string DecimalText(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static bool TryInteger(object? value, out long integer)
    {
        switch (value)
        {
            case null:
                integer = 0;
                return true;
            case long l:
                integer = l;
                return true;
            case int i:
                integer = i;
                return true;
            case string s when s.Length > 0 && s.AsSpan().IndexOfAny('.', 'e', 'E') < 0
                && long.TryParse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var parsed):
                integer = parsed;
                return true;
            default:
                integer = 0;
                return false;
        }
    }
}
