namespace Makoto.Archiving;

/// <summary>How a numeric record of sub-periods combines into the record of a longer period.</summary>
public enum NumericAggregation
{
    Sum,
    Max,
    Min,

    /// <summary>Not combinable (unique counts): recomputed for the period by its builder, or omitted.</summary>
    None,
}

/// <summary>The records of one archive: named numbers and named blobs.</summary>
public sealed class ArchiveRecords
{
    public Dictionary<string, double> Numerics { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, byte[]> Blobs { get; } = new(StringComparer.Ordinal);

    public double? GetNumeric(string name) => Numerics.TryGetValue(name, out var value) ? value : null;

    public void SetNumeric(string name, double value) => Numerics[name] = value;

    /// <summary>An archive with no data for the period (no visits).</summary>
    public bool IsEmpty => Numerics.Count == 0 && Blobs.Count == 0;
}
