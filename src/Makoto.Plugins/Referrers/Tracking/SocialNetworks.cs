namespace Makoto.Plugins.Referrers.Tracking;

/// <summary>
/// The social networks of <c>Socials.yml</c>: a referrer belongs to a network when its host is one
/// of the network's domains or a subdomain of one (<c>www.pinterest.com</c>, <c>l.instagram.com</c>).
/// </summary>
/// <remarks>
/// Matomo looks for each domain anywhere in the referrer URL, between <c>^</c>, <c>.</c> or <c>/</c>
/// and <c>.</c>, <c>/</c> or the end (plugins/Referrers/Social.php). Looking at the host only gives
/// the same network for every real referrer and does not take a URL whose path mentions a network
/// (<c>https://blog.example/why-i-left-facebook.com</c>) for that network.
/// </remarks>
internal sealed class SocialNetworks
{
    private readonly Dictionary<string, string> _byDomain = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> _bySpan;
    private readonly Dictionary<string, string> _mainUrlByName = new(StringComparer.Ordinal);

    /// <summary>Builds the lookup; a domain listed twice belongs to its last network, as in Matomo.</summary>
    public SocialNetworks(IEnumerable<(string Name, List<string> Urls)> networks)
    {
        var entries = new Dictionary<string, string>(StringComparer.Ordinal);
        var entriesInFileOrder = new List<string>();
        foreach (var (name, urls) in networks)
        {
            foreach (var url in urls)
            {
                if (entries.TryAdd(url, name))
                {
                    entriesInFileOrder.Add(url);
                }
                else
                {
                    entries[url] = name;
                }

                var domain = Domain(url);
                if (domain.Length > 0)
                {
                    _byDomain[domain] = name;
                }
            }
        }

        // A network's main URL is its first entry in the file that still belongs to it (Matomo's getMainUrl).
        foreach (var entry in entriesInFileOrder)
        {
            _mainUrlByName.TryAdd(entries[entry], entry);
        }

        _bySpan = _byDomain.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>The main URL of a network by name (<c>Twitter</c> → <c>twitter.com</c>), or null for an unknown name.</summary>
    public string? MainUrl(string name) => _mainUrlByName.GetValueOrDefault(name);

    public int Count => _byDomain.Count;

    /// <summary>The network of a referrer host (any case), or null.</summary>
    public string? Match(string host)
    {
        if (host.Length == 0)
        {
            return null;
        }

        Span<char> buffer = host.Length <= 256 ? stackalloc char[host.Length] : new char[host.Length];
        var lower = buffer[..host.AsSpan().ToLowerInvariant(buffer)];
        while (true)
        {
            if (_bySpan.TryGetValue(lower, out var name))
            {
                return name;
            }

            var dot = lower.IndexOf('.');
            if (dot < 0)
            {
                return null;
            }

            lower = lower[(dot + 1)..];
        }
    }

    /// <summary>The host part of a list entry: <c>android-app://org.telegram.messenger</c> → <c>org.telegram.messenger</c>.</summary>
    private static string Domain(string entry)
    {
        var value = entry.Trim().ToLowerInvariant();
        var scheme = value.IndexOf("://", StringComparison.Ordinal);
        if (scheme >= 0)
        {
            value = value[(scheme + 3)..];
        }

        var slash = value.IndexOf('/');
        return slash >= 0 ? value[..slash] : value;
    }
}
