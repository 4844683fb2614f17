using System.Buffers;
using System.Text;

namespace Makoto.Tracking.Requests;

/// <summary>
/// The raw parameters of one tracking request (names are case-sensitive, as in Matomo). When a
/// name occurs twice the last value wins, as PHP's query parsing does.
/// </summary>
public sealed class TrackingParameters
{
    private string[] _names;
    private string[] _values;

    public TrackingParameters(int capacity = 24)
    {
        _names = new string[capacity];
        _values = new string[capacity];
    }

    public int Count { get; private set; }

    public string? this[string name] => Get(name);

    public string? Get(string name)
    {
        for (var i = Count - 1; i >= 0; i--)
        {
            if (string.Equals(_names[i], name, StringComparison.Ordinal))
            {
                return _values[i];
            }
        }

        return null;
    }

    public bool Has(string name) => Get(name) is not null;

    public void Set(string name, string value)
    {
        if (Count == _names.Length)
        {
            Array.Resize(ref _names, Count * 2);
            Array.Resize(ref _values, Count * 2);
        }

        _names[Count] = name;
        _values[Count] = value;
        Count++;
    }

    /// <summary>Adds every parameter of <paramref name="other"/> that this set does not have.</summary>
    public void AddMissing(TrackingParameters other)
    {
        for (var i = 0; i < other.Count; i++)
        {
            if (!Has(other._names[i]))
            {
                Set(other._names[i], other._values[i]);
            }
        }
    }

    public IEnumerable<KeyValuePair<string, string>> All()
    {
        for (var i = 0; i < Count; i++)
        {
            yield return new KeyValuePair<string, string>(_names[i], _values[i]);
        }
    }

    /// <summary>
    /// Parses an <c>application/x-www-form-urlencoded</c> string (a query string with or without
    /// its leading <c>?</c>). Percent-escapes are decoded as UTF-8; invalid sequences become U+FFFD.
    /// </summary>
    public static TrackingParameters Parse(ReadOnlySpan<char> query)
    {
        var result = new TrackingParameters();
        ParseInto(query, result);
        return result;
    }

    public static void ParseInto(ReadOnlySpan<char> query, TrackingParameters result)
    {
        if (!query.IsEmpty && query[0] == '?')
        {
            query = query[1..];
        }

        while (!query.IsEmpty)
        {
            var amp = query.IndexOf('&');
            var pair = amp < 0 ? query : query[..amp];
            query = amp < 0 ? [] : query[(amp + 1)..];
            if (pair.IsEmpty)
            {
                continue;
            }

            var eq = pair.IndexOf('=');
            var name = Decode(eq < 0 ? pair : pair[..eq]);
            if (name.Length == 0)
            {
                continue;
            }

            result.Set(name, eq < 0 ? "" : Decode(pair[(eq + 1)..]));
        }
    }

    /// <summary>Decodes <c>+</c> and <c>%XX</c> escapes; the result is always valid UTF-16.</summary>
    public static string Decode(ReadOnlySpan<char> encoded)
    {
        if (encoded.IndexOfAny('%', '+') < 0)
        {
            return new string(encoded);
        }

        var rented = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(encoded.Length));
        try
        {
            var length = 0;
            for (var i = 0; i < encoded.Length; i++)
            {
                var c = encoded[i];
                if (c == '+')
                {
                    rented[length++] = (byte)' ';
                }
                else if (c == '%' && i + 2 < encoded.Length && IsHex(encoded[i + 1]) && IsHex(encoded[i + 2]))
                {
                    rented[length++] = (byte)((HexValue(encoded[i + 1]) << 4) | HexValue(encoded[i + 2]));
                    i += 2;
                }
                else if (c < 0x80)
                {
                    rented[length++] = (byte)c;
                }
                else
                {
                    length += Encoding.UTF8.GetBytes(encoded.Slice(i, char.IsHighSurrogate(c) && i + 1 < encoded.Length ? 2 : 1), rented.AsSpan(length));
                    if (char.IsHighSurrogate(c) && i + 1 < encoded.Length)
                    {
                        i++;
                    }
                }
            }

            return Encoding.UTF8.GetString(rented, 0, length);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    private static bool IsHex(char c) => char.IsAsciiHexDigit(c);

    private static int HexValue(char c) => c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;
}
