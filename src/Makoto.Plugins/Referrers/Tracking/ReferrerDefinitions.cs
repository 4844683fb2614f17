using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Makoto.Plugins.Referrers.Tracking;

/// <summary>
/// Matomo's search engine and social network lists (<c>Referrers/Data/*.yml</c>, see its NOTICE),
/// embedded in this assembly and parsed once into lookup structures.
/// </summary>
internal sealed class ReferrerDefinitions(SearchEngines searchEngines, SocialNetworks socialNetworks)
{
    private const string ResourcePrefix = "Makoto.Plugins.Referrers.Data.";

    private static readonly Lazy<ReferrerDefinitions> s_default = new(LoadEmbedded);

    /// <summary>The lists that ship with Makoto, parsed on first use.</summary>
    public static ReferrerDefinitions Default => s_default.Value;

    public SearchEngines SearchEngines { get; } = searchEngines;

    public SocialNetworks SocialNetworks { get; } = socialNetworks;

    /// <summary>Parses the two lists from YAML text (the format of matomo-org/searchengine-and-social-list).</summary>
    public static ReferrerDefinitions Parse(string searchEnginesYaml, string socialsYaml) =>
        new(new SearchEngines(ReadSearchEngines(searchEnginesYaml)), new SocialNetworks(ReadSocials(socialsYaml)));

    private static ReferrerDefinitions LoadEmbedded() => Parse(Resource("SearchEngines.yml"), Resource("Socials.yml"));

    private static string Resource(string name)
    {
        using var stream = typeof(ReferrerDefinitions).Assembly.GetManifestResourceStream(ResourcePrefix + name)
            ?? throw new InvalidOperationException($"The embedded referrer list {name} is missing from {typeof(ReferrerDefinitions).Assembly.GetName().Name}.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    /// <summary>
    /// Engine name → its configurations, in file order. A name that appears twice keeps its first
    /// position and its last configurations (a PHP array, as Matomo reads the file).
    /// </summary>
    internal static List<(string Name, List<SearchEngineConfig> Configs)> ReadSearchEngines(string yaml)
    {
        var engines = new List<(string Name, List<SearchEngineConfig> Configs)>();
        var parser = Open(yaml);
        while (!parser.TryConsume<MappingEnd>(out _))
        {
            var name = parser.Consume<Scalar>().Value;
            var configs = new List<SearchEngineConfig>();
            if (parser.TryConsume<SequenceStart>(out _))
            {
                while (!parser.TryConsume<SequenceEnd>(out _))
                {
                    if (parser.Accept<MappingStart>(out _))
                    {
                        configs.Add(ReadConfig(parser));
                    }
                    else
                    {
                        parser.SkipThisAndNestedEvents();
                    }
                }
            }
            else
            {
                parser.SkipThisAndNestedEvents();
            }

            var existing = engines.FindIndex(e => e.Name == name);
            if (existing >= 0)
            {
                engines[existing] = (name, configs);
            }
            else
            {
                engines.Add((name, configs));
            }
        }

        return engines;
    }

    /// <summary>Network name → its URLs, in file order (a repeated name keeps its last URLs).</summary>
    internal static List<(string Name, List<string> Urls)> ReadSocials(string yaml)
    {
        var networks = new List<(string Name, List<string> Urls)>();
        var parser = Open(yaml);
        while (!parser.TryConsume<MappingEnd>(out _))
        {
            var name = parser.Consume<Scalar>().Value;
            var urls = ReadStrings(parser);
            var existing = networks.FindIndex(n => n.Name == name);
            if (existing >= 0)
            {
                networks[existing] = (name, urls);
            }
            else
            {
                networks.Add((name, urls));
            }
        }

        return networks;
    }

    private static Parser Open(string yaml)
    {
        var parser = new Parser(new StringReader(yaml));
        parser.Consume<StreamStart>();
        parser.Consume<DocumentStart>();
        parser.Consume<MappingStart>();
        return parser;
    }

    private static SearchEngineConfig ReadConfig(IParser parser)
    {
        parser.Consume<MappingStart>();
        var config = new SearchEngineConfig();
        while (!parser.TryConsume<MappingEnd>(out _))
        {
            var key = parser.Consume<Scalar>().Value;
            switch (key)
            {
                case "urls":
                    config.Urls = ReadStrings(parser);
                    break;
                case "params":
                    config.Params = ReadStrings(parser);
                    break;
                case "hiddenkeyword":
                    config.HiddenKeyword = ReadStrings(parser);
                    break;
                case "charsets":
                    config.Charsets = ReadStrings(parser);
                    break;
                case "backlink" when parser.TryConsume<Scalar>(out var backlink):
                    config.Backlink = backlink.Value;
                    break;
                default:
                    parser.SkipThisAndNestedEvents();
                    break;
            }
        }

        return config;
    }

    /// <summary>A sequence of scalars (nested collections are skipped); a single scalar counts as one.</summary>
    private static List<string> ReadStrings(IParser parser)
    {
        var values = new List<string>();
        if (parser.TryConsume<Scalar>(out var single))
        {
            if (single.Value.Length > 0)
            {
                values.Add(single.Value);
            }

            return values;
        }

        if (!parser.TryConsume<SequenceStart>(out _))
        {
            parser.SkipThisAndNestedEvents();
            return values;
        }

        while (!parser.TryConsume<SequenceEnd>(out _))
        {
            if (parser.TryConsume<Scalar>(out var scalar))
            {
                values.Add(scalar.Value);
            }
            else
            {
                parser.SkipThisAndNestedEvents();
            }
        }

        return values;
    }
}

/// <summary>One configuration block of a search engine in <c>SearchEngines.yml</c>.</summary>
internal sealed class SearchEngineConfig
{
    public List<string> Urls { get; set; } = [];

    /// <summary>Keyword parameter names, or regular expressions written <c>/…/</c>, tried in order.</summary>
    public List<string> Params { get; set; } = [];

    /// <summary>Paths (or <c>/…/</c> expressions) on which the engine is recognized without a keyword.</summary>
    public List<string> HiddenKeyword { get; set; } = [];

    public List<string> Charsets { get; set; } = [];

    public string? Backlink { get; set; }
}
