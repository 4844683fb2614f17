using System.Text.RegularExpressions;

namespace Makoto.Plugins.Referrers.Tracking;

/// <summary>A search engine recognized in a referrer URL; <see cref="Keyword"/> is null when the engine sent none.</summary>
internal readonly record struct SearchEngineMatch(string Name, string? Keyword);

/// <summary>
/// The search engines of <c>SearchEngines.yml</c> by URL, and Matomo's way of recognizing one in a
/// referrer URL and reading the search keyword from it (plugins/Referrers/SearchEngine.php).
/// </summary>
internal sealed class SearchEngines
{
    private readonly Dictionary<string, SearchEngineDefinition> _byUrl = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _mainUrlByName = new(StringComparer.Ordinal);

    /// <summary>Builds the lookup; a URL listed twice belongs to its last definition, as in Matomo.</summary>
    public SearchEngines(IEnumerable<(string Name, List<SearchEngineConfig> Configs)> engines)
    {
        var urlsInFileOrder = new List<string>();
        foreach (var (name, configs) in engines)
        {
            foreach (var config in configs)
            {
                var definition = new SearchEngineDefinition(name, config);
                foreach (var url in config.Urls)
                {
                    if (_byUrl.TryAdd(url, definition))
                    {
                        urlsInFileOrder.Add(url);
                    }
                    else
                    {
                        _byUrl[url] = definition;
                    }
                }
            }
        }

        // An engine's main URL is its first URL in the file that still belongs to it (Matomo's getNames).
        foreach (var url in urlsInFileOrder)
        {
            _mainUrlByName.TryAdd(_byUrl[url].Name, url);
        }
    }

    /// <summary>The main URL of an engine by name (<c>Google</c> → <c>google.com</c>), or null for an unknown name.</summary>
    public string? MainUrl(string name) => _mainUrlByName.GetValueOrDefault(name);

    /// <summary>Number of URL patterns (hosts, <c>{}</c> patterns and host/path entries).</summary>
    public int Count => _byUrl.Count;

    /// <summary>
    /// The engine and keyword of <paramref name="referrerUrl"/>, or null when it is not a search
    /// engine URL — which includes a known engine's URL that has neither a keyword nor a path on
    /// which the engine hides it (e.g. <c>google.com/partners.html</c>).
    /// </summary>
    public SearchEngineMatch? Match(string referrerUrl)
    {
        var parts = UrlParts.Parse(referrerUrl);
        if (string.IsNullOrEmpty(parts.Host))
        {
            return null;
        }

        var host = parts.Host.ToLowerInvariant();
        var path = parts.Path ?? "";
        var query = parts.Query ?? "";
        var fragment = parts.Fragment ?? "";

        // Google puts the keyword in the fragment at times.
        if (fragment.Length > 0)
        {
            query += "&" + fragment;
        }

        var definition = Find(host, path, query);
        if (definition is null)
        {
            return null;
        }

        var name = definition.Name;
        string? key = null;
        var hiddenKeyword = false;
        if (name == "Google Images")
        {
            if (query.Contains("&prev", StringComparison.Ordinal))
            {
                var previous = QueryText.UrlDecode(QueryText.Trim(QueryText.Get(query, "prev") ?? ""));
                var question = previous.IndexOf('?', StringComparison.Ordinal);
                query = question >= 0 ? previous[question..].Replace("&", "&amp;", StringComparison.Ordinal) : "";
            }
        }
        else if (name == "Google" && (query.Contains("&as_", StringComparison.Ordinal) || query.StartsWith("as_", StringComparison.Ordinal)))
        {
            key = GoogleAdvancedSearch(query);
        }

        if (name == "Google")
        {
            name = QueryText.Get(query, "tbm") switch
            {
                "isch" => "Google Images",
                "vid" => "Google Video",
                "shop" => "Google Shopping",
                _ => name,
            };
        }

        if (QueryText.IsEmpty(key))
        {
            foreach (var rule in definition.Params)
            {
                if (rule.Pattern is not null)
                {
                    var match = rule.Pattern.Match(referrerUrl);
                    if (match.Success)
                    {
                        key = match.Groups.Count > 1 && match.Groups[1].Success
                            ? QueryText.Trim(QueryText.UrlDecode(match.Groups[1].Value, definition.Charsets))
                            : "";
                        break;
                    }

                    continue;
                }

                key = QueryText.Trim(QueryText.UrlDecode(QueryText.Get(query, rule.Name) ?? "", definition.Charsets));

                // A keyword parameter that is present but empty: the engine, without keyword.
                if (QueryText.IsEmpty(key)
                    && (query.Contains("&" + rule.Name + "=", StringComparison.Ordinal) || query.Contains("?" + rule.Name + "=", StringComparison.Ordinal)))
                {
                    key = null;
                    hiddenKeyword = true;
                }

                if (hiddenKeyword || !QueryText.IsEmpty(key))
                {
                    break;
                }
            }
        }

        if (!hiddenKeyword && string.IsNullOrEmpty(key))
        {
            var location = path;
            if (query.Length > 0)
            {
                location += "?" + query;
            }

            if (fragment.Length > 0)
            {
                location += "#" + fragment;
            }

            foreach (var rule in definition.HiddenKeyword)
            {
                if (rule.Pattern is not null ? rule.Pattern.IsMatch(location) : rule.Name == location)
                {
                    hiddenKeyword = true;
                    key = null;
                    break;
                }
            }
        }

        if (hiddenKeyword)
        {
            return new SearchEngineMatch(name, null);
        }

        if (string.IsNullOrEmpty(key))
        {
            return null;
        }

        return new SearchEngineMatch(name, QueryText.IsEmpty(key) ? key : key.ToLowerInvariant());
    }

    /// <summary>Google's advanced search form: all words, any word (OR), exact phrase (quoted), none of (minus).</summary>
    private static string GoogleAdvancedSearch(string query)
    {
        var keys = new List<string>(4);
        if (QueryText.Get(query, "as_q") is { } all && !QueryText.IsEmpty(all))
        {
            keys.Add(all);
        }

        if (QueryText.Get(query, "as_oq") is { } any && !QueryText.IsEmpty(any))
        {
            keys.Add(any.Replace("+", " OR ", StringComparison.Ordinal));
        }

        if (QueryText.Get(query, "as_epq") is { } phrase && !QueryText.IsEmpty(phrase))
        {
            keys.Add("\"" + phrase + "\"");
        }

        if (QueryText.Get(query, "as_eq") is { } none && !QueryText.IsEmpty(none))
        {
            keys.Add("-" + none);
        }

        return QueryText.Trim(QueryText.UrlDecode(string.Join(' ', keys)));
    }

    /// <summary>
    /// The definition for a referrer host: host + path, host, then the same with country codes
    /// replaced by <c>{}</c> (<see cref="LossyHost"/>), then a few known special cases.
    /// </summary>
    private SearchEngineDefinition? Find(string host, string path, string query)
    {
        if (path.Length > 0 && _byUrl.TryGetValue(host + path, out var definition))
        {
            return definition;
        }

        if (_byUrl.TryGetValue(host, out definition))
        {
            return definition;
        }

        var lossy = LossyHost(host);
        if (path.Length > 0 && _byUrl.TryGetValue(lossy + path, out definition))
        {
            return definition;
        }

        if (_byUrl.TryGetValue(lossy, out definition))
        {
            return definition;
        }

        string special;
        if (query.StartsWith("cx=partner-pub-", StringComparison.Ordinal))
        {
            special = "google.com/cse"; // Google custom search engine
        }
        else if (path.StartsWith("/pemonitorhosted/ws/results/", StringComparison.Ordinal))
        {
            special = "wsdsold.infospace.com"; // private-label search powered by InfoSpace Metasearch
        }
        else if (host.IndexOf(".images.search.yahoo.com", StringComparison.Ordinal) > 0)
        {
            special = "images.search.yahoo.com";
        }
        else if (host.IndexOf(".search.yahoo.com", StringComparison.Ordinal) > 0)
        {
            special = "search.yahoo.com";
        }
        else
        {
            return null;
        }

        return _byUrl.GetValueOrDefault(special);
    }

    /// <summary>
    /// The path of an engine's result page for a keyword (<c>search?q={k}</c>) as listed for one of its
    /// URLs (<c>google.com</c>), or null when that URL has none.
    /// </summary>
    public string? Backlink(string url) => _byUrl.TryGetValue(url, out var definition) ? definition.Backlink : null;

    /// <summary>
    /// Matomo's "lossy" host (UrlHelper::getLossyUrl): <c>www.</c>/<c>search.</c> and <c>m.</c> labels
    /// removed, a country top-level domain (also after com, org, net, co, it, edu) replaced by
    /// <c>{}</c>, and a country-code label by <c>{}</c>: <c>www.google.co.uk</c> → <c>google.{}</c>,
    /// <c>de.search.yahoo.com</c> → <c>{}.search.yahoo.com</c>.
    /// </summary>
    internal static string LossyHost(string host)
    {
        var lossy = LossyPatterns.LeadingWww().Replace(host, "");
        lossy = LossyPatterns.MobileLabel().Replace(lossy, "$1");
        lossy = LossyPatterns.CountryTld().Replace(lossy, ".{}$4");
        return LossyPatterns.CountryLabel().Replace(lossy, "$1{}.");
    }

    /// <summary>The parts of one configuration of <c>SearchEngines.yml</c> that detection uses, compiled.</summary>
    private sealed class SearchEngineDefinition(string name, SearchEngineConfig config)
    {
        private static readonly PatternRule[] s_defaultHidden = [PatternRule.HiddenPath("/^$/"), PatternRule.HiddenPath("/")];

        public string Name { get; } = name;

        public PatternRule[] Params { get; } = [.. config.Params.Select(PatternRule.Parameter).Where(r => r.IsUsable)];

        /// <summary>Without a list of its own, an engine hides its keyword on <c>/</c> and the empty path.</summary>
        public PatternRule[] HiddenKeyword { get; } = config.HiddenKeyword.Count > 0
            ? [.. config.HiddenKeyword.Select(PatternRule.HiddenPath).Where(r => r.IsUsable)]
            : s_defaultHidden;

        public IReadOnlyList<string>? Charsets { get; } = config.Charsets.Count > 0 ? config.Charsets : null;

        public string? Backlink { get; } = string.IsNullOrEmpty(config.Backlink) ? null : config.Backlink;
    }

    /// <summary>A parameter name or a literal path, or a PHP regular expression written <c>/…/flags</c>.</summary>
    private readonly record struct PatternRule(string Name, Regex? Pattern, bool IsUsable)
    {
        /// <summary>A keyword parameter: a regular expression when it starts with <c>/</c>, else a parameter name.</summary>
        public static PatternRule Parameter(string text) =>
            text.Length > 0 && text[0] == '/' ? Expression(text) : new PatternRule(text, null, true);

        /// <summary>A hidden-keyword path: a regular expression when it is <c>/…/</c>, else compared as it is.</summary>
        public static PatternRule HiddenPath(string text) =>
            text.Length > 1 && text[0] == '/' && text[^1] == '/' ? Expression(text) : new PatternRule(text, null, true);

        private static PatternRule Expression(string text)
        {
            var last = text.LastIndexOf('/');
            if (last == 0)
            {
                return new PatternRule(text, null, false);
            }

            var options = RegexOptions.CultureInvariant;
            foreach (var flag in text.AsSpan(last + 1))
            {
                options |= flag switch
                {
                    'i' => RegexOptions.IgnoreCase,
                    'm' => RegexOptions.Multiline,
                    's' => RegexOptions.Singleline,
                    'x' => RegexOptions.IgnorePatternWhitespace,
                    _ => RegexOptions.None,
                };
            }

            try
            {
                return new PatternRule(text, new Regex(text[1..last], options, TimeSpan.FromMilliseconds(100)), true);
            }
            catch (ArgumentException)
            {
                // An expression .NET cannot read never matches, as a failing preg_match in PHP.
                return new PatternRule(text, null, false);
            }
        }
    }
}

/// <summary>The expressions of Matomo's lossy host (UrlHelper::getLossyUrl) over its country codes (ISO 3166 and the reserved ones).</summary>
internal static partial class LossyPatterns
{
    private const string Countries =
        "ad|ae|af|ag|ai|al|am|ao|aq|ar|as|at|au|aw|ax|az|ba|bb|bd|be|bf|bg|bh|bi|bj|bl|bm|bn|bo|bq|br|bs|bt|" +
        "bv|bw|by|bz|ca|cc|cd|cf|cg|ch|ci|ck|cl|cm|cn|co|cr|cu|cv|cw|cx|cy|cz|de|dj|dk|dm|do|dz|ec|ee|eg|eh|" +
        "er|es|et|fi|fj|fk|fm|fo|fr|ga|gb|gd|ge|gf|gg|gh|gi|gl|gm|gn|gp|gq|gr|gs|gt|gu|gw|gy|hk|hm|hn|hr|ht|" +
        "hu|id|ie|il|im|in|io|iq|ir|is|it|je|jm|jo|jp|ke|kg|kh|ki|km|kn|kp|kr|kw|ky|kz|la|lb|lc|li|lk|lr|ls|" +
        "lt|lu|lv|ly|ma|mc|md|me|mf|mg|mh|mk|ml|mm|mn|mo|mp|mq|mr|ms|mt|mu|mv|mw|mx|my|mz|na|nc|ne|nf|ng|ni|" +
        "nl|no|np|nr|nu|nz|om|pa|pe|pf|pg|ph|pk|pl|pm|pn|pr|ps|pt|pw|py|qa|re|ro|rs|ru|rw|sa|sb|sc|sd|se|sg|" +
        "sh|si|sj|sk|sl|sm|sn|so|sr|ss|st|sv|sx|sy|sz|tc|td|tf|tg|th|tj|tk|tl|tm|tn|to|tr|tt|tv|tw|tz|ua|ug|" +
        "um|us|uy|uz|va|vc|ve|vg|vi|vn|vu|wf|ws|ye|yt|za|zm|zw|xx|ac|cp|dg|ea|eu|fx|ic|su|ta|uk|an|bu|cs|nt|" +
        "sf|tp|yu|zr|a1|a2|ap|o1|cat";

    /// <summary>A leading <c>www.</c>, <c>ww2.</c>, … or <c>search.</c> label.</summary>
    [GeneratedRegex(@"^(w+[0-9]*|search)\.", RegexOptions.CultureInvariant)]
    public static partial Regex LeadingWww();

    /// <summary>An <c>m.</c> label.</summary>
    [GeneratedRegex(@"(^|\.)m\.", RegexOptions.CultureInvariant)]
    public static partial Regex MobileLabel();

    /// <summary>A country top-level domain, also behind com, org, net, co, it or edu.</summary>
    [GeneratedRegex(@"(\.(com|org|net|co|it|edu))?\.(" + Countries + @")(\/|$)", RegexOptions.CultureInvariant)]
    public static partial Regex CountryTld();

    /// <summary>A country-code label.</summary>
    [GeneratedRegex(@"(^|\.)(" + Countries + @")\.", RegexOptions.CultureInvariant)]
    public static partial Regex CountryLabel();
}
