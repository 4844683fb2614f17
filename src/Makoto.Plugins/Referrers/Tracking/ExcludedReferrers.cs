namespace Makoto.Plugins.Referrers.Tracking;

/// <summary>
/// Excluded referrers (the site's and the global list): a referrer on one of them is a direct entry.
/// An entry is a host or a URL, with or without scheme (<c>paypal.com</c>,
/// <c>https://payments.example/proceed</c>); <c>www.</c> is ignored, a path must prefix the
/// referrer's path, and a leading dot (<c>.example.org</c>) also covers every subdomain.
/// </summary>
internal sealed class ExcludedReferrers
{
    private readonly Entry[] _entries;

    private ExcludedReferrers(Entry[] entries)
    {
        _entries = entries;
    }

    public static ExcludedReferrers None { get; } = new([]);

    /// <summary>Parses comma- or newline-separated entries.</summary>
    public static ExcludedReferrers Parse(string list)
    {
        var entries = new List<Entry>();
        foreach (var raw in list.Split([',', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var value = raw;
            var scheme = value.IndexOf("://", StringComparison.Ordinal);
            if (scheme >= 0)
            {
                value = value[(scheme + 3)..];
            }

            var wildcard = value.StartsWith('.');
            value = value.TrimStart('.');
            if (value.StartsWith("*.", StringComparison.Ordinal))
            {
                wildcard = true;
                value = value[2..];
            }

            if (SiteUrlIndex.Canonical("http://" + value) is var (host, path) && host.Length > 0)
            {
                entries.Add(new Entry(host, path, wildcard));
            }
        }

        return new ExcludedReferrers([.. entries]);
    }

    /// <summary>True when an entry (not a wildcard) has exactly this canonical host and path.</summary>
    public bool Has(string host, string path)
    {
        foreach (var entry in _entries)
        {
            if (!entry.Wildcard && entry.Host == host && entry.Path == path)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>True when an entry covers the canonical host and its path prefixes the canonical path.</summary>
    public bool Matches(string host, string path)
    {
        foreach (var entry in _entries)
        {
            var hostMatches = entry.Host == host
                || (entry.Wildcard && host.EndsWith(entry.Host, StringComparison.Ordinal) && host.Length > entry.Host.Length && host[^(entry.Host.Length + 1)] == '.');
            if (hostMatches && path.StartsWith(entry.Path, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>One excluded referrer: canonical host and path, and whether subdomains are covered.</summary>
    internal sealed record Entry(string Host, string Path, bool Wildcard);
}
