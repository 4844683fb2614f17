using Makoto.Core.Segments;

namespace Makoto.Tracking.Requests;

/// <summary>
/// The raw parameters of one tracking request (names are case-sensitive, as in Matomo). When a
/// name occurs twice the last value wins, as PHP's query parsing does.
/// </summary>
public sealed class TrackingParameters
{
    /// <summary>
    /// The names the trackers send (tracking-api.md §2), so that parsing a request does not allocate a
    /// string for each parameter name; other names are allocated as usual.
    /// </summary>
    private static readonly Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> s_knownNames = KnownNames(
        "idsite", "rec", "url", "action_name", "_id", "rand", "r", "apiv", "urlref", "_idn", "_idvc", "_refts", "_ref", "_viewts",
        "_pks", "_pkn", "_pkc", "_pkp", "_rcn", "_rck", "cs", "h", "m", "s", "res", "cookie", "pdf", "qt", "realp", "wma", "fla", "java",
        "ag", "dir", "gears", "sl", "uadata", "ua", "lang", "uid", "cid", "new_visit", "send_image", "pv_id", "pf_net", "pf_srv",
        "pf_tfr", "pf_dm1", "pf_dm2", "pf_onl", "link", "download", "search", "search_cat", "search_count", "e_c", "e_a", "e_n",
        "e_v", "c_n", "c_p", "c_t", "c_i", "idgoal", "revenue", "ec_id", "ec_items", "ec_st", "ec_tx", "ec_sh", "ec_dt",
        "_cvar", "cvar", "e_cvar", "dimension1", "dimension2", "dimension3", "dimension4", "dimension5", "dimension6",
        "dimension7", "dimension8", "dimension9", "dimension10", "token_auth", "cip", "cdt", "cdo", "country", "region", "city",
        "lat", "long", "ping", "bots", "debug", "queuedtracking", "ignore_referrer", "ignore_referer", "dp", "consent",
        "tracker_install_check", "ca", "mtm_campaign", "pk_campaign", "utm_campaign", "utm_source", "utm_medium");

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
        // One slot per '&'-separated pair, so that the arrays are not grown while parsing.
        var result = new TrackingParameters(Math.Max(4, query.Count('&') + 1));
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
            var rawName = eq < 0 ? pair : pair[..eq];
            var name = s_knownNames.TryGetValue(rawName, out var known) ? known : Decode(rawName);
            if (name.Length == 0)
            {
                continue;
            }

            result.Set(name, eq < 0 ? "" : Decode(pair[(eq + 1)..]));
        }
    }

    /// <summary>Decodes <c>+</c> and <c>%XX</c> escapes (<see cref="PhpUrl"/>); the result is always valid UTF-16.</summary>
    public static string Decode(ReadOnlySpan<char> encoded) => PhpUrl.Decode(encoded, PhpUrl.Utf8);

    private static Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> KnownNames(params string[] names)
    {
        var map = new Dictionary<string, string>(names.Length, StringComparer.Ordinal);
        foreach (var name in names)
        {
            map[name] = name;
        }

        return map.GetAlternateLookup<ReadOnlySpan<char>>();
    }

}
