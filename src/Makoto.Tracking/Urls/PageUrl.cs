namespace Makoto.Tracking.Urls;

/// <summary>
/// Matomo's normalization of tracked URLs (tracking-api.md §9.1): cleaning, lower-case host,
/// fragment handling, removal of excluded query parameters, and the split into a prefix code
/// (<c>http://</c> 0, <c>http://www.</c> 1, <c>https://</c> 2, <c>https://www.</c> 3) and the rest.
/// </summary>
public static class PageUrl
{
    private static readonly string[] s_prefixes = ["https://www.", "http://www.", "https://", "http://"];
    private static readonly int[] s_prefixCodes = [3, 1, 2, 0];

    /// <summary>Trims, removes line breaks and NUL characters, and cuts to <paramref name="maxLength"/>.</summary>
    public static string Clean(string url, int maxLength)
    {
        var cleaned = url.Trim();
        if (cleaned.AsSpan().IndexOfAny('\n', '\r', '\0') >= 0)
        {
            cleaned = cleaned.Replace("\n", "", StringComparison.Ordinal).Replace("\r", "", StringComparison.Ordinal).Replace("\0", "", StringComparison.Ordinal);
        }

        return cleaned.Length > maxLength ? cleaned[..maxLength] : cleaned;
    }

    /// <summary>True for <c>scheme://…</c> and protocol-relative <c>//…</c> URLs.</summary>
    public static bool LooksLikeUrl(string url)
    {
        if (url.StartsWith("//", StringComparison.Ordinal))
        {
            return url.Length > 2;
        }

        var colon = url.IndexOf("://", StringComparison.Ordinal);
        if (colon <= 0)
        {
            return false;
        }

        for (var i = 0; i < colon; i++)
        {
            var c = url[i];
            if (!(char.IsAsciiLetterOrDigit(c) || c is '+' or '-' or '.'))
            {
                return false;
            }
        }

        return url.Length > colon + 3;
    }

    /// <summary>
    /// Normalizes a page URL: lower-case host, fragment removed unless kept, query parameters
    /// removed when <paramref name="isExcluded"/> says so (names compared case-insensitively by the
    /// caller). Returns "" when the value is not a URL.
    /// </summary>
    public static string Normalize(string url, bool keepFragment, Func<string, bool> isExcluded)
    {
        if (!LooksLikeUrl(url))
        {
            return "";
        }

        var (scheme, host, rest) = Split(url);
        var hash = rest.IndexOf('#', StringComparison.Ordinal);
        var fragment = hash >= 0 ? rest[(hash + 1)..] : "";
        var beforeFragment = hash >= 0 ? rest[..hash] : rest;
        var question = beforeFragment.IndexOf('?', StringComparison.Ordinal);
        var path = question >= 0 ? beforeFragment[..question] : beforeFragment;
        var query = question >= 0 ? beforeFragment[(question + 1)..] : null;

        // Matrix parameters (/p;a=1;b=2) become a query string.
        var semicolon = path.IndexOf(';', StringComparison.Ordinal);
        if (semicolon >= 0 && query is null)
        {
            query = path[(semicolon + 1)..].Replace(';', '&');
            path = path[..semicolon];
        }

        var result = scheme + host.ToLowerInvariant() + path;
        if (query is not null)
        {
            var filtered = FilterQuery(query, isExcluded);
            if (filtered.Length > 0)
            {
                result += "?" + filtered;
            }
        }

        if (keepFragment && fragment.Length > 0)
        {
            result += "#" + fragment;
        }

        return result;
    }

    /// <summary>The query string without excluded parameters, in the original order.</summary>
    public static string FilterQuery(string query, Func<string, bool> isExcluded)
    {
        if (query.Length == 0)
        {
            return "";
        }

        var parts = query.Split('&');
        var kept = new List<string>(parts.Length);
        foreach (var part in parts)
        {
            if (part.Length == 0)
            {
                continue;
            }

            var eq = part.IndexOf('=', StringComparison.Ordinal);
            var name = Uri.UnescapeDataString((eq < 0 ? part : part[..eq]).Replace('+', ' '));
            var bracket = name.IndexOf('[', StringComparison.Ordinal);
            if (bracket > 0)
            {
                name = name[..bracket];
            }

            if (!isExcluded(name))
            {
                kept.Add(part);
            }
        }

        return string.Join('&', kept);
    }

    /// <summary>Splits off Matomo's prefix: (prefix code, rest); unknown schemes keep the whole URL and a null code.</summary>
    public static (int? PrefixCode, string Name) SplitPrefix(string url)
    {
        for (var i = 0; i < s_prefixes.Length; i++)
        {
            if (url.StartsWith(s_prefixes[i], StringComparison.OrdinalIgnoreCase))
            {
                return (s_prefixCodes[i], url[s_prefixes[i].Length..]);
            }
        }

        return (null, url);
    }

    /// <summary>The full URL from a stored name and prefix code.</summary>
    public static string Reconstruct(string name, int? prefixCode) => prefixCode switch
    {
        0 => "http://" + name,
        1 => "http://www." + name,
        2 => "https://" + name,
        3 => "https://www." + name,
        _ => name,
    };

    /// <summary>The lower-case host of a URL (without port and credentials), or "".</summary>
    public static string Host(string url)
    {
        if (!LooksLikeUrl(url))
        {
            return "";
        }

        var (_, host, _) = Split(url);
        var at = host.LastIndexOf('@');
        if (at >= 0)
        {
            host = host[(at + 1)..];
        }

        var colon = host.LastIndexOf(':');
        if (colon >= 0 && !host.EndsWith(']'))
        {
            host = host[..colon];
        }

        return host.ToLowerInvariant();
    }

    /// <summary>The query string of a URL (without <c>?</c> and fragment), or "".</summary>
    public static string Query(string url)
    {
        var question = url.IndexOf('?', StringComparison.Ordinal);
        if (question < 0)
        {
            return "";
        }

        var hash = url.IndexOf('#', question);
        return hash >= 0 ? url[(question + 1)..hash] : url[(question + 1)..];
    }

    /// <summary>The fragment of a URL (without <c>#</c>), or "".</summary>
    public static string Fragment(string url)
    {
        var hash = url.IndexOf('#', StringComparison.Ordinal);
        return hash >= 0 ? url[(hash + 1)..] : "";
    }

    /// <summary>The value of a query parameter (first match, name compared case-insensitively), decoded; null if absent.</summary>
    public static string? QueryParameter(string query, string name)
    {
        // Read in place: only the value found becomes a string (this runs for each site-search parameter name).
        var rest = query.AsSpan();
        while (true)
        {
            var amp = rest.IndexOf('&');
            var part = amp < 0 ? rest : rest[..amp];
            var eq = part.IndexOf('=');
            var key = eq < 0 ? part : part[..eq];
            var matches = key.ContainsAny('%', '+')
                ? string.Equals(Uri.UnescapeDataString(key.ToString().Replace('+', ' ')), name, StringComparison.OrdinalIgnoreCase)
                : key.Equals(name, StringComparison.OrdinalIgnoreCase);
            if (matches)
            {
                return eq < 0 ? "" : SafeUnescape(part[(eq + 1)..].ToString());
            }

            if (amp < 0)
            {
                return null;
            }

            rest = rest[(amp + 1)..];
        }
    }

    private static string SafeUnescape(string value)
    {
        try
        {
            return Uri.UnescapeDataString(value.Replace('+', ' '));
        }
        catch (UriFormatException)
        {
            return value;
        }
    }

    private static (string Scheme, string Host, string Tail) Split(string url)
    {
        int hostStart;
        if (url.StartsWith("//", StringComparison.Ordinal))
        {
            hostStart = 2;
        }
        else
        {
            hostStart = url.IndexOf("://", StringComparison.Ordinal) + 3;
        }

        var scheme = url[..hostStart];
        var end = url.IndexOfAny(['/', '?', '#'], hostStart);
        if (end < 0)
        {
            return (scheme.ToLowerInvariant(), url[hostStart..], "");
        }

        return (scheme.ToLowerInvariant(), url[hostStart..end], url[end..]);
    }
}
