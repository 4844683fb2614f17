// The bare endpoint the tracking benchmark compares Makoto with (bench/README.md): Kestrel, one route,
// the query string parsed into ASP.NET Core's query collection, one value read, 204. Same Kestrel
// settings as Makoto (no Server header), no logging on the request path.
//   dotnet bench/BareEndpoint/bin/Release/net10.0/BareEndpoint.dll --urls http://127.0.0.1:8090
// The content root is the program's folder (as Makoto's), so no file watcher looks at the current directory.
var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
builder.Logging.ClearProviders();
builder.WebHost.ConfigureKestrel(kestrel => kestrel.AddServerHeader = false);
var app = builder.Build();
app.MapGet("/matomo.php", (HttpContext context) =>
{
    var query = context.Request.Query;
    return query["idsite"].Count > 0 && query.Count > 1 ? Results.NoContent() : Results.BadRequest();
});
app.Run();
