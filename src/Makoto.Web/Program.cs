using Makoto.Web.Hosting;

try
{
    var app = MakotoServer.Build(args);
    await app.RunAsync();
}
catch (ServerConfigurationException error)
{
    await Console.Error.WriteLineAsync("Makoto cannot start: " + error.Message);
    return 2;
}

return 0;
