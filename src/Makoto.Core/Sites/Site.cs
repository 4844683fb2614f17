namespace Makoto.Core.Sites;

/// <summary>A website as stored in the <c>site</c> table, with its alias URLs from <c>site_url</c>.</summary>
public sealed record Site
{
    public required int IdSite { get; init; }

    public required string Name { get; init; }

    public required string MainUrl { get; init; }

    /// <summary>Alias URLs (without the main URL), in the order they were added.</summary>
    public IReadOnlyList<string> AliasUrls { get; init; } = [];

    public required DateTime TsCreated { get; init; }

    public bool Ecommerce { get; init; }

    public bool SiteSearch { get; init; } = true;

    public string SiteSearchKeywordParameters { get; init; } = "";

    public string SiteSearchCategoryParameters { get; init; } = "";

    /// <summary>The site's timezone identifier as Matomo stores it (IANA name, <c>UTC</c> or <c>UTC+5.5</c>).</summary>
    public string Timezone { get; init; } = "UTC";

    public string Currency { get; init; } = "USD";

    public bool ExcludeUnknownUrls { get; init; }

    public string ExcludedIps { get; init; } = "";

    public string ExcludedParameters { get; init; } = "";

    public string ExcludedUserAgents { get; init; } = "";

    public string ExcludedReferrers { get; init; } = "";

    public string Group { get; init; } = "";

    public string Type { get; init; } = "website";

    /// <summary>0 = use the global default, 1 = keep URL fragments, 2 = remove them.</summary>
    public int KeepUrlFragment { get; init; }

    public string CreatorLogin { get; init; } = "";

    /// <summary>The resolved timezone (cached by <see cref="SiteTimeZones"/>).</summary>
    public TimeZoneInfo TimeZone => SiteTimeZones.Resolve(Timezone);

    /// <summary>Main URL followed by the alias URLs.</summary>
    public IEnumerable<string> AllUrls
    {
        get
        {
            yield return MainUrl;
            foreach (var alias in AliasUrls)
            {
                yield return alias;
            }
        }
    }

    /// <summary>Today's date in the site's timezone.</summary>
    public DateOnly Today(TimeProvider clock) => SiteTimeZones.LocalDate(clock.GetUtcNow().UtcDateTime, TimeZone);
}
