using Makoto.Archiving;
using Makoto.Core.Plugins;
using Makoto.Plugins.UserLanguage.Api;
using Makoto.Plugins.UserLanguage.RecordBuilders;
using Makoto.Reporting.Api;
using Makoto.Storage.Segments;
using Microsoft.Extensions.DependencyInjection;

namespace Makoto.Plugins.UserLanguage;

/// <summary>The visitors' browser languages: by language and by language code with region.</summary>
public sealed class UserLanguagePlugin : IMakotoPlugin
{
    public string Name => "UserLanguage";

    public void Register(IServiceCollection services)
    {
        services.AddSegments(UserLanguageSegments.All);
        services.AddSingleton<IRecordBuilder, UserLanguageRecordBuilder>();
        services.AddSingleton<IApiModule, UserLanguageApi>();
    }
}
