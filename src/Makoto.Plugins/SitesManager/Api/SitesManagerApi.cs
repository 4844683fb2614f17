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
internal sealed class SitesManagerApi(SiteStore sites, TrackerOptions tracker, TimeProvider clock) : IApiModule
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
        var now = clock.GetUtcNow().UtcDateTime;
        var blank = new Site
        {
            IdSite = 0,
            Name = "",
            MainUrl = "",
            TsCreated = new DateTime(now.Ticks - (now.Ticks % TimeSpan.TicksPerSecond), DateTimeKind.Utc),
            CreatorLogin = call.Access.Login,
        };
        return new ApiValue(sites.Add(Read(call, blank)));
    }

    /// <summary>Matomo's updateSite: the parameters that are given replace the site's settings, the others are kept.</summary>
    private ApiSuccess UpdateSite(ApiCall call)
    {
        var site = call.RequireSite(AccessLevel.Admin);
        sites.Update(Read(call, site));
        return ApiSuccess.Instance;
    }

    /// <summary>The site described by the call's parameters, starting from <paramref name="current"/> (a blank site when adding one).</summary>
    private static Site Read(ApiCall call, Site current)
    {
        var adding = current.IdSite == 0;
        var name = (call["siteName"] ?? (adding ? "" : current.Name)).Trim();
        if (name.Length == 0)
        {
            throw new ApiException("The website name can't be empty.");
        }

        if (name.Length > MaxNameLength)
        {
            throw new ApiException($"The website name is too long: at most {MaxNameLength} characters are allowed.");
        }

        var urls = adding || call.Parameters.Has("urls") ? CheckUrls(call.Parameters.GetArray("urls")) : [.. current.AllUrls];
        if (urls.Count == 0)
        {
            throw new ApiException("You must specify at least one URL for the site.");
        }

        var timezone = string.IsNullOrWhiteSpace(call["timezone"]) ? (adding ? "UTC" : current.Timezone) : call["timezone"]!.Trim();
        if (!SiteTimeZones.IsValid(timezone))
        {
            throw new ApiException($"The timezone \"{timezone}\" is not valid. Please enter a valid timezone.");
        }

        var currency = string.IsNullOrWhiteSpace(call["currency"]) ? (adding ? "USD" : current.Currency) : call["currency"]!.Trim().ToUpperInvariant();
        if (currency.Length != 3 || !currency.All(char.IsAsciiLetterUpper))
        {
            throw new ApiException($"The currency \"{currency}\" is not valid. Please enter a valid currency symbol (e.g. \"EUR\").");
        }

        var created = current.TsCreated;
        if (call["startDate"] is { Length: > 0 } startDate)
        {
            if (!DateOnly.TryParseExact(startDate.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var start))
            {
                throw new ApiException($"The start date \"{startDate}\" is not valid; use YYYY-MM-DD.");
            }

            created = start.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        }

        var keepFragments = call.Parameters.GetInt("keepURLFragments") ?? current.KeepUrlFragment;
        if (keepFragments is < 0 or > 2)
        {
            throw new ApiException("keepURLFragments must be 0 (use the default), 1 (keep) or 2 (remove).");
        }

        string List(string parameter, string currentValue) => call.Parameters.Has(parameter) ? CommaList(call[parameter]) : currentValue;

        return current with
        {
            Name = name,
            MainUrl = urls[0],
            AliasUrls = urls.Skip(1).ToList(),
            TsCreated = created,
            Ecommerce = call.Parameters.GetBool("ecommerce", fallback: current.Ecommerce),
            SiteSearch = call.Parameters.GetBool("siteSearch", fallback: current.SiteSearch),
            SiteSearchKeywordParameters = List("searchKeywordParameters", current.SiteSearchKeywordParameters),
            SiteSearchCategoryParameters = List("searchCategoryParameters", current.SiteSearchCategoryParameters),
            Timezone = timezone,
            Currency = currency,
            ExcludeUnknownUrls = call.Parameters.GetBool("excludeUnknownUrls", fallback: current.ExcludeUnknownUrls),
            ExcludedIps = List("excludedIps", current.ExcludedIps),
            ExcludedParameters = List("excludedQueryParameters", current.ExcludedParameters),
            ExcludedUserAgents = List("excludedUserAgents", current.ExcludedUserAgents),
            ExcludedReferrers = List("excludedReferrers", current.ExcludedReferrers),
            Group = call["group"] ?? current.Group,
            Type = string.IsNullOrWhiteSpace(call["type"]) ? (adding ? "website" : current.Type) : call["type"]!,
            KeepUrlFragment = keepFragments,
        };
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
