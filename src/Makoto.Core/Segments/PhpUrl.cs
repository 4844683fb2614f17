using System.Buffers;
using System.Text;
using System.Text.Unicode;

namespace Makoto.Core.Segments;

/// <summary>
/// PHP's <c>urlencode</c> and <c>urldecode</c>, which Matomo's segment definitions, segment hashes and
/// report <c>segment</c> metadata are built with.
/// </summary>
public static class PhpUrl
{
    private const string Hex = "0123456789ABCDEF";

    /// <summary>
    /// <c>urlencode</c>: letters, digits and <c>-_.</c> stay, a space becomes <c>+</c>, every other byte of the
    /// UTF-8 text becomes <c>%XX</c> (upper-case hex).
    /// </summary>
    public static string Encode(string value)
    {
        var builder = new StringBuilder(value.Length + 8);
        foreach (var b in Encoding.UTF8.GetBytes(value))
        {
            if (b is (>= (byte)'a' and <= (byte)'z') or (>= (byte)'A' and <= (byte)'Z') or (>= (byte)'0' and <= (byte)'9')
                or (byte)'-' or (byte)'_' or (byte)'.')
            {
                builder.Append((char)b);
            }
            else if (b == (byte)' ')
            {
                builder.Append('+');
            }
            else
            {
                builder.Append('%').Append(Hex[b >> 4]).Append(Hex[b & 0xF]);
            }
        }

        return builder.ToString();
    }

    /// <summary>
    /// <c>urldecode</c>: <c>+</c> is a space, <c>%XX</c> (either case) a byte, a malformed escape stays as it
    /// is; the bytes are read as UTF-8.
    /// </summary>
    public static string Decode(string value)
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

            var bytes = rented.AsSpan(0, length);
            return Utf8.IsValid(bytes) ? Encoding.UTF8.GetString(bytes) : Encoding.Latin1.GetString(bytes);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    private static bool IsHex(char c) => char.IsAsciiHexDigit(c);

    private static int HexValue(char c) => c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;
}
