using System.Collections.Concurrent;
using Makoto.LogImport.Formats;

namespace Makoto.LogImport;

/// <summary>What the filters decided for a line that is kept.</summary>
public readonly record struct HitKind(bool IsDownload, bool IsBot, bool IsError, bool IsRedirect);

/// <summary>
/// The filters of Matomo's importer: HTTP errors and redirects, static files, downloads, bots (by
/// User-Agent substring), <c>--hostname</c>, paths, hosts and dates. By default the import keeps what
/// the JavaScript tracker would have seen: pages, answered 2xx or 304, requested by people.
/// </summary>
public sealed class HitFilter
{
    /// <summary>Extensions of static files, skipped unless <c>--enable-static</c> (then tracked as downloads).</summary>
    public static readonly IReadOnlySet<string> StaticExtensions = new HashSet<string>(StringComparer.Ordinal)
    {
        "gif", "jpg", "jpeg", "png", "bmp", "ico", "svg", "svgz", "ttf", "otf", "eot", "woff", "woff2", "class", "swf", "css",
        "js", "xml", "webp", "avif",
    };

    /// <summary>Files that are static whatever their extension.</summary>
    public static readonly IReadOnlySet<string> StaticFiles = new HashSet<string>(StringComparer.Ordinal) { "robots.txt" };

    /// <summary>Extensions tracked as downloads.</summary>
    public static readonly IReadOnlySet<string> DefaultDownloadExtensions = new HashSet<string>(StringComparer.Ordinal)
    {
        "7z", "aac", "arc", "arj", "asf", "asx", "avi", "bin", "csv", "deb", "dmg", "doc", "docx", "exe", "flac", "flv", "gz", "gzip",
        "hqx", "ibooks", "jar", "json", "mpg", "mp2", "mp3", "mp4", "mpeg", "mov", "movie", "msi", "msp", "odb", "odf", "odg", "odp",
        "ods", "odt", "ogg", "ogv", "pdf", "phps", "ppt", "pptx", "qt", "qtm", "ra", "ram", "rar", "rpm", "rtf", "sea", "sit", "tar",
        "tbz", "bz2", "tgz", "torrent", "txt", "wav", "webm", "wma", "wmv", "wpd", "xls", "xlsx", "xml", "xsd", "z", "zip", "azw3",
        "epub", "mobi", "apk", "md5", "sig",
    };

    /// <summary>Lower-case User-Agent substrings of bots, crawlers and monitors.</summary>
    public static readonly IReadOnlyList<string> BotUserAgents =
    [
        "adsbot-google", "ask jeeves", "baidubot", "bot-", "bot/", "ccooter/", "crawl", "curl", "echoping", "exabot", "feed",
        "googlebot", "ia_archiver", "java/", "libwww", "mediapartners-google", "msnbot", "netcraftsurvey", "panopta",
        "pingdom.com_bot_", "robot", "spider", "surveybot", "twiceler", "voilabot", "yahoo", "yandex", "zabbix",
        "googlestackdrivermonitoring",
    ];

    private const int UserAgentCacheLimit = 50_000;

    private readonly ImportOptions _options;
    private readonly HashSet<string> _downloads;
    private readonly string[] _bots;
    private readonly HashSet<string> _includeHosts;
    private readonly HashSet<string> _excludeHosts;
    private readonly ConcurrentDictionary<string, bool> _botCache = new(StringComparer.Ordinal);

    public HitFilter(ImportOptions options)
    {
        _options = options;
        _downloads = new HashSet<string>(options.DownloadExtensions ?? DefaultDownloadExtensions, StringComparer.Ordinal);
        _downloads.UnionWith(options.AddDownloadExtensions);
        _bots = [.. BotUserAgents, .. options.UserAgentExclude.Select(s => s.ToLowerInvariant())];
        _includeHosts = new HashSet<string>(options.IncludeHosts, StringComparer.OrdinalIgnoreCase);
        _excludeHosts = new HashSet<string>(options.ExcludeHosts, StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>Null when the line is to be imported (with <paramref name="kind"/>), else why it is skipped.</summary>
    public SkipReason? Check(LogLine line, out HitKind kind)
    {
        kind = default;
        var isError = false;
        var isRedirect = false;
        var isDownload = false;
        if (_options.Hostnames.Count > 0 && line.Host is { } host && !MatchesAny(host, _options.Hostnames))
        {
            return SkipReason.Hostname;
        }

        var status = line.Status;
        if (status.Length > 0 && status[0] is '4' or '5' && !_options.ReplayTracking)
        {
            if (!_options.EnableHttpErrors)
            {
                return SkipReason.HttpError;
            }

            isError = true;
        }

        if (status.Length > 0 && status[0] == '3' && status != "304")
        {
            if (!_options.EnableHttpRedirects)
            {
                return SkipReason.HttpRedirect;
            }

            isRedirect = true;
        }

        if (!PathIncluded(line.Path))
        {
            return SkipReason.Filtered;
        }

        var extension = Extension(line.Path);
        if (StaticExtensions.Contains(extension) || StaticFiles.Contains(FileName(line.Path)))
        {
            if (!_options.EnableStatic)
            {
                return SkipReason.Static;
            }

            isDownload = true;
        }
        else if (_downloads.Contains(extension))
        {
            isDownload = true;
        }
        else if (DefaultDownloadExtensions.Contains(extension))
        {
            return SkipReason.Download;
        }

        var isBot = IsBot(line.UserAgent);
        if (isBot && !_options.EnableBots)
        {
            return SkipReason.Bot;
        }

        if (line.Host is { } lineHost && ((_excludeHosts.Count > 0 && _excludeHosts.Contains(lineHost)) || (_includeHosts.Count > 0 && !_includeHosts.Contains(lineHost))))
        {
            return SkipReason.Filtered;
        }

        if ((_options.ExcludeOlderThan is { } older && line.Timestamp < older) || (_options.ExcludeNewerThan is { } newer && line.Timestamp > newer))
        {
            return SkipReason.Filtered;
        }

        kind = new HitKind(isDownload, isBot, isError, isRedirect);
        return null;
    }

    /// <summary>Matomo's "extension": the lower-cased text after the path's last dot (the whole path when it has none).</summary>
    public static string Extension(string path)
    {
        var dot = path.LastIndexOf('.');
        var extension = dot < 0 ? path : path[(dot + 1)..];
        return IsLowerAscii(extension) ? extension : extension.ToLowerInvariant();
    }

    /// <summary>Shell-style wildcard match (<c>*</c> any text, <c>?</c> one character), as Python's fnmatch.</summary>
    public static bool Wildcard(ReadOnlySpan<char> text, ReadOnlySpan<char> pattern)
    {
        var t = 0;
        var p = 0;
        var star = -1;
        var mark = 0;
        while (t < text.Length)
        {
            if (p < pattern.Length && (pattern[p] == '?' || pattern[p] == text[t]))
            {
                t++;
                p++;
            }
            else if (p < pattern.Length && pattern[p] == '*')
            {
                star = p++;
                mark = t;
            }
            else if (star >= 0)
            {
                p = star + 1;
                t = ++mark;
            }
            else
            {
                return false;
            }
        }

        while (p < pattern.Length && pattern[p] == '*')
        {
            p++;
        }

        return p == pattern.Length;
    }

    private bool IsBot(string userAgent)
    {
        if (_botCache.TryGetValue(userAgent, out var cached))
        {
            return cached;
        }

        var lower = userAgent.ToLowerInvariant();
        var bot = false;
        foreach (var marker in _bots)
        {
            if (lower.Contains(marker, StringComparison.Ordinal))
            {
                bot = true;
                break;
            }
        }

        if (_botCache.Count >= UserAgentCacheLimit)
        {
            _botCache.Clear();
        }

        _botCache[userAgent] = bot;
        return bot;
    }

    private bool PathIncluded(string path)
    {
        foreach (var excluded in _options.ExcludePaths)
        {
            if (Wildcard(path, excluded))
            {
                return false;
            }
        }

        return _options.IncludePaths.Count == 0 || MatchesAny(path, _options.IncludePaths);
    }

    private static bool MatchesAny(string text, IReadOnlyList<string> patterns)
    {
        foreach (var pattern in patterns)
        {
            if (Wildcard(text, pattern))
            {
                return true;
            }
        }

        return false;
    }

    private static string FileName(string path)
    {
        var slash = path.LastIndexOf('/');
        return slash < 0 ? path : path[(slash + 1)..];
    }

    private static bool IsLowerAscii(string text)
    {
        foreach (var c in text)
        {
            if (c is >= 'A' and <= 'Z' || c > 0x7f)
            {
                return false;
            }
        }

        return true;
    }
}
