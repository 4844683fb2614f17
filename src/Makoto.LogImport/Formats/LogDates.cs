using System.Globalization;
using System.Text;

namespace Makoto.LogImport.Formats;

/// <summary>How a format writes its dates.</summary>
public enum DateStyle
{
    /// <summary>Apache's <c>10/Oct/2000:13:55:36</c>, optionally with fractions of a second (HAProxy).</summary>
    Apache,

    /// <summary><c>2000-10-10T13:55:36</c> or <c>2000-10-10 13:55:36</c>, optionally with fractions and an offset or <c>Z</c>.</summary>
    Iso,
}

/// <summary>Date parsing for the log formats: fast paths for the usual shapes, and strptime-style custom formats.</summary>
public static class LogDates
{
    private static readonly string[] s_months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];

    public static bool TryParse(ReadOnlySpan<char> text, DateStyle style, out DateTime value, out TimeSpan? offset)
    {
        offset = null;
        return style == DateStyle.Apache ? TryParseApache(text, out value) : TryParseIso(text, out value, out offset);
    }

    /// <summary><c>dd/MMM/yyyy:HH:mm:ss</c> with optional <c>.fff</c>; the month name is English, any case.</summary>
    public static bool TryParseApache(ReadOnlySpan<char> s, out DateTime value)
    {
        value = default;
        if (s.Length < 20 || s[2] != '/' || s[6] != '/' || s[11] != ':' || s[14] != ':' || s[17] != ':')
        {
            return false;
        }

        var month = Month(s.Slice(3, 3));
        if (month == 0
            || !Digits(s[..2], out var day)
            || !Digits(s.Slice(7, 4), out var year)
            || !Digits(s.Slice(12, 2), out var hour)
            || !Digits(s.Slice(15, 2), out var minute)
            || !Digits(s.Slice(18, 2), out var second))
        {
            return false;
        }

        var rest = s[20..];
        if (!rest.IsEmpty && (rest[0] != '.' || !AllDigits(rest[1..])))
        {
            return false;
        }

        return TryBuild(year, month, day, hour, minute, second, out value);
    }

    /// <summary>
    /// <c>yyyy-MM-dd</c>, <c>T</c> or a space, <c>HH:mm:ss</c>, optional fractions, optional <c>Z</c>,
    /// <c>+hh:mm</c> or <c>+hhmm</c> (returned in <paramref name="offset"/>; the value is the local time).
    /// </summary>
    public static bool TryParseIso(ReadOnlySpan<char> s, out DateTime value, out TimeSpan? offset)
    {
        value = default;
        offset = null;
        if (s.Length < 19 || s[4] != '-' || s[7] != '-' || (s[10] != 'T' && s[10] != ' ') || s[13] != ':' || s[16] != ':')
        {
            return false;
        }

        if (!Digits(s[..4], out var year)
            || !Digits(s.Slice(5, 2), out var month)
            || !Digits(s.Slice(8, 2), out var day)
            || !Digits(s.Slice(11, 2), out var hour)
            || !Digits(s.Slice(14, 2), out var minute)
            || !Digits(s.Slice(17, 2), out var second))
        {
            return false;
        }

        var rest = s[19..];
        if (!rest.IsEmpty && rest[0] == '.')
        {
            var end = 1;
            while (end < rest.Length && char.IsAsciiDigit(rest[end]))
            {
                end++;
            }

            rest = rest[end..];
        }

        if (!rest.IsEmpty)
        {
            if (!TryParseOffset(rest, out var parsed))
            {
                return false;
            }

            offset = parsed;
        }

        return TryBuild(year, month, day, hour, minute, second, out value);
    }

    /// <summary><c>Z</c>, <c>+0200</c>, <c>-07:00</c>, <c>+02</c>; empty means UTC.</summary>
    public static bool TryParseOffset(ReadOnlySpan<char> s, out TimeSpan offset)
    {
        offset = TimeSpan.Zero;
        s = s.Trim();
        if (s.IsEmpty || s is "Z" or "z" or "UTC" or "GMT")
        {
            return true;
        }

        if (s[0] != '+' && s[0] != '-')
        {
            return false;
        }

        var sign = s[0] == '-' ? -1 : 1;
        var digits = s[1..];
        int hours;
        var minutes = 0;
        if (digits.Length == 5 && digits[2] == ':')
        {
            if (!Digits(digits[..2], out hours) || !Digits(digits[3..], out minutes))
            {
                return false;
            }
        }
        else if (digits.Length == 4)
        {
            if (!Digits(digits[..2], out hours) || !Digits(digits[2..], out minutes))
            {
                return false;
            }
        }
        else if (digits.Length == 2)
        {
            if (!Digits(digits, out hours))
            {
                return false;
            }
        }
        else
        {
            return false;
        }

        if (hours > 14 || minutes > 59)
        {
            return false;
        }

        offset = new TimeSpan(sign * hours, sign * minutes, 0);
        return true;
    }

    /// <summary>
    /// Turns a strptime format (<c>%d/%b/%Y:%H:%M:%S</c>, as Matomo's <c>--log-date-format</c> takes)
    /// into a .NET custom format. Throws a message for the user on a directive it does not know.
    /// </summary>
    public static string FromStrptime(string format)
    {
        var result = new StringBuilder();
        for (var i = 0; i < format.Length; i++)
        {
            var c = format[i];
            if (c != '%')
            {
                if (char.IsAsciiLetter(c) || c is '\\' or '\'' or '"')
                {
                    result.Append('\\');
                }

                result.Append(c);
                continue;
            }

            if (++i == format.Length)
            {
                throw new ArgumentException($"The date format '{format}' ends with a lone '%'.");
            }

            result.Append(format[i] switch
            {
                'd' => "dd",
                'm' => "MM",
                'b' or 'h' => "MMM",
                'B' => "MMMM",
                'Y' => "yyyy",
                'y' => "yy",
                'H' => "HH",
                'I' => "hh",
                'p' => "tt",
                'M' => "mm",
                'S' => "ss",
                'f' => "FFFFFFF",
                'z' => "zzz",
                'a' => "ddd",
                'A' => "dddd",
                'T' => "HH:mm:ss",
                '%' => "\\%",
                _ => throw new ArgumentException(
                    $"The date format '{format}' uses %{format[i]}, which the importer does not know; use %d %m %b %B %Y %y %H %I %p %M %S %f %z %a %A %T."),
            });
        }

        return result.ToString();
    }

    /// <summary>Parses with a .NET custom format (from <see cref="FromStrptime"/>); an offset in the text is applied.</summary>
    public static bool TryParseExact(ReadOnlySpan<char> s, string format, out DateTime value, out TimeSpan? offset)
    {
        offset = null;
        if (format.Contains("zzz", StringComparison.Ordinal))
        {
            var ok = DateTimeOffset.TryParseExact(s, format, CultureInfo.InvariantCulture, DateTimeStyles.AllowWhiteSpaces, out var withOffset);
            value = ok ? withOffset.DateTime : default;
            offset = ok ? withOffset.Offset : null;
            return ok;
        }

        return DateTime.TryParseExact(s, format, CultureInfo.InvariantCulture, DateTimeStyles.AllowWhiteSpaces, out value);
    }

    private static bool TryBuild(int year, int month, int day, int hour, int minute, int second, out DateTime value)
    {
        value = default;
        if (year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month) || hour > 23 || minute > 59 || second > 60)
        {
            return false;
        }

        // A leap second is read as the last second of its minute.
        value = new DateTime(year, month, day, hour, minute, Math.Min(second, 59), DateTimeKind.Unspecified);
        return true;
    }

    private static int Month(ReadOnlySpan<char> name)
    {
        Span<char> lower = stackalloc char[3];
        name.ToLowerInvariant(lower);
        for (var i = 0; i < s_months.Length; i++)
        {
            if (lower.SequenceEqual(s_months[i]))
            {
                return i + 1;
            }
        }

        return 0;
    }

    private static bool Digits(ReadOnlySpan<char> s, out int value)
    {
        value = 0;
        foreach (var c in s)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }

            value = (value * 10) + (c - '0');
        }

        return true;
    }

    private static bool AllDigits(ReadOnlySpan<char> s)
    {
        foreach (var c in s)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        return !s.IsEmpty;
    }
}
