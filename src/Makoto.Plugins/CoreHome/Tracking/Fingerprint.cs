using System.Security.Cryptography;
using System.Text;
using Makoto.Core.Sites;
using Makoto.Storage.Options;
using Makoto.Tracking.Pipeline;

namespace Makoto.Plugins.CoreHome.Tracking;

/// <summary>
/// The configuration fingerprint <c>config_id</c> (tracking-api.md §6.2): the first 8 bytes of an MD5
/// over the OS, browser and version, plugin flags, IP (<see cref="HitContext.EnrichmentIp"/>: the anonymized one when
/// the privacy settings use it for enrichment), browser language list, the instance's salt, a
/// per-day salt (visits end at midnight) and the site. When the device was not detected the raw
/// User-Agent stands in for the OS and browser.
/// </summary>
internal sealed class Fingerprint(OptionStore options) : ITrackingProcessor
{
    private readonly Lazy<string> _salt = new(() => options.GetOrCreate("makoto_fingerprint_salt", () => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16))));

    public string Name => "fingerprint";

    public int Order => TrackingStage.Fingerprint;

    public void Process(HitContext hit)
    {
        var request = hit.Request;
        var visit = hit.Visit;
        var day = SiteTimeZones.LocalDate(request.Timestamp, request.Site.TimeZone);
        var text = new StringBuilder(256);
        if (visit.ConfigOs is null && visit.ConfigBrowserName is null)
        {
            text.Append(request.UserAgent);
        }
        else
        {
            text.Append(visit.ConfigOs).Append(visit.ConfigBrowserName).Append(visit.ConfigBrowserVersion);
        }

        text.Append(visit.ConfigFlash).Append(visit.ConfigJava).Append('0').Append(visit.ConfigQuicktime)
            .Append(visit.ConfigRealplayer).Append(visit.ConfigPdf).Append(visit.ConfigWindowsmedia).Append('0')
            .Append(visit.ConfigSilverlight).Append(visit.ConfigCookie)
            .Append(hit.EnrichmentIp)
            .Append(VisitConfiguration.BrowserLanguage(request.BrowserLanguage))
            .Append(_salt.Value)
            .Append(day.DayNumber)
            .Append(request.IdSite);
        hit.ConfigId = MD5.HashData(Encoding.UTF8.GetBytes(text.ToString()))[..8];
    }
}
