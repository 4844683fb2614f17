using Makoto.Core.Plugins;
using Makoto.Plugins.PrivacyManager.Api;
using Makoto.Reporting.Api;
using Makoto.Tracking.Pipeline;
using Microsoft.Extensions.DependencyInjection;

namespace Makoto.Plugins.PrivacyManager;

/// <summary>Privacy settings (section <c>Makoto:Privacy</c>).</summary>
public sealed class PrivacyOptions
{
    /// <summary>
    /// Bytes of the visitor's IP replaced by zeros before storing: 0 (off) to 3. Matomo's default is 2. The default of
    /// the stored settings <c>PrivacyManager.ipAnonymizerEnabled</c> and <c>ipAddressMaskLength</c>, which win when set.
    /// </summary>
    public int IpAnonymizationBytes { get; set; } = 2;

    /// <summary>
    /// Exclude visitors whose browser sends Do Not Track (<c>DNT: 1</c>); off by default, as in Matomo. The default of the
    /// stored setting <c>PrivacyManager.doNotTrackEnabled</c>, which wins when set.
    /// </summary>
    public bool HonorDoNotTrack { get; set; }
}

/// <summary>IP anonymization and the other privacy rules applied while tracking; the GDPR tools, log retention and the scheduled purges.</summary>
public sealed class PrivacyManagerPlugin(PrivacyOptions options) : IMakotoPlugin
{
    public string Name => "PrivacyManager";

    public void Register(IServiceCollection services)
    {
        if (options.IpAnonymizationBytes is < 0 or > 3)
        {
            throw new InvalidOperationException(
                $"Makoto:Privacy:IpAnonymizationBytes is {options.IpAnonymizationBytes}; it must be 0 (off), 1, 2 or 3.");
        }

        services.AddSingleton(options);
        foreach (var setting in PrivacySettings.Declarations(options))
        {
            services.AddSingleton(setting);
        }

        services.AddSingleton<PrivacySettings>();
        services.AddSingleton<ITrackingProcessor, IpAnonymizer>();
        services.AddSingleton<ITrackingProcessor, ReferrerAnonymizer>();
        services.AddSingleton<Makoto.Tracking.Requests.ITrackingRequestManipulator, TrackingRequestAnonymizer>();
        services.AddSingleton<DataSubjects>();
        services.AddSingleton<LogRetention>();
        services.AddSingleton<ReportPurger>();
        services.AddSingleton<UserIdPseudonyms>();
        services.AddSingleton<PastDataAnonymizer>();
        services.AddSingleton<IApiModule, PrivacyManagerApi>();
        services.AddSingleton<DataPurgeTask>();
        services.AddHostedService(provider => provider.GetRequiredService<DataPurgeTask>());
    }
}
