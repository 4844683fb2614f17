using Makoto.Archiving;
using Makoto.Reporting.Api;
using Makoto.Storage.Options;

namespace Makoto.Plugins.CoreAdminHome.Api;

/// <summary>
/// CoreAdminHome's API: <c>setArchiveSettings</c> (Matomo 5's name and parameters), which the General settings page
/// uses too. The time to live is stored under Matomo's option <c>todayArchiveTimeToLive</c> (<see cref="ArchivingSettings"/>).
/// </summary>
internal sealed class CoreAdminHomeApi(StoredSettings settings) : IApiModule
{
    public IEnumerable<ApiMethod> Methods()
    {
        yield return new ApiMethod("CoreAdminHome", "setArchiveSettings", SetArchiveSettings)
        {
            ParameterNames = ["enableBrowserTriggerArchiving", "todayArchiveTimeToLive"],
        };
    }

    private object SetArchiveSettings(ApiCall call)
    {
        call.RequireSuperUser();
        var ttl = call.Parameters.Require("todayArchiveTimeToLive");
        var browserTrigger = call.Parameters.Require("enableBrowserTriggerArchiving");
        if (!call.Parameters.GetBool("enableBrowserTriggerArchiving"))
        {
            throw new ApiException(
                $"enableBrowserTriggerArchiving={browserTrigger} is not supported: Makoto always builds a report that has no archive yet when it is "
                + "viewed. Send enableBrowserTriggerArchiving=1; the background archiver (Makoto:Archiving:BackgroundIntervalSeconds) builds reports ahead.");
        }

        try
        {
            settings.Set(ArchivingSettings.TodayArchiveTimeToLive, ttl);
        }
        catch (ArgumentException error)
        {
            throw new ApiException($"todayArchiveTimeToLive: {error.Message}");
        }

        return new ApiValue(true);
    }
}
