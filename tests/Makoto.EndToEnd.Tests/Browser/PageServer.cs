using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Makoto.EndToEnd.Tests.Browser;

/// <summary>
/// The tracked website of the browser tests: a small web server on a free loopback port that serves
/// the pages a test registers. Pages are opened as http://localhost:port/…, so the site and the Makoto
/// server (http://127.0.0.1:port/) are different sites with their own cookies, as in real life.
/// </summary>
public sealed class PageServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, (string ContentType, byte[] Body)> _pages = new(StringComparer.Ordinal);

    private PageServer(WebApplication app, int port)
    {
        _app = app;
        Port = port;
    }

    public int Port { get; }

    /// <summary>The site's origin as pages are opened, e.g. http://localhost:41234.</summary>
    public string Origin => $"http://localhost:{Port}";

    public static async Task<PageServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        PageServer? server = null;
        app.Run(async context =>
        {
            if (server!._pages.TryGetValue(context.Request.Path.Value ?? "/", out var page))
            {
                context.Response.ContentType = page.ContentType;
                context.Response.Headers.CacheControl = "no-store";
                await context.Response.Body.WriteAsync(page.Body);
                return;
            }

            context.Response.StatusCode = StatusCodes.Status404NotFound;
        });
        await app.StartAsync();
        var address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        server = new PageServer(app, address.Port);
        return server;
    }

    /// <summary>Serves an HTML page at <paramref name="path"/> and returns its URL.</summary>
    public string AddHtml(string path, string html) => Add(path, "text/html; charset=utf-8", System.Text.Encoding.UTF8.GetBytes(html));

    /// <summary>
    /// Serves any content at <paramref name="path"/> and returns its URL; a query string in the path is
    /// kept in the URL but any query is served the same page.
    /// </summary>
    public string Add(string path, string contentType, byte[] body)
    {
        var query = path.IndexOf('?', StringComparison.Ordinal);
        _pages[query < 0 ? path : path[..query]] = (contentType, body);
        return Origin + path;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
