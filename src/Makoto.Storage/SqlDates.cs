using System.Globalization;

namespace Makoto.Storage;

/// <summary>
/// Matomo's textual DATETIME (<c>YYYY-MM-DD HH:MM:SS</c>, UTC) and DATE (<c>YYYY-MM-DD</c>) formats,
/// formatted and parsed without culture lookups.
/// </summary>
public static class SqlDates
{
    public static string FormatDateTime(DateTime utc) =>
        string.Create(19, utc, static (span, d) =>
        {
            Write4(span, d.Year);
            span[4] = '-';
            Write2(span[5..], d.Month);
            span[7] = '-';
            Write2(span[8..], d.Day);
            span[10] = ' ';
            Write2(span[11..], d.Hour);
            span[13] = ':';
            Write2(span[14..], d.Minute);
            span[16] = ':';
            Write2(span[17..], d.Second);
        });

    public static string FormatDate(DateOnly date) =>
        string.Create(10, date, static (span, d) =>
        {
            Write4(span, d.Year);
            span[4] = '-';
            Write2(span[5..], d.Month);
            span[7] = '-';
            Write2(span[8..], d.Day);
        });

    public static DateTime ParseDateTime(ReadOnlySpan<char> s)
    {
        if (s.Length >= 19 && s[4] == '-' && s[7] == '-' && s[13] == ':' && s[16] == ':')
        {
            return new DateTime(
                Read(s, 0, 4), Read(s, 5, 2), Read(s, 8, 2), Read(s, 11, 2), Read(s, 14, 2), Read(s, 17, 2), DateTimeKind.Utc);
        }

        if (s.Length == 10)
        {
            return ParseDate(s).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        }

        return DateTime.SpecifyKind(DateTime.Parse(s, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal), DateTimeKind.Utc);
    }

    public static DateOnly ParseDate(ReadOnlySpan<char> s) =>
        s.Length >= 10 && s[4] == '-' && s[7] == '-'
            ? new DateOnly(Read(s, 0, 4), Read(s, 5, 2), Read(s, 8, 2))
            : DateOnly.Parse(s, CultureInfo.InvariantCulture);

    /// <summary><see cref="ParseDateTime(ReadOnlySpan{char})"/> of UTF-8 text, as SQLite hands it out.</summary>
    public static DateTime ParseDateTime(ReadOnlySpan<byte> s)
    {
        if (s.Length >= 19 && s[4] == '-' && s[7] == '-' && s[13] == ':' && s[16] == ':')
        {
            return new DateTime(
                Read(s, 0, 4), Read(s, 5, 2), Read(s, 8, 2), Read(s, 11, 2), Read(s, 14, 2), Read(s, 17, 2), DateTimeKind.Utc);
        }

        return ParseDateTime(System.Text.Encoding.UTF8.GetString(s));
    }

    /// <summary><see cref="ParseDate(ReadOnlySpan{char})"/> of UTF-8 text.</summary>
    public static DateOnly ParseDate(ReadOnlySpan<byte> s) =>
        s.Length >= 10 && s[4] == '-' && s[7] == '-'
            ? new DateOnly(Read(s, 0, 4), Read(s, 5, 2), Read(s, 8, 2))
            : ParseDate(System.Text.Encoding.UTF8.GetString(s));

    private static int Read(ReadOnlySpan<byte> s, int start, int length)
    {
        var value = 0;
        for (var i = start; i < start + length; i++)
        {
            var digit = s[i] - '0';
            if ((uint)digit > 9)
            {
                throw new FormatException($"'{System.Text.Encoding.UTF8.GetString(s)}' is not a date-time in YYYY-MM-DD HH:MM:SS form.");
            }

            value = (value * 10) + digit;
        }

        return value;
    }

    private static int Read(ReadOnlySpan<char> s, int start, int length)
    {
        var value = 0;
        for (var i = start; i < start + length; i++)
        {
            var digit = s[i] - '0';
            if ((uint)digit > 9)
            {
                throw new FormatException($"'{s.ToString()}' is not a date-time in YYYY-MM-DD HH:MM:SS form.");
            }

            value = (value * 10) + digit;
        }

        return value;
    }

    private static void Write4(Span<char> span, int value)
    {
        span[0] = (char)('0' + (value / 1000 % 10));
        span[1] = (char)('0' + (value / 100 % 10));
        span[2] = (char)('0' + (value / 10 % 10));
        span[3] = (char)('0' + (value % 10));
    }

    private static void Write2(Span<char> span, int value)
    {
        span[0] = (char)('0' + (value / 10));
        span[1] = (char)('0' + (value % 10));
    }
}
