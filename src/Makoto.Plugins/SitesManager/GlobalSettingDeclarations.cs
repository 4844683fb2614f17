using Makoto.Storage.Options;
using Makoto.Storage.Sites;

namespace Makoto.Plugins.SitesManager;

/// <summary>
/// SitesManager's global settings as <see cref="StoredSetting"/>s, so <c>makoto config</c> reads and changes
/// them with the API's rules (<see cref="SiteAdministration"/>). The server reads them through <see cref="GlobalSiteSettings"/>.
/// </summary>
internal static class GlobalSettingDeclarations
{
    public static IEnumerable<StoredSetting> All()
    {
        yield return new StoredSetting(GlobalSiteSettings.ExcludedIpsOption, "IPs and ranges (1.2.3.*, 1.2.0.0/16) not tracked on any site, comma separated.", "", List);
        yield return new StoredSetting(GlobalSiteSettings.ExcludedUserAgentsOption, "User-Agent parts: visitors whose User-Agent contains one are not tracked, comma separated.", "", List);
        yield return new StoredSetting(GlobalSiteSettings.ExcludedQueryParametersOption, "URL query parameters removed from every site's page URLs, comma separated.", "", List);
        yield return new StoredSetting(GlobalSiteSettings.ExcludedReferrersOption, "Referrer hosts ignored on every site (visits count as direct entries), comma separated.", "", List);
        yield return new StoredSetting(GlobalSiteSettings.SearchKeywordParametersOption, "Site search keyword parameters of sites without their own (empty: the configured Makoto:Tracker list).", "", List);
        yield return new StoredSetting(GlobalSiteSettings.SearchCategoryParametersOption, "Site search category parameters of sites without their own.", "", List);
        yield return new StoredSetting(GlobalSiteSettings.DefaultCurrencyOption, "The currency of new sites (ISO 4217 code).", "USD", SiteAdministration.CheckCurrency);
        yield return new StoredSetting(GlobalSiteSettings.DefaultTimezoneOption, "The time zone of new sites (e.g. Europe/Paris, UTC+2).", "UTC", SiteAdministration.CheckTimezone);
        yield return new StoredSetting(GlobalSiteSettings.KeepUrlFragmentsOption, "1 keeps the #fragment of page URLs on sites that use the global setting.", "0", StoredSetting.Flag);
    }

    private static string List(string value) => SiteAdministration.CommaList(value);
}
