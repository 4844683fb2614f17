using System.Globalization;
using Makoto.Core.Security;
using Makoto.Core.Sites;
using Makoto.Reporting.Api;
using Makoto.Storage;
using Makoto.Storage.Sites;
using Makoto.Tracking.Requests;
using Makoto.Tracking.Urls;

namespace Makoto.Plugins.SitesManager.Api;

/// <summary>
/// SitesManager's API (reporting-api.md §8): websites (add, update, get), their alias URLs, and the
/// global settings every site inherits (excluded IPs, user agents, query parameters and referrers,
/// default currency and time zone).
/// </summary>
internal sealed partial class SitesManagerApi(SiteStore sites, SiteAdministration administration, GlobalSiteSettings global, TrackerOptions tracker, TimeProvider clock) : IApiModule
{
    private const string Module = "SitesManager";
    private const int MaxNameLength = 90;

    public IEnumerable<ApiMethod> Methods()
    {
        yield return new ApiMethod(Module, "addSite", AddSite)
        {
            ParameterNames =
            [
                "siteName", "urls", "ecommerce", "siteSearch", "searchKeywordParameters", "searchCategoryParameters", "excludedIps",
                "excludedQueryParameters", "timezone", "currency", "group", "startDate", "excludedUserAgents", "keepURLFragments", "type",
                "excludeUnknownUrls", "excludedReferrers",
            ],
        };
        yield return new ApiMethod(Module, "updateSite", UpdateSite)
        {
            ParameterNames =
            [
                "idSite", "siteName", "urls", "ecommerce", "siteSearch", "searchKeywordParameters", "searchCategoryParameters", "excludedIps",
                "excludedQueryParameters", "timezone", "currency", "group", "startDate", "excludedUserAgents", "keepURLFragments", "type",
                "excludeUnknownUrls", "excludedReferrers",
            ],
        };
        yield return new ApiMethod(Module, "addSiteAliasUrls", call => SetAliases(call, replace: false)) { ParameterNames = ["idSite", "urls"] };
        yield return new ApiMethod(Module, "setSiteAliasUrls", call => SetAliases(call, replace: true)) { ParameterNames = ["idSite", "urls"] };
        yield return new ApiMethod(Module, "getSitesWithAdminAccess", call => WithAccess(call, AccessLevel.Admin).Select(s => (object?)ToPlain(s)).ToList())
        {
            ParameterNames = ["limit"],
        };
        yield return new ApiMethod(Module, "getSitesIdWithAdminAccess", call => WithAccess(call, AccessLevel.Admin).Select(s => (object?)s.IdSite).ToList());
        foreach (var method in GlobalSettings())
        {
            yield return method;
        }

        yield return new ApiMethod(Module, "getSitesIdFromSiteUrl", SitesIdFromSiteUrl) { ParameterNames = ["url"] };
        yield return new ApiMethod(Module, "getJavascriptTag", GetJavascriptTag) { ParameterNames = s_javascriptTagParameters };
        yield return new ApiMethod(Module, "getSiteFromId", call => ToPlain(call.RequireSite())) { ParameterNames = ["idSite"] };
        yield return new ApiMethod(Module, "getSiteUrlsFromId", call => new List<object?>(call.RequireSite().AllUrls)) { ParameterNames = ["idSite"] };
        yield return new ApiMethod(Module, "getSitesWithAtLeastViewAccess", call => WithAccess(call, AccessLevel.View).Select(s => (object?)ToPlain(s)).ToList())
        {
            ParameterNames = ["limit"],
        };
        yield return new ApiMethod(Module, "getSitesIdWithAtLeastViewAccess", call => WithAccess(call, AccessLevel.View).Select(s => (object?)s.IdSite).ToList());
        yield return new ApiMethod(Module, "getAllSitesId", call =>
        {
            call.RequireSuperUser();
            return sites.GetAll().Select(s => (object?)s.IdSite).ToList();
        });
        yield return new ApiMethod(Module, "getAllSites", call =>
        {
            call.RequireSuperUser();
            var result = new PlainObject();
            foreach (var site in sites.GetAll())
            {
                result[site.IdSite.ToString(CultureInfo.InvariantCulture)] = ToPlain(site);
            }

            return result;
        });
        yield return new ApiMethod(Module, "getSearchKeywordParametersGlobal", _ => new ApiValue(string.Join(',', tracker.SiteSearchKeywordParameters)));
        yield return new ApiMethod(Module, "getSearchCategoryParametersGlobal", _ =>
            new ApiValue(tracker.SiteSearchCategoryParameters.Length == 0 ? false : string.Join(',', tracker.SiteSearchCategoryParameters)));
    }

    private IEnumerable<Site> WithAccess(ApiCall call, AccessLevel level)
    {
        var limit = call.Parameters.GetInt("limit");
        var visible = sites.GetAll().Where(s => call.Access.Has(s.IdSite, level));
        return limit is > 0 ? visible.Take(limit.Value) : visible;
    }

    private object AddSite(ApiCall call)
    {
        call.RequireSuperUser();
        var urls = CheckUrls(call.Parameters.GetArray("urls"));
        if (urls.Count == 0)
        {
            throw new ApiException("You must specify at least one URL for the site.");
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var site = new Site
        {
            IdSite = 0,
            Name = SiteName(call["siteName"]),
            MainUrl = urls[0],
            AliasUrls = urls.Skip(1).ToList(),
            TsCreated = StartDate(call) ?? new DateTime(now.Ticks - (now.Ticks % TimeSpan.TicksPerSecond), DateTimeKind.Utc),
            Timezone = Timezone(call["timezone"] is { Length: > 0 } timezone ? timezone : global.DefaultTimezone ?? "UTC"),
            Currency = Currency(call["currency"] is { Length: > 0 } currency ? currency : global.DefaultCurrency ?? "USD"),
            CreatorLogin = call.Access.Login,
        };
        return new ApiValue(sites.Add(ApplySettings(call, site)));
    }

    /// <summary>
    /// Matomo's <c>updateSite</c>: an admin of the site changes what the call gives; parameters left out
    /// keep their values, and <c>urls</c> replaces the main URL and the aliases.
    /// </summary>
    private object UpdateSite(ApiCall call)
    {
        var site = call.RequireSite(AccessLevel.Admin);
        if (call["siteName"] is not null)
        {
            site = site with { Name = SiteName(call["siteName"]) };
        }

        if (call.Parameters.Has("urls"))
        {
            var urls = CheckUrls(call.Parameters.GetArray("urls"));
            if (urls.Count == 0)
            {
                throw new ApiException("You must specify at least one URL for the site.");
            }

            site = site with { MainUrl = urls[0], AliasUrls = urls.Skip(1).ToList() };
        }

        if (StartDate(call) is { } start)
        {
            site = site with { TsCreated = start };
        }

        if (call["timezone"] is { Length: > 0 } timezone)
        {
            site = site with { Timezone = Timezone(timezone) };
        }

        if (call["currency"] is { Length: > 0 } currency)
        {
            site = site with { Currency = Currency(currency) };
        }

        sites.Update(ApplySettings(call, site));
        return ApiSuccess.Instance;
    }

    /// <summary>The settings addSite and updateSite share, each changed only when the call gives it.</summary>
    private static Site ApplySettings(ApiCall call, Site site)
    {
        var keepFragments = call.Parameters.GetInt("keepURLFragments") ?? site.KeepUrlFragment;
        if (keepFragments is < 0 or > 2)
        {
            throw new ApiException("keepURLFragments must be 0 (use the default), 1 (keep) or 2 (remove).");
        }

        return site with
        {
            Ecommerce = call.Parameters.GetBool("ecommerce", fallback: site.Ecommerce),
            SiteSearch = call.Parameters.GetBool("siteSearch", fallback: site.SiteSearch),
            SiteSearchKeywordParameters = CommaList(call["searchKeywordParameters"] ?? site.SiteSearchKeywordParameters),
            SiteSearchCategoryParameters = CommaList(call["searchCategoryParameters"] ?? site.SiteSearchCategoryParameters),
            ExcludeUnknownUrls = call.Parameters.GetBool("excludeUnknownUrls", fallback: site.ExcludeUnknownUrls),
            ExcludedIps = CommaList(call["excludedIps"] ?? site.ExcludedIps),
            ExcludedParameters = CommaList(call["excludedQueryParameters"] ?? site.ExcludedParameters),
            ExcludedUserAgents = CommaList(call["excludedUserAgents"] ?? site.ExcludedUserAgents),
            ExcludedReferrers = CommaList(call["excludedReferrers"] ?? site.ExcludedReferrers),
            Group = call["group"] ?? site.Group,
            Type = string.IsNullOrWhiteSpace(call["type"]) ? site.Type : call["type"]!,
            KeepUrlFragment = keepFragments,
        };
    }

    /// <summary>
    /// addSiteAliasUrls adds the given URLs to the site's aliases, setSiteAliasUrls replaces them; both
    /// answer with the number of URLs added (those already known are not counted).
    /// </summary>
    private object SetAliases(ApiCall call, bool replace)
    {
        var site = call.RequireSite(AccessLevel.Admin);
        var given = CheckUrls(call.Parameters.GetArray("urls"));
        var aliases = replace ? new List<string>() : [.. site.AliasUrls];
        var added = 0;
        foreach (var url in given)
        {
            if (!string.Equals(url, site.MainUrl, StringComparison.OrdinalIgnoreCase) && !aliases.Contains(url, StringComparer.OrdinalIgnoreCase))
            {
                aliases.Add(url);
                added++;
            }
        }

        sites.Update(site with { AliasUrls = aliases });
        return new ApiValue(added);
    }

    private static string SiteName(string? value)
    {
        var name = (value ?? "").Trim();
        if (name.Length == 0)
        {
            throw new ApiException("The website name can't be empty.");
        }

        return name.Length <= MaxNameLength
            ? name
            : throw new ApiException($"The website name is too long: at most {MaxNameLength} characters are allowed.");
    }

    private static DateTime? StartDate(ApiCall call)
    {
        if (call["startDate"] is not { Length: > 0 } startDate)
        {
            return null;
        }

        return DateOnly.TryParseExact(startDate.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var start)
            ? start.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc)
            : throw new ApiException($"The start date \"{startDate}\" is not valid; use YYYY-MM-DD.");
    }

    private static string Timezone(string value)
    {
        var timezone = value.Trim();
        return SiteTimeZones.IsValid(timezone)
            ? timezone
            : throw new ApiException($"The timezone \"{timezone}\" is not valid. Please enter a valid timezone.");
    }

    private static string Currency(string value)
    {
        var currency = value.Trim().ToUpperInvariant();
        return currency.Length == 3 && currency.All(char.IsAsciiLetterUpper)
            ? currency
            : throw new ApiException($"The currency \"{currency}\" is not valid. Please enter a valid currency symbol (e.g. \"EUR\").");
    }

    /// <summary>
    /// The global settings: read by any user with admin access to some site, changed by super users only,
    /// as in Matomo. Lists are stored comma-separated without blanks.
    /// </summary>
    private IEnumerable<ApiMethod> GlobalSettings()
    {
        foreach (var (name, option, parameter) in (List<(string Name, string Option, string Parameter)>)
        [
            ("ExcludedIps", GlobalSiteSettings.ExcludedIpsOption, "excludedIps"),
            ("ExcludedUserAgents", GlobalSiteSettings.ExcludedUserAgentsOption, "excludedUserAgents"),
            ("ExcludedQueryParameters", GlobalSiteSettings.ExcludedQueryParametersOption, "excludedQueryParameters"),
            ("ExcludedReferrers", GlobalSiteSettings.ExcludedReferrersOption, "excludedReferrers"),
        ])
        {
            yield return new ApiMethod(Module, "get" + name + "Global", call =>
            {
                RequireSomeAdminAccess(call);
                return new ApiValue(global.Get(option) ?? "");
            });
            yield return new ApiMethod(Module, "setGlobal" + name, call =>
            {
                call.RequireSuperUser();
                global.Set(option, CommaList(call[parameter]));
                return new ApiValue(true);
            })
            {
                ParameterNames = [parameter],
            };
        }

        yield return new ApiMethod(Module, "getDefaultCurrency", call =>
        {
            RequireSomeAdminAccess(call);
            return new ApiValue(global.DefaultCurrency ?? "USD");
        });
        yield return new ApiMethod(Module, "setDefaultCurrency", call =>
        {
            call.RequireSuperUser();
            global.Set(GlobalSiteSettings.DefaultCurrencyOption, Currency(call.Parameters.Require("defaultCurrency")));
            return new ApiValue(true);
        })
        {
            ParameterNames = ["defaultCurrency"],
        };
        yield return new ApiMethod(Module, "getDefaultTimezone", call =>
        {
            RequireSomeAdminAccess(call);
            return new ApiValue(global.DefaultTimezone ?? "UTC");
        });
        yield return new ApiMethod(Module, "setDefaultTimezone", call =>
        {
            call.RequireSuperUser();
            global.Set(GlobalSiteSettings.DefaultTimezoneOption, Timezone(call.Parameters.Require("defaultTimezone")));
            return new ApiValue(true);
        })
        {
            ParameterNames = ["defaultTimezone"],
        };
    }

    private static void RequireSomeAdminAccess(ApiCall call)
    {
        if (!call.Access.IsSuperUser && !call.Access.Sites.Values.Any(level => level >= AccessLevel.Admin))
        {
            throw new ApiException("You can't access this resource as it requires 'admin' access for at least one website.", call.Access.IsAnonymous ? 401 : 200);
        }
    }

    /// <summary>Matomo's URL checks: a scheme is required, the trailing slash is removed, duplicates dropped.</summary>
    private static List<string> CheckUrls(IReadOnlyList<string> urls)
    {
        var result = new List<string>();
        foreach (var raw in urls)
        {
            foreach (var part in raw.Split(['\n', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                var url = part.Contains("://", StringComparison.Ordinal) ? part : "http://" + part;
                if (!PageUrl.LooksLikeUrl(url) || PageUrl.Host(url).Length == 0)
                {
                    throw new ApiException($"The url '{part}' is not a valid URL.");
                }

                url = url.TrimEnd('/');
                if (!result.Contains(url, StringComparer.OrdinalIgnoreCase))
                {
                    result.Add(url);
                }
            }
        }

        return result;
    }

    private static string CommaList(string? value) =>
        string.Join(',', (value ?? "").Split([',', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    /// <summary>SitesManager.getSitesIdFromSiteUrl: the sites with a URL on the same host (with or without www., any scheme).</summary>
    private object SitesIdFromSiteUrl(ApiCall call)
    {
        var url = call["url"];
        if (string.IsNullOrWhiteSpace(url))
        {
            throw new ApiException("Please specify a value for 'url'.");
        }

        var host = PageUrl.Host(url.Contains("://", StringComparison.Ordinal) ? url : "http://" + url);
        var result = new List<object?>();
        foreach (var id in administration.FindByHost(host))
        {
            if (call.Access.Has(id, AccessLevel.View))
            {
                result.Add(new PlainObject { ["idsite"] = id });
            }
        }

        return result;
    }

    /// <summary>A site as Matomo's API returns it.</summary>
    public static PlainObject ToPlain(Site site) => new()
    {
        ["idsite"] = site.IdSite,
        ["name"] = site.Name,
        ["main_url"] = site.MainUrl,
        ["ts_created"] = SqlDates.FormatDateTime(site.TsCreated),
        ["ecommerce"] = site.Ecommerce ? 1 : 0,
        ["sitesearch"] = site.SiteSearch ? 1 : 0,
        ["sitesearch_keyword_parameters"] = site.SiteSearchKeywordParameters,
        ["sitesearch_category_parameters"] = site.SiteSearchCategoryParameters,
        ["timezone"] = site.Timezone,
        ["currency"] = site.Currency,
        ["exclude_unknown_urls"] = site.ExcludeUnknownUrls ? 1 : 0,
        ["excluded_ips"] = site.ExcludedIps,
        ["excluded_parameters"] = site.ExcludedParameters,
        ["excluded_user_agents"] = site.ExcludedUserAgents,
        ["excluded_referrers"] = site.ExcludedReferrers,
        ["group"] = site.Group,
        ["type"] = site.Type,
        ["keep_url_fragment"] = site.KeepUrlFragment,
        ["creator_login"] = site.CreatorLogin,
    };
}
