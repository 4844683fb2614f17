namespace Makoto.Storage.Segments;

/// <summary>The log table a segment dimension reads, which decides how its conditions select rows.</summary>
public enum SegmentScope
{
    /// <summary><c>log_visit</c>: the condition selects whole visits.</summary>
    Visit,

    /// <summary><c>log_link_visit_action</c>: a visit matches when one of its actions does; action rows match one by one.</summary>
    Action,

    /// <summary><c>log_conversion</c>: a visit matches when one of its conversions does.</summary>
    Conversion,

    /// <summary><c>log_conversion_item</c>: a visit matches when one of its ecommerce items does.</summary>
    Item,
}

/// <summary>Whether Matomo lists a segment as a dimension or a metric (<c>API.getSegmentsMetadata</c> <c>type</c>).</summary>
public enum SegmentKind
{
    Dimension,
    Metric,
}

/// <summary>
/// A segment a plugin contributes (Matomo's <c>Segment</c> of a dimension): its name in definitions, the log
/// table it reads and the SQL its conditions become, and what <c>API.getSegmentsMetadata</c> says about it.
/// </summary>
public sealed record SegmentDimension
{
    /// <summary>The name used in segment definitions, e.g. <c>browserCode</c>.</summary>
    public required string Segment { get; init; }

    /// <summary>The name shown to people, e.g. <c>Browser code</c>.</summary>
    public required string Name { get; init; }

    /// <summary>The category shown to people, e.g. <c>Visitors</c>.</summary>
    public required string Category { get; init; }

    public SegmentKind Kind { get; init; } = SegmentKind.Dimension;

    public required SegmentScope Scope { get; init; }

    /// <summary>How a condition on this segment becomes SQL; null for a union (<see cref="UnionOf"/>).</summary>
    public SegmentSql? Sql { get; init; }

    /// <summary>Matomo's <c>sqlSegment</c> (the column or expression read), for the metadata.</summary>
    public string? SqlSegment { get; init; }

    /// <summary>A union of other segments: a condition on it is the OR of the same condition on each of them.</summary>
    public IReadOnlyList<string>? UnionOf { get; init; }

    public string? AcceptedValues { get; init; }

    /// <summary>Segments that identify a person (visitor id, IP, user id) need an authenticated user.</summary>
    public bool RequiresRegisteredUser { get; init; }

    /// <summary>The report whose labels are this segment's values (<c>suggestedValuesApi</c>).</summary>
    public string? SuggestedValuesApi { get; init; }

    /// <summary>
    /// Suggestions that read no data (Matomo's <c>suggestedValuesCallback</c>: an enumeration's names, a range of
    /// hours…), given the current UTC time and the most values to return, in Matomo's order; numbers stay numbers,
    /// as Matomo's JSON gives them. Null to suggest the most frequent values of recent visits.
    /// </summary>
    public Func<DateTime, int, IReadOnlyList<object>>? SuggestedValues { get; init; }

    /// <summary>
    /// The values <c>API.getSuggestedValuesForSegment</c> offers, read from the logs: a SQL expression the dialect
    /// writes over the scope's table alias (or over <c>log_action</c> names when <see cref="SuggestFromActionNames"/>).
    /// Null when the segment has no stored values to suggest.
    /// </summary>
    public Func<ISqlDialect, string>? SuggestFrom { get; init; }

    /// <summary>
    /// Every name the segment accepts, by the code <see cref="SuggestFrom"/> reads (Matomo's static lists of
    /// browsers, operating systems and countries). All of them are suggested, up to the limit: the most used by the
    /// site's recent visits first, ties by name from Z to A, with "Unknown" counting the visits whose code is not in
    /// the list (Matomo's <c>sortStaticListByUsage</c>). Null to suggest only values the visits have.
    /// </summary>
    public Func<IReadOnlyDictionary<string, string>>? SuggestedNames { get; init; }

    /// <summary>True when <see cref="SuggestFrom"/> is a <c>log_action</c> id column whose names are the values.</summary>
    public bool SuggestFromActionNames { get; init; }

    /// <summary>Turns a stored value read for suggestions into the value written in definitions (codes to names…).</summary>
    public Func<object, string?>? SuggestionLabel { get; init; }
}

/// <summary>A plugin's segments; sources that depend on the site (goals, custom dimensions) read it.</summary>
public interface ISegmentDimensionSource
{
    IEnumerable<SegmentDimension> Dimensions(int idSite);
}

/// <summary>A fixed list of segments.</summary>
public sealed class SegmentDimensionList(IReadOnlyList<SegmentDimension> dimensions) : ISegmentDimensionSource
{
    public IEnumerable<SegmentDimension> Dimensions(int idSite) => dimensions;
}

/// <summary>Every segment the enabled plugins contribute, by name, for a site.</summary>
public sealed class SegmentDimensions(IEnumerable<ISegmentDimensionSource> sources)
{
    private readonly ISegmentDimensionSource[] _sources = [.. sources];

    /// <summary>The site's segments by name (plugins registered later override nothing: a name is taken by the first).</summary>
    public IReadOnlyDictionary<string, SegmentDimension> For(int idSite)
    {
        var result = new Dictionary<string, SegmentDimension>(StringComparer.Ordinal);
        foreach (var source in _sources)
        {
            foreach (var dimension in source.Dimensions(idSite))
            {
                result.TryAdd(dimension.Segment, dimension);
            }
        }

        return result;
    }
}
