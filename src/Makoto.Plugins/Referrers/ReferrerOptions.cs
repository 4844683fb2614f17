namespace Makoto.Plugins.Referrers;

/// <summary>Referrer settings, named after Matomo's [Tracker] keys.</summary>
public sealed class ReferrerOptions
{
    /// <summary>
    /// A hit whose campaign (name or keyword) differs from the visit's starts a new visit, unless the
    /// visit is a direct entry (Matomo's <c>create_new_visit_when_campaign_changes</c>, default 1).
    /// </summary>
    public bool CreateNewVisitWhenCampaignChanges { get; set; } = true;
}
