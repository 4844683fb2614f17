using Makoto.Core.Caching;
using Makoto.Storage.Options;

namespace Makoto.Storage.Sites;

/// <summary>
/// The settings that apply to every site (SitesManager's global settings), kept in the <c>option</c>
/// table under Matomo's option names and cached in memory; null means "not set" (use the
/// configured default).
/// </summary>
public sealed class GlobalSiteSettings
{
    public const string ExcludedIpsOption = "SitesManager_ExcludedIpsGlobal";
    public const string ExcludedUserAgentsOption = "SitesManager_ExcludedUserAgentsGlobal";
    public const string ExcludedQueryParametersOption = "SitesManager_ExcludedQueryParameters";
    public const string ExcludedReferrersOption = "SitesManager_ExcludedReferrersGlobal";
    public const string SearchKeywordParametersOption = "SitesManager_SearchKeywordParameters";
    public const string SearchCategoryParametersOption = "SitesManager_SearchCategoryParameters";
    public const string DefaultCurrencyOption = "SitesManager_DefaultCurrency";
    public const string DefaultTimezoneOption = "SitesManager_DefaultTimezone";
    public const string KeepUrlFragmentsOption = "SitesManager_KeepURLFragmentsGlobal";

    private static readonly string[] s_all =
    [
        ExcludedIpsOption, ExcludedUserAgentsOption, ExcludedQueryParametersOption, ExcludedReferrersOption,
        SearchKeywordParametersOption, SearchCategoryParametersOption, DefaultCurrencyOption, DefaultTimezoneOption, KeepUrlFragmentsOption,
    ];

    private readonly OptionStore _options;

    /// <summary>Read again after the sites' lifetime: the console changes these settings in another process.</summary>
    private readonly Refreshed<Dictionary<string, string?>> _values;

    public GlobalSiteSettings(OptionStore options)
    {
        _options = options;
        _values = new(Load, TimeSpan.FromMilliseconds(SiteStore.SnapshotLifetimeMilliseconds), TimeProvider.System);
    }

    public string ExcludedIps => Get(ExcludedIpsOption) ?? "";

    public string ExcludedUserAgents => Get(ExcludedUserAgentsOption) ?? "";

    public string ExcludedQueryParameters => Get(ExcludedQueryParametersOption) ?? "";

    public string ExcludedReferrers => Get(ExcludedReferrersOption) ?? "";

    /// <summary>Null when not set: the configured default list applies.</summary>
    public string? SearchKeywordParameters => Get(SearchKeywordParametersOption);

    public string? SearchCategoryParameters => Get(SearchCategoryParametersOption);

    public string? DefaultCurrency => Get(DefaultCurrencyOption);

    public string? DefaultTimezone => Get(DefaultTimezoneOption);

    public bool KeepUrlFragments => Get(KeepUrlFragmentsOption) == "1";

    public string? Get(string name) => _values.Value.GetValueOrDefault(name);

    public void Set(string name, string value)
    {
        _options.Set(name, value);
        _values.Invalidate();
    }

    private Dictionary<string, string?> Load()
    {
        var values = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var name in s_all)
        {
            values[name] = _options.Get(name);
        }

        return values;
    }
}
