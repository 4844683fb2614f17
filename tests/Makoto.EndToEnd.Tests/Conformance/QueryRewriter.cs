namespace Makoto.EndToEnd.Tests.Conformance;

/// <summary>
/// Reads and replaces parameters of a URL or query string by their decoded name, leaving every
/// other parameter byte for byte as it was (so a value that merely contains <c>idsite=4</c>, e.g.
/// inside an encoded URL, is never touched).
/// </summary>
internal static class QueryRewriter
{
    /// <summary>Sets the value of each parameter named in <paramref name="values"/> that occurs in <paramref name="url"/>.</summary>
    public static string Replace(string url, Dictionary<string, string> values)
    {
        var (prefix, parts) = Split(url);
        for (var i = 0; i < parts.Length; i++)
        {
            var equals = parts[i].IndexOf('=', StringComparison.Ordinal);
            var rawName = equals < 0 ? parts[i] : parts[i][..equals];
            if (values.TryGetValue(Decode(rawName), out var value))
            {
                parts[i] = rawName + "=" + Uri.EscapeDataString(value);
            }
        }

        return prefix + string.Join('&', parts);
    }

    /// <summary>The decoded value of the first parameter called <paramref name="name"/>, or null.</summary>
    public static string? Get(string url, string name)
    {
        foreach (var part in Split(url).Parts)
        {
            var equals = part.IndexOf('=', StringComparison.Ordinal);
            if (Decode(equals < 0 ? part : part[..equals]) == name)
            {
                return equals < 0 ? "" : Decode(part[(equals + 1)..]);
            }
        }

        return null;
    }

    private static (string Prefix, string[] Parts) Split(string url)
    {
        var question = url.IndexOf('?', StringComparison.Ordinal);
        return question < 0 ? ("", url.Split('&')) : (url[..(question + 1)], url[(question + 1)..].Split('&'));
    }

    private static string Decode(string text) => Uri.UnescapeDataString(text.Replace('+', ' '));
}
