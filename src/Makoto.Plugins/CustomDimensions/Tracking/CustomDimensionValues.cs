using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.RegularExpressions;
using Makoto.Storage.CustomDimensions;
using Makoto.Tracking.Pipeline;
using Makoto.Tracking.Urls;

namespace Makoto.Plugins.CustomDimensions.Tracking;

/// <summary>
/// Stores the values of the site's active custom dimensions: <c>dimension{id}</c> as sent (trimmed, at
/// most 250 characters; an empty value is stored as empty), or for action-scope dimensions without a
/// sent value, the first of its extractions that matches the page URL, a URL parameter or the title.
/// Visit-scope values go to the visit, action-scope values to the hit's action.
/// </summary>
internal sealed class CustomDimensionValues(CustomDimensionStore dimensions) : ITrackingProcessor
{
    private const int MaxLength = 250;
    private readonly ConcurrentDictionary<(string Pattern, bool CaseSensitive), Regex?> _regexes = new();

    public string Name => "custom-dimensions";

    public int Order => TrackingStage.Actions + 50;

    public void Process(HitContext hit)
    {
        var request = hit.Request;
        foreach (var dimension in dimensions.ForSite(request.IdSite))
        {
            if (!dimension.Active)
            {
                continue;
            }

            var sent = request["dimension" + dimension.IdCustomDimension];
            var isAction = dimension.Scope == "action";
            var value = sent is not null ? Prepare(sent) : isAction && hit.Action is not null ? Extract(dimension, hit) : null;
            if (value is null)
            {
                continue;
            }

            if (isAction)
            {
                hit.Action?.Row.SetCustomDimension(dimension.Index, value);
            }
            else
            {
                hit.Visit.SetCustomDimension(dimension.Index, value);
            }
        }
    }

    private string? Extract(CustomDimension dimension, HitContext hit)
    {
        List<Extraction>? extractions;
        try
        {
            extractions = JsonSerializer.Deserialize<List<Extraction>>(dimension.Extractions, s_json);
        }
        catch (JsonException)
        {
            return null;
        }

        foreach (var extraction in extractions ?? [])
        {
            if (string.IsNullOrEmpty(extraction.Pattern))
            {
                continue;
            }

            var request = hit.Request;
            string? found = null;
            switch (extraction.Dimension)
            {
                case "urlparam":
                    found = PageUrl.QueryParameter(PageUrl.Query(request.Url), extraction.Pattern);
                    break;
                case "url":
                    found = FirstGroup(extraction.Pattern, dimension.CaseSensitive, request.Url);
                    break;
                case "action_name":
                    found = FirstGroup(extraction.Pattern, dimension.CaseSensitive, request.ActionName);
                    break;
            }

            if (!string.IsNullOrEmpty(found))
            {
                return Prepare(Uri.UnescapeDataString(found));
            }
        }

        return null;
    }

    private string? FirstGroup(string pattern, bool caseSensitive, string input)
    {
        var regex = _regexes.GetOrAdd((pattern, caseSensitive), static key =>
        {
            try
            {
                return new Regex(key.Pattern, key.CaseSensitive ? RegexOptions.None : RegexOptions.IgnoreCase, TimeSpan.FromMilliseconds(50));
            }
            catch (ArgumentException)
            {
                return null;
            }
        });
        try
        {
            var match = regex?.Match(input);
            return match is { Success: true } && match.Groups.Count > 1 ? match.Groups[1].Value : null;
        }
        catch (RegexMatchTimeoutException)
        {
            return null;
        }
    }

    private static string Prepare(string value)
    {
        var trimmed = value.Trim();
        return trimmed.Length > MaxLength ? trimmed[..MaxLength] : trimmed;
    }

    private static readonly JsonSerializerOptions s_json = new() { PropertyNameCaseInsensitive = true };

    private sealed record Extraction(string Dimension, string Pattern);
}
