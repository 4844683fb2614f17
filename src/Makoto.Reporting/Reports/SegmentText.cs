using System.Text;

namespace Makoto.Reporting.Reports;

/// <summary>
/// The <c>segment</c> metadata of report rows as Matomo writes it: <c>dimension==value</c> with the
/// value encoded by PHP's <c>urlencode</c> (<c>gift card</c> → <c>gift+card</c>, <c>Yahoo!</c> →
/// <c>Yahoo%21</c>), so that a client can pass it back as the <c>segment</c> parameter.
/// </summary>
public static class SegmentText
{
    /// <summary>The condition <c>dimension==encoded value</c>.</summary>
    public static string Condition(string dimension, string value) => dimension + "==" + Encode(value);

    /// <summary>
    /// PHP's <c>urlencode</c>: letters, digits and <c>-_.</c> stay, a space becomes <c>+</c>, every other
    /// UTF-8 byte becomes <c>%XX</c> (upper-case hex).
    /// </summary>
    public static string Encode(string value)
    {
        var text = new StringBuilder(value.Length + 8);
        Span<byte> bytes = stackalloc byte[4];
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.')
            {
                text.Append(c);
                continue;
            }

            if (c == ' ')
            {
                text.Append('+');
                continue;
            }

            var length = char.IsSurrogatePair(value, i)
                ? Encoding.UTF8.GetBytes(value.AsSpan(i++, 2), bytes)
                : Encoding.UTF8.GetBytes(value.AsSpan(i, 1), bytes);
            foreach (var b in bytes[..length])
            {
                text.Append('%').Append(HexDigit(b >> 4)).Append(HexDigit(b & 0xF));
            }
        }

        return text.ToString();
    }

    private static char HexDigit(int value) => (char)(value < 10 ? '0' + value : 'A' + value - 10);
}
