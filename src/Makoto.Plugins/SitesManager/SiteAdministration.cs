using System.Globalization;
using Makoto.Core.Sites;
using Makoto.Storage.Archives;
using Makoto.Storage.Goals;
using Makoto.Storage.Logs;
using Makoto.Storage.Sites;
using Makoto.Storage.Users;
using Makoto.Tracking.Urls;

namespace Makoto.Plugins.SitesManager;

/// <summary>The settings of a site to create or change; null leaves a setting as it is (or at its default).</summary>
public sealed record SiteSettings
{
    public string? Name { get; init; }

    /// <summary>Main URL first, then aliases; each may be comma or newline separated.</summary>
    public IReadOnlyList<string>? Urls { get; init; }

    public string? Timezone { get; init; }

    public string? Currency { get; init; }

    public bool? Ecommerce { get; init; }

    public bool? SiteSearch { get; init; }

    public string? SearchKeywordParameters { get; init; }

    public string? SearchCategoryParameters { get; init; }

    public string? ExcludedIps { get; init; }

    public string? ExcludedParameters { get; init; }

    public string? ExcludedUserAgents { get; init; }

    public string? ExcludedReferrers { get; init; }

    public bool? ExcludeUnknownUrls { get; init; }

    /// <summary>0 = global default, 1 = keep URL fragments, 2 = remove them.</summary>
    public int? KeepUrlFragment { get; init; }

    public string? Group { get; init; }

    public string? Type { get; init; }

    /// <summary>The first day with data (<c>ts_created</c>); reports start there.</summary>
    public DateOnly? StartDate { get; init; }
}

/// <summary>
/// Creating, changing and deleting websites with Matomo's rules (SitesManager.addSite's and updateSite's checks,
/// the global default time zone and currency); the one implementation behind the API, the <c>makoto site</c>
/// commands and the log importer's <c>--add-sites-new-hosts</c>. A rule that is broken throws
/// <see cref="ArgumentException"/> with a message for the user.
/// </summary>
public sealed class SiteAdministration(
    SiteStore sites,
    GlobalSiteSettings global,
    GoalStore goals,
    UserStore users,
    TokenAuthenticator tokens,
    ArchiveStore archives,
    LogEraser eraser,
    TimeProvider clock)
{
    private const int MaxNameLength = 90;

    /// <summary>
    /// Creates a site and returns its id. An empty time zone or currency takes the global default (UTC and
    /// USD when none is set); without a start date the site starts now.
    /// </summary>
    public int Add(SiteSettings settings, string creatorLogin)
    {
        var urls = RequireUrls(settings.Urls ?? []);
        var name = CheckName(settings.Name);
        var now = clock.GetUtcNow().UtcDateTime;
        var site = new Site
        {
            IdSite = 0,
            Name = name,
            MainUrl = urls[0],
            AliasUrls = urls.Skip(1).ToList(),
            TsCreated = settings.StartDate is { } start
                ? start.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc)
                : new DateTime(now.Ticks - (now.Ticks % TimeSpan.TicksPerSecond), DateTimeKind.Utc),
            Timezone = CheckTimezone(Given(settings.Timezone) ?? global.DefaultTimezone ?? "UTC"),
            Currency = CheckCurrency(Given(settings.Currency) ?? global.DefaultCurrency ?? "USD"),
            CreatorLogin = creatorLogin,
        };
        return sites.Add(Apply(site, settings));
    }

    /// <summary>
    /// Changes the given settings of a site (an empty time zone or currency counts as not given; <c>Urls</c>
    /// replaces the main URL and the aliases); throws <see cref="KeyNotFoundException"/> when it does not exist.
    /// </summary>
    public Site Update(int idSite, SiteSettings settings)
    {
        var site = sites.Get(idSite) ?? throw new KeyNotFoundException($"There is no site with id {idSite}.");
        if (settings.Name is not null)
        {
            site = site with { Name = CheckName(settings.Name) };
        }

        if (settings.Urls is not null)
        {
            var urls = RequireUrls(settings.Urls);
            site = site with { MainUrl = urls[0], AliasUrls = urls.Skip(1).ToList() };
        }

        if (settings.StartDate is { } start)
        {
            site = site with { TsCreated = start.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc) };
        }

        if (Given(settings.Timezone) is { } timezone)
        {
            site = site with { Timezone = CheckTimezone(timezone) };
        }

        if (Given(settings.Currency) is { } currency)
        {
            site = site with { Currency = CheckCurrency(currency) };
        }

        sites.Update(Apply(site, settings));
        return sites.Get(idSite)!;
    }

    /// <summary>
    /// Deletes a site with everything recorded for it: its goals, users' access to it, its archives and its
    /// raw log rows (Matomo deletes the logs of deleted sites in a scheduled task; here it happens at once).
    /// Returns the number of log rows deleted.
    /// </summary>
    public long Delete(int idSite)
    {
        if (sites.Get(idSite) is null)
        {
            throw new KeyNotFoundException($"There is no site with id {idSite}.");
        }

        if (sites.Count == 1)
        {
            throw new ArgumentException("The website cannot be deleted as it is the only website. Add a new website first.");
        }

        foreach (var goal in goals.GetGoals(idSite))
        {
            goals.Delete(idSite, goal.IdGoal);
        }

        users.DeleteAccessToSite(idSite);
        tokens.Invalidate();
        sites.Delete(idSite);
        archives.DeleteSite(idSite);
        return eraser.DeleteSite(idSite);
    }

    private static Site Apply(Site site, SiteSettings s)
    {
        if (s.KeepUrlFragment is { } keep && keep is < 0 or > 2)
        {
            throw new ArgumentException("keepURLFragments must be 0 (use the default), 1 (keep) or 2 (remove).");
        }

        return site with
        {
            Ecommerce = s.Ecommerce ?? site.Ecommerce,
            SiteSearch = s.SiteSearch ?? site.SiteSearch,
            SiteSearchKeywordParameters = s.SearchKeywordParameters is null ? site.SiteSearchKeywordParameters : CommaList(s.SearchKeywordParameters),
            SiteSearchCategoryParameters = s.SearchCategoryParameters is null ? site.SiteSearchCategoryParameters : CommaList(s.SearchCategoryParameters),
            ExcludedIps = s.ExcludedIps is null ? site.ExcludedIps : CommaList(s.ExcludedIps),
            ExcludedParameters = s.ExcludedParameters is null ? site.ExcludedParameters : CommaList(s.ExcludedParameters),
            ExcludedUserAgents = s.ExcludedUserAgents is null ? site.ExcludedUserAgents : CommaList(s.ExcludedUserAgents),
            ExcludedReferrers = s.ExcludedReferrers is null ? site.ExcludedReferrers : CommaList(s.ExcludedReferrers),
            ExcludeUnknownUrls = s.ExcludeUnknownUrls ?? site.ExcludeUnknownUrls,
            KeepUrlFragment = s.KeepUrlFragment ?? site.KeepUrlFragment,
            Group = s.Group ?? site.Group,
            Type = string.IsNullOrWhiteSpace(s.Type) ? site.Type : s.Type,
        };
    }

    private static string CheckName(string? value)
    {
        var name = (value ?? "").Trim();
        if (name.Length == 0)
        {
            throw new ArgumentException("The website name can't be empty.");
        }

        return name.Length <= MaxNameLength
            ? name
            : throw new ArgumentException($"The website name is too long: at most {MaxNameLength} characters are allowed.");
    }

    private static string? Given(string? value) => string.IsNullOrEmpty(value) ? null : value;

    /// <summary>A time zone Matomo accepts (an IANA name, <c>UTC</c> or <c>UTC+N</c>), trimmed.</summary>
    public static string CheckTimezone(string value)
    {
        var timezone = value.Trim();
        return SiteTimeZones.IsValid(timezone) ? timezone : throw new ArgumentException($"The timezone \"{timezone}\" is not valid. Please enter a valid timezone.");
    }

    /// <summary>A currency code of three letters, trimmed and upper-cased.</summary>
    public static string CheckCurrency(string value)
    {
        var currency = value.Trim().ToUpperInvariant();
        return currency.Length == 3 && currency.All(char.IsAsciiLetterUpper)
            ? currency
            : throw new ArgumentException($"The currency \"{currency}\" is not valid. Please enter a valid currency symbol (e.g. \"EUR\").");
    }

    private static List<string> RequireUrls(IReadOnlyList<string> given)
    {
        var urls = CheckUrls(given);
        return urls.Count > 0 ? urls : throw new ArgumentException("You must specify at least one URL for the site.");
    }

    /// <summary>Matomo's URL checks: a scheme is required (http:// is added), the trailing slash is removed, duplicates dropped.</summary>
    public static List<string> CheckUrls(IReadOnlyList<string> urls)
    {
        var result = new List<string>();
        foreach (var raw in urls)
        {
            foreach (var part in raw.Split(['\n', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                var url = part.Contains("://", StringComparison.Ordinal) ? part : "http://" + part;
                if (!PageUrl.LooksLikeUrl(url) || PageUrl.Host(url).Length == 0)
                {
                    throw new ArgumentException($"The url '{part}' is not a valid URL.");
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

    /// <summary>The ids of the sites that have a URL with this host (ignoring the scheme, the port and a leading <c>www.</c>), lowest first.</summary>
    public IReadOnlyList<int> FindByHost(string host)
    {
        var wanted = BareHost(host);
        var found = new List<int>();
        foreach (var site in sites.GetAll())
        {
            foreach (var url in site.AllUrls)
            {
                if (string.Equals(BareHost(PageUrl.Host(url)), wanted, StringComparison.OrdinalIgnoreCase))
                {
                    found.Add(site.IdSite);
                    break;
                }
            }
        }

        return found;
    }

    /// <summary>A host without port and leading <c>www.</c>, lower case.</summary>
    public static string BareHost(string host)
    {
        var value = host.Trim().ToLowerInvariant();
        var colon = value.LastIndexOf(':');
        if (colon > 0 && value.IndexOf(':') == colon)
        {
            value = value[..colon];
        }

        return value.StartsWith("www.", StringComparison.Ordinal) ? value[4..] : value;
    }

    /// <summary>A comma or newline separated list as stored: comma-separated, without blanks; null gives "".</summary>
    public static string CommaList(string? value) =>
        string.Join(',', (value ?? "").Split([',', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    /// <summary>A start date given as <c>YYYY-MM-DD</c>; null or "" for none.</summary>
    public static DateOnly? ParseStartDate(string? text) =>
        string.IsNullOrEmpty(text) ? null
        : DateOnly.TryParseExact(text.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) ? date
        : throw new ArgumentException($"The start date \"{text}\" is not valid; use YYYY-MM-DD.");
}
