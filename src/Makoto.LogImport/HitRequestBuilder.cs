using System.Globalization;
using System.Text.Json;
using Makoto.LogImport.Formats;
using Makoto.Tracking.Requests;

namespace Makoto.LogImport;

/// <summary>
/// The tracking request of a log line, with the parameters Matomo's importer sends (so that a remote
/// Matomo records the same thing): <c>idsite</c>, <c>rec</c>, <c>apiv</c>, <c>url</c>, <c>urlref</c>,
/// <c>cip</c>, <c>cdt</c>, <c>ua</c>, <c>dp</c>, <c>bw_bytes</c>, <c>pf_srv</c>, <c>download</c> for
/// downloads, <c>uid</c> for logged-in users, <c>e_c</c>/<c>e_a</c>/<c>e_n</c> for events, a page title
/// <c>404/URL = …/From = …</c> for errors and redirects, the <c>HTTP-code</c> page custom variable, and
/// <c>bots=1</c> with a Bot custom variable under <c>--enable-bots</c>.
/// </summary>
/// <remarks>Used by the importer's reading thread only.</remarks>
public sealed class HitRequestBuilder(ImportOptions options)
{
    private const int MaxLength = 1024;

    private readonly Dictionary<string, string> _statusVariables = new(StringComparer.Ordinal);

    public TrackingParameters Build(LogLine line, HitKind kind, ResolvedSite site)
    {
        if (options.ReplayTracking)
        {
            return Replay(line, site);
        }

        var parameters = new TrackingParameters(20);
        var path = line.Path;
        if (line.Query.Length > 0 && !options.StripQueryString)
        {
            path = string.Concat(path, options.QueryDelimiter.ToString(), line.Query);
        }

        if (options.ForceLowercasePath)
        {
            path = path.ToLowerInvariant();
        }

        if (path.Length > MaxLength)
        {
            path = path[..MaxLength];
        }

        var url = path.StartsWith('/') ? Prefix(line.Host, site.MainUrl) + path : path;
        var referrer = line.Referrer.Length > MaxLength ? line.Referrer[..MaxLength] : line.Referrer;
        parameters.Set("idsite", site.IdSite.ToString(CultureInfo.InvariantCulture));
        parameters.Set("rec", "1");
        parameters.Set("apiv", "1");
        parameters.Set("url", url);
        parameters.Set("urlref", referrer);
        parameters.Set("cip", line.Ip);
        parameters.Set("cdt", Unix(line.Timestamp.AddSeconds(options.AddToDate)));
        parameters.Set("dp", "1");
        parameters.Set("ua", line.UserAgent);
        if (line.UserId is { } userId)
        {
            parameters.Set("uid", userId);
        }

        if (kind.IsDownload)
        {
            parameters.Set("download", url);
        }

        if (options.EnableBots)
        {
            parameters.Set("bots", "1");
            parameters.Set("_cvar", JsonSerializer.Serialize(new Dictionary<string, string[]> { ["1"] = [kind.IsBot ? "Bot" : "Not-Bot", line.UserAgent] }));
        }

        parameters.Set("cvar", PageVariables(line));
        if (kind.IsError || kind.IsRedirect)
        {
            var delimiter = options.TitleCategoryDelimiter;
            parameters.Set(
                "action_name",
                string.Concat(line.Status, delimiter, "URL = ", Uri.EscapeDataString(url), referrer.Length > 0 ? delimiter + "From = " + Uri.EscapeDataString(referrer) : ""));
        }

        if (line.GenerationTimeMilliseconds > 0)
        {
            parameters.Set("pf_srv", ((long)line.GenerationTimeMilliseconds).ToString(CultureInfo.InvariantCulture));
        }

        if (line.EventCategory is { } category && line.EventAction is { } action)
        {
            parameters.Set("e_c", category);
            parameters.Set("e_a", action);
            if (line.EventName is { } name)
            {
                parameters.Set("e_n", name);
            }
        }

        if (line.Length > 0)
        {
            parameters.Set("bw_bytes", line.Length.ToString(CultureInfo.InvariantCulture));
        }

        return parameters;
    }

    /// <summary>True when the line is a tracker request that <c>--replay-tracking</c> can replay.</summary>
    public bool IsReplayable(LogLine line)
    {
        if (line.Query.Length == 0)
        {
            return false;
        }

        var path = line.Path;
        return options.ReplayTrackingExpectedTrackerFile is { } expected
            ? path.EndsWith(expected, StringComparison.OrdinalIgnoreCase)
            : path.EndsWith("matomo.php", StringComparison.OrdinalIgnoreCase) || path.EndsWith("piwik.php", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>The site id a replayed tracker request names, or null.</summary>
    public static int? ReplayedSite(LogLine line) =>
        int.TryParse(TrackingParameters.Parse(line.Query)["idsite"], NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : null;

    private TrackingParameters Replay(LogLine line, ResolvedSite site)
    {
        var original = TrackingParameters.Parse(line.Query);
        var parameters = new TrackingParameters(original.Count + 6);
        parameters.Set("idsite", site.IdSite.ToString(CultureInfo.InvariantCulture));
        parameters.Set("cip", line.Ip);
        parameters.Set("cdt", Unix(line.Timestamp.AddSeconds(options.AddToDate)));
        parameters.Set("ua", line.UserAgent);
        foreach (var (name, value) in original.All())
        {
            if (name is not ("idsite" or "cip" or "cdt" or "ua" or "token_auth"))
            {
                parameters.Set(name, value);
            }
        }

        return parameters;
    }

    private string PageVariables(LogLine line)
    {
        if (options.TrackHttpMethod && line.Method is { } method)
        {
            return JsonSerializer.Serialize(new Dictionary<string, string[]> { ["1"] = ["HTTP-code", line.Status], ["2"] = ["HTTP-method", method] });
        }

        if (!_statusVariables.TryGetValue(line.Status, out var json))
        {
            json = JsonSerializer.Serialize(new Dictionary<string, string[]> { ["1"] = ["HTTP-code", line.Status] });
            if (_statusVariables.Count < 1000)
            {
                _statusVariables[line.Status] = json;
            }
        }

        return json;
    }

    /// <summary><c>scheme://host</c> of the line's host with the site's scheme; the site's main URL for lines without host.</summary>
    private string Prefix(string? host, string mainUrl)
    {
        host ??= options.LogHostname;
        if (host is null)
        {
            return mainUrl.TrimEnd('/');
        }

        var scheme = mainUrl.StartsWith("https://", StringComparison.OrdinalIgnoreCase) ? "https://" : "http://";
        return scheme + host;
    }

    private static string Unix(DateTime utc) =>
        ((long)(utc - DateTime.UnixEpoch).TotalSeconds).ToString(CultureInfo.InvariantCulture);
}
