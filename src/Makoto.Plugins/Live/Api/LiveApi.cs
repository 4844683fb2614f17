using System.Globalization;
using Makoto.Core.Segments;
using Makoto.Core.Sites;
using Makoto.Plugins.Live.VisitorLog;
using Makoto.Reporting.Api;
using Makoto.Storage.Logs;
using Makoto.Storage.Segments;
using Makoto.Storage.Sites;

namespace Makoto.Plugins.Live.Api;

/// <summary>
/// The Live API (reporting-api.md §11): the visitor log read straight from the log tables, a
/// visitor's profile, and the real-time counters.
/// </summary>
internal sealed class LiveApi(LogReader logs, VisitorLogBuilder builder, VisitorProfileBuilder profiles, GlobalSiteSettings globalSettings) : IApiModule
{
    private const string Module = "Live";

    /// <summary>Visits per page when <c>filter_limit</c> is not given (Matomo's <c>API_datatable_default_limit</c>).</summary>
    private const int DefaultLimit = 100;

    /// <summary>The visits a profile aggregates (<c>live_visitor_profile_max_visits_to_aggregate</c>).</summary>
    private const int ProfileMaxVisits = 100;

    /// <summary>The visits a profile lists when <c>limitVisits</c> is not given.</summary>
    private const int ProfileVisitsShown = 10;

    public IEnumerable<ApiMethod> Methods()
    {
        yield return new ApiMethod(Module, "getLastVisitsDetails", GetLastVisitsDetails)
        {
            ParameterNames = ["idSite", "period", "date", "segment", "countVisitorsToFetch", "minTimestamp", "flat", "doNotFetchActions", "enhanced"],
        };
        yield return new ApiMethod(Module, "getVisitorProfile", GetVisitorProfile)
        {
            ParameterNames = ["idSite", "visitorId", "segment", "limitVisits"],
        };
        yield return new ApiMethod(Module, "getCounters", GetCounters)
        {
            ParameterNames = ["idSite", "lastMinutes", "segment", "showColumns", "hideColumns"],
        };
        yield return new ApiMethod(Module, "getMostRecentVisitorId", GetMostRecentVisitorId)
        {
            ParameterNames = ["idSite", "segment"],
        };
        yield return new ApiMethod(Module, "getMostRecentVisitsDateTime", GetMostRecentVisitsDateTime)
        {
            ParameterNames = ["idSite", "period", "date"],
        };
        yield return new ApiMethod(Module, "getFirstVisitForVisitorId", GetFirstVisitForVisitorId)
        {
            ParameterNames = ["idSite", "visitorId"],
        };
    }

    private object GetLastVisitsDetails(ApiCall call)
    {
        var sites = call.RequireSites();
        var segments = Segments(call, sites);
        if (sites.Count == 0)
        {
            return new List<PlainObject>();
        }

        int limit, offset;
        if (call["countVisitorsToFetch"] is { Length: > 0 })
        {
            limit = call.Parameters.GetInt("countVisitorsToFetch") ?? 0;
            offset = 0;
        }
        else
        {
            limit = call.Parameters.GetInt("filter_limit") ?? DefaultLimit;
            offset = call.Parameters.GetInt("filter_offset") ?? 0;
        }

        var period = call["period"];
        var date = call["date"];
        if (limit == 0 && offset == 0 && string.IsNullOrEmpty(period) && string.IsNullOrEmpty(date))
        {
            // Without any bound Matomo looks at the last day or two only.
            (period, date) = ("day", "yesterdaySameTime");
        }

        var (from, to) = LogWindow.Of(period, date, WindowTimeZone(sites), call.Clock.GetUtcNow().UtcDateTime);
        var visits = logs.LastVisits(new VisitLogQuery
        {
            Sites = Ids(sites),
            FromUtc = from,
            ToUtc = to,
            AfterUtc = MinTimestamp(call),
            Ascending = string.Equals(call["filter_sort_order"], "asc", StringComparison.OrdinalIgnoreCase),
            Limit = limit >= 1 ? limit : 0,
            Offset = offset,
            Segments = segments,
        });
        var details = builder.Build(visits, BySite(sites), !call.Parameters.GetBool("doNotFetchActions"), call.Access.IsAnonymous);
        if (call.Parameters.GetBool("flat"))
        {
            for (var i = 0; i < details.Count; i++)
            {
                details[i] = VisitFlattener.Flatten(details[i]);
            }
        }

        return details;
    }

    private object GetVisitorProfile(ApiCall call)
    {
        var site = call.RequireSite();
        var segments = Segments(call, [site]);
        var limitVisits = call.Parameters.GetInt("limitVisits") is { } requested && requested > 0 ? requested : ProfileVisitsShown;
        var visitorId = call["visitorId"] is { Length: > 0 } given ? given : MostRecentVisitorId(site, segments);
        var visitor = visitorId is null ? null : VisitorBytes(visitorId);
        var visits = logs.LastVisits(new VisitLogQuery { Sites = [site.IdSite], IdVisitor = visitor, Limit = ProfileMaxVisits + 1, Segments = segments });
        var hasMoreVisits = visits.Count > ProfileMaxVisits;
        if (hasMoreVisits)
        {
            visits.RemoveAt(visits.Count - 1);
        }

        if (visits.Count == 0)
        {
            return new List<PlainObject>();
        }

        var sites = BySite([site]);
        var details = builder.Build(visits, sites, fetchActions: true, call.Access.IsAnonymous);
        VisitRow? firstVisit = null;
        if (Math.Min(limitVisits, visits.Count) >= ProfileMaxVisits && visitor is not null)
        {
            firstVisit = logs.LastVisits(new VisitLogQuery { Sites = [site.IdSite], IdVisitor = visitor, Ascending = true, Limit = 1, Segments = segments })[0];
        }

        var first = firstVisit is null ? null : builder.Build([firstVisit], sites, fetchActions: false, call.Access.IsAnonymous)[0];
        return profiles.Build(site, visitorId, visitor, details, first, hasMoreVisits, limitVisits, call.Clock.GetUtcNow().UtcDateTime);
    }

    private object GetCounters(ApiCall call)
    {
        var sites = call.RequireSites();
        var segments = Segments(call, sites);
        call.Parameters.Require("lastMinutes");
        var lastMinutes = (int)(call.Parameters.GetDouble("lastMinutes") ?? 0);
        var counts = lastMinutes == 0 || sites.Count == 0
            ? default
            : logs.CountRecent(Ids(sites), call.Clock.GetUtcNow().UtcDateTime.AddMinutes(-lastMinutes), segments);
        var show = ColumnList(call["showColumns"]);
        var hide = ColumnList(call["hideColumns"]);
        var counters = new PlainObject();
        foreach (var (name, value) in (ReadOnlySpan<(string, long)>)[
            ("visits", counts.Visits), ("actions", counts.Actions), ("visitors", counts.Visitors), ("visitsConverted", counts.Conversions)])
        {
            if ((show.Count == 0 || show.Contains(name)) && !hide.Contains(name))
            {
                counters[name] = value;
            }
        }

        return new List<PlainObject> { counters };
    }

    private object GetMostRecentVisitorId(ApiCall call)
    {
        var site = call.RequireSite();
        return new ApiValue(MostRecentVisitorId(site, Segments(call, [site])) is { } id ? id : false);
    }

    private object GetMostRecentVisitsDateTime(ApiCall call)
    {
        var sites = call.RequireSites();
        if (sites.Count == 0)
        {
            return new ApiValue("");
        }

        var (from, to) = LogWindow.Of(call["period"], call["date"], WindowTimeZone(sites), call.Clock.GetUtcNow().UtcDateTime);
        var latest = logs.MostRecentVisitTime(Ids(sites), from, to);
        return new ApiValue(latest is { } time ? LiveText.DateTimeText(time) : "");
    }

    private object GetFirstVisitForVisitorId(ApiCall call)
    {
        var site = call.RequireSite();
        if (call["visitorId"] is not { Length: > 0 } visitorId)
        {
            return new List<PlainObject>();
        }

        var visits = logs.LastVisits(new VisitLogQuery { Sites = [site.IdSite], IdVisitor = VisitorBytes(visitorId), Ascending = true, Limit = 1 });
        return builder.Build(visits, BySite([site]), fetchActions: false, call.Access.IsAnonymous);
    }

    /// <summary>The visitor id (16 hex digits) of the site's most recent visit (of the segment's), or null when it has none.</summary>
    private string? MostRecentVisitorId(Site site, IReadOnlyDictionary<int, CompiledSegment>? segments)
    {
        var visits = logs.LastVisits(new VisitLogQuery { Sites = [site.IdSite], Limit = 1, Segments = segments });
        return visits.Count == 0 ? null : Convert.ToHexStringLower(visits[0].IdVisitor);
    }

    /// <summary>The call's segment compiled for each site, or null when the call has none.</summary>
    private static Dictionary<int, CompiledSegment>? Segments(ApiCall call, IReadOnlyList<Site> sites)
    {
        var segment = call.Segment;
        if (segment.IsEmpty)
        {
            return null;
        }

        var compiled = new Dictionary<int, CompiledSegment>(sites.Count);
        foreach (var site in sites)
        {
            try
            {
                compiled[site.IdSite] = call.Segments.Compile(segment, site.IdSite, !call.Access.IsAnonymous);
            }
            catch (SegmentException error)
            {
                throw new ApiException(error.Message);
            }
        }

        return compiled;
    }

    /// <summary>The 8 bytes of a visitor id given as 16 hex digits; Matomo's error otherwise.</summary>
    private static byte[] VisitorBytes(string visitorId)
    {
        var text = visitorId.Trim();
        if (text.Length != 16 || text.AsSpan().IndexOfAnyExcept("0123456789abcdefABCDEF") >= 0)
        {
            throw new ApiException($"The visitor id '{visitorId}' is not valid: a visitor id is 16 hexadecimal characters, e.g. 5b1f7c2a9d3e4f60.");
        }

        return Convert.FromHexString(text);
    }

    /// <summary>Visits after the <c>minTimestamp</c> parameter (Unix seconds), when it is a number.</summary>
    private static DateTime? MinTimestamp(ApiCall call) =>
        long.TryParse(call["minTimestamp"], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var seconds) && seconds > 0
            ? DateTime.UnixEpoch.AddSeconds(seconds)
            : null;

    /// <summary>Dates are read in the site's timezone; for several sites in the default timezone of new sites, as Matomo does.</summary>
    private TimeZoneInfo WindowTimeZone(IReadOnlyList<Site> sites) =>
        sites.Count == 1 ? sites[0].TimeZone : SiteTimeZones.Resolve(globalSettings.DefaultTimezone is { Length: > 0 } zone ? zone : "UTC");

    private static List<int> Ids(IReadOnlyList<Site> sites)
    {
        var ids = new List<int>(sites.Count);
        foreach (var site in sites)
        {
            ids.Add(site.IdSite);
        }

        return ids;
    }

    private static Dictionary<int, Site> BySite(IReadOnlyList<Site> sites)
    {
        var result = new Dictionary<int, Site>(sites.Count);
        foreach (var site in sites)
        {
            result[site.IdSite] = site;
        }

        return result;
    }

    private static HashSet<string> ColumnList(string? value) =>
        new(value?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? [], StringComparer.Ordinal);
}
