using Makoto.Storage.Logs;
using Makoto.Tracking.Requests;

namespace Makoto.Tracking.Pipeline;

/// <summary>
/// One hit on its way through the request processors: the validated request and what the
/// processors add to it (visit columns, fingerprint, action). The writer turns it into log rows.
/// </summary>
public sealed class HitContext(TrackingRequest request)
{
    public TrackingRequest Request { get; } = request;

    /// <summary>
    /// The visit columns that describe the visitor's device, location, referrer and configuration,
    /// filled by processors; a new visit starts from these values.
    /// </summary>
    public VisitRow Visit { get; } = new();

    /// <summary>
    /// The IP that enriches the visit (geolocation): the full IP unless the PrivacyManager setting
    /// <c>useAnonymizedIpForVisitEnrichment</c> gives the anonymized one.
    /// </summary>
    public System.Net.IPAddress EnrichmentIp { get; set; } = request.Ip;

    /// <summary>The 8-byte configuration fingerprint (<c>config_id</c>).</summary>
    public byte[] ConfigId { get; set; } = [];

    /// <summary>The action to record, or null (goal conversions, pings, ecommerce without action).</summary>
    public TrackedAction? Action { get; set; }

    /// <summary>Goals this hit converts (manual or matched), decided by the Goals plugin.</summary>
    public List<GoalConversion> Goals { get; } = [];

    /// <summary>The ecommerce order or cart update of this hit, if any.</summary>
    public EcommerceConversion? Ecommerce { get; set; }

    /// <summary>
    /// Which referrer a conversion of this hit is credited to, given the visit (set by the Referrers
    /// plugin); without it conversions take the visit's referrer.
    /// </summary>
    public Func<Storage.Logs.VisitRow, ConversionReferrer>? ConversionAttribution { get; set; }

    /// <summary>
    /// Set by a processor when this hit may have to start a new visit instead of continuing the
    /// visitor's last one; called with that visit, true forces the new visit (tracking-api.md §6.4
    /// rule 6: the Referrers plugin's campaign change).
    /// </summary>
    public Func<VisitRow, bool>? ForcesNewVisit { get; set; }

    /// <summary>True when the referrer of this hit is not a direct entry (used to update a direct visit).</summary>
    public bool HasNonDirectReferrer => Visit.RefererType is not null and not 1;

    /// <summary>Set by a processor that excludes the hit: it is answered as tracked and not written.</summary>
    public string? ExcludedBy { get; private set; }

    public bool IsExcluded => ExcludedBy is not null;

    public void Exclude(string reason) => ExcludedBy ??= reason;

    /// <summary>The debug log of this hit (<c>debug=1</c> from an authorized caller); null otherwise.</summary>
    public TrackingDebugLog? Debug { get; set; }
}
