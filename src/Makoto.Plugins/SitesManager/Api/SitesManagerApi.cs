using System.Globalization;
using Makoto.Core.Security;
using Makoto.Core.Sites;
using Makoto.Reporting.Api;
using Makoto.Storage;
using Makoto.Storage.Sites;
using Makoto.Tracking.Requests;
using Makoto.Tracking.Urls;

namespace Makoto.Plugins.SitesManager.Api;

/// <summary>SitesManager's API (reporting-api.md §8): websites and their URLs.</summary>
internal sealed partial class SitesManagerApi(SiteStore sites, SiteAdministration administration, TrackerOptions tracker) : IApiModule
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
        yield return new ApiMethod(Module, "getSitesIdFromSiteUrl", SitesIdFromSiteUrl) { ParameterNames = ["url"] };
        yield return new ApiMethod(Module, "getSiteFromId", call => ToPlain(call.RequireSite())) { ParameterNames = ["idSite"] };
        yield return new ApiMethod(Module, "getSiteUrlsFromId", call => new List<object?>(call.RequireSite().AllUrls)) { ParameterNames = ["idSite"] };
        yield return new ApiMethod(Module, "getSitesWithAtLeastViewAccess", call => Visible(call).Select(s => (object?)ToPlain(s)).ToList()) { ParameterNames = ["limit"] };
        yield return new ApiMethod(Module, "getSitesIdWithAtLeastViewAccess", call => Visible(call).Select(s => (object?)s.IdSite).ToList());
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
        yield return new ApiMethod(Module, "getJavascriptTag", GetJavascriptTag) { ParameterNames = s_javascriptTagParameters };
        yield return new ApiMethod(Module, "getSearchKeywordParametersGlobal", _ => new ApiValue(string.Join(',', tracker.SiteSearchKeywordParameters)));
        yield return new ApiMethod(Module, "getSearchCategoryParametersGlobal", _ =>
            new ApiValue(tracker.SiteSearchCategoryParameters.Length == 0 ? false : string.Join(',', tracker.SiteSearchCategoryParameters)));
    }

    private IEnumerable<Site> Visible(ApiCall call)
    {
        var limit = call.Parameters.GetInt("limit");
        var visible = sites.GetAll().Where(s => call.Access.Has(s.IdSite, AccessLevel.View));
        return limit is > 0 ? visible.Take(limit.Value) : visible;
    }

    private object AddSite(ApiCall call)
    {
        call.RequireSuperUser();
        try
        {
            var keepFragments = call.Parameters.GetInt("keepURLFragments") ?? 0;
            var settings = new SiteSettings
            {
                Name = call["siteName"] ?? "",
                Urls = call.Parameters.GetArray("urls"),
                Timezone = call["timezone"],
                Currency = call["currency"],
                StartDate = SiteAdministration.ParseStartDate(call["startDate"]),
                Ecommerce = call.Parameters.GetBool("ecommerce"),
                SiteSearch = call.Parameters.GetBool("siteSearch", fallback: true),
                SearchKeywordParameters = call["searchKeywordParameters"] ?? "",
                SearchCategoryParameters = call["searchCategoryParameters"] ?? "",
                ExcludeUnknownUrls = call.Parameters.GetBool("excludeUnknownUrls"),
                ExcludedIps = call["excludedIps"] ?? "",
                ExcludedParameters = call["excludedQueryParameters"] ?? "",
                ExcludedUserAgents = call["excludedUserAgents"] ?? "",
                ExcludedReferrers = call["excludedReferrers"] ?? "",
                Group = call["group"] ?? "",
                Type = call["type"],
                KeepUrlFragment = keepFragments,
            };
            return new ApiValue(administration.Add(settings, call.Access.Login));
        }
        catch (ArgumentException error)
        {
            throw new ApiException(error.Message);
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
