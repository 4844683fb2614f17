namespace Makoto.Plugins.Referrers.Tracking;

/// <summary>
/// The components of a URL as Matomo's referrer code sees them (PHP's <c>parse_url</c>): a part that
/// is absent is null, a part that is present but empty is "". The host keeps its case.
/// </summary>
internal readonly record struct UrlParts(string? Scheme, string? Host, string? Path, string? Query, string? Fragment)
{
    /// <summary>Splits <c>scheme://user@host:port/path?query#fragment</c> and <c>//host/path</c>; anything else is only a path.</summary>
    public static UrlParts Parse(string url)
    {
        if (url.Length == 0)
        {
            return default;
        }

        string? scheme = null;
        var authorityStart = -1;
        if (url.StartsWith("//", StringComparison.Ordinal))
        {
            authorityStart = 2;
        }
        else
        {
            var separator = url.IndexOf("://", StringComparison.Ordinal);
            if (separator > 0 && IsScheme(url.AsSpan(0, separator)))
            {
                scheme = url[..separator];
                authorityStart = separator + 3;
            }
        }

        string? host = null;
        var rest = 0;
        if (authorityStart >= 0)
        {
            var authorityEnd = url.IndexOfAny(['/', '?', '#'], authorityStart);
            if (authorityEnd < 0)
            {
                authorityEnd = url.Length;
            }

            host = HostOf(url.AsSpan(authorityStart, authorityEnd - authorityStart));
            rest = authorityEnd;
        }

        var hash = url.IndexOf('#', rest);
        var beforeFragment = hash >= 0 ? hash : url.Length;
        var question = url.IndexOf('?', rest, beforeFragment - rest);
        var pathEnd = question >= 0 ? question : beforeFragment;
        var path = pathEnd > rest ? url[rest..pathEnd] : null;
        var query = question >= 0 ? url[(question + 1)..beforeFragment] : null;
        var fragment = hash >= 0 ? url[(hash + 1)..] : null;
        return new UrlParts(scheme, host, path, query, fragment);
    }

    /// <summary>Host (may be empty), without credentials and port.</summary>
    private static string HostOf(ReadOnlySpan<char> authority)
    {
        var at = authority.LastIndexOf('@');
        if (at >= 0)
        {
            authority = authority[(at + 1)..];
        }

        if (authority.StartsWith("["))
        {
            var close = authority.IndexOf(']');
            return close >= 0 ? authority[..(close + 1)].ToString() : authority.ToString();
        }

        var colon = authority.LastIndexOf(':');
        if (colon >= 0)
        {
            authority = authority[..colon];
        }

        return authority.ToString();
    }

    private static bool IsScheme(ReadOnlySpan<char> candidate)
    {
        if (!char.IsAsciiLetter(candidate[0]))
        {
            return false;
        }

        foreach (var c in candidate)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '+' or '-' or '.'))
            {
                return false;
            }
        }

        return true;
    }
}
