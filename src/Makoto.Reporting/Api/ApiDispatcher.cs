using System.Text.RegularExpressions;
using Makoto.Core.Periods;
using Makoto.Core.Security;
using Makoto.Reporting.Filters;
using Makoto.Reporting.Metrics;
using Makoto.Reporting.Rendering;
using Makoto.Reporting.Reports;
using Makoto.Storage.Segments;
using Makoto.Storage.Sites;
using Makoto.Storage.Users;
using Microsoft.Extensions.Logging;

namespace Makoto.Reporting.Api;

/// <summary>
/// The front controller of <c>index.php?module=API&amp;method=Module.action</c>: authenticates the
/// caller, finds the method, runs it and renders the result (or Matomo's error shape) in the
/// requested format.
/// </summary>
public sealed partial class ApiDispatcher
{
    private readonly ApiRegistry _registry;
    private readonly TokenAuthenticator _tokens;
    private readonly SiteStore _sites;
    private readonly TimeProvider _clock;
    private readonly SegmentCompiler _segments;
    private readonly ILogger<ApiDispatcher> _logger;
    private readonly Dictionary<string, IApiRenderer> _renderers;
    private readonly MetricCatalog _metrics;

    public ApiDispatcher(
        ApiRegistry registry,
        TokenAuthenticator tokens,
        SiteStore sites,
        TimeProvider clock,
        SegmentCompiler segments,
        IEnumerable<IApiRenderer> renderers,
        BruteForceGuard guard,
        MetricCatalog metrics,
        ILogger<ApiDispatcher> logger)
    {
        Reports = new ReportListing(registry, metrics);
        _registry = registry;
        _tokens = tokens;
        _sites = sites;
        _clock = clock;
        _segments = segments;
        _logger = logger;
        Guard = guard;
        _metrics = metrics;
        _renderers = renderers.ToDictionary(r => r.Format, StringComparer.Ordinal);
    }

    public ApiRegistry Registry => _registry;

    /// <summary>The reports of a site as the plugins declare them (<c>API.getReportMetadata</c>).</summary>
    public ReportListing Reports { get; }

    /// <summary>Counts failed token and password checks per client IP and blocks addresses that fail too often.</summary>
    public BruteForceGuard Guard { get; }

    /// <summary>Handles one API request. <paramref name="session"/> is the logged-in UI user, if any.</summary>
    public RenderedResponse Handle(ApiParameters parameters, UserAccess? session = null)
    {
        var format = (parameters["format"] ?? "xml").Trim().ToLowerInvariant();
        var renderer = _renderers.GetValueOrDefault(format) ?? _renderers["xml"];
        var options = Options(parameters, format);
        try
        {
            if (!_renderers.ContainsKey(format))
            {
                throw new ApiException(
                    $"Renderer format '{format}' not valid. Try any of the following instead: {string.Join(", ", _renderers.Keys.Order(StringComparer.Ordinal))}.");
            }

            return renderer.Render(Execute(parameters, session), options);
        }
        catch (ApiException error)
        {
            return renderer.RenderError(error.Message, error.StatusCode, options);
        }
        catch (PeriodFormatException error)
        {
            return renderer.RenderError(error.Message, 200, options);
        }
        catch (Exception error) when (error is not OutOfMemoryException)
        {
            var reference = Guid.NewGuid().ToString("N")[..12];
            LogUnexpected(error, parameters["method"] ?? "", reference);
            return renderer.RenderError(
                $"An unexpected error occurred while processing this request (reference {reference}). The server log has the details.",
                500,
                options);
        }
    }

    /// <summary>Authenticates the caller, runs the method named by <c>method</c> and returns its unrendered result.</summary>
    public object Execute(ApiParameters parameters, UserAccess? session = null) => Run(parameters, Authenticate(parameters, session));

    /// <summary>
    /// Runs the method named by <c>method</c> for a caller already authenticated (the sub-requests of
    /// <c>API.getBulkRequest</c>, the reports behind <c>API.getProcessedReport</c>).
    /// </summary>
    public object Run(ApiParameters parameters, UserAccess access)
    {
        var methodName = parameters["method"];
        if (string.IsNullOrWhiteSpace(methodName))
        {
            throw new ApiException("Please specify a value for 'method'.");
        }

        var dot = methodName.IndexOf('.', StringComparison.Ordinal);
        if (dot <= 0 || dot == methodName.Length - 1)
        {
            throw new ApiException($"The method '{methodName}' is not valid: it must be written as Module.action, e.g. VisitsSummary.get.");
        }

        var method = _registry.Find(methodName);
        if (method is null)
        {
            var module = methodName[..dot];
            throw _registry.HasModule(module)
                ? new ApiException($"The method '{methodName[(dot + 1)..]}' does not exist or is not available in the module '{module}'.")
                : new ApiException($"The plugin {module} is not enabled. You can activate the plugin on Settings &gt; Plugins page in Matomo.");
        }

        var call = new ApiCall(methodName, parameters, access, _sites, _clock, this, _segments);
        var result = method.Handler(call);
        return method.IsReport ? ReportPipeline.Process(result, call, method.Report ?? ReportPresentation.None) : result;
    }

    private UserAccess Authenticate(ApiParameters parameters, UserAccess? session)
    {
        var token = parameters["token_auth"];
        if (string.IsNullOrEmpty(token) || token == "anonymous")
        {
            return session ?? UserAccess.Anonymous;
        }

        if (session is not null && parameters.GetBool("force_api_session"))
        {
            return session;
        }

        Guard.ThrowIfBlocked(parameters.ClientIp);
        if (_tokens.Authenticate(token) is { } access)
        {
            return access;
        }

        Guard.RecordFailure(parameters.ClientIp, "token_auth");
        throw new ApiException("Unable to authenticate with the provided token. It is either invalid or expired.", 401);
    }

    private RenderOptions Options(ApiParameters parameters, string format)
    {
        var callback = parameters["jsoncallback"] ?? parameters["callback"];
        if (callback is not null && !CallbackRegex().IsMatch(callback))
        {
            callback = null;
        }

        var method = parameters["method"];
        var idSite = parameters["idSite"] ?? "";
        return new RenderOptions
        {
            Callback = callback,
            ConvertToUnicode = parameters.GetBool("convertToUnicode", fallback: true),
            Expanded = parameters.GetBool("expanded"),
            HideIdSubtable = parameters.GetBool("flat"),
            Method = method,
            ColumnName = parameters.GetBool("translateColumnNames") && method is not null && _registry.Find(method) is { IsReport: true }
                ? ColumnName
                : null,
            Serialize = parameters.GetBool("serialize"),
            ServerUrl = parameters.ServerUrl,
            IdSite = idSite,
            Period = parameters["period"] ?? "",
            SiteName = format == "rss" && int.TryParse(idSite, out var id) ? _sites.Get(id)?.Name ?? "" : "",
        };
    }

    /// <summary>The header of a report column for people, as Matomo's <c>translateColumnNames=1</c> writes it.</summary>
    private string ColumnName(string column) => column == "label" ? "Label" : _metrics.NameOf(column);

    [GeneratedRegex("^[0-9a-zA-Z_.]+$")]
    private static partial Regex CallbackRegex();

    [LoggerMessage(Level = LogLevel.Error, Message = "API method {Method} failed unexpectedly (reference {Reference}); the caller got an error message with this reference.")]
    private partial void LogUnexpected(Exception error, string method, string reference);
}
