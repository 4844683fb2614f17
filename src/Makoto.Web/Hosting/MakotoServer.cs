using Makoto.Storage;
using Makoto.Tracking.Writer;
using Makoto.Web.Api;
using Makoto.Web.OptOut;
using Makoto.Web.Setup;
using Makoto.Web.Tracker;
using Makoto.Web.Tracking;
using Makoto.Web.Ui;

namespace Makoto.Web.Hosting;

/// <summary>
/// Builds and runs the server: configuration (appsettings, <c>MAKOTO_*</c> and <c>Makoto__*</c>
/// environment variables, command line with <c>--data</c> and <c>--urls</c>), services, start-up
/// (migrations, first super user, tracking writer) and endpoints.
/// </summary>
public static class MakotoServer
{
    public const string DefaultUrl = "http://127.0.0.1:8080";

    /// <summary>Entry files answered under any sub-path; the /js/ ones first, as /js/index.php also ends with /index.php.</summary>
    private static readonly string[] s_entryFiles = ["/js/index.php", "/js/tracker.php", "/js/", "/matomo.php", "/piwik.php", "/index.php", "/matomo.js", "/piwik.js"];

    /// <summary>The part of the request path before the entry file (<c>/analytics</c> for <c>/analytics/index.php</c>).</summary>
    private const string BasePathItem = "Makoto.BasePath";

    /// <summary>
    /// The runtime's switch that completes socket operations on its epoll thread instead of handing each
    /// completion to the thread pool. Only Kestrel's transport code runs there (requests still run on the
    /// thread pool), and the tracking endpoint saves a thread switch per request (bench/README.md).
    /// An operator's own value (<c>0</c>) wins.
    /// </summary>
    private const string InlineSocketCompletions = "DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS";

    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        // Read once, when the first socket is created: set before anything opens one.
        if (Environment.GetEnvironmentVariable(InlineSocketCompletions) is null)
        {
            Environment.SetEnvironmentVariable(InlineSocketCompletions, "1");
        }

        // The application name locates the UI's static files (Makoto.Web.staticwebassets.endpoints.json) when the
        // server runs inside another process, such as the end-to-end tests.
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            ContentRootPath = AppContext.BaseDirectory,
            ApplicationName = typeof(MakotoServer).Assembly.GetName().Name,
        });
        MakotoComposition.AddDataPathSources(builder.Configuration, args);

        // The UI's files (MudBlazor's, Blazor's, wwwroot) are found through the build's manifest when the server
        // runs from its build output (dotnet run, tests); a published server has them in wwwroot.
        builder.WebHost.UseStaticWebAssets();
        configure?.Invoke(builder);

        if (string.IsNullOrEmpty(builder.Configuration["urls"]) && string.IsNullOrEmpty(builder.Configuration["ASPNETCORE_URLS"]))
        {
            builder.WebHost.UseUrls(DefaultUrl);
        }

        var options = MakotoComposition.ReadOptions(builder.Configuration);
        var forwarded = options.Proxy.ForwardedHeaders();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            // The tracking endpoint enforces its own limit with a clear answer; Kestrel's must not be lower.
            kestrel.Limits.MaxRequestBodySize = Math.Max(options.Tracker.MaxBodyBytes, 30_000_000) + 1;
        });
        var dataPath = builder.Services.AddMakoto(options);
        builder.Services.AddMakotoUi(options.Ui, options.Mail, dataPath);
        builder.Services.AddSingleton<Bootstrap>();
        builder.Services.AddSingleton<SetupPage>();
        builder.Services.AddSingleton<TrackerScripts>();
        builder.Services.AddSingleton<OptOutPage>();

        var app = builder.Build();
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Makoto");

        var database = app.Services.GetRequiredService<IDatabase>();
        database.Migrate();
        logger.LogInformation("Data is stored in {Location}", database.Location);
        app.Services.GetRequiredService<Bootstrap>().Run(name => app.Configuration[name]);

        var writer = app.Services.GetRequiredService<TrackingWriter>();
        writer.Start();
        app.Lifetime.ApplicationStopping.Register(() => writer.StopAsync().GetAwaiter().GetResult());

        // The tracker script is loaded with the first requests; its compressed variants are made at start.
        app.Services.GetRequiredService<TrackerScripts>();

        // Behind a listed reverse proxy, the visitor's address and scheme come from its forwarded headers.
        if (forwarded is not null)
        {
            app.UseForwardedHeaders(forwarded);
        }

        // Matomo is often installed under a sub-path (/analytics/matomo.php): serve those paths too. The
        // /js/ proxy paths of Matomo are tracking requests when they carry parameters.
        app.Use((context, next) =>
        {
            var path = context.Request.Path.Value;
            if (path is not null && path.Length > 1)
            {
                foreach (var file in s_entryFiles)
                {
                    if (path.EndsWith(file, StringComparison.Ordinal))
                    {
                        if (path.Length == file.Length)
                        {
                            // No sub-path (every hit to /matomo.php): nothing to note, and the request's items
                            // dictionary is not created for it.
                            break;
                        }

                        context.Items[BasePathItem] = path[..^file.Length];
                        context.Request.Path = file;
                        break;
                    }
                }
            }

            if (TrackerScriptEndpoint.IsTrackingRequest(context.Request.Path.Value ?? "", context.Request))
            {
                context.Request.Path = "/matomo.php";
            }

            return next(context);
        });
        app.UseTracking();
        app.UseRouting();
        app.UseMakotoUi();

        TrackerScriptEndpoint.Map(app);
        ApiEndpoint.Map(app);
        MetricsEndpoint.Map(app);
        app.MapMakotoUi();
        return app;
    }

    /// <summary>The server's base URL as this request reached it: scheme, host and installation path, ending with '/'.</summary>
    public static string BaseUrl(HttpContext context)
    {
        var request = context.Request;
        var basePath = context.Items.TryGetValue(BasePathItem, out var value) && value is string path ? path : "";
        return $"{request.Scheme}://{request.Host}{request.PathBase}{basePath}/";
    }
}
