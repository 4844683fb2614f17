namespace Makoto.Archiving.Reports;

/// <summary>
/// Matomo's ranged counts (its LogAggregator's <c>getSelectsFromRangedColumn</c>): one count per closed
/// range, labelled <c>min-max</c>, and one for the values above the last bound, labelled with the next
/// number and an encoded plus (<c>101%2B</c>), in that order. Each range is a <c>SUM(CASE WHEN value
/// BETWEEN min AND max …)</c> of its own, so a value on the shared bound of two ranges (60 s in
/// <c>31-60</c> and <c>60-120</c>) counts in both, as in Matomo.
/// </summary>
public sealed class RangeBuckets
{
    /// <summary>
    /// The label Matomo gives the count of new visitors' visits that it puts before the ranges of a count
    /// restricted to returning visitors (VisitorInterest's days since the last visit).
    /// </summary>
    public const string NewVisitsLabel = "General_NewVisits";

    private readonly (long Min, long Max)[] _ranges;
    private readonly long _above;

    /// <param name="ranges">The closed ranges, in report order.</param>
    /// <param name="above">The bound above which values fall in the open range.</param>
    public RangeBuckets((long Min, long Max)[] ranges, long above)
    {
        _ranges = ranges;
        _above = above;
        var labels = new List<string>(ranges.Length + 1);
        foreach (var (min, max) in ranges)
        {
            labels.Add(FormattableString.Invariant($"{min}-{max}"));
        }

        labels.Add(FormattableString.Invariant($"{above + 1}%2B"));
        Labels = labels;
    }

    /// <summary>The archived labels, closed ranges first and the open one last.</summary>
    public IReadOnlyList<string> Labels { get; }

    public int Count => Labels.Count;

    /// <summary>Adds one to the count (in <paramref name="counts"/>, indexed like <see cref="Labels"/>) of every range holding <paramref name="value"/>.</summary>
    public void Add(long value, long[] counts)
    {
        for (var i = 0; i < _ranges.Length; i++)
        {
            if (value >= _ranges[i].Min && value <= _ranges[i].Max)
            {
                counts[i]++;
            }
        }

        if (value > _above)
        {
            counts[_ranges.Length]++;
        }
    }
}
