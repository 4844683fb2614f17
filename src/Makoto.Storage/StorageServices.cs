using Makoto.Storage.Archives;
using Makoto.Storage.Goals;
using Makoto.Storage.Logs;
using Makoto.Storage.MySql;
using Makoto.Storage.Options;
using Makoto.Storage.Sites;
using Makoto.Storage.Sqlite;
using Makoto.Storage.Users;
using Microsoft.Extensions.DependencyInjection;

namespace Makoto.Storage;

/// <summary>Storage settings (section <c>Makoto:Storage</c>).</summary>
public sealed class StorageOptions
{
    /// <summary>The provider key: <c>sqlite</c> (the embedded default) or <c>mysql</c> (MySQL and MariaDB).</summary>
    public string Provider { get; set; } = "sqlite";

    /// <summary>SQLite's <c>synchronous</c> pragma: FULL (default, durable on power loss) or NORMAL.</summary>
    public string SqliteSynchronous { get; set; } = "FULL";

    /// <summary>
    /// SQLite: how long a connection waits for another one's write lock before giving up (seconds). The
    /// tracking writer then answers its batch 503 (retry later) instead of waiting longer.
    /// </summary>
    public int SqliteBusyTimeoutSeconds { get; set; } = 30;

    /// <summary>MySQL/MariaDB: the MySqlConnector connection string (server, port, user, password, database).</summary>
    public string ConnectionString { get; set; } = "";

    /// <summary>MySQL/MariaDB: the prefix of every table name, as Matomo's <c>tables_prefix</c> (default <c>matomo_</c>).</summary>
    public string TablePrefix { get; set; } = "matomo_";

    /// <summary>
    /// The <c>salt</c> of <c>[General]</c> in the <c>config/config.ini.php</c> of the Matomo installation whose database
    /// Makoto uses: token_auth values are then hashed as Matomo 4/5 hashes them (<see cref="Users.TokenHashing"/>).
    /// </summary>
    public string MatomoSalt { get; set; } = "";
}

public static class StorageServices
{
    /// <summary>Registers the database for <paramref name="dataFolder"/> and every store.</summary>
    public static IServiceCollection AddMakotoStorage(this IServiceCollection services, string dataFolder, StorageOptions options)
    {
        services.AddSingleton<IDatabase>(_ => options.Provider.ToLowerInvariant() switch
        {
            "sqlite" => new SqliteDatabase(dataFolder, options.SqliteSynchronous, options.SqliteBusyTimeoutSeconds),
            "mysql" or "mariadb" => new MySqlDatabase(options.ConnectionString, options.TablePrefix),
            _ => throw new InvalidOperationException(
                $"Storage provider '{options.Provider}' is not known. Set Makoto:Storage:Provider to 'sqlite' or 'mysql'."),
        });
        services.AddSingleton<SiteStore>();
        services.AddSingleton<GlobalSiteSettings>();
        services.AddSingleton<UserStore>();
        services.AddSingleton<GoalStore>();
        services.AddSingleton<CustomDimensions.CustomDimensionStore>();
        services.AddSingleton<OptionStore>();
        services.AddSingleton<StoredSettings>();
        services.AddSingleton<Dashboards.DashboardStore>();
        services.AddSingleton<DirtyDays>();
        services.AddSingleton<ArchiveStore>();
        services.AddSingleton<LogReader>();
        services.AddSingleton<DayLogReader>();
        services.AddSingleton<LogWatermarks>();
        services.AddSingleton<LogEraser>();
        services.AddSingleton<DataSubjectStore>();
        services.AddSingleton<RawDataAnonymizer>();
        services.AddSingleton<LogDataAnonymizationStore>();
        services.AddSingleton<RawDataHorizon>();
        services.AddSingleton(new TokenHashing(options.MatomoSalt));
        services.AddSingleton<TokenAuthenticator>();
        services.AddSingleton<Segments.SegmentDimensions>();
        services.AddSingleton<Segments.SegmentCompiler>();
        services.AddSingleton<Segments.StoredSegmentStore>();
        services.AddSingleton<Segments.SegmentSuggestions>();
        return services;
    }
}
