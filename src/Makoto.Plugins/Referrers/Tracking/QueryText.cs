using System.Buffers;
using System.Text;
using System.Text.Unicode;

namespace Makoto.Plugins.Referrers.Tracking;

/// <summary>
/// Query-string and text rules of Matomo's referrer code, which are PHP's: parameter names compare
/// exactly and the last occurrence wins, <c>urldecode</c> turns <c>+</c> into a space, <c>trim</c>
/// strips ASCII whitespace and NUL, and "empty" includes <c>"0"</c>.
/// </summary>
internal static class QueryText
{
    private static readonly char[] s_phpWhitespace = [' ', '\t', '\n', '\r', '\0', '\v'];

    /// <summary>
    /// The raw (still encoded) value of <paramref name="name"/> in <paramref name="query"/>: the last
    /// occurrence wins, a name without <c>=</c> has the value "", and null means absent.
    /// </summary>
    public static string? Get(string query, string name)
    {
        string? value = null;
        var start = 0;
        while (start <= query.Length)
        {
            var end = query.IndexOf('&', start);
            if (end < 0)
            {
                end = query.Length;
            }

            var part = query.AsSpan(start, end - start);
            var eq = part.IndexOf('=');
            var key = eq < 0 ? part : part[..eq];
            if (key.Length > 0 && key.SequenceEqual(name))
            {
                value = eq < 0 ? "" : part[(eq + 1)..].ToString();
            }

            start = end + 1;
        }

        return value;
    }

    /// <summary>PHP's <c>trim(urldecode(value))</c>; null gives "".</summary>
    public static string DecodeTrim(string? value) => value is null ? "" : Trim(UrlDecode(value));

    /// <summary>PHP's <c>empty()</c> for strings: null, "" and "0".</summary>
    public static bool IsEmpty(string? value) => string.IsNullOrEmpty(value) || value == "0";

    public static string Trim(string value) => value.Trim(s_phpWhitespace);

    /// <summary>
    /// PHP's <c>urldecode</c>: <c>+</c> is a space, <c>%XX</c> a byte, a malformed escape stays as it
    /// is; the bytes are read as UTF-8, or in the first of <paramref name="charsets"/> that accepts
    /// them when they are not UTF-8.
    /// </summary>
    public static string UrlDecode(string value, IReadOnlyList<string>? charsets = null)
    {
        if (value.AsSpan().IndexOfAny('%', '+') < 0)
        {
            return value;
        }

        var rented = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(value.Length));
        try
        {
            var length = 0;
            for (var i = 0; i < value.Length; i++)
            {
                var c = value[i];
                if (c == '+')
                {
                    rented[length++] = (byte)' ';
                }
                else if (c == '%' && i + 2 < value.Length && IsHex(value[i + 1]) && IsHex(value[i + 2]))
                {
                    rented[length++] = (byte)((HexValue(value[i + 1]) << 4) | HexValue(value[i + 2]));
                    i += 2;
                }
                else if (c < 0x80)
                {
                    rented[length++] = (byte)c;
                }
                else
                {
                    var end = char.IsHighSurrogate(c) && i + 1 < value.Length ? i + 2 : i + 1;
                    length += Encoding.UTF8.GetBytes(value.AsSpan(i, end - i), rented.AsSpan(length));
                    i = end - 1;
                }
            }

            return Decode(rented.AsSpan(0, length), charsets);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    private static string Decode(ReadOnlySpan<byte> bytes, IReadOnlyList<string>? charsets)
    {
        if (Utf8.IsValid(bytes))
        {
            return Encoding.UTF8.GetString(bytes);
        }

        if (charsets is not null)
        {
            foreach (var charset in charsets)
            {
                if (LegacyEncoding(charset) is { } encoding)
                {
                    try
                    {
                        return encoding.GetString(bytes);
                    }
                    catch (DecoderFallbackException)
                    {
                        // Not in this charset: try the next one.
                    }
                }
            }
        }

        return Encoding.UTF8.GetString(bytes);
    }

    private static Encoding? LegacyEncoding(string charset)
    {
        if (charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        try
        {
            return CodePagesEncodingProvider.Instance.GetEncoding(charset, EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback)
                ?? Encoding.GetEncoding(charset, EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback);
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    private static bool IsHex(char c) => char.IsAsciiHexDigit(c);

    private static int HexValue(char c) => c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;
}
