using System.Globalization;
using Makoto.Core.Sites;
using Makoto.Reporting.Api;
using Makoto.Reporting.Metrics;
using Makoto.Storage.CustomDimensions;
using Makoto.Storage.Logs;

namespace Makoto.Plugins.Live.VisitorLog;

/// <summary>
/// Live.getVisitorProfile: a summary of a visitor's last visits (up to 100, newest first) built
/// from their visitor log entries, with the keys Matomo's plugins add in their order (Live,
/// Actions, DevicesDetection, Goals, Ecommerce, Events, UserCountry, CustomDimensions), the last visits themselves,
/// and the visitors shown before and after this one in the visitor log.
/// </summary>
internal sealed class VisitorProfileBuilder(LogReader logs, CustomDimensionStore customDimensions)
{
    private const string DirectEntry = "Direct Entry";
    private const string KeywordNotDefined = "Keyword not defined";

    /// <param name="site">The visitor's site.</param>
    /// <param name="visitorId">The visitor id (hex) or null.</param>
    /// <param name="visitor">The visitor id's bytes, or null.</param>
    /// <param name="visits">The visitor's visits, newest first (not empty).</param>
    /// <param name="firstVisit">The visitor's first visit when <paramref name="visits"/> does not reach back to it.</param>
    /// <param name="hasMoreVisits">True when the visitor has more visits than <paramref name="visits"/>.</param>
    /// <param name="visitsShown">How many of the newest visits <c>lastVisits</c> lists.</param>
    /// <param name="nowUtc">The current time (for <c>daysAgo</c>).</param>
    public PlainObject Build(
        Site site,
        string? visitorId,
        byte[]? visitor,
        List<PlainObject> visits,
        PlainObject? firstVisit,
        bool hasMoreVisits,
        int visitsShown,
        DateTime nowUtc)
    {
        var profile = new PlainObject
        {
            ["visitorId"] = (object?)visitorId ?? false,
            ["hasMoreVisits"] = hasMoreVisits,
            ["totalVisits"] = 0,
            ["totalVisitDuration"] = 0L,
            ["totalActions"] = 0L,
            ["totalOutlinks"] = 0,
            ["totalDownloads"] = 0,
            ["totalSearches"] = 0,
            ["totalPageViews"] = 0,
            ["totalUniquePageViews"] = 0,
            ["totalRevisitedPages"] = 0,
            ["totalPageViewsWithTiming"] = 0,
            ["totalPageViewsWithLoadTime"] = 0,
            ["searches"] = new List<PlainObject>(),
            ["totalGoalConversions"] = 0L,
            ["totalConversionsByGoal"] = new List<object>(),
        };
        if (site.Ecommerce)
        {
            profile["totalEcommerceRevenue"] = 0;
            profile["totalEcommerceConversions"] = 0;
            profile["totalEcommerceItems"] = 0;
            profile["totalAbandonedCarts"] = 0;
            profile["totalAbandonedCartsRevenue"] = 0;
            profile["totalAbandonedCartsItems"] = 0;
        }

        profile["totalEvents"] = 0;
        profile["hasLatLong"] = false;

        var pages = new Dictionary<string, int>(StringComparer.Ordinal);
        var pageOrder = new List<string>();
        var keywords = new Dictionary<string, int>(StringComparer.Ordinal);
        var keywordOrder = new List<string>();
        var conversionsByGoal = new PlainObject();
        PlainObject? revenueByGoal = null;
        double generationTime = 0, loadTime = 0;
        var devices = new Dictionary<string, (int Count, object? Icon, PlainObject Devices)>(StringComparer.Ordinal);
        var deviceOrder = new List<string>();
        var countries = new Dictionary<string, int>(StringComparer.Ordinal);
        var countryOrder = new List<string>();
        var cities = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var continents = new Dictionary<string, int>(StringComparer.Ordinal);
        var continentOrder = new List<string>();
        var dimensionValues = new OrderedDictionary<string, OrderedDictionary<string, OrderedDictionary<string, int>>>(StringComparer.Ordinal)
        {
            ["action"] = new(StringComparer.Ordinal),
            ["visit"] = new(StringComparer.Ordinal),
        };
        var visitDimensions = VisitorLogBuilder.ActiveDimensions(customDimensions, site.IdSite, "visit");
        var actionDimensions = VisitorLogBuilder.ActiveDimensions(customDimensions, site.IdSite, "action");

        foreach (var visit in visits)
        {
            CountDimensions(visit, visitDimensions, dimensionValues["visit"]);
            profile["totalVisits"] = (int)profile["totalVisits"]! + 1;
            profile["totalVisitDuration"] = (long)profile["totalVisitDuration"]! + Number(visit["visitDuration"]);
            profile["totalActions"] = (long)profile["totalActions"]! + Number(visit["actions"]);
            CountDevice(visit, devices, deviceOrder);
            profile["totalGoalConversions"] = (long)profile["totalGoalConversions"]! + Number(visit["goalConversions"]);
            if (visit.GetValueOrDefault("latitude") is not null)
            {
                profile["hasLatLong"] = true;
            }

            var country = visit["countryCode"] as string ?? "";
            Increment(countries, countryOrder, country);
            Increment(continents, continentOrder, visit["continentCode"] as string ?? "");
            if (country.Length > 0 && !cities.ContainsKey(country))
            {
                cities[country] = [];
            }

            if (visit.GetValueOrDefault("city") is string { Length: > 0 } city)
            {
                cities[country].Add(city);
            }

            foreach (var action in (List<PlainObject>)visit["actionDetails"]!)
            {
                CountDimensions(action, actionDimensions, dimensionValues["action"]);
                var type = action.GetValueOrDefault("type");
                switch (type)
                {
                    case "download":
                        profile["totalDownloads"] = (int)profile["totalDownloads"]! + 1;
                        break;
                    case "outlink":
                        profile["totalOutlinks"] = (int)profile["totalOutlinks"]! + 1;
                        break;
                    case "action":
                        profile["totalPageViews"] = (int)profile["totalPageViews"]! + 1;
                        if (action.GetValueOrDefault("url") is string { Length: > 0 } url)
                        {
                            if (!pages.ContainsKey(url))
                            {
                                pageOrder.Add(url);
                                profile["totalUniquePageViews"] = (int)profile["totalUniquePageViews"]! + 1;
                            }

                            pages[url] = pages.GetValueOrDefault(url) + 1;
                            if (pages[url] == 2)
                            {
                                profile["totalRevisitedPages"] = (int)profile["totalRevisitedPages"]! + 1;
                            }
                        }

                        break;
                    case "event":
                        profile["totalEvents"] = (int)profile["totalEvents"]! + 1;
                        break;
                    case "goal":
                        if (action.GetValueOrDefault("goalId") is int idGoal)
                        {
                            var key = "idgoal=" + idGoal.ToString(CultureInfo.InvariantCulture);
                            conversionsByGoal[key] = (int)(conversionsByGoal.GetValueOrDefault(key) ?? 0) + 1;
                            if (action.GetValueOrDefault("revenue") is double revenue && revenue != 0)
                            {
                                if (revenueByGoal is null)
                                {
                                    revenueByGoal = [];
                                    profile["totalRevenueByGoal"] = revenueByGoal;
                                }

                                revenueByGoal[key] = (double)(revenueByGoal.GetValueOrDefault(key) ?? 0.0) + revenue;
                            }
                        }

                        break;
                }

                if (action.GetValueOrDefault("siteSearchKeyword") is string keyword)
                {
                    if (!keywords.ContainsKey(keyword))
                    {
                        keywordOrder.Add(keyword);
                        profile["totalSearches"] = (int)profile["totalSearches"]! + 1;
                    }

                    keywords[keyword] = keywords.GetValueOrDefault(keyword) + 1;
                }

                if (action.GetValueOrDefault("generationTimeMilliseconds") is double generation)
                {
                    generationTime += generation;
                    profile["totalPageViewsWithTiming"] = (int)profile["totalPageViewsWithTiming"]! + 1;
                }

                if (action.GetValueOrDefault("pageLoadTimeMilliseconds") is long load)
                {
                    loadTime += load;
                    profile["totalPageViewsWithLoadTime"] = (int)profile["totalPageViewsWithLoadTime"]! + 1;
                }
            }
        }

        if (conversionsByGoal.Count > 0)
        {
            profile["totalConversionsByGoal"] = conversionsByGoal;
        }

        var newest = visits[0];
        var oldest = visits[^1];
        var shown = visits.GetRange(0, Math.Min(visitsShown, visits.Count));
        profile["lastVisits"] = shown;
        var latest = DateTime.SpecifyKind(
            DateTime.ParseExact((string)newest["lastActionDateTime"]!, "yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture), DateTimeKind.Utc);
        profile["nextVisitorId"] = Adjacent(site, visitor, latest, earlier: true);
        profile["previousVisitorId"] = Adjacent(site, visitor, latest, earlier: false);

        profile["totalVisitDurationPretty"] = MetricFormat.Duration((long)profile["totalVisitDuration"]!);
        profile["userId"] = shown[^1].GetValueOrDefault("userId") ?? false;
        profile["firstVisit"] = VisitSummary(firstVisit ?? oldest, nowUtc);
        profile["lastVisit"] = VisitSummary(newest, nowUtc);
        profile["visitsAggregated"] = shown.Count;
        profile["visitedPages"] = VisitedPages(pages, pageOrder);
        profile["searches"] = Searches(keywords, keywordOrder);
        if ((int)profile["totalPageViewsWithTiming"]! > 0)
        {
            profile["averagePageGenerationTime"] = Math.Round(generationTime / (1000.0 * (int)profile["totalPageViewsWithTiming"]!), 3, MidpointRounding.AwayFromZero);
        }

        if ((int)profile["totalPageViewsWithLoadTime"]! > 0)
        {
            profile["averagePageLoadTime"] = Math.Round(loadTime / (1000.0 * (int)profile["totalPageViewsWithLoadTime"]!), 3, MidpointRounding.AwayFromZero);
        }

        profile["devices"] = Devices(devices, deviceOrder);
        if (site.Ecommerce)
        {
            foreach (var key in (string[])["totalEcommerceRevenue", "totalEcommerceConversions", "totalEcommerceItems", "totalAbandonedCartsRevenue", "totalAbandonedCarts", "totalAbandonedCartsItems"])
            {
                profile[key] = shown[^1].GetValueOrDefault(key);
            }
        }

        profile["countries"] = Countries(countries, countryOrder, cities);
        profile["continents"] = Continents(continents, continentOrder);
        var dimensionSummary = new PlainObject();
        foreach (var (scope, names) in dimensionValues)
        {
            if (names.Count > 0)
            {
                var list = new List<PlainObject>();
                foreach (var (name, values) in names)
                {
                    var sortedValues = new List<PlainObject>();
                    foreach (var value in StableSort([.. values.Keys], (a, b) => values[b].CompareTo(values[a])))
                    {
                        sortedValues.Add(new PlainObject { ["value"] = value, ["count"] = values[value] });
                    }

                    list.Add(new PlainObject { ["name"] = name, ["values"] = sortedValues });
                }

                dimensionSummary[scope] = list;
            }
        }

        if (dimensionSummary.Count > 0)
        {
            profile["customDimensions"] = dimensionSummary;
        }

        return profile;
    }

    /// <summary>Counts the non-empty values of the dimensions (<c>dimension{id}</c> keys) of a visit or action by dimension name.</summary>
    private static void CountDimensions(PlainObject details, List<CustomDimension> dimensions, OrderedDictionary<string, OrderedDictionary<string, int>> counts)
    {
        foreach (var dimension in dimensions)
        {
            if (details.GetValueOrDefault("dimension" + dimension.IdCustomDimension.ToString(CultureInfo.InvariantCulture)) is not string { Length: > 0 } value || value == "0")
            {
                continue;
            }

            if (!counts.TryGetValue(dimension.Name, out var values))
            {
                counts[dimension.Name] = values = new OrderedDictionary<string, int>(StringComparer.Ordinal);
            }

            values[value] = values.GetValueOrDefault(value) + 1;
        }
    }

    private object Adjacent(Site site, byte[]? visitor, DateTime latest, bool earlier) =>
        visitor is not null && logs.AdjacentVisitor(site.IdSite, visitor, latest, earlier) is { } adjacent
            ? Convert.ToHexStringLower(adjacent)
            : false;

    /// <summary>A visit's date and referrer, as the profile describes its first and last visit.</summary>
    private static PlainObject VisitSummary(PlainObject visit, DateTime nowUtc)
    {
        var timestamp = (long)visit["firstActionTimestamp"]!;
        var time = DateTime.UnixEpoch.AddSeconds(timestamp);
        var today = nowUtc.Date;
        return new PlainObject
        {
            ["date"] = timestamp,
            ["prettyDate"] = LiveText.LongDate(time),
            ["daysAgo"] = (long)Math.Floor((today - time).TotalSeconds / 86400),
            ["referrerType"] = visit["referrerType"],
            ["referrerUrl"] = visit["referrerUrl"] as string ?? "",
            ["referralSummary"] = ReferralSummary(visit),
        };
    }

    private static string ReferralSummary(PlainObject visit)
    {
        var name = visit["referrerName"] as string ?? "";
        var keyword = visit["referrerKeyword"] as string ?? "";
        switch (visit["referrerType"] as string)
        {
            case "" or null or "direct":
                return DirectEntry;
            case "search":
                return keyword != KeywordNotDefined ? name + " (" + keyword + ")" : name;
            case "campaign":
                return "Campaign: " + name + (Php.Empty(keyword) ? "" : " - " + keyword);
            default:
                return name;
        }
    }

    private static void CountDevice(PlainObject visit, Dictionary<string, (int Count, object? Icon, PlainObject Devices)> devices, List<string> order)
    {
        var type = visit["deviceType"] as string ?? "";
        var name = ((visit["deviceBrand"] as string ?? "") + " " + (visit["deviceModel"] as string ?? "")).Trim();
        if (!devices.TryGetValue(type, out var entry))
        {
            entry = (0, visit["deviceTypeIcon"], new PlainObject());
            order.Add(type);
        }

        entry.Devices[name] = (int)(entry.Devices.GetValueOrDefault(name) ?? 0) + 1;
        devices[type] = (entry.Count + 1, entry.Icon, entry.Devices);
    }

    /// <summary>Device types by their count compared as text, the largest first (Matomo compares them with strcmp).</summary>
    private static object Devices(Dictionary<string, (int Count, object? Icon, PlainObject Devices)> devices, List<string> order)
    {
        if (order.Count == 0)
        {
            return new List<object>();
        }

        var sorted = new List<string>(order);
        sorted.Sort((a, b) =>
        {
            var byCount = string.CompareOrdinal(devices[b].Count.ToString(CultureInfo.InvariantCulture), devices[a].Count.ToString(CultureInfo.InvariantCulture));
            return byCount != 0 ? byCount : order.IndexOf(a).CompareTo(order.IndexOf(b));
        });
        var result = new PlainObject();
        foreach (var type in sorted)
        {
            var (count, icon, names) = devices[type];
            result[type] = new PlainObject { ["count"] = count, ["icon"] = icon, ["devices"] = names };
        }

        return result;
    }

    /// <summary>Pages by visits, the most visited first, then by URL.</summary>
    private static List<PlainObject> VisitedPages(Dictionary<string, int> pages, List<string> order)
    {
        var sorted = new List<string>(order);
        sorted.Sort((a, b) => pages[a] != pages[b] ? pages[b].CompareTo(pages[a]) : string.CompareOrdinal(a, b));
        var result = new List<PlainObject>(sorted.Count);
        foreach (var url in sorted)
        {
            result.Add(new PlainObject { ["url"] = url, ["count"] = pages[url] });
        }

        return result;
    }

    /// <summary>Site search keywords, the most searched first (ties in order of first search).</summary>
    private static List<PlainObject> Searches(Dictionary<string, int> keywords, List<string> order)
    {
        var sorted = StableSort(order, (a, b) => keywords[b].CompareTo(keywords[a]));
        var result = new List<PlainObject>(sorted.Count);
        foreach (var keyword in sorted)
        {
            result.Add(new PlainObject { ["keyword"] = keyword, ["searches"] = keywords[keyword] });
        }

        return result;
    }

    /// <summary>Countries by visits, the fewest first (Matomo's asort), with their flag, name and cities.</summary>
    private static List<PlainObject> Countries(Dictionary<string, int> countries, List<string> order, Dictionary<string, List<string>> cities)
    {
        var result = new List<PlainObject>();
        foreach (var code in StableSort(order, (a, b) => countries[a].CompareTo(countries[b])))
        {
            var country = new PlainObject
            {
                ["country"] = code,
                ["nb_visits"] = countries[code],
                ["flag"] = UserCountry.Countries.FlagIcon(code),
                ["prettyName"] = UserCountry.Countries.NameOf(code),
            };
            if (cities.TryGetValue(code, out var names) && names.Count > 0)
            {
                country["cities"] = names.Distinct(StringComparer.Ordinal).ToList();
            }

            result.Add(country);
        }

        return result;
    }

    /// <summary>Continents by visits, the fewest first.</summary>
    private static List<PlainObject> Continents(Dictionary<string, int> continents, List<string> order)
    {
        var result = new List<PlainObject>();
        foreach (var code in StableSort(order, (a, b) => continents[a].CompareTo(continents[b])))
        {
            result.Add(new PlainObject
            {
                ["continent"] = code,
                ["nb_visits"] = continents[code],
                ["prettyName"] = UserCountry.Continents.NameOf(code),
            });
        }

        return result;
    }

    private static List<string> StableSort(List<string> order, Comparison<string> comparison)
    {
        var sorted = new List<string>(order);
        sorted.Sort((a, b) =>
        {
            var result = comparison(a, b);
            return result != 0 ? result : order.IndexOf(a).CompareTo(order.IndexOf(b));
        });
        return sorted;
    }

    private static void Increment(Dictionary<string, int> counts, List<string> order, string key)
    {
        if (!counts.ContainsKey(key))
        {
            order.Add(key);
        }

        counts[key] = counts.GetValueOrDefault(key) + 1;
    }

    private static long Number(object? value) => value switch
    {
        int i => i,
        long l => l,
        double d => (long)d,
        _ => 0,
    };
}
