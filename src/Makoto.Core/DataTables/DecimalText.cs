using System.Globalization;

namespace Makoto.Core.DataTables;

/// <summary>
/// The decimal texts of report cells as MySQL returns them (<c>"0.0100"</c>, <c>"-12.5"</c>, <c>"89"</c>), as
/// an integer of their digits and a scale, so that a merge can keep and compare them without a string and
/// write back the same text. Only the texts that round-trip are taken: an optional minus, an integer part
/// without leading zeros (or a single 0), optionally a point and at least one digit, at most 15 digits in
/// all, and no negative zero.
/// </summary>
internal static class DecimalText
{
    /// <summary>The longest text: a sign, 15 digits, a point and a leading zero.</summary>
    public const int MaxLength = 18;

    /// <summary>The most digits after the point.</summary>
    public const int MaxScale = MaxDigits;

    /// <summary>The largest digits' value (15 nines).</summary>
    public const long MaxDigitsValue = 999_999_999_999_999;

    private const int MaxDigits = 15;

    private static readonly double[] s_powers = Powers();

    /// <summary>True when <paramref name="utf8"/> is such a text; its digits as an integer and the count of digits after the point.</summary>
    public static bool TryParse(ReadOnlySpan<byte> utf8, out long digits, out byte scale)
    {
        digits = 0;
        scale = 0;
        var i = 0;
        var negative = utf8.Length > 0 && utf8[0] == (byte)'-';
        if (negative)
        {
            i++;
        }

        var start = i;
        while (i < utf8.Length && (uint)(utf8[i] - '0') <= 9)
        {
            digits = (digits * 10) + (utf8[i] - '0');
            i++;
        }

        var integerDigits = i - start;
        if (integerDigits == 0 || (integerDigits > 1 && utf8[start] == (byte)'0'))
        {
            return false;
        }

        var fraction = 0;
        if (i < utf8.Length)
        {
            if (utf8[i] != (byte)'.')
            {
                return false;
            }

            i++;
            while (i < utf8.Length && (uint)(utf8[i] - '0') <= 9 && integerDigits + fraction < MaxDigits)
            {
                digits = (digits * 10) + (utf8[i] - '0');
                i++;
                fraction++;
            }

            if (fraction == 0 || i < utf8.Length)
            {
                return false;
            }
        }

        if (integerDigits + fraction > MaxDigits || (negative && digits == 0))
        {
            return false;
        }

        digits = negative ? -digits : digits;
        scale = (byte)fraction;
        return true;
    }

    /// <summary>
    /// The text's value as <see cref="double.Parse(string, IFormatProvider)"/> reads it: the digits and the power
    /// of ten are exact doubles (below 2^53 and 10^22), so their quotient is the correctly rounded value of the text.
    /// </summary>
    public static double Value(long digits, byte scale) => scale == 0 ? digits : digits / s_powers[scale];

    /// <summary>Writes the text back (ASCII) and returns its length.</summary>
    public static int Format(long digits, byte scale, Span<byte> utf8)
    {
        var length = 0;
        if (digits < 0)
        {
            utf8[length++] = (byte)'-';
        }

        Span<byte> figures = stackalloc byte[MaxDigits + 1];
        ((ulong)Math.Abs(digits)).TryFormat(figures, out var count, default, CultureInfo.InvariantCulture);
        var integerDigits = count - scale;
        if (integerDigits <= 0)
        {
            utf8[length++] = (byte)'0';
            utf8[length++] = (byte)'.';
            utf8.Slice(length, -integerDigits).Fill((byte)'0');
            length -= integerDigits;
            figures[..count].CopyTo(utf8[length..]);
            return length + count;
        }

        figures[..integerDigits].CopyTo(utf8[length..]);
        length += integerDigits;
        if (scale > 0)
        {
            utf8[length++] = (byte)'.';
            figures.Slice(integerDigits, scale).CopyTo(utf8[length..]);
            length += scale;
        }

        return length;
    }

    /// <summary>The text of the digits and scale, as a string.</summary>
    public static string ToText(long digits, byte scale)
    {
        Span<byte> text = stackalloc byte[MaxLength];
        return System.Text.Encoding.ASCII.GetString(text[..Format(digits, scale, text)]);
    }

    private static double[] Powers()
    {
        var powers = new double[MaxDigits + 1];
        powers[0] = 1;
        for (var i = 1; i < powers.Length; i++)
        {
            powers[i] = powers[i - 1] * 10;
        }

        return powers;
    }
}
