using Makoto.Archiving;
using Makoto.Plugins;
using Makoto.Reporting;
using Makoto.Storage;
using Makoto.Tracking;

namespace Makoto.Web.Hosting;

/// <summary>
/// The services of a Makoto process, shared by the server and the <c>makoto</c> console: settings
/// from configuration (with <c>--data</c> and <c>MAKOTO_DATA</c>), storage, tracking, archiving,
/// reporting and the plugins.
/// </summary>
public static class MakotoComposition
{
    /// <summary>Adds <c>MAKOTO_DATA</c> and the <c>--data DIR</c> switch to the configuration.</summary>
    public static void AddDataPathSources(IConfigurationManager configuration, string[] args)
    {
        var dataFromEnvironment = configuration["MAKOTO_DATA"];
        if (!string.IsNullOrEmpty(dataFromEnvironment))
        {
            configuration.AddInMemoryCollection([new($"{MakotoOptions.Section}:DataPath", dataFromEnvironment)]);
        }

        configuration.AddCommandLine(args, new Dictionary<string, string> { ["--data"] = $"{MakotoOptions.Section}:DataPath" });
    }

    public static MakotoOptions ReadOptions(IConfiguration configuration) =>
        configuration.GetSection(MakotoOptions.Section).Get<MakotoOptions>() ?? new MakotoOptions();

    /// <summary>Registers every Makoto service; returns the full path of the data folder.</summary>
    public static string AddMakoto(this IServiceCollection services, MakotoOptions options)
    {
        var dataPath = Path.GetFullPath(options.DataPath, Directory.GetCurrentDirectory());
        services.AddSingleton(options);
        services.AddSingleton(TimeProvider.System);
        services.AddMakotoStorage(dataPath, options.Storage);
        services.AddMakotoTracking(options.Tracker);
        services.AddMakotoArchiving(options.Archiving);
        services.AddMakotoReporting(options.Security);
        services.AddMakotoPlugins(PluginCatalog.Defaults(options.Privacy, options.Geolocation, dataPath), options.Plugins);
        return dataPath;
    }
}
