using System.Globalization;
using Makoto.Core.Security;
using Makoto.Core.Sites;
using Makoto.Reporting.Api;
using Makoto.Storage;
using Makoto.Storage.Sites;
using Makoto.Storage.Users;
using Makoto.Tracking.Requests;
using Makoto.Tracking.Urls;

namespace Makoto.Plugins.SitesManager.Api;

/// <summary>
/// SitesManager's API (reporting-api.md §8): websites (add, update, delete, get), their alias URLs, the
/// global settings every site inherits (excluded IPs, user agents, query parameters and referrers,
/// default currency and time zone), and the time zones and currencies a site can have.
/// </summary>
internal sealed partial class SitesManagerApi(
    SiteStore sites,
    SiteAdministration administration,
    GlobalSiteSettings global,
    TrackerOptions tracker,
    UserStore users) : IApiModule
{
    private const string Module = "SitesManager";

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
        yield return new ApiMethod(Module, "deleteSite", DeleteSite) { ParameterNames = ["idSite", "passwordConfirmation"] };
        yield return new ApiMethod(Module, "getTimezonesList", _ => SiteChoices.Timezones);
        yield return new ApiMethod(Module, "isTimezoneSupportEnabled", _ => new ApiValue(true));
        yield return new ApiMethod(Module, "getUniqueSiteTimezones", _ =>
            sites.GetAll().Select(s => s.Timezone).Distinct(StringComparer.Ordinal).Select(t => (object?)t).ToList());
        yield return new ApiMethod(Module, "getCurrencyList", _ => SiteChoices.CurrencyList());
        yield return new ApiMethod(Module, "getCurrencySymbols", _ => SiteChoices.CurrencySymbolList());
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
        var settings = Settings(call);
        return new ApiValue(Administer(() => administration.Add(settings, call.Access.Login)));
    }

    /// <summary>
    /// Matomo's <c>updateSite</c>: an admin of the site changes what the call gives; parameters left out
    /// keep their values, and <c>urls</c> replaces the main URL and the aliases.
    /// </summary>
    private object UpdateSite(ApiCall call)
    {
        var site = call.RequireSite(AccessLevel.Admin);
        var settings = Settings(call);
        Administer(() => administration.Update(site.IdSite, settings));
        return ApiSuccess.Instance;
    }

    /// <summary>
    /// Matomo's <c>deleteSite</c>: super users only, confirmed with the caller's password when the call comes from a
    /// logged-in session (<c>force_api_session=1</c>); the last site cannot be deleted. The site's goals, users'
    /// access, archives and logs go with it, and its id is never given to another site.
    /// </summary>
    private object DeleteSite(ApiCall call)
    {
        call.RequireSuperUser();
        if (call.Parameters.GetBool("force_api_session"))
        {
            call.ConfirmCallerPassword(users.GetUser(call.Access.Login)?.PasswordHash);
        }

        var idSite = call.Parameters.GetInt("idSite") ?? throw new ApiException("Please specify a value for 'idSite'.");
        if (sites.Get(idSite) is null)
        {
            throw new ApiException($"website id = {idSite} not found");
        }

        Administer(() => administration.Delete(idSite));
        return ApiSuccess.Instance;
    }

    /// <summary>The settings addSite and updateSite take; a parameter left out is null (not changed, or the default).</summary>
    private static SiteSettings Settings(ApiCall call) => new()
    {
        Name = call["siteName"],
        Urls = call.Parameters.Has("urls") ? call.Parameters.GetArray("urls") : null,
        Timezone = call["timezone"],
        Currency = call["currency"],
        Ecommerce = Flag(call, "ecommerce"),
        SiteSearch = Flag(call, "siteSearch"),
        SearchKeywordParameters = call["searchKeywordParameters"],
        SearchCategoryParameters = call["searchCategoryParameters"],
        ExcludedIps = call["excludedIps"],
        ExcludedParameters = call["excludedQueryParameters"],
        ExcludedUserAgents = call["excludedUserAgents"],
        ExcludedReferrers = call["excludedReferrers"],
        ExcludeUnknownUrls = Flag(call, "excludeUnknownUrls"),
        KeepUrlFragment = call.Parameters.GetInt("keepURLFragments"),
        Group = call["group"],
        Type = call["type"],
        StartDate = Administer(() => SiteAdministration.ParseStartDate(call["startDate"])),
    };

    private static bool? Flag(ApiCall call, string name) => string.IsNullOrEmpty(call[name]) ? null : call.Parameters.GetBool(name);

    /// <summary>Runs a <see cref="SiteAdministration"/> step; a broken rule becomes an API error with its message.</summary>
    private static T Administer<T>(Func<T> step)
    {
        try
        {
            return step();
        }
        catch (ArgumentException error)
        {
            throw new ApiException(error.Message);
        }
    }

    /// <summary>
    /// addSiteAliasUrls adds the given URLs to the site's aliases, setSiteAliasUrls replaces them; both
    /// answer with the number of URLs added (those already known are not counted).
    /// </summary>
    private object SetAliases(ApiCall call, bool replace)
    {
        var site = call.RequireSite(AccessLevel.Admin);
        var given = Administer(() => SiteAdministration.CheckUrls(call.Parameters.GetArray("urls")));
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
                global.Set(option, SiteAdministration.CommaList(call[parameter]));
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
            global.Set(GlobalSiteSettings.DefaultCurrencyOption, Administer(() => SiteAdministration.CheckCurrency(call.Parameters.Require("defaultCurrency"))));
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
            global.Set(GlobalSiteSettings.DefaultTimezoneOption, Administer(() => SiteAdministration.CheckTimezone(call.Parameters.Require("defaultTimezone"))));
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
