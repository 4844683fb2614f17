using Makoto.Storage.Options;
using Microsoft.Extensions.DependencyInjection;

namespace Makoto.Archiving;

public static class ArchivingServices
{
    public static IServiceCollection AddMakotoArchiving(this IServiceCollection services, ArchivingOptions options)
    {
        services.AddSingleton(options);
        services.AddSingleton<StoredSetting>(ArchivingSettings.Declaration(options));
        services.AddSingleton<ArchivingSettings>();
        services.AddSingleton<Archiver>();
        services.AddSingleton<ArchivePlanner>();
        services.AddSingleton<ArchiveRefresher>();
        services.AddHostedService(provider => provider.GetRequiredService<ArchiveRefresher>());
        return services;
    }
}
