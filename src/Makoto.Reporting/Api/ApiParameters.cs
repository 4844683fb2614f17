using System.Globalization;

namespace Makoto.Reporting.Api;

/// <summary>
/// The parameters of an API call: the query string merged with a form body (the body wins). Array
/// parameters are accepted as <c>urls[]=a&amp;urls[]=b</c> and <c>urls[0]=a&amp;urls[1]=b</c>.
/// </summary>
public sealed class ApiParameters
{
    private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<string>> _arrays = new(StringComparer.Ordinal);

    public static ApiParameters Parse(string? query, string? form = null)
    {
        var parameters = new ApiParameters();
        parameters.AddEncoded(query);
        parameters.AddEncoded(form);
        return parameters;
    }

    public string? this[string name] => Get(name);

    /// <summary>
    /// The <c>Accept-Language</c> header of the HTTP request, for the few methods that read the caller's
    /// language as Matomo does (the default location provider of <c>UserCountry.getLocationFromIP</c>); empty when none.
    /// </summary>
    public string BrowserLanguage { get; set; } = "";

    /// <summary>
    /// The server's base URL as the caller reached it (scheme, host and the path before index.php, ending
    /// with '/'), for methods that answer with URLs of this server as Matomo does; empty outside HTTP.
    /// </summary>
    public string ServerUrl { get; set; } = "";

    /// <summary>The IP address of the HTTP client (<c>API.getIpFromHeader</c>, brute-force protection); empty when unknown.</summary>
    public string ClientIp { get; set; } = "";

    public string? Get(string name) => _values.TryGetValue(name, out var value) ? value : null;

    public bool Has(string name) => _values.ContainsKey(name) || _arrays.ContainsKey(name);

    public IEnumerable<string> Names => _values.Keys.Concat(_arrays.Keys).Distinct(StringComparer.Ordinal);

    /// <summary>The values of an array parameter (<c>name[]</c> or <c>name[i]</c>), or of a plain one as a single item.</summary>
    public IReadOnlyList<string> GetArray(string name)
    {
        if (_arrays.TryGetValue(name, out var list))
        {
            return list;
        }

        return _values.TryGetValue(name, out var single) ? [single] : [];
    }

    /// <summary>
    /// Sets a parameter. <c>name[]</c> and <c>name[3]</c> add to the array <c>name</c>; nested keys such as
    /// <c>extractions[0][pattern]</c> are kept under their full name.
    /// </summary>
    public void Set(string name, string value)
    {
        var bracket = name.IndexOf('[', StringComparison.Ordinal);
        if (bracket > 0 && name.EndsWith(']') && name.IndexOf('[', bracket + 1) < 0
            && name.AsSpan(bracket + 1, name.Length - bracket - 2).IndexOfAnyExceptInRange('0', '9') < 0)
        {
            var arrayName = name[..bracket];
            if (!_arrays.TryGetValue(arrayName, out var list))
            {
                _arrays[arrayName] = list = [];
            }

            list.Add(value);
            return;
        }

        _values[name] = value;
    }

    /// <summary>An integer parameter; null when absent or empty.</summary>
    public int? GetInt(string name)
    {
        var text = Get(name);
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        return int.TryParse(text.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new ApiException($"The parameter '{name}' must be an integer, but '{text}' was given.");
    }

    /// <summary>A boolean parameter as Matomo reads them: 1/0, true/false; absent means <paramref name="fallback"/>.</summary>
    public bool GetBool(string name, bool fallback = false)
    {
        var text = Get(name);
        if (string.IsNullOrEmpty(text))
        {
            return fallback;
        }

        return text is not ("0" or "false" or "False" or "FALSE");
    }

    public double? GetDouble(string name)
    {
        var text = Get(name);
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        return double.TryParse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new ApiException($"The parameter '{name}' must be a number, but '{text}' was given.");
    }

    /// <summary>A required parameter; Matomo's error when it is missing.</summary>
    public string Require(string name)
    {
        var value = Get(name);
        return string.IsNullOrEmpty(value) && !_arrays.ContainsKey(name)
            ? throw new ApiException($"Please specify a value for '{name}'.")
            : value ?? "";
    }

    /// <summary>A copy with some parameters replaced (used by API.getBulkRequest and multi-period calls).</summary>
    public ApiParameters With(IEnumerable<KeyValuePair<string, string>> overrides)
    {
        var copy = new ApiParameters();
        foreach (var (name, value) in _values)
        {
            copy._values[name] = value;
        }

        foreach (var (name, list) in _arrays)
        {
            copy._arrays[name] = [.. list];
        }

        foreach (var (name, value) in overrides)
        {
            copy._values[name] = value;
        }

        copy.BrowserLanguage = BrowserLanguage;
        copy.ServerUrl = ServerUrl;
        copy.ClientIp = ClientIp;
        return copy;
    }

    /// <summary>A copy without the given parameters (plain or array).</summary>
    public ApiParameters Without(params string[] names)
    {
        var copy = With([]);
        foreach (var name in names)
        {
            copy._values.Remove(name);
            copy._arrays.Remove(name);
        }

        return copy;
    }

    /// <summary>The entries of a PHP-style associative parameter (<c>apiParameters[idGoal]=1</c>), by key.</summary>
    public IReadOnlyDictionary<string, string> GetAssociative(string name)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        var prefix = name + "[";
        foreach (var (key, value) in _values)
        {
            if (key.StartsWith(prefix, StringComparison.Ordinal) && key.EndsWith(']') && key.Length > prefix.Length + 1)
            {
                result[key[prefix.Length..^1]] = value;
            }
        }

        return result;
    }

    private void AddEncoded(string? encoded)
    {
        if (string.IsNullOrEmpty(encoded))
        {
            return;
        }

        var span = encoded.AsSpan();
        if (span[0] == '?')
        {
            span = span[1..];
        }

        foreach (var range in span.Split('&'))
        {
            var pair = span[range];
            if (pair.IsEmpty)
            {
                continue;
            }

            var eq = pair.IndexOf('=');
            var name = Uri.UnescapeDataString((eq < 0 ? pair : pair[..eq]).ToString().Replace('+', ' '));
            var value = eq < 0 ? "" : Uri.UnescapeDataString(pair[(eq + 1)..].ToString().Replace('+', ' '));
            if (name.Length > 0)
            {
                Set(name, value);
            }
        }
    }
}

/// <summary>An API error with a message for a person; rendered in Matomo's error shape.</summary>
public sealed class ApiException(string message, int statusCode = 200) : Exception(message)
{
    /// <summary>The HTTP status (Matomo answers most API errors with 200).</summary>
    public int StatusCode { get; } = statusCode;
}
