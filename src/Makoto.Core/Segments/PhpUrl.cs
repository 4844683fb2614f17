using System.Buffers;
using System.Text;

namespace Makoto.Core.Segments;

/// <summary>
/// PHP's <c>urlencode</c> and <c>urldecode</c>, the one implementation of both: Matomo builds segment
/// definitions, segment hashes and report <c>segment</c> metadata with them, reads referrer keywords and
/// tracking parameters through them.
/// </summary>
public static class PhpUrl
{
    private const string Hex = "0123456789ABCDEF";

    /// <summary>Turns the bytes an escaped text decodes to into text.</summary>
    public delegate string BytesToText(ReadOnlySpan<byte> bytes);

    /// <summary>The bytes read as UTF-8; a sequence that is not UTF-8 becomes U+FFFD.</summary>
    public static readonly BytesToText Utf8 = static bytes => Encoding.UTF8.GetString(bytes);

    /// <summary>The bytes read as UTF-8, or as Latin-1 when they are not UTF-8, so that no byte is lost.</summary>
    public static readonly BytesToText Utf8OrLatin1 =
        static bytes => System.Text.Unicode.Utf8.IsValid(bytes) ? Encoding.UTF8.GetString(bytes) : Encoding.Latin1.GetString(bytes);

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
    /// <c>urldecode</c> as segment definitions need it: the bytes are read as UTF-8, or as Latin-1 when they
    /// are not UTF-8 (<see cref="Decode(string, BytesToText)"/>).
    /// </summary>
    public static string Decode(string value) => Decode(value, Utf8OrLatin1);

    /// <summary>
    /// <c>urldecode</c>: <c>+</c> is a space, <c>%XX</c> (either case) a byte, a malformed escape stays as it
    /// is, other characters stand for their UTF-8 bytes; <paramref name="toText"/> turns the bytes into text.
    /// A value without escapes is returned as it is.
    /// </summary>
    public static string Decode(string value, BytesToText toText) =>
        value.AsSpan().IndexOfAny('%', '+') < 0 ? value : DecodeEscaped(value, toText);

    /// <inheritdoc cref="Decode(string, BytesToText)"/>
    public static string Decode(ReadOnlySpan<char> value, BytesToText toText) =>
        value.IndexOfAny('%', '+') < 0 ? new string(value) : DecodeEscaped(value, toText);

    private static string DecodeEscaped(ReadOnlySpan<char> value, BytesToText toText)
    {
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
                else if (c == '%' && i + 2 < value.Length && char.IsAsciiHexDigit(value[i + 1]) && char.IsAsciiHexDigit(value[i + 2]))
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
                    var count = char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]) ? 2 : 1;
                    length += Encoding.UTF8.GetBytes(value.Slice(i, count), rented.AsSpan(length));
                    i += count - 1;
                }
            }

            return toText(rented.AsSpan(0, length));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    private static int HexValue(char c) => c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;
}
