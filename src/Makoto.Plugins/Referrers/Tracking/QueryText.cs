using System.Text;
using System.Text.Unicode;
using Makoto.Core.Segments;

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
    /// PHP's <c>urldecode</c> (<see cref="PhpUrl"/>); the bytes are read as UTF-8, or in the first of
    /// <paramref name="charsets"/> that accepts them when they are not UTF-8.
    /// </summary>
    public static string UrlDecode(string value, IReadOnlyList<string>? charsets = null) =>
        charsets is null ? PhpUrl.Decode(value, PhpUrl.Utf8) : PhpUrl.Decode(value, bytes => Decode(bytes, charsets));

    private static string Decode(ReadOnlySpan<byte> bytes, IReadOnlyList<string> charsets)
    {
        if (Utf8.IsValid(bytes))
        {
            return Encoding.UTF8.GetString(bytes);
        }

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

}
