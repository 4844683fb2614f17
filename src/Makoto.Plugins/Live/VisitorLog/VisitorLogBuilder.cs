using System.Globalization;
using System.Net;
using Makoto.Core.Sites;
using Makoto.Plugins.DevicesDetection.Detection;
using Makoto.Plugins.Referrers;
using Makoto.Plugins.Referrers.Tracking;
using Makoto.Plugins.UserCountry;
using Makoto.Plugins.UserLanguage;
using Makoto.Reporting.Api;
using Makoto.Reporting.Metrics;
using Makoto.Storage.CustomDimensions;
using Makoto.Storage.Goals;
using Makoto.Storage.Logs;
using Makoto.Tracking.Urls;

namespace Makoto.Plugins.Live.VisitorLog;

/// <summary>
/// Turns a page of <c>log_visit</c> rows into Matomo's visitor log: one object per visit with
/// Matomo's keys in Matomo's order (its plugins' visitor details: Live, CoreHome, Actions,
/// Referrers, UserLanguage, DevicesDetection, Goals and Ecommerce, Events, UserCountry, VisitTime,
/// VisitorInterest, Resolution, DevicePlugins, CustomDimensions). The page's actions, conversions, items and
/// lifetime ecommerce totals are read in one query each.
/// </summary>
internal sealed class VisitorLogBuilder(LogReader logs, GoalStore goals, CustomDimensionStore customDimensions)
{
    private const string KeywordNotDefined = "Keyword not defined";

    /// <summary>Matomo's browser plugin columns (<c>config_*</c>), in its order.</summary>
    private static readonly string[] s_browserPlugins = ["cookie", "flash", "java", "pdf", "quicktime", "realplayer", "silverlight", "windowsmedia"];

    /// <summary>
    /// The visitor log entries of <paramref name="visits"/> (in their order). <paramref name="fetchActions"/>
    /// false leaves <c>actionDetails</c> empty; <paramref name="hideVisitor"/> hides what only a
    /// logged-in user may see (IP, visitor id, configuration hash, User ID).
    /// </summary>
    public List<PlainObject> Build(IReadOnlyList<VisitRow> visits, IReadOnlyDictionary<int, Site> sites, bool fetchActions, bool hideVisitor)
    {
        var ids = new long[visits.Count];
        for (var i = 0; i < visits.Count; i++)
        {
            ids[i] = visits[i].IdVisit;
        }

        var actions = fetchActions ? ByVisit(logs.ActionsOfVisits(ids), a => a.IdVisit) : [];
        var conversions = ByVisit(logs.ConversionsOfVisits(ids), c => c.IdVisit);
        var items = fetchActions ? ByVisit(logs.ItemsOfVisits(ids), i => i.IdVisit) : [];
        var totals = EcommerceTotals(visits, sites, hideVisitor);
        var result = new List<PlainObject>(visits.Count);
        foreach (var visit in visits)
        {
            var site = sites[visit.IdSite];
            var visitConversions = conversions.GetValueOrDefault(visit.IdVisit) ?? [];
            var details = Visit(visit, site, visitConversions, totals, hideVisitor);
            foreach (var dimension in ActiveDimensions(customDimensions, site.IdSite, "visit"))
            {
                details["dimension" + dimension.IdCustomDimension.ToString(CultureInfo.InvariantCulture)] = visit.GetCustomDimension(dimension.Index);
            }

            if (fetchActions)
            {
                var (list, truncated) = ActionDetails.Build(
                    visit,
                    site,
                    actions.GetValueOrDefault(visit.IdVisit) ?? [],
                    visitConversions,
                    items.GetValueOrDefault(visit.IdVisit) ?? [],
                    goals.GetGoals(site.IdSite),
                    ActiveDimensions(customDimensions, site.IdSite, "action"));
                details["actionDetails"] = list;
                if (truncated > 0)
                {
                    details["truncatedActionsCount"] = truncated;
                }
            }

            result.Add(details);
        }

        return result;
    }

    /// <summary>The site's active custom dimensions of a scope (<c>visit</c> or <c>action</c>), by id.</summary>
    public static List<CustomDimension> ActiveDimensions(CustomDimensionStore store, int idSite, string scope)
    {
        var result = new List<CustomDimension>();
        foreach (var dimension in store.ForSite(idSite))
        {
            if (dimension.Active && dimension.Scope == scope)
            {
                result.Add(dimension);
            }
        }

        result.Sort((a, b) => a.IdCustomDimension.CompareTo(b.IdCustomDimension));
        return result;
    }

    private static Dictionary<long, List<T>> ByVisit<T>(List<T> rows, Func<T, long> idVisit)
    {
        var result = new Dictionary<long, List<T>>();
        foreach (var row in rows)
        {
            var id = idVisit(row);
            if (!result.TryGetValue(id, out var list))
            {
                result[id] = list = [];
            }

            list.Add(row);
        }

        return result;
    }

    /// <summary>The lifetime orders and carts of the page's visitors, for the sites with ecommerce.</summary>
    private Dictionary<(int Site, string Visitor, int IdGoal), EcommerceTotals> EcommerceTotals(
        IReadOnlyList<VisitRow> visits, IReadOnlyDictionary<int, Site> sites, bool hideVisitor)
    {
        var result = new Dictionary<(int, string, int), EcommerceTotals>();
        if (hideVisitor)
        {
            return result;
        }

        var visitorsBySite = new Dictionary<int, Dictionary<string, byte[]>>();
        foreach (var visit in visits)
        {
            if (sites[visit.IdSite].Ecommerce)
            {
                if (!visitorsBySite.TryGetValue(visit.IdSite, out var visitors))
                {
                    visitorsBySite[visit.IdSite] = visitors = new Dictionary<string, byte[]>(StringComparer.Ordinal);
                }

                visitors.TryAdd(Convert.ToHexStringLower(visit.IdVisitor), visit.IdVisitor);
            }
        }

        foreach (var (idSite, visitors) in visitorsBySite)
        {
            foreach (var ((visitor, idGoal), total) in logs.EcommerceTotalsOfVisitors(idSite, visitors.Values))
            {
                result[(idSite, visitor, idGoal)] = total;
            }
        }

        return result;
    }

    private static PlainObject Visit(
        VisitRow visit,
        Site site,
        List<VisitLogConversion> conversions,
        Dictionary<(int Site, string Visitor, int IdGoal), EcommerceTotals> totals,
        bool hideVisitor)
    {
        var goalConversions = 0;
        foreach (var conversion in conversions)
        {
            if (conversion.IdGoal > 0)
            {
                goalConversions++;
            }
        }

        var timeZone = site.TimeZone;
        var lastAction = visit.VisitLastActionTime;
        var lastLocal = SiteTimeZones.ToLocal(lastAction, timeZone);
        var firstLocal = SiteTimeZones.ToLocal(visit.VisitFirstActionTime, timeZone);
        var visitorId = hideVisitor ? (object)false : Convert.ToHexStringLower(visit.IdVisitor);
        var details = new PlainObject
        {
            ["idSite"] = visit.IdSite,
            ["idVisit"] = visit.IdVisit,
            ["visitIp"] = hideVisitor ? null : IpText(visit.LocationIp),
            ["visitorId"] = visitorId,
            ["fingerprint"] = hideVisitor ? false : Convert.ToHexStringLower(visit.ConfigId),
            ["actionDetails"] = new List<PlainObject>(),
            ["goalConversions"] = goalConversions,
            ["siteCurrency"] = site.Currency,
            ["siteCurrencySymbol"] = CurrencySymbols.For(site.Currency),
            ["serverDate"] = lastAction.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["visitServerHour"] = LiveText.Hour(lastAction.Hour),
            ["lastActionTimestamp"] = LiveText.Timestamp(lastAction),
            ["lastActionDateTime"] = LiveText.DateTimeText(lastAction),
            ["siteName"] = site.Name,
            ["serverTimestamp"] = LiveText.Timestamp(lastAction),
            ["firstActionTimestamp"] = LiveText.Timestamp(visit.VisitFirstActionTime),
            ["serverTimePretty"] = LiveText.Time(lastLocal),
            ["serverDatePretty"] = LiveText.LongDate(lastLocal),
            ["serverDatePrettyFirstAction"] = LiveText.LongDate(firstLocal),
            ["serverTimePrettyFirstAction"] = LiveText.Time(firstLocal),
        };

        AddCoreHome(details, visit, hideVisitor);
        details["searches"] = visit.VisitTotalSearches;
        details["actions"] = visit.VisitTotalActions;
        details["interactions"] = visit.VisitTotalInteractions;
        AddReferrer(details, visit);
        details["languageCode"] = visit.LocationBrowserLang ?? "";
        details["language"] = BrowserLanguages.VisitorLogName(visit.LocationBrowserLang);
        AddDevice(details, visit);
        if (site.Ecommerce)
        {
            AddEcommerceTotals(details, visit, totals, visitorId as string);
        }

        details["events"] = visit.VisitTotalEvents;
        AddLocation(details, visit);
        details["visitLocalTime"] = visit.VisitorLocaltime?.ToString("HH:mm:ss", CultureInfo.InvariantCulture);
        details["visitLocalHour"] = LiveText.Hour(visit.VisitorLocaltime?.Hour ?? 0);
        details["daysSinceLastVisit"] = LiveText.Days(visit.VisitorSecondsSinceLast);
        details["secondsSinceLastVisit"] = visit.VisitorSecondsSinceLast;
        details["resolution"] = visit.ConfigResolution;
        AddBrowserPlugins(details, visit);
        return details;
    }

    private static string? IpText(byte[] ip) => ip.Length is 4 or 16 ? new IPAddress(ip).ToString() : null;

    private static void AddCoreHome(PlainObject details, VisitRow visit, bool hideVisitor)
    {
        details["userId"] = hideVisitor || string.IsNullOrEmpty(visit.UserId) ? null : visit.UserId;
        var visitorType = visit.VisitorReturning switch
        {
            2 => "returningCustomer",
            1 => "returning",
            _ => "new",
        };
        details["visitorType"] = visitorType;
        details["visitorTypeIcon"] = visitorType == "new" ? null : "plugins/Live/images/returningVisitor.png";
        details["visitConverted"] = visit.VisitGoalConverted;
        details["visitConvertedIcon"] = visit.VisitGoalConverted is > 0 ? "plugins/Morpheus/images/goal.svg" : null;
        details["visitCount"] = visit.VisitorCountVisits;
        var status = visit.VisitGoalBuyer switch
        {
            1 => "ordered",
            2 => "abandonedCart",
            3 => "orderedThenAbandonedCart",
            _ => "none",
        };
        details["visitEcommerceStatus"] = status;
        details["visitEcommerceStatusIcon"] = status switch
        {
            "ordered" or "orderedThenAbandonedCart" => "plugins/Morpheus/images/ecommerceOrder.svg",
            "abandonedCart" => "plugins/Morpheus/images/ecommerceAbandonedCart.svg",
            _ => null,
        };
        details["daysSinceFirstVisit"] = LiveText.Days(visit.VisitorSecondsSinceFirst);
        details["secondsSinceFirstVisit"] = visit.VisitorSecondsSinceFirst;
        details["daysSinceLastEcommerceOrder"] = LiveText.Days(visit.VisitorSecondsSinceOrder);
        details["secondsSinceLastEcommerceOrder"] = visit.VisitorSecondsSinceOrder;
        details["visitDuration"] = visit.VisitTotalTime;
        details["visitDurationPretty"] = MetricFormat.Duration(visit.VisitTotalTime);
    }

    private static void AddReferrer(PlainObject details, VisitRow visit)
    {
        var type = visit.RefererType;
        var isSearch = type == ReferrerType.SearchEngine;
        var name = QueryText.UrlDecode(visit.RefererName ?? "");
        var keyword = visit.RefererKeyword ?? "";
        if (isSearch && keyword.Length == 0)
        {
            keyword = KeywordNotDefined;
        }

        string? position = null;
        if (isSearch && name.Contains("Google", StringComparison.Ordinal) && visit.RefererUrl is { } googleUrl)
        {
            var query = PageUrl.Query(googleUrl);
            position = query.Length == 0 ? null : PageUrl.QueryParameter(query, "cd") is { Length: > 0 } cd && cd != "0" ? cd : null;
        }

        var searchEngineUrl = isSearch && !Php.Empty(visit.RefererName) ? ReferrerNames.SearchEngineUrl(visit.RefererName!) : null;
        var socialUrl = type == ReferrerType.Social && !Php.Empty(visit.RefererName) && visit.RefererUrl is { } referrerUrl
            ? ReferrerNames.SocialNetworkUrl(referrerUrl)
            : null;
        details["referrerType"] = ReferrerNames.ShortName(type);
        details["referrerTypeName"] = ReferrerNames.TypeLabel(type);
        details["referrerName"] = name;
        details["referrerKeyword"] = QueryText.UrlDecode(keyword);
        details["referrerKeywordPosition"] = position;
        details["referrerUrl"] = visit.RefererUrl is { } url && PageUrl.LooksLikeUrl(url) ? url : null;
        details["referrerSearchEngineUrl"] = searchEngineUrl;
        details["referrerSearchEngineIcon"] = searchEngineUrl is null ? null : ReferrerNames.SearchEngineIcon(searchEngineUrl);
        details["referrerSocialNetworkUrl"] = socialUrl;
        details["referrerSocialNetworkIcon"] = socialUrl is null ? null : ReferrerNames.SocialNetworkIcon(socialUrl);
    }

    private static void AddDevice(PlainObject details, VisitRow visit)
    {
        var names = DeviceNames.Default;
        var browser = names.BrowserLabel(visit.ConfigBrowserName);
        details["deviceType"] = names.DeviceTypeLabel(visit.ConfigDeviceType);
        details["deviceTypeIcon"] = DeviceNames.DeviceTypeIcon(visit.ConfigDeviceType);
        details["deviceBrand"] = names.BrandLabel(visit.ConfigDeviceBrand);
        details["deviceModel"] = DeviceNames.ModelName(visit.ConfigDeviceModel);
        details["operatingSystem"] = names.OsVersionLabel(visit.ConfigOs, visit.ConfigOsVersion);
        details["operatingSystemName"] = names.OsVersionLabel(visit.ConfigOs, null);
        details["operatingSystemIcon"] = names.OsIcon(visit.ConfigOs);
        details["operatingSystemCode"] = visit.ConfigOs;
        details["operatingSystemVersion"] = visit.ConfigOsVersion;
        details["browserFamily"] = visit.ConfigBrowserEngine;
        details["browserFamilyDescription"] = names.EngineLabel(visit.ConfigBrowserEngine);
        details["browser"] = browser == DeviceNames.UnknownLabel || string.IsNullOrEmpty(visit.ConfigBrowserVersion)
            ? browser
            : browser + " " + visit.ConfigBrowserVersion;
        details["browserName"] = browser;
        details["browserIcon"] = names.BrowserIcon(visit.ConfigBrowserName);
        details["browserCode"] = visit.ConfigBrowserName;
        details["browserVersion"] = visit.ConfigBrowserVersion;
    }

    /// <summary>
    /// The visitor's orders and abandoned carts over all their visits. Item counts are sums, which
    /// Matomo returns as text (<c>"6"</c>); without any order or cart every value is the number 0.
    /// </summary>
    private static void AddEcommerceTotals(
        PlainObject details, VisitRow visit, Dictionary<(int Site, string Visitor, int IdGoal), EcommerceTotals> totals, string? visitor)
    {
        void Add(string revenue, string count, string items, int idGoal)
        {
            if (visitor is not null && totals.TryGetValue((visit.IdSite, visitor, idGoal), out var total))
            {
                details[revenue] = total.Revenue;
                details[count] = total.Count;
                details[items] = total.Items.ToString("0", CultureInfo.InvariantCulture);
            }
            else
            {
                details[revenue] = 0;
                details[count] = 0;
                details[items] = 0;
            }
        }

        Add("totalEcommerceRevenue", "totalEcommerceConversions", "totalEcommerceItems", 0);
        Add("totalAbandonedCartsRevenue", "totalAbandonedCarts", "totalAbandonedCartsItems", -1);
    }

    private static void AddLocation(PlainObject details, VisitRow visit)
    {
        var country = visit.LocationCountry;
        var countryName = Countries.NameOf(country);
        var continent = Countries.ContinentOf(country);
        var region = visit.LocationRegion;
        var regionName = !string.IsNullOrEmpty(region) && region != Countries.Unknown ? region : null;
        var city = string.IsNullOrEmpty(visit.LocationCity) ? null : visit.LocationCity;
        var parts = new List<string>(3);
        if (city is not null)
        {
            parts.Add(city);
        }

        if (regionName is not null)
        {
            parts.Add(regionName);
        }

        parts.Add(countryName);
        details["continent"] = Continents.NameOf(continent);
        details["continentCode"] = continent;
        details["country"] = countryName;
        details["countryCode"] = country;
        details["countryFlag"] = Countries.FlagIcon(country);
        details["region"] = regionName;
        details["regionCode"] = region;
        details["city"] = city;
        details["location"] = string.Join(", ", parts);
        details["latitude"] = visit.LocationLatitude is { } latitude && latitude != 0 ? latitude : null;
        details["longitude"] = visit.LocationLongitude is { } longitude && longitude != 0 ? longitude : null;
    }

    private static void AddBrowserPlugins(PlainObject details, VisitRow visit)
    {
        int?[] values =
        [
            visit.ConfigCookie, visit.ConfigFlash, visit.ConfigJava, visit.ConfigPdf,
            visit.ConfigQuicktime, visit.ConfigRealplayer, visit.ConfigSilverlight, visit.ConfigWindowsmedia,
        ];
        var names = new List<string>();
        for (var i = 0; i < values.Length; i++)
        {
            if (values[i] == 1)
            {
                names.Add(s_browserPlugins[i]);
            }
        }

        details["plugins"] = string.Join(", ", names);
        if (names.Count == 0)
        {
            details["pluginsIcons"] = null;
            return;
        }

        var icons = new List<PlainObject>(names.Count);
        foreach (var name in names)
        {
            icons.Add(new PlainObject { ["pluginIcon"] = "plugins/Morpheus/icons/dist/plugins/" + name + ".png", ["pluginName"] = name });
        }

        details["pluginsIcons"] = icons;
    }
}
