namespace Makoto.LogImport.Formats;

/// <summary>
/// The formats the importer knows, by Matomo's names, and the detection of a file's format from its
/// first lines (the format that reads the most fields of the first readable line wins, as in Matomo).
/// </summary>
public static class LogFormats
{
    /// <summary>How many lines detection reads before it gives up.</summary>
    public const int DetectionLines = 1000;

    private const string Ip = @"(?<ip>[\w*.:-]+)";
    private const string HostPrefix = @"(?<host>[\w\-.]*)(?::\d+)?\s+";
    private const string Quoted = @"(?:[^""\\]|\\.)*";

    /// <summary>Apache/nginx common log format: <c>%h %l %u %t "%r" %>s %b</c>.</summary>
    private const string Common =
        Ip + @"\s+\S+\s+(?<userid>\S+)\s+\[(?<date>[^\]\s]+)\s+(?<timezone>[^\]\s]+)\]\s+""(?<method>[^""\s]+)\s+(?<path>.*?)(?:\s+[^""\s]+)?""\s+(?<status>\d{3})\s+(?<length>\S+)";

    /// <summary>Combined (NCSA extended): common plus <c>"%{Referer}i" "%{User-agent}i"</c>.</summary>
    private const string Combined = Common + @"\s+""(?<referrer>" + Quoted + @")""\s+""(?<user_agent>" + Quoted + @")""";

    /// <summary>
    /// AWS classic and application load balancers: [type] time name client:port target:port request_time
    /// target_time response_time status target_status received sent "request" "user agent" …
    /// </summary>
    private const string Elb =
        @"(?:[a-z0-9]+\s+)?(?<date>\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.\d+)?Z?\s+\S+\s+(?<ip>[\w.:]+?):\d+\s+\S+\s+\S+\s+(?<generation_time_secs>-?[\d.]+)\s+\S+\s+(?<status>\d{3})\s+\S+\s+\S+\s+(?<length>\d+)\s+""(?<method>\S+)\s+\w+://(?<host>[\w\-.]+)(?::\d+)?(?<path>/[^\s""]*)[^""]*""\s+""(?<user_agent>" + Quoted + @")""";

    /// <summary>
    /// HAProxy's HTTP log format (usually behind a syslog prefix): client:port [accept date] frontend
    /// backend/server timers status bytes … "METHOD URI PROTOCOL".
    /// </summary>
    private const string HaProxy =
        @".*?(?<ip>\d{1,3}(?:\.\d{1,3}){3}):\d+\s+\[(?<date>\d{2}/\w{3}/\d{4}:\d{2}:\d{2}:\d{2}(?:\.\d+)?)\]\s+\S+\s+\S+\s+[-\d/+]+\s+(?<status>\d{3})\s+\+?(?<length>\d+)\s.*?""(?<method>[A-Z]+)\s+(?<path>[^\s""]+)";

    /// <summary>Every format name <c>--log-format-name</c> accepts (<c>combined</c> is another name for <c>ncsa_extended</c>).</summary>
    public static IReadOnlyList<string> Names { get; } =
    [
        "common", "common_vhost", "ncsa_extended", "combined", "common_complete", "nginx_json", "w3c_extended", "iis",
        "amazon_cloudfront", "elb", "haproxy",
    ];

    /// <summary>A new instance of the named format, or null when the name is unknown.</summary>
    public static LogFormat? Create(string name, W3cSettings? w3c = null) => name switch
    {
        "common" => new RegexLogFormat("common", Common),
        "common_vhost" => new RegexLogFormat("common_vhost", HostPrefix + Common),
        "ncsa_extended" or "combined" => new RegexLogFormat("ncsa_extended", Combined),
        "common_complete" => new RegexLogFormat("common_complete", HostPrefix + Combined),
        "nginx_json" => new NginxJsonLogFormat(),
        "w3c_extended" => W3c(W3cVariant.Extended, w3c),
        "iis" => W3c(W3cVariant.Iis, w3c),
        "amazon_cloudfront" => W3c(W3cVariant.CloudFront, w3c),
        "elb" => new RegexLogFormat("elb", Elb, DateStyle.Iso),
        "haproxy" => new RegexLogFormat("haproxy", HaProxy),
        _ => null,
    };

    /// <summary>
    /// The format of a file from its first lines: a W3C dialect when the file starts with W3C directives,
    /// otherwise the format that reads the most fields of the first line some format reads. Null when no
    /// format reads any of the lines.
    /// </summary>
    public static LogFormat? Detect(IReadOnlyList<string> firstLines, W3cSettings? w3c = null)
    {
        var directives = new List<string>();
        foreach (var line in firstLines)
        {
            if (line.Length == 0)
            {
                continue;
            }

            if (!line.StartsWith('#'))
            {
                break;
            }

            directives.Add(line);
        }

        if (W3cLogFormat.Detect(directives) is { } variant)
        {
            var format = W3c(variant, w3c);
            foreach (var directive in directives)
            {
                format.Parse(directive, new LogLine());
            }

            return format;
        }

        LogFormat[] candidates =
        [
            Create("common_complete")!, Create("ncsa_extended")!, Create("common_vhost")!, Create("common")!,
            Create("nginx_json")!, Create("elb")!, Create("haproxy")!,
        ];
        var checkedLines = 0;
        foreach (var line in firstLines)
        {
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            if (++checkedLines > DetectionLines)
            {
                break;
            }

            LogFormat? best = null;
            var bestScore = 0;
            foreach (var candidate in candidates)
            {
                var score = candidate.Score(line);
                if (score > bestScore)
                {
                    best = candidate;
                    bestScore = score;
                }
            }

            if (best is not null)
            {
                return best;
            }
        }

        return null;
    }

    private static W3cLogFormat W3c(W3cVariant variant, W3cSettings? settings) =>
        new(variant, settings?.FieldsLine, settings?.FieldMap, settings?.TimeTakenMilliseconds ?? false);
}

/// <summary>The W3C options of the importer: <c>--w3c-fields</c>, <c>--w3c-map-field</c>, <c>--w3c-time-taken-millisecs</c>.</summary>
public sealed record W3cSettings(string? FieldsLine, IReadOnlyDictionary<string, string>? FieldMap, bool TimeTakenMilliseconds);
