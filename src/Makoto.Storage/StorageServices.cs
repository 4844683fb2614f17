using Makoto.Storage.Archives;
using Makoto.Storage.Goals;
using Makoto.Storage.Logs;
using Makoto.Storage.Options;
using Makoto.Storage.Sites;
using Makoto.Storage.Sqlite;
using Makoto.Storage.Users;
using Microsoft.Extensions.DependencyInjection;

namespace Makoto.Storage;

/// <summary>Storage settings (section <c>Makoto:Storage</c>).</summary>
public sealed class StorageOptions
{
    /// <summary>The provider key; <c>sqlite</c> is the embedded default.</summary>
    public string Provider { get; set; } = "sqlite";

    /// <summary>SQLite's <c>synchronous</c> pragma: FULL (default, durable on power loss) or NORMAL.</summary>
    public string SqliteSynchronous { get; set; } = "FULL";
}

public static class StorageServices
{
    /// <summary>Registers the database for <paramref name="dataFolder"/> and every store.</summary>
    public static IServiceCollection AddMakotoStorage(this IServiceCollection services, string dataFolder, StorageOptions options)
    {
        services.AddSingleton<IDatabase>(_ => options.Provider.ToLowerInvariant() switch
        {
            "sqlite" => new SqliteDatabase(dataFolder, options.SqliteSynchronous),
            _ => throw new InvalidOperationException(
                $"Storage provider '{options.Provider}' is not known. Set Makoto:Storage:Provider to 'sqlite'."),
        });
        services.AddSingleton<SiteStore>();
        services.AddSingleton<GlobalSiteSettings>();
        services.AddSingleton<UserStore>();
        services.AddSingleton<GoalStore>();
        services.AddSingleton<CustomDimensions.CustomDimensionStore>();
        services.AddSingleton<OptionStore>();
        services.AddSingleton<Dashboards.DashboardStore>();
        services.AddSingleton<DirtyDays>();
        services.AddSingleton<ArchiveStore>();
        services.AddSingleton<LogReader>();
        services.AddSingleton<DayLogReader>();
        services.AddSingleton<LogWatermarks>();
        services.AddSingleton<TokenAuthenticator>();
        return services;
    }
}
