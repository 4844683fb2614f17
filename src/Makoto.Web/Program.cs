using Makoto.Web.Hosting;

var app = MakotoServer.Build(args);
await app.RunAsync();
