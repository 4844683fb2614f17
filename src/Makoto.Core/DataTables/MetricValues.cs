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
    /// <summary>Boxed integers from 0 below this are shared (most report cells are small counts).</summary>
    private const int BoxedIntegers = 16_384;

    private static readonly object[] s_boxed = BoxIntegers();

    /// <summary>
    /// The integer as a report value: a shared box for small counts, so that decoding and summing
    /// archives (millions of cells for a year) does not allocate one object per cell.
    /// </summary>
    public static object Box(long value) => (ulong)value < BoxedIntegers ? s_boxed[value] : value;

    /// <summary>PHP's <c>a + b</c> for numbers and numeric strings; null counts as 0.</summary>
    public static object Add(object? a, object? b)
    {
        if (TryInteger(a, out var x) && TryInteger(b, out var y))
        {
            return Box(x + y);
        }

        return ToDouble(a) + ToDouble(b);
    }

    /// <summary>
    /// Matomo's <c>max</c> aggregation of a report column: PHP's <c>max($current, $value)</c>, which returns
    /// <paramref name="value"/> only when it compares greater (PHP 8 loose comparison), else
    /// <paramref name="current"/> as it is. A column missing from the row is PHP's <c>false</c>, so a
    /// period whose days all lack a value keeps <c>false</c> (<c>max(false, null)</c> is <c>false</c>).
    /// </summary>
    public static object? Max(object? current, object? value) => PhpCompare(value, current) > 0 ? value : current;

    /// <summary>
    /// Matomo's <c>min</c> aggregation of a report column: a falsy side (missing, null, 0, "") gives way to
    /// the other one, otherwise the smaller value, each kept as it is.
    /// </summary>
    public static object? Min(object? current, object? value)
    {
        if (!PhpTruthy(current))
        {
            return value;
        }

        if (!PhpTruthy(value))
        {
            return current;
        }

        return PhpCompare(value, current) < 0 ? value : current;
    }

    /// <summary>PHP's truthiness of a report value: null, false, 0, "" and "0" are false.</summary>
    public static bool PhpTruthy(object? value) => value switch
    {
        null => false,
        bool b => b,
        string s => s.Length > 0 && s != "0",
        _ => ToDouble(value) != 0,
    };

    /// <summary>PHP 8's loose comparison of two report values: with a boolean or null on either side both are compared as booleans, otherwise as numbers.</summary>
    private static int PhpCompare(object? a, object? b) =>
        a is null or bool || b is null or bool
            ? PhpTruthy(a).CompareTo(PhpTruthy(b))
            : ToDouble(a).CompareTo(ToDouble(b));

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

    private static object[] BoxIntegers()
    {
        var boxed = new object[BoxedIntegers];
        for (var i = 0; i < boxed.Length; i++)
        {
            boxed[i] = (long)i;
        }

        return boxed;
    }

    /// <summary>The value as an integer when PHP's arithmetic would use it as one (null is 0; integer texts parsed).</summary>
    public static bool TryInteger(object? value, out long integer)
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
