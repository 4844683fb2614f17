using Makoto.Core.Plugins;
using Makoto.Tracking.Pipeline;
using Microsoft.Extensions.DependencyInjection;

namespace Makoto.Plugins.PrivacyManager;

/// <summary>Privacy settings (section <c>Makoto:Privacy</c>).</summary>
public sealed class PrivacyOptions
{
    /// <summary>Bytes of the visitor's IP replaced by zeros before storing: 0 (off) to 3. Matomo's default is 2.</summary>
    public int IpAnonymizationBytes { get; set; } = 2;

    /// <summary>Exclude visitors whose browser sends Do Not Track (<c>DNT: 1</c>); off by default, as in Matomo.</summary>
    public bool HonorDoNotTrack { get; set; }
}

/// <summary>IP anonymization and the other privacy rules applied while tracking; the GDPR tools and log retention.</summary>
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
        services.AddSingleton<ITrackingProcessor, IpAnonymizer>();
        services.AddSingleton<DataSubjects>();
        services.AddSingleton<LogRetention>();
    }
}
