using Makoto.Tracking.Pipeline;
using Makoto.Tracking.Urls;

namespace Makoto.Plugins.Actions.RecordBuilders;

/// <summary>
/// Where an action sits in the hierarchical Actions reports (metrics-and-archiving.md §3.3): the
/// labels of the rows from the top-level table down to the action's own row. Page URLs are split
/// into folders on <c>/</c> (at most ten levels, the last keeping the remaining slashes) with a leaf
/// label that starts with <c>/</c> and an empty path or a trailing slash named <c>index</c>; page
/// titles are one leaf whose label starts with a blank (Matomo 5 no longer splits titles); downloads
/// and outlinks are a host row over a path row; site search keywords are one row.
/// </summary>
internal static class ActionLabels
{
    /// <summary>Matomo's <c>[General] action_default_name</c>: the page name of a URL ending with <c>/</c>.</summary>
    public const string DefaultPageName = "index";

    /// <summary>The label of page views without a URL (Matomo's "%s not defined" with "Page URL").</summary>
    public const string PageUrlNotDefined = "Page URL not defined";

    /// <summary>The label of page views without a title.</summary>
    public const string PageNameNotDefined = "Page Name not defined";

    /// <summary>Matomo's <c>[General] action_category_level_limit</c>.</summary>
    private const int LevelLimit = 10;

    /// <summary>The row labels of an action, top level first.</summary>
    public static string[] Path(string name, int type, int? urlPrefix)
    {
        if (type == LogActionType.SiteSearch)
        {
            return [name];
        }

        name = name.Replace("\n", "", StringComparison.Ordinal);
        if (type == LogActionType.PageTitle)
        {
            var title = PhpTrim(name);
            return [" " + (title.Length == 0 ? PageNameNotDefined : title)];
        }

        // Matomo matches host, path and fragment; names stored with their prefix id lost the scheme.
        var rest = urlPrefix is null ? AfterHttpScheme(name) : name;
        var host = rest is null ? -1 : rest.IndexOf('/', StringComparison.Ordinal);
        List<string> parts;
        if (rest is null || host == 0 || rest.Length == 0)
        {
            parts = Split(name);
        }
        else if (type is LogActionType.DownloadUrl or LogActionType.OutlinkUrl)
        {
            return host < 0 ? [PhpTrim(rest), "/"] : [PhpTrim(rest[..host]), LinkPath(rest[(host + 1)..])];
        }
        else
        {
            parts = Split(host < 0 ? DefaultPageName : PageName(rest[(host + 1)..]));
        }

        if (parts.Count == 0)
        {
            return [PageUrlNotDefined];
        }

        parts[^1] = "/" + parts[^1];
        return [.. parts];
    }

    /// <summary>The full URL of a stored action name (Matomo's PageUrl::reconstructNormalizedUrl).</summary>
    public static string Url(string name, int? urlPrefix) => PageUrl.Reconstruct(name, urlPrefix);

    /// <summary>
    /// The page part of a URL after its host: the path with the query, <c>index</c> appended to an
    /// empty path or one ending with <c>/</c>, and the fragment when one was kept.
    /// </summary>
    private static string PageName(string afterHost)
    {
        var (path, fragment) = PathAndFragment(afterHost);
        if (path.Length == 0 || path[^1] == '/')
        {
            path += DefaultPageName;
        }

        if (fragment.EndsWith('#'))
        {
            fragment = fragment[..^1];
        }

        return fragment.Length > 0 && fragment != "0" ? path + "#" + fragment : path;
    }

    /// <summary>The row label of a download or outlink: <c>/</c> and the path, the fragment kept.</summary>
    private static string LinkPath(string afterHost)
    {
        var (path, fragment) = PathAndFragment(afterHost);
        path = "/" + PhpTrim(path);
        return fragment.Length > 0 && fragment != "0" ? path + "#" + fragment : path;
    }

    private static (string Path, string Fragment) PathAndFragment(string afterHost)
    {
        var hash = afterHost.IndexOf('#', StringComparison.Ordinal);
        return hash < 0 ? (afterHost, "") : (afterHost[..hash], afterHost[(hash + 1)..]);
    }

    /// <summary>The URL without its <c>http://</c> or <c>https://</c>, or null when it has neither.</summary>
    private static string? AfterHttpScheme(string url) =>
        url.StartsWith("http://", StringComparison.OrdinalIgnoreCase) ? url["http://".Length..]
        : url.StartsWith("https://", StringComparison.OrdinalIgnoreCase) ? url["https://".Length..]
        : null;

    /// <summary>PHP's <c>explode('/', $name, 10)</c>, each part trimmed, empty parts dropped.</summary>
    private static List<string> Split(string name)
    {
        var parts = new List<string>();
        var start = 0;
        for (var count = 1; ; count++)
        {
            var slash = count < LevelLimit ? name.IndexOf('/', start) : -1;
            var part = PhpTrim(slash < 0 ? name[start..] : name[start..slash]);
            if (part.Length > 0)
            {
                parts.Add(part);
            }

            if (slash < 0)
            {
                return parts;
            }

            start = slash + 1;
        }
    }

    /// <summary>PHP's <c>trim()</c>: spaces, tabs, line breaks, NUL and vertical tabs.</summary>
    public static string PhpTrim(string text) => text.Trim(' ', '\t', '\n', '\r', '\0', '\x0B');
}
