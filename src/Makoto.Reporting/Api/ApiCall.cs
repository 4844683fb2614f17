using System.Globalization;
using Makoto.Core.DataTables;
using Makoto.Core.Periods;
using Makoto.Core.Segments;
using Makoto.Core.Security;
using Makoto.Core.Sites;
using Makoto.Storage.Segments;
using Makoto.Storage.Sites;

namespace Makoto.Reporting.Api;

/// <summary>
/// One call of an API method: its parameters, who is calling, and the helpers every method needs
/// (sites with access checks, periods in the site's timezone, multi-site and multi-period maps).
/// </summary>
public sealed class ApiCall(string method, ApiParameters parameters, UserAccess access, SiteStore sites, TimeProvider clock, ApiDispatcher dispatcher, SegmentCompiler segments)
{
    private Segment? _segment;

    public string Method { get; } = method;

    public ApiParameters Parameters { get; } = parameters;

    public UserAccess Access { get; } = access;

    public TimeProvider Clock { get; } = clock;

    public SiteStore SiteStore { get; } = sites;

    /// <summary>The dispatcher running the call, for methods that run other methods (bulk requests, processed reports).</summary>
    public ApiDispatcher Dispatcher { get; } = dispatcher;

    /// <summary>The segments the sites support, for methods that read or describe them.</summary>
    public SegmentCompiler Segments { get; } = segments;

    /// <summary>
    /// The <c>segment</c> parameter, parsed and checked against the requested sites (<see cref="Segment.None"/>
    /// when absent). Report methods pass it to the archiver with every site and period.
    /// </summary>
    public Segment Segment => _segment ??= ParseSegment(Parameters["segment"]);

    public string? this[string name] => Parameters.Get(name);

    /// <summary>
    /// Checks a password the caller typed (<c>passwordConfirmation</c>) against a stored hash, as a login
    /// attempt: refused while the caller's address is blocked, and a wrong password counts as a failure.
    /// </summary>
    public bool VerifyPassword(string password, string? passwordHash)
    {
        Dispatcher.Guard.ThrowIfBlocked(Parameters.ClientIp);
        if (passwordHash is not null && Storage.Users.Credentials.VerifyPassword(password, passwordHash))
        {
            return true;
        }

        Dispatcher.Guard.RecordFailure(Parameters.ClientIp, "password");
        return false;
    }

    /// <summary>
    /// Matomo's <c>confirmCurrentUserPassword</c>: the caller's own password, typed again as <c>passwordConfirmation</c>,
    /// must match <paramref name="callerPasswordHash"/> (the caller's stored hash) before a sensitive change.
    /// </summary>
    public void ConfirmCallerPassword(string? callerPasswordHash)
    {
        var confirmation = this["passwordConfirmation"];
        if (string.IsNullOrEmpty(confirmation))
        {
            throw new ApiException("The current password is required to confirm this change (passwordConfirmation).");
        }

        if (!VerifyPassword(confirmation, callerPasswordHash))
        {
            throw new ApiException("The current password you entered is not correct.");
        }
    }

    /// <summary>True when <c>idSite</c> names several sites (<c>all</c> or a list): the output is keyed by site.</summary>
    public bool IsMultiSite
    {
        get
        {
            var idSite = Parameters["idSite"] ?? Parameters["idsite"];
            return idSite is not null && (idSite.Trim() == "all" || idSite.Contains(',', StringComparison.Ordinal));
        }
    }

    /// <summary>Matomo's <c>checkUserHasSomeViewAccess</c>: view access to at least one site (or super user).</summary>
    public void RequireSomeViewAccess()
    {
        if (!Access.IsSuperUser && Access.Sites.Count == 0)
        {
            throw new ApiException("You can't access this resource as it requires 'view' access for at least one website.", Access.IsAnonymous ? 401 : 200);
        }
    }

    public void RequireSuperUser()
    {
        if (!Access.IsSuperUser)
        {
            throw new ApiException("You can't access this resource as it requires Super User access.", Access.IsAnonymous ? 401 : 200);
        }
    }

    /// <summary>The one site of <c>idSite</c>, which the caller must be able to access at <paramref name="level"/>.</summary>
    public Site RequireSite(AccessLevel level = AccessLevel.View, string parameter = "idSite")
    {
        var text = Parameters[parameter] ?? (parameter == "idSite" ? Parameters["idsite"] : null);
        if (string.IsNullOrWhiteSpace(text))
        {
            throw new ApiException($"Please specify a value for '{parameter}'.");
        }

        if (!int.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var idSite) || idSite <= 0)
        {
            throw new ApiException($"The parameter '{parameter}' must be a website id, but '{text}' was given.");
        }

        return CheckSite(idSite, level);
    }

    /// <summary>The sites of <c>idSite</c> (one id, a comma list, or <c>all</c>), each checked for <paramref name="level"/>.</summary>
    public IReadOnlyList<Site> RequireSites(AccessLevel level = AccessLevel.View)
    {
        var text = Parameters["idSite"] ?? Parameters["idsite"];
        if (string.IsNullOrWhiteSpace(text))
        {
            throw new ApiException("Please specify a value for 'idSite'.");
        }

        if (text.Trim() == "all")
        {
            var all = new List<Site>();
            foreach (var site in SiteStore.GetAll())
            {
                if (Access.Has(site.IdSite, level))
                {
                    all.Add(site);
                }
            }

            return all;
        }

        var result = new List<Site>();
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var idSite) || idSite <= 0)
            {
                throw new ApiException($"The parameter 'idSite' must be a website id or a list of ids, but '{text}' was given.");
            }

            result.Add(CheckSite(idSite, level));
        }

        return result;
    }

    public Site CheckSite(int idSite, AccessLevel level)
    {
        var site = SiteStore.Get(idSite);
        if (!Access.Has(idSite, level) || (site is null && !Access.IsSuperUser))
        {
            throw new ApiException(
                $"You can't access this resource as it requires '{UserAccess.Name(level == AccessLevel.SuperUser ? AccessLevel.SuperUser : level)}' access for the website id = {idSite}.",
                Access.IsAnonymous ? 401 : 200);
        }

        return site ?? throw new ApiException($"An unexpected website was found in the request: website id was set to '{idSite}' .");
    }

    /// <summary>
    /// A rate in the form <c>format_metrics</c> asks for: <c>"21%"</c> by default (and for 1), the
    /// rounded ratio (0.21) for <c>format_metrics=0</c>. For answers that are not reports; a report
    /// declares its rates as processed metrics (<see cref="ApiMethod.Report"/>).
    /// </summary>
    public object Rate(double numerator, double denominator, int precision)
    {
        var ratio = Metrics.ProcessedMetrics.Quotient(numerator, denominator, precision);
        return Metrics.MetricFormatter.Parse(Parameters["format_metrics"]) == Metrics.MetricFormatting.None
            ? ratio
            : Metrics.ProcessedMetrics.PercentText(ratio);
    }

    /// <summary>The periods selected by <c>period</c> and <c>date</c>, with "today" in the site's timezone.</summary>
    public PeriodSelection Periods(Site site) =>
        PeriodSelection.Parse(Parameters["period"], Parameters["date"], site.Today(Clock));

    /// <summary>
    /// A segment definition checked for the requested sites (for <c>idSite</c>-less calls, for the sites the
    /// caller can see); Matomo's message when it cannot be used.
    /// </summary>
    public Segment ParseSegment(string? definition)
    {
        if (string.IsNullOrWhiteSpace(definition))
        {
            return Segment.None;
        }

        var idSites = new List<int>();
        if (Parameters["idSite"] is not null || Parameters["idsite"] is not null)
        {
            foreach (var site in RequireSites())
            {
                idSites.Add(site.IdSite);
            }
        }

        try
        {
            return Segments.Parse(definition, idSites, !Access.IsAnonymous);
        }
        catch (SegmentException error)
        {
            throw new ApiException(error.Message);
        }
    }

    /// <summary>
    /// Runs a report for every requested site and period (with the call's <see cref="Segment"/>) and shapes
    /// the result as Matomo does: one
    /// table, a map keyed by period (lastN, previousN, A,B with period≠range), a map keyed by site
    /// (idSite=all or a list), or a map of sites to maps of periods.
    /// </summary>
    public object ForEachSiteAndPeriod(Func<Site, Period, object> report)
    {
        var sites = RequireSites();
        _ = Segment;
        if (!IsMultiSite)
        {
            return ForPeriods(sites[0], report);
        }

        var map = new DataTableMap("idSite");
        foreach (var site in sites)
        {
            map.Entries[site.IdSite.ToString(CultureInfo.InvariantCulture)] = ForPeriods(site, report);
        }

        return map;
    }

    private object ForPeriods(Site site, Func<Site, Period, object> report)
    {
        var selection = Periods(site);
        if (!selection.IsMultiple)
        {
            return report(site, selection.Single);
        }

        var map = new DataTableMap("date");
        foreach (var period in selection.Periods)
        {
            map.Entries[period.Key] = report(site, period);
        }

        return map;
    }
}
