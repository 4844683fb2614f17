using System.Globalization;
using System.Text;
using Makoto.Storage.Logs;
using Makoto.Tracking.Requests;

namespace Makoto.Tracking.Pipeline;

/// <summary>
/// The text log of one request's processing, answered instead of the GIF when the request asks for
/// <c>debug=1</c> (tracking-api.md §2.13, §4): the parameters, the authentication, each pipeline step,
/// the columns the processors set, how the visit was recognised and what was written. Only created for
/// requests whose token_auth has write access to the site, because it shows stored visit data.
/// </summary>
public sealed class TrackingDebugLog
{
    private readonly StringBuilder _text = new();

    public void Add(string line) => _text.Append(line).Append('\n');

    public override string ToString() => _text.ToString();

    /// <summary>The request's parameters (token_auth masked) and what was read from them.</summary>
    public void AddRequest(TrackingRequest request)
    {
        Add("Debug enabled - input parameters:");
        foreach (var (name, value) in request.Parameters.All())
        {
            Add($"  {name} = {(name == "token_auth" ? "(hidden)" : value)}");
        }

        Add("token_auth is authenticated (write access to the site).");
        Add($"Site: {request.IdSite} ({request.Site.Name}), time of the hit (UTC): {request.Timestamp:yyyy-MM-dd HH:mm:ss}");
        Add($"Visitor IP (before anonymization): {request.Ip}");
        Add(request.VisitorId is null
            ? "Visitor id: none in the request"
            : $"Visitor id: {Convert.ToHexStringLower(request.VisitorId)} (from {request.VisitorIdSource})");
        if (request.UserId is not null)
        {
            Add($"User ID: {request.UserId}");
        }

        Add($"User-Agent: {request.UserAgent}");
    }

    /// <summary>The visit columns the processors set, the fingerprint and the action to record.</summary>
    public void AddEnrichment(HitContext hit)
    {
        if (hit.IsExcluded)
        {
            Add($"The request is excluded ({hit.ExcludedBy}): it is answered as tracked and nothing is written.");
            return;
        }

        Add($"Configuration fingerprint (config_id): {Convert.ToHexStringLower(hit.ConfigId)}");
        Add("Visit columns from the request processors:");
        foreach (var column in VisitRow.Columns)
        {
            // Times, ids and counters are set by the visit logic, not by the processors.
            if (column.Get(hit.Visit) is { } value && value is not (byte[] { Length: 0 } or 0 or "" or DateTime) && column.Name is not ("idsite" or "idvisitor" or "config_id"))
            {
                Add($"  {column.Name} = {(value is byte[] ip && column.Name == "location_ip" && ip.Length is 4 or 16 ? new System.Net.IPAddress(ip).ToString() : Format(value))}");
            }
        }

        if (hit.Action is { } action)
        {
            Add($"Action: {action.Kind}");
            foreach (var (slot, name) in action.Names)
            {
                Add($"  {slot}: {name.Name} (log_action type {name.Type})");
            }
        }
        else
        {
            Add("Action: none");
        }

        foreach (var goal in hit.Goals)
        {
            Add($"Goal to convert: {goal.IdGoal}");
        }

        if (hit.Ecommerce is { } ecommerce)
        {
            Add(ecommerce.IsOrder ? $"Ecommerce order {ecommerce.OrderId}" : "Ecommerce cart update");
        }
    }

    private static string Format(object value) => value switch
    {
        byte[] bytes => Convert.ToHexStringLower(bytes),
        TimeOnly time => time.ToString("HH:mm:ss", CultureInfo.InvariantCulture),
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
