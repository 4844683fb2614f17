using System.Net;
using Makoto.Core.Sites;
using Makoto.Plugins.Referrers;
using Makoto.Plugins.Referrers.Tracking;
using Makoto.Storage.Logs;
using Makoto.Tracking.Pipeline;
using Makoto.Tracking.Requests;

namespace Makoto.Plugins.Tests.Referrers;

/// <summary>Sites, requests and a detector with fixed sites, for the Referrers tests.</summary>
internal static class ReferrerTestKit
{
    /// <summary>The conformance corpus' site: main URL and a www alias.</summary>
    public static Site Shop { get; } = NewSite(1, "http://shop.example.org", "http://www.shop.example.org");

    public static Site NewSite(int id, string? mainUrl, params string[] aliases) => new()
    {
        IdSite = id,
        Name = "Site " + id,
        MainUrl = mainUrl ?? "",
        AliasUrls = aliases,
        TsCreated = new DateTime(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc),
        Timezone = "Europe/Berlin",
    };

    /// <summary>A request for <paramref name="site"/> with page URL, referrer URL and other raw parameters.</summary>
    public static TrackingRequest Request(Site site, string url, string urlref = "", params (string Name, string Value)[] parameters)
    {
        var values = new TrackingParameters();
        values.Set("idsite", site.IdSite.ToString(System.Globalization.CultureInfo.InvariantCulture));
        values.Set("rec", "1");
        values.Set("url", url);
        values.Set("urlref", urlref);
        foreach (var (name, value) in parameters)
        {
            values.Set(name, value);
        }

        return FromParameters(site, values, new DateTime(2026, 10, 12, 10, 0, 0, DateTimeKind.Utc));
    }

    /// <summary>A request built from raw tracking parameters, as the request reader would.</summary>
    public static TrackingRequest FromParameters(Site site, TrackingParameters values, DateTime timestamp) => new()
    {
        Parameters = values,
        Site = site,
        Timestamp = timestamp,
        Ip = IPAddress.Parse("198.51.100.7"),
        Rec = true,
        Url = values["url"] ?? "",
        UrlRef = values["urlref"] ?? "",
        NewVisit = values["new_visit"] is { Length: > 0 } and not "0",
        Ping = values["ping"] is { Length: > 0 } and not "0",
    };

    public static ReferrerClassifier Classifier(IReadOnlyList<Site>? sites = null, string globalExcludedReferrers = "", string globalExcludedParameters = "", TrackerOptions? options = null) =>
        new(ReferrerDefinitions.Default, new FixedReferrerEnvironment(sites ?? [Shop], globalExcludedReferrers, globalExcludedParameters), options ?? new TrackerOptions());

    public static ReferrerDetector Detector(IReadOnlyList<Site>? sites = null, ReferrerOptions? options = null)
    {
        var classifier = Classifier(sites);
        return new ReferrerDetector(classifier, new ReferrerAttribution(classifier), options ?? new ReferrerOptions());
    }

    /// <summary>Runs the detector on a hit and returns the hit (its Visit holds the referer_* columns).</summary>
    public static HitContext Process(TrackingRequest request, IReadOnlyList<Site>? sites = null)
    {
        var hit = new HitContext(request);
        Detector(sites).Process(hit);
        return hit;
    }

    /// <summary>referer_type, referer_name, referer_keyword and referer_url of a hit on the shop site.</summary>
    public static (int? Type, string? Name, string? Keyword, string? Url) Referrer(string url, string urlref, params (string Name, string Value)[] parameters)
    {
        var visit = Process(Request(Shop, url, urlref, parameters)).Visit;
        return (visit.RefererType, visit.RefererName, visit.RefererKeyword, visit.RefererUrl);
    }

    public static VisitRow Visit(int? type, string? name, string? keyword) => new() { RefererType = type, RefererName = name, RefererKeyword = keyword };
}
